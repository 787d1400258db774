import ArgumentParser
import Foundation
import MERModel
import DEAMData
import Numerics

/// `mood bench trees`: cross-validates the tree models on DEAM with chosen
/// hyperparameters (a tuning harness; `mood evaluate` is the full report).
struct BenchTrees: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trees",
        abstract: "Cross-validate tree models (random forest, extra trees, gradient boosting, ensembles) on DEAM.")

    @OptionGroup var deam: DEAMOption

    @Option(help: "Comma-separated models: rf, et, gbm, ensemble.")
    var models = "rf,et,gbm"

    @Option(help: "Cross-validation folds.") var folds = 10
    @Option(help: "Split seed.") var seed: UInt64 = 0
    @Option(help: "Model seed.") var modelSeed: UInt64 = 0
    @Option(help: "Trees for rf and et.") var trees = 100
    @Option(help: "max features for rf and et.") var maxFeatures = "all"
    @Option(help: "min samples leaf for rf and et.") var forestMinLeaf = 1
    @Option(help: "GBM learning rate.") var learningRate = 0.03
    @Option(help: "GBM iterations.") var iterations = 600
    @Option(help: "GBM leaves (0 = unlimited).") var leaves = 15
    @Option(help: "GBM max depth (0 = unlimited).") var depth = 0
    @Option(help: "GBM min samples leaf.") var minLeaf = 30
    @Option(help: "GBM l2 regularisation.") var l2 = 1.0
    @Option(help: "GBM row subsample.") var subsample = 1.0
    @Option(help: "GBM column subsample per tree.") var colsample = 1.0
    @Option(help: "GBM features per split.") var perSplit = 1.0
    @Option(help: "Ensemble members (comma-separated: rf, et, gbm, rff).") var members = "gbm,et,rf"
    @Option(help: "Ensemble member weights, one per member.") var ensembleWeights = "1,1,1"
    @Option(help: "Random Fourier features.") var rffComponents = 2000
    @Option(help: "RFF gamma scale (gamma = scale / features).") var rffGamma = 0.5
    @Option(help: "RFF ridge alpha.") var rffAlpha = 0.3
    @Option(help: "RFF: use only the first N features (0 = all).") var rffFirst = 65
    @Option(help: "Sample weights: none, or inv-std (1 / (mean annotation std)^power).") var sampleWeights = "none"
    @Option(help: "Power for inv-std weights.") var weightPower = 1.0
    @Option(help: "Write each model's out-of-fold predictions to PREFIX-<model>.csv.") var saveOOF: String?

    func run() throws {
        let data = try deam.load()
        let forestFeatures = MaxFeatures(maxFeatures) ?? .all
        let rf = ForestRegressor.Configuration(splitter: .best, treeCount: trees, maxFeatures: forestFeatures, minSamplesLeaf: forestMinLeaf, seed: modelSeed)
        let et = ForestRegressor.Configuration(splitter: .random, treeCount: trees, maxFeatures: forestFeatures, minSamplesLeaf: forestMinLeaf, seed: modelSeed)
        let gbm = GradientBoostingRegressor.Configuration(
            learningRate: learningRate, maxIterations: iterations, maxLeafNodes: leaves > 0 ? leaves : nil,
            maxDepth: depth > 0 ? depth : nil, minSamplesLeaf: minLeaf, l2Regularization: l2,
            subsample: subsample, columnSubsample: colsample, featuresPerSplit: perSplit, seed: modelSeed)
        let rff = RandomFourierRidgeRegressor.Configuration(
            componentCount: rffComponents, gammaScale: rffGamma, alpha: rffAlpha,
            featureIndices: rffFirst > 0 ? Array(0..<rffFirst) : nil, seed: modelSeed)
        var weights: [Double]?
        if sampleWeights == "inv-std" {
            weights = (0..<data.targetStd.rows).map { i in
                1 / pow((data.targetStd[i, 0] + data.targetStd[i, 1]) / 2, weightPower)
            }
        }
        let ensembleW = ensembleWeights.split(separator: ",").compactMap { Double($0) }
        for name in models.split(separator: ",").map(String.init) {
            let make: () -> any Regressor
            switch name {
            case "rf": make = { ForestRegressor(configuration: rf) }
            case "et": make = { ForestRegressor(configuration: et) }
            case "gbm": make = { GradientBoostingRegressor(configuration: gbm) }
            case "rff": make = { RandomFourierRidgeRegressor(configuration: rff) }
            case "ensemble":
                let memberList = try members.split(separator: ",").map { m -> ModelPipeline<RegressorModel> in
                    let regressor: RegressorModel
                    switch m {
                    case "gbm": regressor = .gbm(GradientBoostingRegressor(configuration: gbm))
                    case "et": regressor = .forest(ForestRegressor(configuration: et))
                    case "rf": regressor = .forest(ForestRegressor(configuration: rf))
                    case "rff": regressor = .kernelRidge(RandomFourierRidgeRegressor(configuration: rff))
                    default: throw ValidationError("unknown ensemble member \(m)")
                    }
                    return ModelPipeline(standardize: false, regressor: regressor)
                }
                make = { BlendRegressor(members: memberList, configuration: .init(weights: ensembleW)) }
            default: throw ValidationError("unknown model \(name)")
            }
            let start = Date()
            let predicted = try treeBenchCrossValidate(data, folds: folds, seed: seed, weights: weights, makeModel: make)
            let score = TreeBenchScore(truth: data.targets, predicted: predicted)
            print(String(format: "%-9@ %@  (%.1f s)", name, score.description, Date().timeIntervalSince(start)))
            if let prefix = saveOOF {
                let lines = (0..<predicted.rows).map { "\(predicted[$0, 0]),\(predicted[$0, 1])" }
                try ("valence,arousal\n" + lines.joined(separator: "\n") + "\n")
                    .write(toFile: "\(prefix)-\(name).csv", atomically: true, encoding: .utf8)
            }
        }
    }
}
