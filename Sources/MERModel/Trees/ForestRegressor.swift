import DEAMData
import Numerics
/// A forest of exact CART regression trees whose prediction is the mean of its
/// trees; every split minimises the squared error summed over all outputs
/// (valence and arousal jointly). The splitter chooses the flavour:
///
/// - `.best`, a random forest (scikit-learn's `RandomForestRegressor`): each
///   candidate feature's best threshold; trees grow on bootstrap samples by default.
/// - `.random`, extremely randomised trees (scikit-learn's `ExtraTreesRegressor`):
///   each candidate feature gets one threshold drawn uniformly between its smallest
///   and largest value in the node, and the best of those splits is kept; trees see
///   all rows by default.
public struct ForestRegressor: Regressor, Codable, Hashable {
    /// How a node chooses the threshold of each candidate feature.
    public enum Splitter: String, Codable, Sendable, Hashable {
        /// The best threshold (random forest).
        case best
        /// One threshold drawn uniformly in the node's range (extra trees).
        case random
    }

    /// Hyperparameters; the defaults are scikit-learn's for regression.
    public struct Configuration: Codable, Hashable, Sendable {
        /// Best or random thresholds (random forest or extra trees).
        public var splitter: Splitter
        /// Number of trees (`n_estimators`).
        public var treeCount: Int
        /// Features considered at each split (`max_features`; regression default: all).
        public var maxFeatures: MaxFeatures
        /// Maximum depth (`max_depth`); nil for unlimited.
        public var maxDepth: Int?
        /// Fewest rows a node needs to be split (`min_samples_split`).
        public var minSamplesSplit: Int
        /// Fewest rows in a leaf (`min_samples_leaf`).
        public var minSamplesLeaf: Int
        /// Grow each tree on a bootstrap sample (`bootstrap`).
        public var bootstrap: Bool
        /// Bootstrap sample size as a fraction of the rows (`max_samples`); nil for all rows.
        public var maxSamples: Double?
        /// Seed of every random choice.
        public var seed: UInt64
        /// Train trees on all cores. Results are identical either way.
        public var parallel: Bool

        /// `bootstrap` defaults to scikit-learn's choice for the splitter: on for
        /// `.best` (random forest), off for `.random` (extra trees).
        public init(splitter: Splitter = .best, treeCount: Int = 100, maxFeatures: MaxFeatures = .all,
                    maxDepth: Int? = nil, minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1, bootstrap: Bool? = nil,
                    maxSamples: Double? = nil, seed: UInt64 = 0, parallel: Bool = true) {
            self.splitter = splitter; self.treeCount = treeCount; self.maxFeatures = maxFeatures; self.maxDepth = maxDepth
            self.minSamplesSplit = minSamplesSplit; self.minSamplesLeaf = minSamplesLeaf
            self.bootstrap = bootstrap ?? (splitter == .best)
            self.maxSamples = maxSamples; self.seed = seed; self.parallel = parallel
        }

        private enum CodingKeys: String, CodingKey {
            case splitter, treeCount, maxFeatures, maxDepth, minSamplesSplit, minSamplesLeaf, bootstrap, maxSamples, seed, parallel
        }

        /// Files written before the splitter was stored hold none; `RegressorModel`
        /// restores it from the model kind (`random-forest`, `extra-trees`).
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            splitter = try c.decodeIfPresent(Splitter.self, forKey: .splitter) ?? .best
            treeCount = try c.decode(Int.self, forKey: .treeCount)
            maxFeatures = try c.decode(MaxFeatures.self, forKey: .maxFeatures)
            maxDepth = try c.decodeIfPresent(Int.self, forKey: .maxDepth)
            minSamplesSplit = try c.decode(Int.self, forKey: .minSamplesSplit)
            minSamplesLeaf = try c.decode(Int.self, forKey: .minSamplesLeaf)
            bootstrap = try c.decode(Bool.self, forKey: .bootstrap)
            maxSamples = try c.decodeIfPresent(Double.self, forKey: .maxSamples)
            seed = try c.decode(UInt64.self, forKey: .seed)
            parallel = try c.decode(Bool.self, forKey: .parallel)
        }

