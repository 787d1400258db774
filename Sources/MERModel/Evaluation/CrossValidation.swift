import DEAMData
import Numerics
import Dispatch

/// How held-out predictions are produced.
public enum EvaluationProtocol: Codable, Sendable, Hashable, CustomStringConvertible {
    /// Shuffled K-fold cross-validation: every song is predicted once, by a
    /// model that never saw it.
    case kFold(folds: Int)
    /// The original study's single shuffled train/test split (`testFraction` = 0.2).
    case split(testFraction: Double)

    /// 10-fold cross-validation.
    public static let tenFold = EvaluationProtocol.kFold(folds: 10)
    /// The original study's 80/20 split.
    public static let studySplit = EvaluationProtocol.split(testFraction: 0.2)

    /// `10-fold` or `split 80/20`.
    public var description: String {
        switch self {
        case .kFold(let folds): return "\(folds)-fold"
        case .split(let fraction):
            let test = Int((fraction * 100).rounded())
            return "split \(100 - test)/\(test)"
        }
    }
}

/// Invalid cross-validation settings.
public enum CrossValidationError: Error, CustomStringConvertible, Equatable {
    /// K-fold needs 2 ≤ folds ≤ number of rows.
    case invalidFoldCount(folds: Int, rows: Int)
    /// A split needs a test fraction leaving at least one row on each side.
    case invalidTestFraction(fraction: Double, rows: Int)
    /// Features and targets disagree in row count, or targets are not two columns.
    case shapeMismatch(featureRows: Int, targetRows: Int, targetColumns: Int)

    public var description: String {
        switch self {
        case .invalidFoldCount(let folds, let rows):
            return "cannot run \(folds)-fold cross-validation on \(rows) rows (need 2 ≤ folds ≤ rows)"
        case .invalidTestFraction(let fraction, let rows):
            return "test fraction \(fraction) leaves an empty training or test set on \(rows) rows"
        case .shapeMismatch(let featureRows, let targetRows, let targetColumns):
            return "features have \(featureRows) rows but targets are \(targetRows)×\(targetColumns) (expected \(featureRows)×2)"
        }
    }
}

/// One training/test partition of the rows.
public struct Fold: Sendable, Hashable {
    /// Rows the model is fitted on (ascending).
    public var train: [Int]
    /// Rows the model predicts (ascending).
    public var test: [Int]
}

/// Held-out predictions of a cross-validation run, aligned with the rows they predict.
public struct HeldOutPredictions: Sendable, Equatable {
    /// Dataset rows that were predicted, ascending (all rows for K-fold).
    public var rows: [Int]
    /// True (valence, arousal) of those rows.
    public var truth: Matrix
    /// Predicted (valence, arousal) of those rows.
    public var predicted: Matrix
    /// The fold that predicted each row.
    public var fold: [Int]
}

/// Shuffled K-fold cross-validation and the study's seeded 80/20 split.
///
/// A fresh model (the whole pipeline, scaler and PCA included) is built and
/// fitted inside every training fold, so nothing learned from a test row can
/// reach its prediction. Folds run in parallel when `parallel` is set; the
/// result is identical either way.
public struct CrossValidation: Sendable {
    /// K-fold or split.
    public var evaluationProtocol: EvaluationProtocol
    /// Seed of the row shuffle.
    public var seed: UInt64
    /// Whether folds are fitted concurrently.
    public var parallel: Bool

    public init(_ evaluationProtocol: EvaluationProtocol = .tenFold, seed: UInt64 = 0, parallel: Bool = true) {
        self.evaluationProtocol = evaluationProtocol
        self.seed = seed
        self.parallel = parallel
    }

    /// A seeded permutation of `0..<count` (Fisher–Yates).
    public static func shuffledIndices(count: Int, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        var indices = Array(0..<count)
        var i = count - 1
        while i > 0 {
            let j = Int(generator.next().multipliedFullWidth(by: UInt64(i + 1)).high)
            indices.swapAt(i, j)
            i -= 1
        }
        return indices
    }

