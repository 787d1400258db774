import DEAMData
import Numerics
/// The seed study's 1-D convolutional network as a `Regressor`.
///
/// Each song's feature vector is standardised and read as a one-channel sequence
/// (130 positions for DEAM's openSMILE means), passed through
/// `configuration.filters.count` blocks of Conv1D → ReLU → MaxPool1D → Dropout,
/// flattened, then Dense → ReLU → Dropout → Dense(2). Trained with mean squared
/// error on standardised targets by Adam with weight decay (decoupled AdamW by
/// default, L2 on request), in shuffled mini-batches, optionally stopping early on
/// a validation split carved from the training rows only.
///
/// Deterministic for a given `configuration.seed`: initialisation, the validation
/// split, shuffling and dropout all draw from `SeededGenerator` streams, and
/// mini-batch gradients are summed over a fixed number of shards in a fixed order,
/// whatever the number of cores.
public struct CNNRegressor: Regressor, Codable, Sendable {
    /// Early stopping on a held-out part of the training data.
    public struct EarlyStopping: Codable, Sendable, Hashable {
        /// Fraction of the training rows held out for validation (0 < f < 1).
        public var validationFraction: Double
        /// Epochs without a new best validation loss before training stops.
        public var patience: Int

        /// Hold out `validationFraction` of the rows; stop after `patience` epochs without improvement.
        public init(validationFraction: Double = 0.1, patience: Int = 20) {
            self.validationFraction = validationFraction
            self.patience = patience
        }
    }

    /// Hyperparameters.
    public struct Configuration: Codable, Sendable, Hashable {
        /// Filters of each convolution block (the number of blocks is `filters.count`).
        public var filters: [Int]
        /// Kernel width of each block (same count as `filters`; odd widths keep the length).
        public var kernelSizes: [Int]
        /// Max-pooling window and stride after every block.
        public var poolSize: Int
        /// Dropout probability after every block's pooling.
        public var convolutionDropout: Double
        /// Units of the hidden dense layer.
        public var hiddenUnits: Int
        /// Dropout probability after the hidden layer's ReLU.
        public var hiddenDropout: Double
        /// Passes over the training rows (upper bound when stopping early).
        public var epochs: Int
        /// Rows per mini-batch.
        public var batchSize: Int
        /// Adam step size.
        public var learningRate: Double
        /// Weight-decay coefficient λ applied to weights (not biases).
        public var weightDecay: Double
        /// Decoupled (AdamW) or L2 weight decay.
        public var weightDecayMode: Adam.WeightDecayMode
        /// Early stopping, or nil to train all epochs on all rows.
        public var earlyStopping: EarlyStopping?
        /// Seed of every random choice.
        public var seed: UInt64

        /// The defaults: blocks of 8/16/32 filters of width 3, pool 2, dropout 0.1 after
        /// blocks and 0.3 after a 64-unit hidden layer, 100 epochs of batches of 32, Adam at
        /// 1e-3 with decoupled weight decay 0.3 (AdamW), early stopping on 10 % with patience 20.
        /// (Chosen by 5-fold CV on DEAM: 16/32/64 filters and weight decay 0.01 scored lower.)
        public init(filters: [Int] = [8, 16, 32], kernelSizes: [Int] = [3, 3, 3], poolSize: Int = 2,
                    convolutionDropout: Double = 0.1, hiddenUnits: Int = 64, hiddenDropout: Double = 0.3,
                    epochs: Int = 100, batchSize: Int = 32, learningRate: Double = 1e-3,
                    weightDecay: Double = 0.3, weightDecayMode: Adam.WeightDecayMode = .decoupled,
                    earlyStopping: EarlyStopping? = EarlyStopping(), seed: UInt64 = 42) {
            self.filters = filters
            self.kernelSizes = kernelSizes
            self.poolSize = poolSize
            self.convolutionDropout = convolutionDropout
            self.hiddenUnits = hiddenUnits
            self.hiddenDropout = hiddenDropout
            self.epochs = epochs
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.weightDecay = weightDecay
            self.weightDecayMode = weightDecayMode
            self.earlyStopping = earlyStopping
            self.seed = seed
        }
    }

