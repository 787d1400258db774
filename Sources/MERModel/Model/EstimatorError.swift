import DEAMData
import Numerics
/// Why a model (any regressor, the scaler, PCA or a clustering) rejected its input
/// or configuration. Every message starts with the model's name and names the problem.
public enum EstimatorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The input has no rows (or no columns where columns are needed).
    case emptyInput(model: String, input: String)
    /// Shapes do not fit together, e.g. targets with a different row count.
    case shapeMismatch(model: String, detail: String)
    /// An input entry is NaN or infinite (or, for the tree models, beyond single precision).
    case nonFiniteValue(model: String, input: String, row: Int, column: Int, value: Double)
    /// A sample weight is negative or non-finite (`index` ≥ 0), or all weights are zero (`index` -1).
    case invalidWeight(model: String, index: Int, value: Double)
    /// A hyperparameter is outside its valid range.
    case invalidHyperparameter(model: String, name: String, value: String, reason: String)
    /// Too few samples for the requested fit.
    case tooFewSamples(model: String, needed: Int, found: Int)
    /// A numeric step failed (wraps the linear-algebra error).
    case numericalFailure(model: String, underlying: LinearAlgebraError)

    public var description: String {
        switch self {
        case let .emptyInput(model, input):
            return "\(model): \(input) is empty"
        case let .shapeMismatch(model, detail):
            return "\(model): shape mismatch: \(detail)"
        case let .nonFiniteValue(model, input, row, column, value):
            return "\(model): non-finite value \(value) in \(input) at row \(row), column \(column)"
        case let .invalidWeight(model, index, value):
            return index < 0
                ? "\(model): sample weights must not all be zero"
                : "\(model): invalid sample weight \(value) at row \(index) (weights must be finite and ≥ 0)"
        case let .invalidHyperparameter(model, name, value, reason):
            return "\(model): invalid \(name) = \(value): \(reason)"
        case let .tooFewSamples(model, needed, found):
            return "\(model): needs at least \(needed) samples, got \(found)"
        case let .numericalFailure(model, underlying):
            return "\(model): \(underlying)"
        }
    }
}

/// The input checks shared by every estimator.
enum EstimatorInput {
    /// Checks that `x` is non-empty and finite, that `y` (if given) has as many
    /// rows, at least one column and is finite, and that `weights` (if given) has
    /// one finite, non-negative entry per row with a positive total.
    /// With `singlePrecisionFeatures` (the tree models, which compare features as
    /// `Float`), features must also be finite in single precision.
    static func validate(model: String, x: Matrix, y: Matrix? = nil, weights: [Double]? = nil,
                         singlePrecisionFeatures: Bool = false) throws {
        guard x.rows > 0 else { throw EstimatorError.emptyInput(model: model, input: "features") }
        guard x.columns > 0 else { throw EstimatorError.emptyInput(model: model, input: "feature columns") }
        try requireFinite(model: model, input: "features", x)
        if singlePrecisionFeatures, let index = x.storage.firstIndex(where: { !Float($0).isFinite }) {
            throw EstimatorError.nonFiniteValue(
                model: model, input: "features (single precision)", row: index / x.columns, column: index % x.columns,
                value: x.storage[index])
        }
        if let y {
            guard y.rows == x.rows else {
                throw EstimatorError.shapeMismatch(model: model, detail: "\(x.rows) feature rows but \(y.rows) target rows")
            }
            guard y.columns > 0 else { throw EstimatorError.emptyInput(model: model, input: "targets") }
            try requireFinite(model: model, input: "targets", y)
        }
        if let weights {
            guard weights.count == x.rows else {
                throw EstimatorError.shapeMismatch(model: model, detail: "\(weights.count) weights for \(x.rows) rows")
            }
            var total = 0.0
            for (index, w) in weights.enumerated() {
                guard w.isFinite, w >= 0 else { throw EstimatorError.invalidWeight(model: model, index: index, value: w) }
                total += w
            }
            guard total > 0 else { throw EstimatorError.invalidWeight(model: model, index: -1, value: 0) }
        }
    }

    static func requireFinite(model: String, input: String, _ m: Matrix) throws {
        for (index, value) in m.storage.enumerated() where !value.isFinite {
            throw EstimatorError.nonFiniteValue(
                model: model, input: input, row: index / m.columns, column: index % m.columns, value: value)
        }
    }

    /// Column means weighted by `weights` (plain means without).
    static func columnMeans(_ x: Matrix, weights: [Double]?) -> [Double] {
        let p = x.columns
        var sums = [Double](repeating: 0, count: p)
        var total = 0.0
        x.storage.withUnsafeBufferPointer { px in
            sums.withUnsafeMutableBufferPointer { ps in
                guard let rx = px.baseAddress, let rs = ps.baseAddress else { return }
                for r in 0..<x.rows {
                    let w = weights?[r] ?? 1
                    total += w
                    DenseKernels.axpy(w, rx + r * p, rs, p)
                }
            }
        }
        return sums.map { $0 / total }
    }

    /// `x` with `means` subtracted from every row.
    static func centred(_ x: Matrix, _ means: [Double]) -> Matrix {
        var out = x
        let p = x.columns
        out.storage.withUnsafeMutableBufferPointer { po in
            for r in 0..<x.rows { for j in 0..<p { po[r * p + j] -= means[j] } }
        }
        return out
    }

    /// Checks that `x` has the `expected` number of columns (for predict/transform).
    static func requireColumns(model: String, _ x: Matrix, expected: Int) {
        precondition(
            x.columns == expected,
            "\(model): input has \(x.columns) feature columns, the model was fitted on \(expected)")
    }
}
