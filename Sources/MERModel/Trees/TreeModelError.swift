import DEAMData
import Numerics
/// Why a tree model could not be trained.
public enum TreeModelError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The training set has no rows (or no feature columns).
    case emptyTrainingSet(rows: Int, columns: Int)
    /// `x` and `y` (or the weights) disagree on the number of rows.
    case rowCountMismatch(features: Int, targets: Int, weights: Int?)
    /// A feature, target or weight is NaN or infinite.
    case nonFiniteValue(matrix: String, row: Int, column: Int)
    /// A sample weight is negative, or every weight is zero.
    case invalidWeights(String)
    /// A hyperparameter is out of range.
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case let .emptyTrainingSet(rows, columns):
            return "cannot train on an empty training set (\(rows) rows, \(columns) feature columns)"
        case let .rowCountMismatch(features, targets, weights):
            let w = weights.map { ", \($0) weights" } ?? ""
            return "row counts differ: \(features) feature rows, \(targets) target rows\(w)"
        case let .nonFiniteValue(matrix, row, column):
            return "\(matrix) has a NaN or infinite value at row \(row + 1), column \(column + 1)"
        case let .invalidWeights(reason):
            return "invalid sample weights: \(reason)"
        case let .invalidConfiguration(reason):
            return "invalid configuration: \(reason)"
        }
    }
}

/// Checks the shapes and values of a training set shared by every tree model.
enum TrainingSetValidation {
    /// Throws unless `x`, `y` and `weights` describe the same non-empty, finite set of rows.
    static func validate(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        guard x.rows > 0, x.columns > 0, y.columns > 0 else {
            throw TreeModelError.emptyTrainingSet(rows: x.rows, columns: x.columns)
        }
        guard x.rows == y.rows, weights.map({ $0.count == x.rows }) ?? true else {
            throw TreeModelError.rowCountMismatch(features: x.rows, targets: y.rows, weights: weights?.count)
        }
        for (name, m) in [("feature matrix", x), ("target matrix", y)] {
            if let bad = m.storage.firstIndex(where: { !$0.isFinite }) {
                throw TreeModelError.nonFiniteValue(matrix: name, row: bad / m.columns, column: bad % m.columns)
            }
            // Features are compared in single precision, as scikit-learn does.
            if name == "feature matrix", let bad = m.storage.firstIndex(where: { !Float($0).isFinite }) {
                throw TreeModelError.nonFiniteValue(matrix: name, row: bad / m.columns, column: bad % m.columns)
            }
        }
        if let weights {
            if let bad = weights.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                throw TreeModelError.invalidWeights("weight \(bad + 1) is \(weights[bad]); weights must be finite and not negative")
            }
            guard weights.contains(where: { $0 > 0 }) else {
                throw TreeModelError.invalidWeights("every weight is zero")
            }
        }
    }
}
