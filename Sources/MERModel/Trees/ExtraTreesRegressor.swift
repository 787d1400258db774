import DEAMData
import Numerics
/// Extremely randomised trees (scikit-learn's `ExtraTreesRegressor`): at each
/// node every candidate feature gets one threshold drawn uniformly between its
/// smallest and largest value in the node, the best of those splits (squared
/// error summed over valence and arousal) is kept, and the ensemble predicts
/// the mean of its trees. Trees see all rows unless `bootstrap` is set.
public struct ExtraTreesRegressor: Regressor, Codable, Hashable {
    /// Hyperparameters; the defaults are scikit-learn's for regression.
    public struct Configuration: Codable, Hashable, Sendable {
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
        /// Grow each tree on a bootstrap sample (`bootstrap`; default off, as in scikit-learn).
        public var bootstrap: Bool
        /// Bootstrap sample size as a fraction of the rows (`max_samples`); nil for all rows.
        public var maxSamples: Double?
        /// Seed of every random choice.
        public var seed: UInt64
        /// Train trees on all cores. Results are identical either way.
        public var parallel: Bool

        public init(treeCount: Int = 100, maxFeatures: MaxFeatures = .all, maxDepth: Int? = nil,
                    minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1, bootstrap: Bool = false,
                    maxSamples: Double? = nil, seed: UInt64 = 0, parallel: Bool = true) {
            self.treeCount = treeCount; self.maxFeatures = maxFeatures; self.maxDepth = maxDepth
            self.minSamplesSplit = minSamplesSplit; self.minSamplesLeaf = minSamplesLeaf
            self.bootstrap = bootstrap; self.maxSamples = maxSamples; self.seed = seed; self.parallel = parallel
        }

        func validate() throws {
            try validateForest(treeCount: treeCount, maxFeatures: maxFeatures, maxDepth: maxDepth,
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
        try TrainingSetValidation.validate(x, y, weights: weights)
        let c = configuration
        let parameters = CARTParameters(maxDepth: c.maxDepth, minSamplesSplit: c.minSamplesSplit,
                                        minSamplesLeaf: c.minSamplesLeaf,
                                        maxFeatures: c.maxFeatures.resolved(featureCount: x.columns),
                                        randomThresholds: true)
        trees = ForestTraining.train(x, y, weights: weights, treeCount: c.treeCount, parameters: parameters,
                                     bootstrap: c.bootstrap, maxSamples: c.maxSamples, seed: c.seed, parallel: c.parallel)
        featureCount = x.columns
        outputCount = y.columns
    }

    public func predict(_ x: Matrix) -> Matrix {
        _ = requireFitted(featureCount: featureCount, x: x, model: "ExtraTreesRegressor")
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