    /// The partitions of `count` rows. K-fold gives `folds` disjoint test sets
    /// covering every row (sizes differ by at most one, larger first, like
    /// scikit-learn's `KFold`); a split gives one fold with
    /// `ceil(testFraction × count)` test rows (like `train_test_split`).
    public func folds(count: Int) throws -> [Fold] {
        let order = CrossValidation.shuffledIndices(count: count, seed: seed)
        switch evaluationProtocol {
        case .kFold(let k):
            guard k >= 2, k <= count else { throw CrossValidationError.invalidFoldCount(folds: k, rows: count) }
            var folds = [Fold]()
            var start = 0
            for f in 0..<k {
                let size = count / k + (f < count % k ? 1 : 0)
                let test = Array(order[start..<(start + size)]).sorted()
                let train = (Array(order[0..<start]) + Array(order[(start + size)...])).sorted()
                folds.append(Fold(train: train, test: test))
                start += size
            }
            return folds
        case .split(let fraction):
            let testCount = Int((fraction * Double(count)).rounded(.up))
            guard fraction > 0, fraction < 1, testCount >= 1, testCount < count else {
                throw CrossValidationError.invalidTestFraction(fraction: fraction, rows: count)
            }
            return [Fold(train: Array(order[testCount...]).sorted(), test: Array(order[..<testCount]).sorted())]
        }
    }

    /// Fits a fresh model from `makeModel` on each training fold and predicts
    /// its test rows. `weights` (one per row) are passed to `fit` restricted to the fold.
    public func predictions<Model: Regressor>(
        x: Matrix, y: Matrix, weights: [Double]? = nil,
        makeModel: @Sendable () throws -> Model
    ) throws -> HeldOutPredictions {
        guard x.rows == y.rows, y.columns == 2, weights.map({ $0.count == x.rows }) ?? true else {
            throw CrossValidationError.shapeMismatch(featureRows: x.rows, targetRows: y.rows, targetColumns: y.columns)
        }
        let folds = try self.folds(count: x.rows)
        let outcomes = runEachFold(count: folds.count, parallel: parallel) { f -> Result<Matrix, Error> in
            Result {
                let fold = folds[f]
                var model = try makeModel()
                try model.fit(x.selectingRows(fold.train), y.selectingRows(fold.train),
                              weights: weights.map { w in fold.train.map { w[$0] } })
                return model.predict(x.selectingRows(fold.test))
            }
        }
        var predictedByRow = [Int: (values: (Double, Double), fold: Int)]()
        for (f, outcome) in outcomes.enumerated() {
            let predicted = try outcome.get()
            for (i, row) in folds[f].test.enumerated() {
                predictedByRow[row] = ((predicted[i, 0], predicted[i, 1]), f)
            }
        }
        let rows = predictedByRow.keys.sorted()
        var predicted = Matrix(rows: rows.count, columns: 2)
        var foldOfRow = [Int]()
        foldOfRow.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            let entry = predictedByRow[row]!
            predicted[i, 0] = entry.values.0
            predicted[i, 1] = entry.values.1
            foldOfRow.append(entry.fold)
        }
        return HeldOutPredictions(rows: rows, truth: y.selectingRows(rows), predicted: predicted, fold: foldOfRow)
    }
}

/// Runs `body` for `0..<count`, concurrently if asked, and returns the results in index order.
private func runEachFold<T>(count: Int, parallel: Bool, _ body: (Int) -> T) -> [T] {
    guard parallel, count > 1 else { return (0..<count).map(body) }
    var slots = [T?](repeating: nil, count: count)
    slots.withUnsafeMutableBufferPointer { buffer in
        let base = buffer.baseAddress!
        DispatchQueue.concurrentPerform(iterations: count) { i in
            (base + i).pointee = body(i)
        }
    }
    return slots.map { $0! }
}
