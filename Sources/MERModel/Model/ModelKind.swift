import Foundation
import DEAMData
import Numerics

/// The model registry: the CLI names of every model and their default hyperparameters.
public enum ModelKind: String, CaseIterable, Codable, Sendable {
    case linear
    case ridge
    case knn
    case randomForest = "random-forest"
    case extraTrees = "extra-trees"
    case gbm
    case kernelRidge = "kernel-ridge"
    case cnn
    case ensemble

    /// Parses a CLI name; `best` names the strongest model.
    public init?(name: String) {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        if key == "best" { self = ModelKind.best; return }
        guard let kind = ModelKind(rawValue: key) else { return nil }
        self = kind
    }

    /// The model `best` stands for (the committed default model's kind).
    public static let best = ModelKind.ensemble

    /// Every accepted CLI name, for help and error messages.
    public static var names: [String] { allCases.map(\.rawValue) + ["best"] }

    /// A one-line description with the defaults.
    public var summary: String {
        switch self {
        case .linear: return "ordinary least squares on standardised features"
        case .ridge: return "ridge regression, alpha chosen by exact leave-one-out over 10^-2…10^4 (or fixed)"
        case .knn: return "k-nearest neighbours on standardised features, k = 15, inverse-distance weights"
        case .randomForest: return "random forest of 100 CART trees on bootstrap samples, all features per split"
        case .extraTrees: return "extremely randomised trees, 300 trees, all features per split"
        case .gbm: return "histogram gradient boosting tuned for DEAM: learning rate 0.03, 600 rounds, 15 leaves"
        case .kernelRidge: return "RBF kernel ridge via 4000 random Fourier features on the 65 non-delta descriptors (log of positive features, z-scores clipped at ±3; γ = 0.5/65, α = 0.3)"
        case .cnn: return "the study's 1-D CNN: 3 conv/ReLU/max-pool/dropout blocks, 2 dense layers, AdamW, 100 epochs"
        case .ensemble: return "weighted mean of the tuned gradient boosting (0.55) and the random-Fourier kernel ridge (0.45); its V − A is half theirs, half a dedicated boosting model of V − A (150 rounds, learning rate 0.1)"
        }
    }

    /// The hyperparameter options this model accepts, besides principal components and the seed.
    public var acceptedOptions: Set<ModelOptions.Option> {
        switch self {
        case .linear: return []
        case .ridge: return [.alpha]
        case .knn: return [.neighbors]
        case .randomForest, .extraTrees, .gbm: return [.trees]
        case .cnn: return [.epochs]
        case .kernelRidge: return [.alpha]
        case .ensemble: return []
        }
    }

    /// The unfitted pipeline with the defaults, overridden by `options`.
    /// - Throws: `ModelKindError` when an option does not apply to this model or is out of range.
    public func specification(_ options: ModelOptions = ModelOptions()) throws -> ModelSpecification {
        for option in options.given where !acceptedOptions.contains(option) {
            throw ModelKindError.optionNotApplicable(option: option, model: rawValue)
        }
        try options.validate()
        let regressor: RegressorModel
        var standardize = true
        switch self {
        case .linear:
            regressor = .linear(LinearRegression())
        case .ridge:
            regressor = .ridge(options.alpha.map { RidgeRegression(alpha: $0) } ?? RidgeRegression())
        case .knn:
            regressor = .knn(KNNRegressor(configuration: .init(neighbors: options.neighbors ?? 15, weighting: .distance)))
        case .randomForest:
            standardize = false
            regressor = .forest(ForestRegressor(configuration: .init(splitter: .best, treeCount: options.trees ?? 100, seed: options.seed)))
        case .extraTrees:
            standardize = false
            regressor = .forest(ModelKind.extraTrees(options))
        case .gbm:
            standardize = false
            regressor = .gbm(ModelKind.boosting(options))
        case .kernelRidge:
            // It log-transforms, standardises and clips its inputs itself.
            standardize = false
            regressor = .kernelRidge(ModelKind.kernelRidge(options))
        case .cnn:
            // The CNN standardises its inputs and targets itself.
            standardize = false
            var configuration = CNNRegressor.Configuration(seed: options.seed)
            if let epochs = options.epochs { configuration.epochs = epochs }
            regressor = .cnn(CNNRegressor(configuration: configuration))
        case .ensemble:
            standardize = false
            // Boosting and a kernel method err differently; their blend beats either
            // (weights from the trees study, docs/results.md).
            regressor = .ensemble(BlendRegressor(
                members: [
                    ModelPipeline(standardize: false, regressor: .gbm(ModelKind.boosting(options))),
                    ModelPipeline(standardize: false, regressor: .kernelRidge(ModelKind.kernelRidge(options))),
                ],
                configuration: .init(weights: [0.55, 0.45], difference: ModelKind.differenceModel(options))))
        }
        if options.pcaComponents != nil { standardize = true }
        return ModelSpecification(kind: self, options: options, standardize: standardize,
                                  pcaComponents: options.pcaComponents, regressor: regressor)
    }
}