        /// The name of this flavour in error messages.
        var modelName: String {
            switch splitter {
            case .best: return "ForestRegressor (random forest)"
            case .random: return "ForestRegressor (extra trees)"
            }
        }

        func validate() throws {
            try validateTreeParameters(model: modelName, treeCount: treeCount, maxFeatures: maxFeatures, maxDepth: maxDepth,
                                       minSamplesSplit: minSamplesSplit, minSamplesLeaf: minSamplesLeaf, maxSamples: maxSamples)
        }
    }

    /// The hyperparameters.
    public var configuration: Configuration
    /// The fitted trees (empty before `fit`).
    public private(set) var trees: [RegressionTree] = []
    /// Number of features seen by `fit`; nil before.
    public private(set) var featureCount: Int?
    /// Number of outputs seen by `fit` (2: valence, arousal).
    public private(set) var outputCount: Int = 2

    /// An unfitted forest.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        try configuration.validate()
        try EstimatorInput.validate(model: configuration.modelName, x: x, y: y, weights: weights, singlePrecisionFeatures: true)
        let c = configuration
        let parameters = CARTParameters(maxDepth: c.maxDepth, minSamplesSplit: c.minSamplesSplit,
                                        minSamplesLeaf: c.minSamplesLeaf,
                                        maxFeatures: c.maxFeatures.resolved(featureCount: x.columns),
                                        randomThresholds: c.splitter == .random)
        trees = ForestTraining.train(x, y, weights: weights, treeCount: c.treeCount, parameters: parameters,
                                     bootstrap: c.bootstrap, maxSamples: c.maxSamples, seed: c.seed, parallel: c.parallel)
        featureCount = x.columns
        outputCount = y.columns
    }

    public func predict(_ x: Matrix) -> Matrix {
        _ = requireFitted(featureCount: featureCount, x: x, model: configuration.modelName)
        return ForestTraining.averagePrediction(of: trees, outputCount: outputCount, for: x)
    }

    private enum CodingKeys: String, CodingKey { case configuration, featureCount, outputCount, trees }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        configuration = try c.decode(Configuration.self, forKey: .configuration)
        featureCount = try c.decodeIfPresent(Int.self, forKey: .featureCount)
        outputCount = try c.decode(Int.self, forKey: .outputCount)
        trees = try c.decode([RegressionTree].self, forKey: .trees)
        try ForestTraining.checkDecoded(trees, featureCount: featureCount ?? 0, outputCount: outputCount, codingPath: c.codingPath)
    }
}

/// Range checks shared by the forest and the single decision tree.
func validateTreeParameters(model: String, treeCount: Int, maxFeatures: MaxFeatures, maxDepth: Int?, minSamplesSplit: Int,
                            minSamplesLeaf: Int, maxSamples: Double?) throws {
    func fail(_ name: String, _ value: Any, _ reason: String) -> EstimatorError {
        .invalidHyperparameter(model: model, name: name, value: "\(value)", reason: reason)
    }
    guard treeCount >= 1 else { throw fail("treeCount", treeCount, "must be at least 1") }
    try maxFeatures.validate(model: model)
    if let d = maxDepth, d < 1 { throw fail("maxDepth", d, "must be at least 1") }
    guard minSamplesSplit >= 2 else { throw fail("minSamplesSplit", minSamplesSplit, "must be at least 2") }
    guard minSamplesLeaf >= 1 else { throw fail("minSamplesLeaf", minSamplesLeaf, "must be at least 1") }
    if let s = maxSamples, !(s > 0 && s <= 1) { throw fail("maxSamples", s, "must be a fraction in (0, 1]") }
}
