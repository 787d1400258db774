import DEAMData
import Numerics
import MoodCore

/// Everything `mood evaluate` reports about one set of held-out predictions:
/// R² and RMSE, and the quadrant and sub-emotion classification scores of the
/// points the predictions fall on.
public struct Evaluation: Codable, Sendable, Equatable {
    /// Number of songs scored.
    public var count: Int
    /// R² and RMSE of valence and arousal.
    public var regression: RegressionMetrics
    /// Scores over the four quadrants.
    public var quadrant: ClassificationMetrics
    /// Scores over the twelve sub-emotions.
    public var subEmotion: ClassificationMetrics

    /// Scores two-column (valence, arousal) predictions against the truth.
    public init(truth: Matrix, predicted: Matrix) {
        count = truth.rows
        regression = RegressionMetrics(truth: truth, predicted: predicted)
        let t = truth.moodPoints, p = predicted.moodPoints
        quadrant = ClassificationMetrics(confusion: .quadrants(truth: t, predicted: p))
        subEmotion = ClassificationMetrics(confusion: .subEmotions(truth: t, predicted: p))
    }

    /// Scores the held-out predictions of a cross-validation run.
    public init(_ predictions: HeldOutPredictions) {
        self.init(truth: predictions.truth, predicted: predictions.predicted)
    }
}