extension ModelKind {
    /// Extra trees with the registry's defaults (300 trees).
    static func extraTrees(_ options: ModelOptions) -> ForestRegressor {
        ForestRegressor(configuration: .init(splitter: .random, treeCount: options.trees ?? 300, seed: options.seed))
    }

    /// Kernel ridge on random Fourier features of the 65 non-delta descriptors
    /// (`DEAMFeatureNames` lists them first; with fewer columns, e.g. after PCA, all
    /// of them); the file holds no training rows.
    static func kernelRidge(_ options: ModelOptions) -> RandomFourierRidgeRegressor {
        RandomFourierRidgeRegressor(configuration: .init(
            componentCount: 4000, gammaScale: 0.5, alpha: options.alpha ?? 0.3,
            featureIndices: nil, logPositiveFeatures: true, clip: 3, seed: options.seed, leadingFeatureLimit: 65))
    }

    /// The ensemble's dedicated model of V − A: gradient boosting with the DEAM setting but 150
    /// rounds at learning rate 0.1 (as good as 600 at 0.03 on this target, a quarter of the size),
    /// weighted 0.5 in the blend's difference (docs/results.md, "Confidence, class balance and region queries").
    static func differenceModel(_ options: ModelOptions) -> BlendRegressor.DifferenceModel {
        var configuration = GradientBoostingRegressor.Configuration.tunedForDEAM
        configuration.learningRate = 0.1
        configuration.maxIterations = 150
        configuration.seed = options.seed
        return BlendRegressor.DifferenceModel(weight: 0.5, boosting: configuration)
    }

    /// Gradient boosting with the setting tuned on DEAM; `trees` sets the boosting rounds.
    static func boosting(_ options: ModelOptions) -> GradientBoostingRegressor {
        var configuration = GradientBoostingRegressor.Configuration.tunedForDEAM
        configuration.seed = options.seed
        if let trees = options.trees { configuration.maxIterations = trees }
        return GradientBoostingRegressor(configuration: configuration)
    }
}

/// Hyperparameter overrides from the command line; nil keeps the model's default.
public struct ModelOptions: Codable, Sendable, Hashable {
    /// Number of trees (random forest, extra trees) or boosting rounds (gbm).
    public var trees: Int?
    /// Neighbours of KNN.
    public var neighbors: Int?
    /// Principal components kept after standardising (any model).
    public var pcaComponents: Int?
    /// Fixed ridge penalty (instead of leave-one-out selection).
    public var alpha: Double?
    /// CNN training epochs.
    public var epochs: Int?
    /// Seed of every random choice in the model.
    public var seed: UInt64

    /// The overridable hyperparameters.
    public enum Option: String, Codable, Sendable, Hashable, CaseIterable {
        case trees, neighbors, alpha, epochs

