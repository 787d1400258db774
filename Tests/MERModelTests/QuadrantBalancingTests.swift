import Foundation
import XCTest
import MoodCore
import Numerics
import MERModel

final class QuadrantBalancingTests: XCTestCase {
    private let covariance = (vv: 0.68, va: 0.21, aa: 0.69)
    private let deamPrior = [0.36, 0.13, 0.38, 0.13]

    func testAlphaZeroKeepsTheMostProbableQuadrantAndAlphaOneFavoursARareOne() {
        // Slightly more Joy than Fear mass: the most probable quadrant is Joy; balanced by the prior, Fear.
        let point = MoodPoint(valence: 5.1, arousal: 6.0)
        let plain = QuadrantBalancing(alpha: 0, prior: deamPrior, covariance: covariance)
        XCTAssertEqual(plain.decide(point), .joy)
        let balanced = QuadrantBalancing(alpha: 1, prior: deamPrior, covariance: covariance)
        let decision = balanced.decision(at: point)
        XCTAssertEqual(decision.quadrant, .fear)
        // The label carries the point's own probabilities: Joy is the more probable, Fear the decided.
        XCTAssertEqual(decision.probabilities.reduce(0, +), 1, accuracy: 1e-9)
        XCTAssertGreaterThan(decision.probabilities[0], decision.probabilities[1])
        XCTAssertEqual(decision.probabilities, plain.decision(at: point).probabilities)
        // Deep inside a quadrant the decision does not change.
        XCTAssertEqual(balanced.decide(MoodPoint(valence: 7.5, arousal: 7.5)), .joy)
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

    func testFitRaisesTheDecisionsMacroF1OnShrunkPredictions() {
        let (truth, predicted) = shrunkPredictions(rows: 3000, seed: 11)
        let balancing = QuadrantBalancing.fit(heldOutTruth: truth, heldOutPredicted: predicted,
                                              covariance: covariance, targets: truth)
        XCTAssertGreaterThan(balancing.alpha, 0)
        XCTAssertTrue(QuadrantBalancing.alphaGrid.contains(balancing.alpha))
        XCTAssertEqual(balancing.prior.reduce(0, +), 1, accuracy: 1e-12)
        let truthQuadrants = truth.moodPoints.map { $0.quadrant.rawValue - 1 }
        let decided = balancing.decisions(predicted).map { $0.quadrant.rawValue - 1 }
        let decisionF1 = ClassificationMetrics(labels: Quadrant.allCases.map(\.name), truth: truthQuadrants, predicted: decided).macro.f1
        XCTAssertGreaterThan(decisionF1, macroF1(truth, predicted) + 0.02)
    }

    func testFitDecidesThePointsQuadrantWhenPredictionsAreAlreadyBalanced() {
        // Predictions equal to the truth: nothing to gain, so alpha stays 0 and every label is the point's quadrant.
        let (truth, _) = shrunkPredictions(rows: 1000, seed: 5)
        let balancing = QuadrantBalancing.fit(heldOutTruth: truth, heldOutPredicted: truth, covariance: covariance, targets: truth)
        XCTAssertEqual(balancing.alpha, 0)
        XCTAssertEqual(balancing.decisions(truth).map(\.quadrant), truth.moodPoints.map(\.quadrant))
    }

    func testCalibratedModelKeepsTheRegressorsPointsAndLabelsThemAndRoundTripsThroughItsFile() throws {
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
        XCTAssertGreaterThan(balancing.alpha, 0, "the shrunk difference makes a balanced decision worth it")
        XCTAssertNotNil(model.confidence)
        XCTAssertEqual(model.predictValues(x), model.pipeline.predict(x), "no point is moved")
        let decisions = try XCTUnwrap(model.quadrantDecisions(x))
        XCTAssertEqual(decisions, model.predict(x).map { balancing.decision(at: $0) })
        XCTAssertTrue(zip(decisions, model.predict(x)).contains { $0.quadrant != $1.quadrant },
                      "some labels differ from their point's quadrant: the decision is a label, not a move")

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
