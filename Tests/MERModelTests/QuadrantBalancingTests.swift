import Foundation
import XCTest
import MoodCore
import Numerics
import MERModel

final class QuadrantBalancingTests: XCTestCase {
    private let covariance = (vv: 0.68, va: 0.21, aa: 0.69)
    private let deamPrior = [0.36, 0.13, 0.38, 0.13]

    func testMoveCrossesOnlyTheBoundariesItMustAndLandsMarginInside() {
        let margin = 0.02
        // Joy → Fear: valence drops just below 5, arousal stays.
        let fear = QuadrantBalancing.move(MoodPoint(valence: 5.3, arousal: 6.1), into: .fear, margin: margin)
        XCTAssertEqual(fear.valence, 4.98, accuracy: 1e-12)
        XCTAssertEqual(fear.arousal, 6.1, accuracy: 1e-12)
        XCTAssertEqual(fear.quadrant, .fear)
        // Sadness → Fear: arousal rises to 5 + margin, so that the sector (by angle) is a Fear sector too.
        let up = QuadrantBalancing.move(MoodPoint(valence: 3.0, arousal: 4.9), into: .fear, margin: margin)
        XCTAssertEqual(up.arousal, 5.02, accuracy: 1e-12)
        XCTAssertEqual(up.subEmotion.quadrant, .fear)
        // Joy → Sadness crosses both boundaries.
        let both = QuadrantBalancing.move(MoodPoint(valence: 5.1, arousal: 5.2), into: .sadness, margin: margin)
        XCTAssertEqual(both.valence, 4.98, accuracy: 1e-12)
        XCTAssertEqual(both.arousal, 4.98, accuracy: 1e-12)
        // A point already in the quadrant is not moved.
        let inside = MoodPoint(valence: 6.2, arousal: 3.4)
        XCTAssertEqual(QuadrantBalancing.move(inside, into: .contentment, margin: margin), inside)
    }

    func testAlphaZeroKeepsTheMostProbableQuadrantAndAlphaOneFavoursARareOne() {
        // Slightly more Joy than Fear mass: the most probable quadrant is Joy; balanced by the prior, Fear.
        let point = MoodPoint(valence: 5.1, arousal: 6.0)
        let plain = QuadrantBalancing(alpha: 0, prior: deamPrior, covariance: covariance)
        XCTAssertEqual(plain.decide(point), .joy)
        XCTAssertEqual(plain.apply(point), point)
        let balanced = QuadrantBalancing(alpha: 1, prior: deamPrior, covariance: covariance)
        XCTAssertEqual(balanced.decide(point), .fear)
        XCTAssertEqual(balanced.apply(point).quadrant, .fear)
        // Deep inside a quadrant the decision does not change.
        let deep = MoodPoint(valence: 7.5, arousal: 7.5)
        XCTAssertEqual(balanced.apply(deep), deep)
    }