    /// Losses recorded while fitting (mean squared error on standardised targets).
    public struct TrainingHistory: Codable, Sendable, Hashable {
        /// Mean training loss of each epoch (with dropout active, as trained).
        public var trainingLoss: [Double] = []
        /// Validation loss after each epoch (empty without early stopping).
        public var validationLoss: [Double] = []
        /// The epoch (0-based) whose weights were kept when stopping early.
        public var bestEpoch: Int?
        /// Whether training ended before `epochs` because validation loss stopped improving.
        public var stoppedEarly = false
        /// Wall-clock training time in seconds. Not stored in model files (a retrained
        /// file must not differ), so a loaded model reports 0.
        public var seconds: Double = 0

        private enum CodingKeys: String, CodingKey { case trainingLoss, validationLoss, bestEpoch, stoppedEarly }

        /// An empty history.
        public init() {}
    }

    /// The hyperparameters this model was built with.
    public let configuration: Configuration
    /// The trained network, nil before `fit`.
    public private(set) var network: CNNNetwork?
    /// Per-feature mean and standard deviation used to standardise inputs (1 for constant features).
    public private(set) var featureMean: [Double] = []
    public private(set) var featureScale: [Double] = []
    /// Per-target (valence, arousal) mean and standard deviation used to standardise targets.
    public private(set) var targetMean: [Double] = []
    public private(set) var targetScale: [Double] = []
    /// Losses of the last `fit`.
    public private(set) var history = TrainingHistory()

    /// An untrained model.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Whether `fit` has run.
    public var isFitted: Bool { network != nil }

    /// Number of input features the fitted model expects (0 before `fit`).
    public var featureCount: Int { featureMean.count }

    /// Learns from `x` (one row per song) and two-column `y` (valence, arousal).
    /// `weights` (non-negative, one per row) weight each row's squared error.
    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        try CNNRegressor.validate(configuration, inputLength: x.columns)
        try CNNRegressor.validate(x, y, weights: weights)
        let xScaling = CNNScaling(fitting: x)
        let yScaling = CNNScaling(fitting: y)
        var generator = SeededGenerator(seed: configuration.seed)
        var initGenerator = generator.derived(1)
        guard let initial = CNNNetwork(inputLength: x.columns, filters: configuration.filters,
                                       kernelSizes: configuration.kernelSizes, poolSize: configuration.poolSize,
                                       hiddenUnits: configuration.hiddenUnits, outputs: y.columns,
                                       generator: &initGenerator)
        else { throw CNNRegressor.tooDeep(configuration, inputLength: x.columns) }
        var trainer = CNNTrainer(configuration: configuration, network: initial,
                                 inputs: xScaling.standardisedFloats(x), targets: yScaling.standardisedFloats(y),
                                 rows: x.rows, weights: weights, generator: &generator)
        let result = trainer.train()
        network = result.network
        history = result.history
        featureMean = xScaling.mean
        featureScale = xScaling.scale
        targetMean = yScaling.mean
        targetScale = yScaling.scale
    }

    /// Predicts (valence, arousal) for each row of `x`; `x` must have the fitted feature count.
    public func predict(_ x: Matrix) -> Matrix {
        guard let network else { preconditionFailure("CNNRegressor.predict called before fit") }
        precondition(x.columns == featureCount, "CNNRegressor was fitted on \(featureCount) features, got \(x.columns)")
        let xScaling = CNNScaling(mean: featureMean, scale: featureScale)
        let raw = network.predict(xScaling.standardisedFloats(x), count: x.rows)
        return CNNScaling(mean: targetMean, scale: targetScale).restoring(raw, rows: x.rows)
    }
}
