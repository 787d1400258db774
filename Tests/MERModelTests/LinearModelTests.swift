import Foundation
import MERModel
import DEAMData
import Numerics
import XCTest

/// Scaler, PCA, linear/ridge regression and KNN against hand-solved examples.
/// Random inputs are generated from fixed seeds.
final class LinearModelTests: XCTestCase {
    private func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
        var generator = SeededGenerator(seed: seed)
        return Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in generator.nextGaussian() })
    }

    private func assertClose(_ a: Matrix, _ b: Matrix, accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.rows, b.rows, file: file, line: line)
        XCTAssertEqual(a.columns, b.columns, file: file, line: line)
        let worst = zip(a.storage, b.storage).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, accuracy, "largest difference \(worst)", file: file, line: line)
    }

    private func roundTrip<T: Codable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }

    // MARK: StandardScaler

    func testScalerMeansDeviationsAndConstantColumn() throws {
        var scaler = StandardScaler()
        let x = Matrix([[1, 10, -1], [3, 10, 0], [5, 10, 1]])
        let z = try scaler.fitTransform(x)
        XCTAssertEqual(scaler.mean, [3, 10, 0])
        XCTAssertEqual(scaler.variance[0], 8.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(scaler.scale[1], 1, "a constant column keeps scale 1")
        let s = (8.0 / 3).squareRoot()
        assertClose(z, Matrix([[-2 / s, 0, -1 / (2.0 / 3).squareRoot()], [0, 0, 0], [2 / s, 0, 1 / (2.0 / 3).squareRoot()]]), accuracy: 1e-14)
    }

    func testScalerWeightsAndInverseRoundTrip() throws {
        var weighted = StandardScaler()
        try weighted.fit(Matrix([[1], [3], [5]]), weights: [1, 1, 2])
        XCTAssertEqual(weighted.mean[0], 3.5, accuracy: 1e-15)
        XCTAssertEqual(weighted.variance[0], 2.75, accuracy: 1e-15)

        var scaler = StandardScaler()
        let x = randomMatrix(40, 7, seed: 11)
        try scaler.fit(x)
        assertClose(scaler.inverseTransform(scaler.transform(x)), x, accuracy: 1e-13)
        let decoded = try roundTrip(scaler)
        XCTAssertEqual(decoded, scaler)
        XCTAssertThrowsError(try scaler.fit(Matrix([[1, .infinity]]))) { error in
            XCTAssertEqual(error as? EstimatorError, .nonFiniteValue(model: "StandardScaler", input: "features", row: 0, column: 1, value: .infinity))
        }
        XCTAssertThrowsError(try scaler.fit(Matrix([[1], [2]]), weights: [1, -1]))
    }

    // MARK: PCA

    /// Rows ±3·u₁ and ±u₂ (plus an offset) with u₁ = (1,1,0)/√2, u₂ = (1,−1,0)/√2:
    /// covariance eigenvalues 6, 2/3, 0.
    private var knownPCAData: Matrix {
        let r = 0.5.squareRoot()
        let offset = [1.0, 2, 3]
        let rows: [[Double]] = [[3 * r, 3 * r, 0], [-3 * r, -3 * r, 0], [r, -r, 0], [-r, r, 0]]
        return Matrix(rows.map { zip($0, offset).map { $0 + $1 } })
    }

    func testPCARecoversKnownEigenvectorsAndVariances() throws {
        var pca = PCA(configuration: .init(components: .count(2)))
        try pca.fit(knownPCAData)
        let r = 0.5.squareRoot()
        assertClose(pca.components, Matrix([[r, r, 0], [r, -r, 0]]), accuracy: 1e-14)
        XCTAssertEqual(pca.explainedVariance[0], 6, accuracy: 1e-13)
        XCTAssertEqual(pca.explainedVariance[1], 2.0 / 3, accuracy: 1e-13)
        XCTAssertEqual(pca.explainedVarianceRatio[0], 0.9, accuracy: 1e-14)
        XCTAssertEqual(pca.explainedVarianceRatio[1], 0.1, accuracy: 1e-14)
        XCTAssertEqual(pca.mean, [1, 2, 3])
        let scores = pca.transform(knownPCAData)
        assertClose(scores, Matrix([[3, 0], [-3, 0], [0, 1], [0, -1]]), accuracy: 1e-14)
        assertClose(pca.inverseTransform(scores), knownPCAData, accuracy: 1e-14)
        XCTAssertEqual(try roundTrip(pca), pca)
    }

    func testPCAVarianceFractionAndWhitening() throws {
        var pca = PCA(configuration: .init(components: .varianceFraction(0.85)))
        try pca.fit(knownPCAData)
        XCTAssertEqual(pca.componentCount, 1)
        pca.configuration.components = .varianceFraction(0.95)
        try pca.fit(knownPCAData)
        XCTAssertEqual(pca.componentCount, 2)

        let x = randomMatrix(60, 5, seed: 12)
        var whitened = PCA(configuration: .init(components: .all, whiten: true))
        let z = try whitened.fitTransform(x)
        for j in 0..<5 {
            let column = z.column(j)
            let variance = column.map { $0 * $0 }.reduce(0, +) / 59
            XCTAssertEqual(variance, 1, accuracy: 1e-10)
        }
        assertClose(whitened.inverseTransform(z), x, accuracy: 1e-12)
        var tooMany = PCA(configuration: .init(components: .count(6)))
        XCTAssertThrowsError(try tooMany.fit(x))
    }

    func testPCAWithFewerSamplesThanFeaturesMatchesCovarianceEigenvalues() throws {
        let x = randomMatrix(4, 9, seed: 13)
        var pca = PCA()
        try pca.fit(x)
        XCTAssertEqual(pca.componentCount, 4)
        var scaler = StandardScaler(configuration: .init(withMean: true, withStd: false))
        let centred = try scaler.fitTransform(x)
        var covariance = try LinearAlgebra.gram(centred)
        for i in 0..<covariance.storage.count { covariance.storage[i] /= 3 }
        let eigen = try SymmetricEigenDecomposition(covariance)
        for j in 0..<3 {
            XCTAssertEqual(pca.explainedVariance[j], eigen.values[j], accuracy: 1e-12)
            // Same axis up to the shared sign convention.
            for i in 0..<9 { XCTAssertEqual(pca.components[j, i], eigen.vectors[i, j], accuracy: 1e-9) }
        }
        XCTAssertEqual(pca.explainedVariance[3], 0, accuracy: 1e-12)
        // Three non-zero components reconstruct the centred rank-3 data.
        var three = PCA(configuration: .init(components: .count(3)))
        try three.fit(x)
        assertClose(three.inverseTransform(three.transform(x)), x, accuracy: 1e-12)
    }

    // MARK: Linear regression

    func testLinearRegressionRecoversExactCoefficientsOnNoiseFreeData() throws {
        let x = randomMatrix(50, 3, seed: 14)
        var y = Matrix(rows: 50, columns: 2)
        for i in 0..<50 {
            y[i, 0] = 1 + 2 * x[i, 0] - 3 * x[i, 1] + 0.5 * x[i, 2]
            y[i, 1] = -2 + x[i, 1]
        }
        var model = LinearRegression()
        try model.fit(x, y)
        assertClose(model.coefficients, Matrix([[2, 0], [-3, 1], [0.5, 0]]), accuracy: 1e-12)
        XCTAssertEqual(model.intercepts[0], 1, accuracy: 1e-12)
        XCTAssertEqual(model.intercepts[1], -2, accuracy: 1e-12)
        XCTAssertEqual(model.rank, 3)
        assertClose(model.predict(x), y, accuracy: 1e-12)
        let decoded = try roundTrip(model)
        assertClose(decoded.predict(x), y, accuracy: 1e-12)
    }

    func testLinearRegressionWithDuplicatedColumnGivesMinimumNormSolution() throws {
        let base = randomMatrix(30, 2, seed: 15)
        var x = Matrix(rows: 30, columns: 3)
        var y = Matrix(rows: 30, columns: 1)
        for i in 0..<30 {
            x[i, 0] = base[i, 0]; x[i, 1] = base[i, 1]; x[i, 2] = base[i, 0]
            y[i, 0] = 4 + 2 * base[i, 0] - base[i, 1]
        }
        var model = LinearRegression()
        try model.fit(x, y)
        XCTAssertEqual(model.rank, 2)
        assertClose(model.coefficients, Matrix([[1], [-1], [1]]), accuracy: 1e-10)
        assertClose(model.predict(x), y, accuracy: 1e-10)
    }

    func testLinearRegressionSampleWeights() throws {
        // Weight 0 removes the outlier: the line through (0,0) and (1,1).
        var model = LinearRegression()
        try model.fit(Matrix([[0], [1], [2]]), Matrix([[0], [1], [5]]), weights: [1, 1, 0])
        XCTAssertEqual(model.coefficients[0, 0], 1, accuracy: 1e-12)
        XCTAssertEqual(model.intercepts[0], 0, accuracy: 1e-12)
        XCTAssertThrowsError(try model.fit(Matrix([[0], [1]]), Matrix([[0], [1], [2]])))
    }

    // MARK: Ridge

    func testRidgeMatchesHandSolvedSystems() throws {
        // No intercept: (XᵀX + I)β = Xᵀy with XᵀX + I = [[3,1],[1,3]], Xᵀy = (4,5) → β = (7/8, 11/8).
        var ridge = RidgeRegression(configuration: .init(alpha: .fixed(1), fitIntercept: false))
        try ridge.fit(Matrix([[1, 0], [0, 1], [1, 1]]), Matrix([[1], [2], [3]]))
        XCTAssertEqual(ridge.coefficients[0, 0], 7.0 / 8, accuracy: 1e-14)
        XCTAssertEqual(ridge.coefficients[1, 0], 11.0 / 8, accuracy: 1e-14)
        XCTAssertEqual(ridge.intercepts, [0])
        // Intercept: centred x = (-1,0,1), ỹ = (-1,1,0): β = 1/(2+1), b = 2 − 2β.
        var withIntercept = RidgeRegression(alpha: 1)
        try withIntercept.fit(Matrix([[1], [2], [3]]), Matrix([[1], [3], [2]]))
        XCTAssertEqual(withIntercept.coefficients[0, 0], 1.0 / 3, accuracy: 1e-14)
        XCTAssertEqual(withIntercept.intercepts[0], 4.0 / 3, accuracy: 1e-14)
        XCTAssertEqual(withIntercept.alphas, [1])
    }

    func testDefaultAlphaGridIsNumpyLogspace() {
        let grid = RidgeRegression.defaultAlphaGrid
        XCTAssertEqual(grid.count, 25)
        XCTAssertEqual(grid[0], 0.01, accuracy: 1e-17)
        XCTAssertEqual(grid[12], 10, accuracy: 1e-12)
        XCTAssertEqual(grid[24], 10_000, accuracy: 1e-9)
    }

    /// The efficient leave-one-out errors must equal refitting without each row.
    private func bruteForceLeaveOneOut(_ x: Matrix, _ y: Matrix, weights: [Double]?, alpha: Double) throws -> [Double] {
        var sums = [Double](repeating: 0, count: y.columns)
        for i in 0..<x.rows {
            let keep = (0..<x.rows).filter { $0 != i }
            var model = RidgeRegression(alpha: alpha)
            try model.fit(x.selectingRows(keep), y.selectingRows(keep), weights: weights.map { w in keep.map { w[$0] } })
            let prediction = model.predict(x.selectingRows([i]))
            for c in 0..<y.columns {
                let residual = y[i, c] - prediction[0, c]
                sums[c] += (weights?[i] ?? 1) * residual * residual
            }
        }
        return sums.map { $0 / Double(x.rows) }
    }

    func testRidgeLeaveOneOutErrorsEqualBruteForceRefits() throws {
        let x = randomMatrix(25, 4, seed: 16)
        var y = randomMatrix(25, 2, seed: 17)
        for i in 0..<25 { y[i, 0] += 3 * x[i, 0]; y[i, 1] -= x[i, 2] }
        let grid = [0.01, 0.5, 3, 40]
        for weights in [nil, (0..<25).map { 0.5 + Double($0 % 4) }] as [[Double]?] {
            var ridge = RidgeRegression(configuration: .init(alpha: .leaveOneOut(grid: grid)))
            try ridge.fit(x, y, weights: weights)
            let errors = try XCTUnwrap(ridge.leaveOneOutErrors)
            var best = (score: Double.infinity, alpha: 0.0)
            for (a, alpha) in grid.enumerated() {
                let brute = try bruteForceLeaveOneOut(x, y, weights: weights, alpha: alpha)
                XCTAssertEqual(errors[a, 0], brute[0], accuracy: 1e-10)
                XCTAssertEqual(errors[a, 1], brute[1], accuracy: 1e-10)
                let score = (brute[0] + brute[1]) / 2
                if score < best.score { best = (score, alpha) }
            }
            XCTAssertEqual(ridge.alphas, [best.alpha, best.alpha])
            var fixed = RidgeRegression(alpha: best.alpha)
            try fixed.fit(x, y, weights: weights)
            assertClose(ridge.coefficients, fixed.coefficients, accuracy: 1e-10)
        }
    }

    func testRidgePerTargetAlphaAndCodable() throws {
        let x = randomMatrix(40, 3, seed: 18)
        var y = Matrix(rows: 40, columns: 2)
        let noise = randomMatrix(40, 2, seed: 19)
        for i in 0..<40 {
            y[i, 0] = 5 * x[i, 0] + 0.01 * noise[i, 0]  // nearly noise-free: small alpha wins
            y[i, 1] = 0.01 * x[i, 1] + 3 * noise[i, 1]  // pure noise: large alpha wins
        }
        var ridge = RidgeRegression(configuration: .init(alphaPerTarget: true))
        try ridge.fit(x, y)
        XCTAssertEqual(ridge.alphas[0], 0.01, accuracy: 1e-15)
        XCTAssertEqual(ridge.alphas[1], 10_000, accuracy: 1e-9)
        let decoded = try roundTrip(ridge)
        XCTAssertEqual(decoded, ridge)
        var badGrid = RidgeRegression(configuration: .init(alpha: .leaveOneOut(grid: [1, 0])))
        XCTAssertThrowsError(try badGrid.fit(x, y))
        var negative = RidgeRegression(alpha: -1)
        XCTAssertThrowsError(try negative.fit(x, y))
    }

    // MARK: KNN

    /// Training points 0, 1, 2, 4 on a line with targets (x, 10x).
    private func lineKNN(_ k: Int, _ weighting: KNNRegressor.Weighting, weights: [Double]? = nil) throws -> KNNRegressor {
        var knn = KNNRegressor(configuration: .init(neighbors: k, weighting: weighting))
        try knn.fit(Matrix([[0], [1], [2], [4]]), Matrix([[0, 0], [1, 10], [2, 20], [4, 40]]), weights: weights)
        return knn
    }

    func testKNNHandComputedUniformAndDistanceWeighting() throws {
        // Query 1.4, k = 2: neighbours 1 (d 0.4) and 2 (d 0.6).
        let query = Matrix([[1.4]])
        assertClose(try lineKNN(2, .uniform).predict(query), Matrix([[1.5, 15]]), accuracy: 1e-14)
        // Inverse distance: (1/0.4·1 + 1/0.6·2) / (1/0.4 + 1/0.6) = 1.4.
        assertClose(try lineKNN(2, .distance).predict(query), Matrix([[1.4, 14]]), accuracy: 1e-12)
        // An exact match takes all the weight.
        assertClose(try lineKNN(3, .distance).predict(Matrix([[2]])), Matrix([[2, 20]]), accuracy: 0)
        // k = 3 uniform around 0 averages 0, 1, 2.
        assertClose(try lineKNN(3, .uniform).predict(Matrix([[0]])), Matrix([[1, 10]]), accuracy: 1e-14)
        // Tie between 2 and 4 at distance 1 goes to the lower index.
        let neighbors = try lineKNN(1, .uniform).neighbors(of: Matrix([[3]]))
        XCTAssertEqual(neighbors[0].map(\.index), [2])
        XCTAssertEqual(neighbors[0][0].distance, 1, accuracy: 0)
        // Sample weights multiply the neighbour weights: (3·1 + 1·2) / 4.
        assertClose(try lineKNN(2, .uniform, weights: [1, 3, 1, 1]).predict(query), Matrix([[1.25, 12.5]]), accuracy: 1e-14)
        XCTAssertThrowsError(try lineKNN(5, .uniform))
        XCTAssertThrowsError(try lineKNN(0, .uniform))
    }

    func testKNNMatchesNaiveSearchOnRandomData() throws {
        let train = randomMatrix(300, 20, seed: 20), targets = randomMatrix(300, 2, seed: 21)
        let queries = randomMatrix(77, 20, seed: 22)
        for weighting in KNNRegressor.Weighting.allCases {
            var knn = KNNRegressor(configuration: .init(neighbors: 7, weighting: weighting))
            try knn.fit(train, targets)
            let prediction = knn.predict(queries)
            let decoded = try roundTrip(knn)
            XCTAssertEqual(decoded.predict(queries), prediction)
            for q in 0..<queries.rows {
                let distances = (0..<train.rows).map { j in
                    (j, zip(queries.row(q), train.row(j)).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot())
                }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(7)
                let weights = distances.map { weighting == .uniform ? 1 : 1 / $0.1 }
                for c in 0..<2 {
                    let expected = zip(weights, distances).map { $0 * targets[$1.0, c] }.reduce(0, +) / weights.reduce(0, +)
                    XCTAssertEqual(prediction[q, c], expected, accuracy: 1e-12)
                }
            }
        }
    }
}
