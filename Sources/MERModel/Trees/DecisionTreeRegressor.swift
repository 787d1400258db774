import DEAMData
import Numerics
/// One exact CART regression tree (scikit-learn's `DecisionTreeRegressor`),
/// multi-output: splits minimise the squared error summed over all outputs.
public struct DecisionTreeRegressor: Regressor, Codable, Hashable {
    /// Hyperparameters; the defaults grow the tree until leaves are pure.
    public struct Configuration: Codable, Hashable, Sendable {
        /// Maximum depth (`max_depth`); nil for unlimited.
        public var maxDepth: Int?
        /// Fewest rows a node needs to be split (`min_samples_split`).
        public var minSamplesSplit: Int
        /// Fewest rows in a leaf (`min_samples_leaf`).
        public var minSamplesLeaf: Int
        /// Features considered at each split (`max_features`).
        public var maxFeatures: MaxFeatures
        /// Draw one random threshold per feature instead of searching the best (`splitter="random"`).
        public var randomThresholds: Bool
        /// Seed of the feature order and random thresholds.
        public var seed: UInt64

        public init(maxDepth: Int? = nil, minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1,
                    maxFeatures: MaxFeatures = .all, randomThresholds: Bool = false, seed: UInt64 = 0) {
            self.maxDepth = maxDepth; self.minSamplesSplit = minSamplesSplit; self.minSamplesLeaf = minSamplesLeaf
            self.maxFeatures = maxFeatures; self.randomThresholds = randomThresholds; self.seed = seed
        }
    }

    /// The hyperparameters.
    public var configuration: Configuration
    /// The fitted tree (nil before `fit`).
    public private(set) var tree: RegressionTree?
    /// Number of features seen by `fit`; nil before.
    public private(set) var featureCount: Int?

    /// An unfitted tree.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        let c = configuration
        try validateTreeParameters(model: "DecisionTreeRegressor", treeCount: 1, maxFeatures: c.maxFeatures, maxDepth: c.maxDepth,
                                   minSamplesSplit: c.minSamplesSplit, minSamplesLeaf: c.minSamplesLeaf, maxSamples: nil)
        try EstimatorInput.validate(model: "DecisionTreeRegressor", x: x, y: y, weights: weights, singlePrecisionFeatures: true)
        let parameters = CARTParameters(maxDepth: c.maxDepth, minSamplesSplit: c.minSamplesSplit,
                                        minSamplesLeaf: c.minSamplesLeaf,
                                        maxFeatures: c.maxFeatures.resolved(featureCount: x.columns),
                                        randomThresholds: c.randomThresholds)
        tree = ForestTraining.train(x, y, weights: weights, treeCount: 1, parameters: parameters,
                                    bootstrap: false, maxSamples: nil, seed: c.seed, parallel: false)[0]
        featureCount = x.columns
    }

    public func predict(_ x: Matrix) -> Matrix {
        _ = requireFitted(featureCount: featureCount, x: x, model: "DecisionTreeRegressor")
        return tree!.predict(x)
    }

    private enum CodingKeys: String, CodingKey { case configuration, featureCount, tree }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        configuration = try c.decode(Configuration.self, forKey: .configuration)
        featureCount = try c.decodeIfPresent(Int.self, forKey: .featureCount)
        tree = try c.decodeIfPresent(RegressionTree.self, forKey: .tree)
        if let tree {
            try ForestTraining.checkDecoded([tree], featureCount: featureCount ?? 0, outputCount: tree.outputCount,
                                            codingPath: c.codingPath, key: "tree")
        }
    }
}
