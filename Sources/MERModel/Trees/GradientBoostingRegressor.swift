import DEAMData
import Numerics
import Dispatch

/// Histogram-based gradient boosting with least-squares loss (scikit-learn's
/// `HistGradientBoostingRegressor`, LightGBM-style leaf-wise trees), one booster
/// per output (valence, arousal).
///
/// Features are binned into at most `maxBins` quantile bins fitted on the
/// training rows only; each iteration fits a tree to the negative gradient
/// (the residuals), with leaf values −G/(H+λ) shrunk by the learning rate.
/// Optional row subsampling (stochastic gradient boosting) and column
/// subsampling per tree and per split.
public struct GradientBoostingRegressor: Regressor, Codable, Hashable {
    /// Hyperparameters; the defaults are scikit-learn's `HistGradientBoostingRegressor`'s.
    public struct Configuration: Codable, Hashable, Sendable {
        /// Shrinkage applied to every tree (`learning_rate`).
        public var learningRate: Double
        /// Boosting iterations, i.e. trees per output (`max_iter`).
        public var maxIterations: Int
        /// Leaves per tree, grown best-first (`max_leaf_nodes`); nil for no limit.
        public var maxLeafNodes: Int?
        /// Maximum tree depth (`max_depth`); nil for no limit.
        public var maxDepth: Int?
        /// Fewest rows in a leaf (`min_samples_leaf`).
        public var minSamplesLeaf: Int
        /// L2 penalty on leaf values (`l2_regularization`).
        public var l2Regularization: Double
        /// Bins per feature, at most 255 (`max_bins`).
        public var maxBins: Int
        /// Fraction of rows drawn (without replacement) for each tree; 1 uses every row.
        public var subsample: Double
        /// Fraction of features drawn for each tree; 1 uses every feature.
        public var columnSubsample: Double
        /// Fraction of the tree's features considered at each split (`max_features`).
        public var featuresPerSplit: Double
        /// Seed of the subsampling.
        public var seed: UInt64
        /// Train the outputs' boosters on separate cores. Results are identical either way.
        public var parallel: Bool

        public init(learningRate: Double = 0.1, maxIterations: Int = 100, maxLeafNodes: Int? = 31,
                    maxDepth: Int? = nil, minSamplesLeaf: Int = 20, l2Regularization: Double = 0,
                    maxBins: Int = 255, subsample: Double = 1, columnSubsample: Double = 1,
                    featuresPerSplit: Double = 1, seed: UInt64 = 0, parallel: Bool = true) {
            self.learningRate = learningRate; self.maxIterations = maxIterations
            self.maxLeafNodes = maxLeafNodes; self.maxDepth = maxDepth; self.minSamplesLeaf = minSamplesLeaf
            self.l2Regularization = l2Regularization; self.maxBins = maxBins; self.subsample = subsample
            self.columnSubsample = columnSubsample; self.featuresPerSplit = featuresPerSplit
            self.seed = seed; self.parallel = parallel
        }

        /// The tuned setting that scores best on DEAM in scikit-learn
        /// (learning rate 0.03, 600 iterations, 15 leaves, 30 rows per leaf, λ = 1).
        public static let tunedForDEAM = Configuration(learningRate: 0.03, maxIterations: 600, maxLeafNodes: 15,
                                                       minSamplesLeaf: 30, l2Regularization: 1)

        func validate() throws {
            func fail(_ name: String, _ value: Any, _ reason: String) -> EstimatorError {
                .invalidHyperparameter(model: GradientBoostingRegressor.model, name: name, value: "\(value)", reason: reason)
            }
            guard learningRate > 0, learningRate.isFinite else { throw fail("learningRate", learningRate, "must be positive") }
            guard maxIterations >= 1 else { throw fail("maxIterations", maxIterations, "must be at least 1") }
            if let l = maxLeafNodes, l < 2 { throw fail("maxLeafNodes", l, "must be at least 2") }
            if let d = maxDepth, d < 1 { throw fail("maxDepth", d, "must be at least 1") }
            guard maxLeafNodes != nil || maxDepth != nil else {
                throw fail("maxLeafNodes and maxDepth", "nil", "set at least one of them")
            }
            guard minSamplesLeaf >= 1 else { throw fail("minSamplesLeaf", minSamplesLeaf, "must be at least 1") }
            guard l2Regularization >= 0 else { throw fail("l2Regularization", l2Regularization, "must not be negative") }
            guard (2...255).contains(maxBins) else { throw fail("maxBins", maxBins, "must be in 2...255") }
            for (name, v) in [("subsample", subsample), ("columnSubsample", columnSubsample), ("featuresPerSplit", featuresPerSplit)] {
                guard v > 0 && v <= 1 else { throw fail(name, v, "must be in (0, 1]") }
            }
        }
    }

    /// The model's name in error messages.
    static let model = "GradientBoostingRegressor"

    /// The hyperparameters.
    public var configuration: Configuration
    /// Per output, the starting prediction (the weighted mean target).
    public private(set) var baselines: [Double] = []
    /// Per output, the boosting trees (learning rate already applied to their leaves).
    public private(set) var boosters: [[RegressionTree]] = []
    /// Number of features seen by `fit`; nil before.
    public private(set) var featureCount: Int?
    /// Per output, the weighted mean squared training error after each iteration
    /// (not stored in the model file).
    public private(set) var trainingLoss: [[Double]] = []

