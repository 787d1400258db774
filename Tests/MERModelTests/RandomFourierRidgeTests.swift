import Foundation
import MERModel
import DEAMData
import Numerics
import XCTest

/// Tests of the random-Fourier-feature kernel ridge model on generated data.
final class RandomFourierRidgeTests: XCTestCase {
    /// A generated smooth problem in 4 features (first three informative).
    private func problem(rows: Int, seed: UInt64) -> (Matrix, Matrix) {
        var rng = SeededGenerator(seed: seed)
        var x = Matrix(rows: rows, columns: 4), y = Matrix(rows: rows, columns: 2)
        for i in 0..<rows {
            for j in 0..<4 { x[i, j] = rng.nextUnit() * 4 - 2 }
            y[i, 0] = 5 + sin(x[i, 0]) + 0.5 * x[i, 1] * x[i, 1] + 0.05 * rng.nextGaussian()
            y[i, 1] = 5 + cos(x[i, 2]) * x[i, 0] + 0.05 * rng.nextGaussian()
        }
        return (x, y)
    }

    private func mse(_ a: Matrix, _ b: Matrix) -> Double {
        zip(a.storage, b.storage).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(a.storage.count)
    }

    func testLearnsSmoothNonlinearFunction() throws {
        let (x, y) = problem(rows: 500, seed: 1)
        let (xTest, yTest) = problem(rows: 200, seed: 2)
        var model = RandomFourierRidgeRegressor(configuration: .init(componentCount: 400, gammaScale: 1, alpha: 0.01,
                                                                     logPositiveFeatures: false, clip: nil))
        try model.fit(x, y)
        var meanModel = Matrix(rows: yTest.rows, columns: 2)
        for i in 0..<yTest.rows { meanModel[i, 0] = model.targetMeans[0]; meanModel[i, 1] = model.targetMeans[1] }
        let error = mse(model.predict(xTest), yTest)
        XCTAssertLessThan(error, 0.1 * mse(meanModel, yTest), "RFF ridge MSE \(error)")
    }

    func testCodableRoundTripRegeneratesTheProjection() throws {
        let (x, y) = problem(rows: 200, seed: 3)
        var model = RandomFourierRidgeRegressor(configuration: .init(componentCount: 100, featureIndices: [0, 1, 2], seed: 9))
        try model.fit(x, y, weights: (0..<200).map { 1 + Double($0 % 3) })
        let data = try JSONEncoder().encode(model)
        let decoded = try JSONDecoder().decode(RandomFourierRidgeRegressor.self, from: data)
        XCTAssertEqual(decoded.predict(x), model.predict(x))
        XCTAssertEqual(decoded, model)
        // The file holds statistics and coefficients, not training rows.
        XCTAssertLessThan(data.count, 100 * 2 * 25 + 2_000)
    }

    func testSameSeedSameModelDifferentSeedDifferentModel() throws {
        let (x, y) = problem(rows: 150, seed: 4)
        func fitted(_ seed: UInt64) throws -> Matrix {
            var m = RandomFourierRidgeRegressor(configuration: .init(componentCount: 80, seed: seed))
            try m.fit(x, y)
            return m.predict(x)
        }
        XCTAssertEqual(try fitted(1), try fitted(1))
        XCTAssertNotEqual(try fitted(1), try fitted(2))
    }
}
