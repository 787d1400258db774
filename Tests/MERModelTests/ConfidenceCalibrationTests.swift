import XCTest
import MoodCore
import Numerics
import MERModel

final class ConfidenceCalibrationTests: XCTestCase {
    /// Generated data: 6 features, valence/arousal linear in the first two plus Gaussian noise (SD 0.7 / 0.5).
    private func synthetic(rows: Int, seed: UInt64) -> (Matrix, Matrix) {
        var state = seed
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / 9007199254740992
        }
        func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
        var x = Matrix(rows: rows, columns: 6), y = Matrix(rows: rows, columns: 2)
        for i in 0..<rows {
            for j in 0..<6 { x[i, j] = normal() }
            y[i, 0] = 5 + 1.2 * x[i, 0] + 0.7 * normal()
            y[i, 1] = 5 + 1.0 * x[i, 1] + 0.5 * normal()
        }
        return (x, y)
    }

    func testHeldOutRegionsCoverEightyPercentAndUnlikeInputsAreFlaggedAndWidened() throws {
        let (x, y) = synthetic(rows: 1500, seed: 7)
        let specification = try ModelKind.linear.specification()
        var model = MoodModel(specification: specification, featureNames: (0..<6).map { "f\($0)" })
        try model.fit(x, y, data: "synthetic")
        model.confidence = try ConfidenceCalibration.fit(specification, x: x, y: y, folds: 5, seed: 1)
        let confidence = try XCTUnwrap(model.confidence)
        XCTAssertEqual(confidence.residualVV.squareRoot(), 0.7, accuracy: 0.08)

        let (xTest, yTest) = synthetic(rows: 2000, seed: 99)
        let placements = try XCTUnwrap(model.placements(xTest))
        let covered = zip(placements, yTest.moodPoints).filter { $0.regionContains($1) }.count
        XCTAssertEqual(Double(covered) / 2000, 0.8, accuracy: 0.03)
        XCTAssertLessThan(Double(placements.filter(\.outOfDistribution).count) / 2000, 0.03)

        // A row far outside the training range on every feature.
        let far = Matrix(rows: 1, columns: 6, storage: [30, -30, 30, -30, 30, -30])
        let flagged = try XCTUnwrap(model.placements(far)?.first)
        XCTAssertTrue(flagged.outOfDistribution)
        XCTAssertGreaterThan(flagged.regionRadius, 1.5 * placements[0].regionRadius)
    }

    func testModelFilesWithoutConfidenceStillLoadAndGivePointsOnly() throws {
        let (x, y) = synthetic(rows: 200, seed: 3)
        var model = MoodModel(specification: try ModelKind.linear.specification(), featureNames: (0..<6).map { "f\($0)" })
        try model.fit(x, y, data: "synthetic")
        let decoded = try MoodModel.decode(try model.encoded(), file: "test")
        XCTAssertNil(decoded.confidence)
        XCTAssertNil(decoded.placements(x))
    }
}