    /// An unfitted model.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        try configuration.validate()
        try EstimatorInput.validate(model: Self.model, x: x, y: y, weights: weights, singlePrecisionFeatures: true)
        let c = configuration
        let data = BinnedData(x, maxBins: c.maxBins)
        let n = x.rows, outputs = y.columns
        let w = weights ?? [Double](repeating: 1, count: n)
        let root = SeededGenerator(seed: c.seed)
        let parameters = HistogramTreeParameters(maxLeafNodes: c.maxLeafNodes, maxDepth: c.maxDepth,
                                                 minSamplesLeaf: c.minSamplesLeaf, l2: c.l2Regularization,
                                                 featuresPerSplit: c.featuresPerSplit, shrinkage: c.learningRate)

        func boost(_ k: Int) -> (Double, [RegressionTree], [Double]) {
            let target = y.column(k)
            var wSum = 0.0, wy = 0.0
            for i in 0..<n { wSum += w[i]; wy += w[i] * target[i] }
            let baseline = wy / wSum
            var raw = [Double](repeating: baseline, count: n)
            var gradients = [Double](repeating: 0, count: n)
            let hessians = w
            var trees = [RegressionTree](), losses = [Double]()
            trees.reserveCapacity(c.maxIterations)
            let outputStream = root.derived(UInt64(k))
            let rowCount = max(1, Int((c.subsample * Double(n)).rounded()))
            let featureCount = max(1, Int((c.columnSubsample * Double(x.columns)).rounded()))
            var allRows = [Int32](0..<Int32(n))
            var allFeatures = Array(0..<x.columns)
            var workspace = HistogramWorkspace()
            for t in 0..<c.maxIterations {
                var rng = outputStream.derived(UInt64(t))
                for i in 0..<n { gradients[i] = w[i] * (raw[i] - target[i]) }
                let rows: [Int32]
                if rowCount < n {
                    for j in 0..<rowCount { allRows.swapAt(j, j + Int(rng.next() % UInt64(n - j))) }
                    rows = allRows[0..<rowCount].sorted()
                } else { rows = allRows }
                let features: [Int]
                if featureCount < x.columns {
                    for j in 0..<featureCount {
                        allFeatures.swapAt(j, j + Int(rng.next() % UInt64(x.columns - j)))
                    }
                    features = allFeatures[0..<featureCount].sorted()
                } else { features = allFeatures }
                let result = HistogramTreeBuilder.build(data: data, gradients: gradients, hessians: hessians,
                                                        rows: rows, features: features, parameters: parameters,
                                                        workspace: &workspace, rng: &rng)
                var loss = 0.0
                for i in 0..<n {
                    raw[i] += Double(result.tree.value(binnedRow: i, data: data, binThresholds: result.binThresholds))
                    loss += w[i] * (raw[i] - target[i]) * (raw[i] - target[i])
                }
                losses.append(loss / wSum)
                trees.append(result.tree)
            }
            return (baseline, trees, losses)
        }

        var results = [(Double, [RegressionTree], [Double])?](repeating: nil, count: outputs)
        if c.parallel && outputs > 1 {
            results.withUnsafeMutableBufferPointer { out in
                let slots = out
                DispatchQueue.concurrentPerform(iterations: outputs) { k in slots[k] = boost(k) }
            }
        } else {
            for k in 0..<outputs { results[k] = boost(k) }
        }
        baselines = results.map { $0!.0 }
        boosters = results.map { $0!.1 }
        trainingLoss = results.map { $0!.2 }
        featureCount = x.columns
    }

    public func predict(_ x: Matrix) -> Matrix {
        predict(x, iterations: nil)
    }

    /// Predictions using only the first `iterations` trees of each booster (all when nil).
    public func predict(_ x: Matrix, iterations: Int?) -> Matrix {
        _ = requireFitted(featureCount: featureCount, x: x, model: "GradientBoostingRegressor")
        let outputs = boosters.count
        let xf = x.singlePrecisionStorage
        var out = [Double](repeating: 0, count: x.rows * outputs)
        xf.withUnsafeBufferPointer { xb in
            for k in 0..<outputs {
                var column = [Double](repeating: baselines[k], count: x.rows)
                column.withUnsafeMutableBufferPointer { cb in
                    for tree in boosters[k].prefix(iterations ?? Int.max) {
                        tree.accumulatePredictions(xb, rows: x.rows, columns: x.columns, into: cb)
                    }
                }
                for i in 0..<x.rows { out[i * outputs + k] = column[i] }
            }
        }
        return Matrix(rows: x.rows, columns: outputs, storage: out)
    }

    private enum CodingKeys: String, CodingKey { case configuration, featureCount, baselines, boosters }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        configuration = try c.decode(Configuration.self, forKey: .configuration)
        featureCount = try c.decodeIfPresent(Int.self, forKey: .featureCount)
        baselines = try c.decode([Double].self, forKey: .baselines)
        boosters = try c.decode([[RegressionTree]].self, forKey: .boosters)
        try ModelCheck.count(baselines.count, boosters.count, ModelCheck.path(c.codingPath), "baselines")
        for (k, booster) in boosters.enumerated() {
            try ForestTraining.checkDecoded(booster, featureCount: featureCount ?? 0, outputCount: 1, codingPath: c.codingPath,
                                            key: "boosters[\(k)]")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(configuration, forKey: .configuration)
        try c.encodeIfPresent(featureCount, forKey: .featureCount)
        try c.encode(baselines, forKey: .baselines)
        try c.encode(boosters, forKey: .boosters)
    }
}
