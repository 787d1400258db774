import Foundation
import XCTest
import MERModel
import DEAMData
import Numerics

/// Records, across copies and threads, the row ids (column 0) every fit saw.
final class FitLog: @unchecked Sendable {
    private let lock = NSLock()
    private var fits: [[Int]] = []
    func record(_ ids: [Int]) { lock.lock(); fits.append(ids); lock.unlock() }
    var all: [[Int]] { lock.lock(); defer { lock.unlock() }; return fits }
}

/// A regressor that remembers the ids it was trained on and predicts, for
/// each row, (id, number of training rows) — so a test can see exactly what
/// each fold's model learned from.
struct SpyRegressor: Regressor {
    let log: FitLog
    var trainedOn: Set<Int> = []

    mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        let ids = (0..<x.rows).map { Int(x[$0, 0]) }
        trainedOn = Set(ids)
        log.record(ids)
    }

    func predict(_ x: Matrix) -> Matrix {
        var out = Matrix(rows: x.rows, columns: 2)
        for i in 0..<x.rows {
            let id = Int(x[i, 0])
            out[i, 0] = Double(id)
            out[i, 1] = trainedOn.contains(id) ? -1 : Double(trainedOn.count)
        }
        return out
    }
}

final class CrossValidationTests: XCTestCase {
    func testKFoldPartitionsEveryRowExactlyOnce() throws {
        for (n, k) in [(1802, 10), (23, 5), (10, 10), (11, 2)] {
            let folds = try CrossValidation(.kFold(folds: k), seed: 7).folds(count: n)
            XCTAssertEqual(folds.count, k)
            var seen = [Int](repeating: 0, count: n)
            for fold in folds {
                for i in fold.test { seen[i] += 1 }
                XCTAssertEqual(Set(fold.train).union(fold.test), Set(0..<n))
                XCTAssertTrue(Set(fold.train).isDisjoint(with: fold.test))
                XCTAssertTrue(fold.test.count == n / k || fold.test.count == n / k + 1)
            }
            XCTAssertEqual(seen, [Int](repeating: 1, count: n), "n=\(n) k=\(k)")
        }
    }

    func testFoldsAreDeterministicAndDependOnTheSeed() throws {
        let a = try CrossValidation(.tenFold, seed: 3).folds(count: 100)
        let b = try CrossValidation(.tenFold, seed: 3).folds(count: 100)
        let c = try CrossValidation(.tenFold, seed: 4).folds(count: 100)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        // Shuffled, not contiguous blocks.
        XCTAssertNotEqual(a[0].test, Array(0..<10))
    }

    func testStudySplitIsEightyTwenty() throws {
        let folds = try CrossValidation(.studySplit, seed: 1234).folds(count: 1802)
        XCTAssertEqual(folds.count, 1)
        XCTAssertEqual(folds[0].test.count, 361)   // ceil(0.2 × 1802), like train_test_split
        XCTAssertEqual(folds[0].train.count, 1441)
        XCTAssertTrue(Set(folds[0].train).isDisjoint(with: folds[0].test))
        XCTAssertEqual(try CrossValidation(.studySplit, seed: 1234).folds(count: 1802), folds)
    }

    func testInvalidSettingsAreTypedErrors() {
        XCTAssertThrowsError(try CrossValidation(.kFold(folds: 1)).folds(count: 10)) {
            XCTAssertEqual($0 as? CrossValidationError, .invalidFoldCount(folds: 1, rows: 10))
        }
        XCTAssertThrowsError(try CrossValidation(.kFold(folds: 11)).folds(count: 10))
        XCTAssertThrowsError(try CrossValidation(.split(testFraction: 1)).folds(count: 10))
    }

    func testEachFoldModelIsFreshAndNeverSeesItsTestRows() throws {
        let n = 53
        let x = Matrix(rows: n, columns: 2, storage: (0..<n).flatMap { [Double($0), Double($0 % 7)] })
        let y = Matrix(rows: n, columns: 2, repeating: 5)
        for parallel in [false, true] {
            let log = FitLog()
            let cv = CrossValidation(.kFold(folds: 5), seed: 11, parallel: parallel)
            let result = try cv.predictions(x: x, y: y) { SpyRegressor(log: log) }
            XCTAssertEqual(result.rows, Array(0..<n))
            XCTAssertEqual(log.all.count, 5)
            let folds = try cv.folds(count: n)
            for i in 0..<n {
                // Column 0 echoes the id: predictions are aligned with their rows.
                XCTAssertEqual(result.predicted[i, 0], Double(i))
                // Column 1 is −1 if the model had trained on this row; otherwise its training size.
                XCTAssertEqual(result.predicted[i, 1], Double(folds[result.fold[i]].train.count))
                XCTAssertTrue(folds[result.fold[i]].test.contains(i))
            }
            XCTAssertEqual(Set(log.all.map { $0.sorted() }), Set(folds.map(\.train)))
        }
    }

