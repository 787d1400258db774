import ArgumentParser
import Foundation
import MERModel
import DEAMData
import Numerics

/// `mood bench forest`: trains and evaluates the random forest the way the
/// scikit-learn peer does (an 80/20 split, then shuffled k-fold CV), for timing.
struct BenchForest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forest",
        abstract: "Time random-forest training and evaluation (80/20 split plus k-fold CV) on DEAM.")

    @OptionGroup var deam: DEAMOption

    @Option(help: "Number of trees.")
    var trees = 100

    @Option(help: "Number of cross-validation folds.")
    var folds = 10

    @Option(help: "Features per split: all, sqrt, log2, a count or a fraction.")
    var maxFeatures: String = "all"

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    func validate() throws {
        guard trees >= 1 else { throw ValidationError("--trees must be at least 1") }
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard MaxFeatures(maxFeatures) != nil else { throw ValidationError("--max-features: use all, sqrt, log2, a count or a fraction in (0, 1]") }
    }

    func run() throws {
        let start = Date()
        let data = try deam.load()
        let loaded = Date()
        let configuration = ForestRegressor.Configuration(splitter: .best, treeCount: trees, maxFeatures: MaxFeatures(maxFeatures) ?? .all, seed: seed)
        let makeModel = { () -> any Regressor in ForestRegressor(configuration: configuration) }

        // 80/20 split, as the original study (and the scikit-learn peer) does, on `CrossValidation`'s split.
        let fold = try CrossValidation(.studySplit, seed: seed).folds(count: data.features.rows)[0]
        var model = makeModel()
        try model.fit(data.features.selectingRows(fold.train), data.targets.selectingRows(fold.train), weights: nil)
        let split = TreeBenchScore(truth: data.targets.selectingRows(fold.test),
                                   predicted: model.predict(data.features.selectingRows(fold.test)))
        let splitDone = Date()
        print(String(format: "split 80/20   %@   %.2f s", split.description, splitDone.timeIntervalSince(loaded)))

        let predicted = try treeBenchCrossValidate(data, folds: folds, seed: seed, makeModel: makeModel)
        let cv = TreeBenchScore(truth: data.targets, predicted: predicted)
        let end = Date()
        print(String(format: "%d-fold CV    %@   %.2f s", folds, cv.description, end.timeIntervalSince(splitDone)))
        print(String(format: "load %.2f s, total %.2f s (%d trees, max features %@)",
                     loaded.timeIntervalSince(start), end.timeIntervalSince(start), trees, maxFeatures))
    }
}