        /// The option in words, for messages.
        public var label: String {
            switch self {
            case .trees: return "tree (or boosting-round) count"
            case .neighbors: return "neighbour count"
            case .alpha: return "ridge penalty alpha"
            case .epochs: return "epoch count"
            }
        }
    }

    /// Valid ranges: large enough for any sensible study, small enough that a typo cannot
    /// ask for hours of work or gigabytes of memory.
    public static let treeRange = 1...10_000
    public static let neighborRange = 1...1_000
    public static let pcaRange = 1...10_000
    public static let alphaRange = 0.0...1e12
    public static let epochRange = 1...10_000

    public init(trees: Int? = nil, neighbors: Int? = nil, pcaComponents: Int? = nil, alpha: Double? = nil,
                epochs: Int? = nil, seed: UInt64 = 0) {
        self.trees = trees
        self.neighbors = neighbors
        self.pcaComponents = pcaComponents
        self.alpha = alpha
        self.epochs = epochs
        self.seed = seed
    }

    /// The model-specific options that were set.
    public var given: [Option] {
        var out = [Option]()
        if trees != nil { out.append(.trees) }
        if neighbors != nil { out.append(.neighbors) }
        if alpha != nil { out.append(.alpha) }
        if epochs != nil { out.append(.epochs) }
        return out
    }

    /// Checks every given value against its range.
    /// - Throws: `ModelKindError.optionOutOfRange`.
    public func validate() throws {
        func check<T: Comparable>(_ value: T?, _ range: ClosedRange<T>, _ name: String) throws {
            if let value, !range.contains(value) {
                throw ModelKindError.optionOutOfRange(name: name, value: "\(value)", allowed: "\(range.lowerBound)…\(range.upperBound)")
            }
        }
        try check(trees, Self.treeRange, Option.trees.label)
        try check(neighbors, Self.neighborRange, Option.neighbors.label)
        try check(pcaComponents, Self.pcaRange, "principal-component count")
        if let alpha, !alpha.isFinite {
            throw ModelKindError.optionOutOfRange(name: Option.alpha.label, value: "\(alpha)", allowed: "a finite number in 0…1e12")
        }
        try check(alpha, Self.alphaRange, Option.alpha.label)
        try check(epochs, Self.epochRange, Option.epochs.label)
    }
}

/// A model name or option the registry cannot honour.
public enum ModelKindError: Error, CustomStringConvertible, Equatable {
    /// No model has this name.
    case unknownModel(String)
    /// The option does not apply to the model (e.g. a tree count for `knn`).
    case optionNotApplicable(option: ModelOptions.Option, model: String)
    /// The option's value is outside `allowed`.
    case optionOutOfRange(name: String, value: String, allowed: String)

    public var description: String {
        switch self {
        case .unknownModel(let name):
            return "unknown model '\(name)'; choose one of: \(ModelKind.names.joined(separator: ", "))"
        case .optionNotApplicable(let option, let model):
            return "a \(option.label) does not apply to model '\(model)'"
        case .optionOutOfRange(let name, let value, let allowed):
            return "the \(name) must be in \(allowed) (got \(value))"
        }
    }
}

/// An unfitted model: which registry entry, the options it was built with,
/// and the pipeline stages (scaler, PCA, regressor with its hyperparameters).
public struct ModelSpecification: Sendable {
    public var kind: ModelKind
    public var options: ModelOptions
    /// Whether features are standardised before PCA/the regressor.
    public var standardize: Bool
    /// Principal components kept (nil: no PCA).
    public var pcaComponents: Int?
    /// The unfitted regressor, carrying its hyperparameters.
    public var regressor: RegressorModel

    /// A fresh, unfitted pipeline (one per training fold).
    public func makePipeline() -> ModelPipeline<RegressorModel> {
        ModelPipeline(standardize: standardize, pcaComponents: pcaComponents, regressor: regressor)
    }
}
