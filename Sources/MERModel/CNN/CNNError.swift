import DEAMData
import Numerics
/// Why `CNNRegressor.fit` refused its input or configuration.
public enum CNNError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The hyperparameters cannot describe a trainable network.
    case invalidConfiguration(String)
    /// No training rows, or no feature columns.
    case emptyTrainingData
    /// Features and targets have different row counts.
    case rowCountMismatch(features: Int, targets: Int)
    /// Targets must have two columns (valence, arousal).
    case targetColumns(Int)
    /// `weights` has the wrong length.
    case weightCount(expected: Int, got: Int)
    /// A weight is negative or not finite, or all weights are zero.
    case invalidWeight(row: Int, value: Double)
    /// A feature or target value is NaN or infinite.
    case nonFiniteValue(matrix: String, row: Int, column: Int)

    public var description: String {
        switch self {
        case .invalidConfiguration(let why): return "CNN configuration is invalid: \(why)"
        case .emptyTrainingData: return "CNN training data is empty (no rows or no feature columns)"
        case .rowCountMismatch(let f, let t): return "CNN training data has \(f) feature rows but \(t) target rows"
        case .targetColumns(let c): return "CNN targets must have 2 columns (valence, arousal), got \(c)"
        case .weightCount(let e, let g): return "CNN sample weights: expected \(e), got \(g)"
        case .invalidWeight(let row, let value): return "CNN sample weight at row \(row) is invalid: \(value)"
        case .nonFiniteValue(let matrix, let row, let column):
            return "CNN \(matrix) value at row \(row), column \(column) is not finite"
        }
    }
}

extension CNNRegressor {
    /// Checks that the hyperparameters describe a trainable network for `inputLength` features.
    static func validate(_ c: Configuration, inputLength: Int) throws {
        func fail(_ why: String) -> CNNError { .invalidConfiguration(why) }
        guard !c.filters.isEmpty else { throw fail("at least one convolution block is needed") }
        guard c.filters.count == c.kernelSizes.count else {
            throw fail("\(c.filters.count) filter counts but \(c.kernelSizes.count) kernel sizes")
        }
        guard c.filters.allSatisfy({ $0 > 0 }) else { throw fail("filter counts must be positive: \(c.filters)") }
        guard c.kernelSizes.allSatisfy({ $0 > 0 }) else { throw fail("kernel sizes must be positive: \(c.kernelSizes)") }
        guard c.poolSize > 0 else { throw fail("pool size must be positive, got \(c.poolSize)") }
        guard c.hiddenUnits > 0 else { throw fail("hidden units must be positive, got \(c.hiddenUnits)") }
        guard (0..<1).contains(c.convolutionDropout) else { throw fail("convolution dropout must be in [0, 1), got \(c.convolutionDropout)") }
        guard (0..<1).contains(c.hiddenDropout) else { throw fail("hidden dropout must be in [0, 1), got \(c.hiddenDropout)") }
        guard c.epochs > 0 else { throw fail("epochs must be positive, got \(c.epochs)") }
        guard c.batchSize > 0 else { throw fail("batch size must be positive, got \(c.batchSize)") }
        guard c.learningRate > 0, c.learningRate.isFinite else { throw fail("learning rate must be positive, got \(c.learningRate)") }
        guard c.weightDecay >= 0, c.weightDecay.isFinite else { throw fail("weight decay must be ≥ 0, got \(c.weightDecay)") }
        if let e = c.earlyStopping {
            guard e.validationFraction > 0, e.validationFraction < 1 else {
                throw fail("validation fraction must be in (0, 1), got \(e.validationFraction)")
            }
            guard e.patience > 0 else { throw fail("patience must be positive, got \(e.patience)") }
        }
        var length = inputLength
        for k in c.kernelSizes {
            length = (length + 2 * ((k - 1) / 2) - k + 1) / c.poolSize
            guard length > 0 else {
                throw fail("\(c.filters.count) blocks (kernels \(c.kernelSizes), pool \(c.poolSize)) reduce \(inputLength) inputs to nothing")
            }
        }
    }

    /// Checks shapes, finiteness and weights of the training data.
    static func validate(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        guard x.rows > 0, x.columns > 0 else { throw CNNError.emptyTrainingData }
        guard x.rows == y.rows else { throw CNNError.rowCountMismatch(features: x.rows, targets: y.rows) }
        guard y.columns == 2 else { throw CNNError.targetColumns(y.columns) }
        for (name, m) in [("feature", x), ("target", y)] {
            if let k = m.storage.firstIndex(where: { !$0.isFinite }) {
                throw CNNError.nonFiniteValue(matrix: name, row: k / m.columns, column: k % m.columns)
            }
        }
        if let weights {
            guard weights.count == x.rows else { throw CNNError.weightCount(expected: x.rows, got: weights.count) }
            if let k = weights.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
                throw CNNError.invalidWeight(row: k, value: weights[k])
            }
            guard weights.contains(where: { $0 > 0 }) else { throw CNNError.invalidWeight(row: 0, value: 0) }
        }
    }
}
