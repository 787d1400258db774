import XCTest
import MERModel
import DEAMData
import Numerics
import MoodCore

final class MetricsTests: XCTestCase {
    /// Valence truth 1,3,5,7 (mean 4, SS_tot 20) with residuals −1,0,1,−1 (SS_res 3): R² = 0.85.
    /// Arousal truth 2,4,6,9 (mean 5.25, SS_tot 26.75) with residuals 0,−1,0,1 (SS_res 2): R² = 1 − 2/26.75.
    func testR2AndRMSEAgainstHandComputedValues() {
        let truth = Matrix([[1, 2], [3, 4], [5, 6], [7, 9]])
        let predicted = Matrix([[2, 2], [3, 5], [4, 6], [8, 8]])
        let m = RegressionMetrics(truth: truth, predicted: predicted)
        XCTAssertEqual(m.r2Valence, 0.85, accuracy: 1e-12)
        XCTAssertEqual(m.r2Arousal, 1 - 2 / 26.75, accuracy: 1e-12)
        XCTAssertEqual(m.r2Mean, (0.85 + 1 - 2 / 26.75) / 2, accuracy: 1e-12)
        XCTAssertEqual(m.rmseValence, (3.0 / 4).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(m.rmseArousal, (2.0 / 4).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(m.rmse, (5.0 / 8).squareRoot(), accuracy: 1e-12)
    }

    func testR2ConventionsForPerfectMeanAndConstantTruth() {
        XCTAssertEqual(RegressionMetrics.r2(truth: [1, 2, 3], predicted: [1, 2, 3]), 1)
        XCTAssertEqual(RegressionMetrics.r2(truth: [1, 2, 3], predicted: [2, 2, 2]), 0, accuracy: 1e-15)
        XCTAssertLessThan(RegressionMetrics.r2(truth: [1, 2, 3], predicted: [3, 2, 1]), 0)
        XCTAssertEqual(RegressionMetrics.r2(truth: [4, 4], predicted: [4, 4]), 1)
        XCTAssertEqual(RegressionMetrics.r2(truth: [4, 4], predicted: [4, 5]), 0)
    }

    /// Truth   A A A B B C C C C C
    /// Predict A A B B C C C C A D      (E never occurs)
    /// Confusion rows (truth) × columns (predicted), hand-counted:
    ///   A: 2 1 0 0 0 | B: 0 1 1 0 0 | C: 1 0 3 1 0 | D, E: empty.
    /// precision A 2/3, B 1/2, C 3/4, D 0; recall A 2/3, B 1/2, C 3/5, D 0;
    /// F1 A 2/3, B 1/2, C 2/3, D 0. Macro over the present labels A–D, weighted by support 3,2,5.
    /// (scikit-learn 1.9 gives the same: macro 0.479167/0.441667/0.458333, weighted 0.675/0.6/0.633333.)
    func testClassificationScoresAgainstHandComputedConfusionMatrix() {
        let labels = ["A", "B", "C", "D", "E"]
        let m = ClassificationMetrics(labels: labels, truth: [0, 0, 0, 1, 1, 2, 2, 2, 2, 2],
                                      predicted: [0, 0, 1, 1, 2, 2, 2, 2, 0, 3])
        XCTAssertEqual(m.confusion.counts, [[2, 1, 0, 0, 0], [0, 1, 1, 0, 0], [1, 0, 3, 1, 0],
                                            [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]])
        XCTAssertEqual(m.confusion.total, 10)
        XCTAssertEqual(m.accuracy, 0.6, accuracy: 1e-12)
        XCTAssertEqual(m.perClass.map(\.support), [3, 2, 5, 0, 0])
        XCTAssertEqual(m.perClass[2].scores.precision, 0.75, accuracy: 1e-12)
        XCTAssertEqual(m.perClass[2].scores.recall, 0.6, accuracy: 1e-12)
        XCTAssertEqual(m.perClass[2].scores.f1, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(m.perClass[3].scores, PrecisionRecallF1(precision: 0, recall: 0, f1: 0))
        // Macro: E is absent from truth and predictions, so it is excluded (as in sklearn).
        XCTAssertEqual(m.macro.precision, (2.0 / 3 + 0.5 + 0.75) / 4, accuracy: 1e-12)
        XCTAssertEqual(m.macro.recall, (2.0 / 3 + 0.5 + 0.6) / 4, accuracy: 1e-12)
        XCTAssertEqual(m.macro.f1, (2.0 / 3 + 0.5 + 2.0 / 3) / 4, accuracy: 1e-12)
        XCTAssertEqual(m.weighted.precision, 0.675, accuracy: 1e-12)
        XCTAssertEqual(m.weighted.recall, 0.6, accuracy: 1e-12)
        XCTAssertEqual(m.weighted.f1, (2 + 1 + 10.0 / 3) / 10, accuracy: 1e-12)
    }

    func testQuadrantAndSubEmotionConfusionFromMoodPoints() {
        let truth = [MoodPoint(valence: 7, arousal: 7), MoodPoint(valence: 3, arousal: 7),
                     MoodPoint(valence: 3, arousal: 3), MoodPoint(valence: 7, arousal: 3)]
        let predicted = [MoodPoint(valence: 6, arousal: 6), MoodPoint(valence: 6, arousal: 6),
                         MoodPoint(valence: 3, arousal: 3), MoodPoint(valence: 5, arousal: 4.9)]
        let q = ConfusionMatrix.quadrants(truth: truth, predicted: predicted)
        XCTAssertEqual(q.labels, ["Joy", "Fear", "Sadness", "Contentment"])
        XCTAssertEqual(q.counts, [[1, 0, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
        let s = ConfusionMatrix.subEmotions(truth: truth, predicted: predicted)
        XCTAssertEqual(s.labels.count, 12)
        XCTAssertEqual(s.counts[SubEmotion.enthusiasm.rawValue][SubEmotion.enthusiasm.rawValue], 1)
        XCTAssertEqual(s.counts[SubEmotion.anger.rawValue][SubEmotion.enthusiasm.rawValue], 1)
        XCTAssertEqual(s.counts[SubEmotion.melancholy.rawValue][SubEmotion.melancholy.rawValue], 1)
        // (7, 3) is at 315° → Relaxation; (5, 4.9) is at 270° → Calmness.
        XCTAssertEqual(s.counts[SubEmotion.relaxation.rawValue][SubEmotion.calmness.rawValue], 1)
        let e = Evaluation(truth: Matrix(moodPoints: truth), predicted: Matrix(moodPoints: predicted))
        XCTAssertEqual(e.quadrant.accuracy, 0.75)
        XCTAssertEqual(e.subEmotion.accuracy, 0.5)
        XCTAssertEqual(e.count, 4)
    }
}