    /// The regressor inside a `ModelPipeline` records the column means and
    /// variances of the features it is fitted on. If the scaler (and PCA) saw
    /// only the training fold, those are exactly 0 and 1 in every fold; a
    /// scaler fitted on all rows would leave each fold's means visibly off 0.
    func testScalerAndPCAAreFittedInsideEachTrainingFold() throws {
        var generator = SeededGenerator(seed: 9)
        let n = 120, p = 6
        // Generated data: skewed columns, so a fold's mean differs from the whole set's.
        let x = Matrix(rows: n, columns: p, storage: (0..<(n * p)).map { i in
            let u = generator.nextUnit()
            return Double(i % p + 1) * u * u * u * 10 + Double(i % p) })
        let y = Matrix(rows: n, columns: 2, storage: (0..<(2 * n)).map { _ in 1 + 8 * generator.nextUnit() })
        for pca in [nil, 3] as [Int?] {
            let log = MomentLog()
            _ = try CrossValidation(.kFold(folds: 4), seed: 1).predictions(x: x, y: y) {
                ModelPipeline(standardize: true, pcaComponents: pca, regressor: MomentRecorder(log: log))
            }
            XCTAssertEqual(log.all.count, 4)
            for moments in log.all {
                XCTAssertEqual(moments.columns, pca ?? p)
                for mean in moments.means { XCTAssertEqual(mean, 0, accuracy: 1e-9) }
                if pca == nil { for variance in moments.variances { XCTAssertEqual(variance, 1, accuracy: 1e-9) } }
            }
        }
        // Control: scaling the whole data set first leaves the training folds' means off zero.
        var scaler = StandardScaler()
        try scaler.fit(x)
        let leaked = scaler.transform(x)
        let folds = try CrossValidation(.kFold(folds: 4), seed: 1).folds(count: n)
        let firstFold = leaked.selectingRows(folds[0].train)
        let offsets = (0..<p).map { j in abs(firstFold.column(j).reduce(0, +) / Double(firstFold.rows)) }
        XCTAssertGreaterThan(offsets.max() ?? 0, 1e-3)
    }

    func testParallelAndSerialRunsAgree() throws {
        var generator = SeededGenerator(seed: 5)
        let n = 40
        let x = Matrix(rows: n, columns: 1, storage: (0..<n).map(Double.init))
        let y = Matrix(rows: n, columns: 2, storage: (0..<(2 * n)).map { _ in 1 + 8 * generator.nextUnit() })
        let serial = try CrossValidation(.kFold(folds: 4), seed: 2, parallel: false).predictions(x: x, y: y) { MeanRegressor() }
        let parallel = try CrossValidation(.kFold(folds: 4), seed: 2, parallel: true).predictions(x: x, y: y) { MeanRegressor() }
        XCTAssertEqual(serial, parallel)
        XCTAssertEqual(serial.truth, y)
    }
}

/// Predicts the weighted training mean of each target.
struct MeanRegressor: Regressor {
    var mean = (0.0, 0.0)
    mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        let w = weights ?? [Double](repeating: 1, count: y.rows)
        let total = w.reduce(0, +)
        mean = ((0..<y.rows).reduce(0) { $0 + w[$1] * y[$1, 0] } / total,
                (0..<y.rows).reduce(0) { $0 + w[$1] * y[$1, 1] } / total)
    }
    func predict(_ x: Matrix) -> Matrix {
        Matrix(rows: x.rows, columns: 2, storage: (0..<x.rows).flatMap { _ in [mean.0, mean.1] })
    }
}

/// Column means and population variances of each fit's input, across threads.
final class MomentLog: @unchecked Sendable {
    struct Moments { var columns: Int; var means: [Double]; var variances: [Double] }
    private let lock = NSLock()
    private var entries: [Moments] = []
    func record(_ m: Moments) { lock.lock(); entries.append(m); lock.unlock() }
    var all: [Moments] { lock.lock(); defer { lock.unlock() }; return entries }
}

/// A regressor that only records the moments of the features it is fitted on.
struct MomentRecorder: Regressor {
    let log: MomentLog
    mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        let n = Double(x.rows)
        let means = (0..<x.columns).map { x.column($0).reduce(0, +) / n }
        let variances = (0..<x.columns).map { j in x.column(j).reduce(0) { $0 + ($1 - means[j]) * ($1 - means[j]) } / n }
        log.record(.init(columns: x.columns, means: means, variances: variances))
    }
    func predict(_ x: Matrix) -> Matrix { Matrix(rows: x.rows, columns: 2, repeating: 5) }
}