    /// Generated DEAM-like data: correlated ratings, and predictions shrunk towards the diagonal
    /// (the off-diagonal direction is predicted worse), as the regressors do on DEAM.
    private func shrunkPredictions(rows: Int, seed: UInt64) -> (truth: Matrix, predicted: Matrix) {
        var state = seed
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / 9007199254740992
        }
        func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
        var truth = Matrix(rows: rows, columns: 2), predicted = Matrix(rows: rows, columns: 2)
        for i in 0..<rows {
            let s = 1.5 * normal(), d = 0.8 * normal()
            truth[i, 0] = 4.9 + (s + d) / 2
            truth[i, 1] = 4.8 + (s - d) / 2
            let ps = 0.8 * s + 0.4 * normal(), pd = 0.3 * d + 0.2 * normal()
            predicted[i, 0] = 4.9 + (ps + pd) / 2
            predicted[i, 1] = 4.8 + (ps - pd) / 2
        }
        return (truth, predicted)
    }

    private func macroF1(_ truth: Matrix, _ predicted: Matrix) -> Double {
        ClassificationMetrics(confusion: .quadrants(truth: truth.moodPoints, predicted: predicted.moodPoints)).macro.f1
    }

    func testFitRaisesMacroF1OnShrunkPredictionsWithinTheR2Tolerance() {
        let (truth, predicted) = shrunkPredictions(rows: 3000, seed: 11)
        let balancing = QuadrantBalancing.fit(heldOutTruth: truth, heldOutPredicted: predicted,
                                              covariance: covariance, targets: truth)
        XCTAssertGreaterThan(balancing.alpha, 0)
        XCTAssertTrue(QuadrantBalancing.alphaGrid.contains(balancing.alpha))
        XCTAssertEqual(balancing.prior.reduce(0, +), 1, accuracy: 1e-12)
        let moved = balancing.apply(predicted)
        XCTAssertGreaterThan(macroF1(truth, moved), macroF1(truth, predicted) + 0.02)
        XCTAssertGreaterThanOrEqual(RegressionMetrics(truth: truth, predicted: moved).r2Mean,
                                    RegressionMetrics(truth: truth, predicted: predicted).r2Mean - QuadrantBalancing.r2Tolerance)
        // Only points whose decision flipped moved, each into its decided quadrant.
        for r in 0..<predicted.rows {
            let before = MoodPoint(valence: predicted[r, 0], arousal: predicted[r, 1])
            let after = MoodPoint(valence: moved[r, 0], arousal: moved[r, 1])
            XCTAssertEqual(after.quadrant, balancing.decide(before))
            if before.quadrant == balancing.decide(before) { XCTAssertEqual(after, before) }
        }
    }

    func testFitKeepsPointsWhenPredictionsAreAlreadyBalanced() {
        // Predictions equal to the truth: nothing to gain, so alpha stays 0 and nothing moves.
        let (truth, _) = shrunkPredictions(rows: 1000, seed: 5)
        let balancing = QuadrantBalancing.fit(heldOutTruth: truth, heldOutPredicted: truth, covariance: covariance, targets: truth)
        XCTAssertEqual(balancing.alpha, 0)
        XCTAssertEqual(balancing.apply(truth), truth)
    }

    func testCalibratedModelPredictsBalancedPointsAndRoundTripsThroughItsFile() throws {
        let (truth, _) = shrunkPredictions(rows: 600, seed: 8)
        // Features: noisy views of the ratings' sum and difference (the difference much noisier).
        var x = Matrix(rows: truth.rows, columns: 4)
        var state: UInt64 = 3
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / 9007199254740992 - 0.5
        }
        for i in 0..<truth.rows {
            x[i, 0] = truth[i, 0] + truth[i, 1] + noise()
            x[i, 1] = truth[i, 0] - truth[i, 1] + 6 * noise()
            x[i, 2] = noise()
            x[i, 3] = noise()
        }
        let specification = try ModelKind.ridge.specification()
        var model = MoodModel(specification: specification, featureNames: (0..<4).map { "f\($0)" })
        try model.fit(x, truth, data: "synthetic")
        try model.calibrate(specification, x: x, y: truth, folds: 3, seed: 1)
        let balancing = try XCTUnwrap(model.quadrantBalancing)
        XCTAssertNotNil(model.confidence)
        XCTAssertEqual(model.predictValues(x), balancing.apply(model.pipeline.predict(x)))

        let decoded = try MoodModel.decode(try model.encoded(), file: "test")
        XCTAssertEqual(decoded.quadrantBalancing, balancing)
        XCTAssertEqual(decoded.predictValues(x), model.predictValues(x))

        // Refitting drops calibrations that belonged to the previous fit.
        try model.fit(x, truth, data: "again")
        XCTAssertNil(model.quadrantBalancing)
        XCTAssertNil(model.confidence)
    }

    func testDamagedBalancingIsRefusedWithItsPath() throws {
        let (truth, _) = shrunkPredictions(rows: 200, seed: 2)
        var x = Matrix(rows: truth.rows, columns: 2)
        for i in 0..<truth.rows { x[i, 0] = truth[i, 0]; x[i, 1] = truth[i, 1] }
        var model = MoodModel(specification: try ModelKind.linear.specification(), featureNames: ["a", "b"])
        try model.fit(x, truth, data: "synthetic")
        model.quadrantBalancing = QuadrantBalancing(alpha: 0.5, prior: deamPrior, covariance: covariance)
        XCTAssertNoThrow(try MoodModel.decode(try model.encoded(), file: "ok"))
        let damages: [(String, (inout QuadrantBalancing) -> Void)] = [
            ("quadrantBalancing.alpha", { $0.alpha = -1 }),
            ("quadrantBalancing.alpha", { $0.alpha = 100 }),
            ("quadrantBalancing.prior", { $0.prior = [0.5, 0.5, 0.5] }),
            ("quadrantBalancing.prior", { $0.prior = [0.7, 0.1, 0.1, 0.3] }),
            ("quadrantBalancing.prior[1]", { $0.prior = [0.5, 0, 0.25, 0.25] }),
            ("quadrantBalancing.covarianceVV", { $0.covarianceVA = 2 }),
            ("quadrantBalancing.margin", { $0.margin = 3 }),
        ]
        for (path, damage) in damages {
            var damaged = model
            damage(&damaged.quadrantBalancing!)
            XCTAssertThrowsError(try MoodModel.decode(try damaged.encoded(), file: "bad")) { error in
                guard case .invalid(_, let found, _) = error as? ModelFileError else {
                    return XCTFail("expected ModelFileError.invalid, got \(error)")
                }
                XCTAssertEqual(found, path)
            }
        }
    }
}
