import DEAMData
import Numerics
import MoodCore

/// Regression quality of (valence, arousal) predictions against the truth.
///
/// R² follows scikit-learn's `r2_score`: per output `1 - SS_res / SS_tot`,
/// a constant truth gives 1 when predicted exactly and 0 otherwise, and the
/// mean is the uniform average of the two outputs.
public struct RegressionMetrics: Codable, Sendable, Equatable {
    /// R² of valence.
    public var r2Valence: Double
    /// R² of arousal.
    public var r2Arousal: Double
    /// Uniform average of the two R² values (sklearn's `r2_score` on two outputs).
    public var r2Mean: Double
    /// Root mean squared error of valence.
    public var rmseValence: Double
    /// Root mean squared error of arousal.
    public var rmseArousal: Double
    /// Root mean squared error over both outputs together.
    public var rmse: Double

    /// Compares two-column (valence, arousal) matrices row by row.
    public init(truth: Matrix, predicted: Matrix) {
        precondition(truth.columns == 2 && predicted.columns == 2, "expected (valence, arousal) columns")
        precondition(truth.rows == predicted.rows, "truth has \(truth.rows) rows, predictions \(predicted.rows)")
        let tv = truth.column(0), ta = truth.column(1)
        let pv = predicted.column(0), pa = predicted.column(1)
        r2Valence = RegressionMetrics.r2(truth: tv, predicted: pv)
        r2Arousal = RegressionMetrics.r2(truth: ta, predicted: pa)
        r2Mean = (r2Valence + r2Arousal) / 2
        let mseV = RegressionMetrics.meanSquaredError(truth: tv, predicted: pv)
        let mseA = RegressionMetrics.meanSquaredError(truth: ta, predicted: pa)
        rmseValence = mseV.squareRoot()
        rmseArousal = mseA.squareRoot()
        rmse = ((mseV + mseA) / 2).squareRoot()
    }

    /// The coefficient of determination of one output (sklearn's convention for a constant truth).
    public static func r2(truth: [Double], predicted: [Double]) -> Double {
        precondition(truth.count == predicted.count, "truth and predictions differ in length")
        guard !truth.isEmpty else { return .nan }
        let mean = truth.reduce(0, +) / Double(truth.count)
        var ssRes = 0.0, ssTot = 0.0
        for i in truth.indices {
            let r = truth[i] - predicted[i], d = truth[i] - mean
            ssRes += r * r
            ssTot += d * d
        }
        if ssTot == 0 { return ssRes == 0 ? 1 : 0 }
        return 1 - ssRes / ssTot
    }

    /// Mean squared error of one output.
    public static func meanSquaredError(truth: [Double], predicted: [Double]) -> Double {
        precondition(truth.count == predicted.count, "truth and predictions differ in length")
        guard !truth.isEmpty else { return .nan }
        var sum = 0.0
        for i in truth.indices { let r = truth[i] - predicted[i]; sum += r * r }
        return sum / Double(truth.count)
    }
}

/// Counts of true label (rows) against predicted label (columns).
public struct ConfusionMatrix: Codable, Sendable, Equatable {
    /// Label names, in index order.
    public let labels: [String]
    /// `counts[truth][predicted]`.
    public private(set) var counts: [[Int]]

    /// An empty matrix over `labels`.
    public init(labels: [String]) {
        self.labels = labels
        counts = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
    }

    /// Counts pairs of label indices (each in `0..<labels.count`).
    public init(labels: [String], truth: [Int], predicted: [Int]) {
        precondition(truth.count == predicted.count, "truth and predictions differ in length")
        self.init(labels: labels)
        for (t, p) in zip(truth, predicted) { add(truth: t, predicted: p) }
    }

    /// The four quadrants (Joy, Fear, Sadness, Contentment) of true vs predicted points.
    public static func quadrants(truth: [MoodPoint], predicted: [MoodPoint]) -> ConfusionMatrix {
        ConfusionMatrix(labels: Quadrant.allCases.map(\.name),
                        truth: truth.map { $0.quadrant.rawValue - 1 },
                        predicted: predicted.map { $0.quadrant.rawValue - 1 })
    }

    /// The twelve 30° sub-emotions of true vs predicted points.
    public static func subEmotions(truth: [MoodPoint], predicted: [MoodPoint]) -> ConfusionMatrix {
        ConfusionMatrix(labels: SubEmotion.allNames,
                        truth: truth.map { $0.subEmotion.rawValue },
                        predicted: predicted.map { $0.subEmotion.rawValue })
    }

    /// Adds one observation.
    public mutating func add(truth: Int, predicted: Int) {
        precondition(labels.indices.contains(truth) && labels.indices.contains(predicted), "label index out of range")
        counts[truth][predicted] += 1
    }

    /// Number of observations.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
    /// Observations whose true label is `label` (the class's support).
    public func support(_ label: Int) -> Int { counts[label].reduce(0, +) }
    /// Observations predicted as `label`.
    public func predictedCount(_ label: Int) -> Int { counts.reduce(0) { $0 + $1[label] } }
    /// Correct predictions.
    public var correct: Int { labels.indices.reduce(0) { $0 + counts[$1][$1] } }
}

/// Precision, recall and F1 of one class, or an average of them.
public struct PrecisionRecallF1: Codable, Sendable, Equatable {
    public var precision: Double
    public var recall: Double
    public var f1: Double

    public init(precision: Double, recall: Double, f1: Double) {
        self.precision = precision
        self.recall = recall
        self.f1 = f1
    }
}

/// Scores of one class.
public struct ClassScores: Codable, Sendable, Equatable {
    /// The class name.
    public var label: String
    /// Precision, recall and F1 (0 where undefined, like sklearn's `zero_division=0`).
    public var scores: PrecisionRecallF1
    /// Number of true observations of the class.
    public var support: Int
}

/// Classification quality derived from a confusion matrix, following
/// scikit-learn's `precision_recall_fscore_support` with `zero_division=0`.
///
/// The macro average runs over the labels present in the truth or the
/// predictions (as sklearn does when no `labels` are given); the weighted
/// average weights each class by its support.
public struct ClassificationMetrics: Codable, Sendable, Equatable {
    /// The confusion matrix the scores come from.
    public var confusion: ConfusionMatrix
    /// Fraction of correct predictions.
    public var accuracy: Double
    /// Per-class scores, in label order (all labels, present or not).
    public var perClass: [ClassScores]
    /// Unweighted mean over present labels.
    public var macro: PrecisionRecallF1
    /// Support-weighted mean.
    public var weighted: PrecisionRecallF1

    /// Scores of `confusion`.
    public init(confusion: ConfusionMatrix) {
        self.confusion = confusion
        let total = confusion.total
        accuracy = total == 0 ? 0 : Double(confusion.correct) / Double(total)
        var perClass = [ClassScores]()
        var macroSum = PrecisionRecallF1(precision: 0, recall: 0, f1: 0)
        var weightedSum = PrecisionRecallF1(precision: 0, recall: 0, f1: 0)
        var present = 0
        for k in confusion.labels.indices {
            let tp = Double(confusion.counts[k][k])
            let support = confusion.support(k)
            let predicted = confusion.predictedCount(k)
            let precision = predicted == 0 ? 0 : tp / Double(predicted)
            let recall = support == 0 ? 0 : tp / Double(support)
            let denominator = Double(support + predicted)
            let f1 = denominator == 0 ? 0 : 2 * tp / denominator
            let scores = PrecisionRecallF1(precision: precision, recall: recall, f1: f1)
            perClass.append(ClassScores(label: confusion.labels[k], scores: scores, support: support))
            if support > 0 || predicted > 0 {
                present += 1
                macroSum.precision += precision; macroSum.recall += recall; macroSum.f1 += f1
            }
            let w = Double(support)
            weightedSum.precision += w * precision; weightedSum.recall += w * recall; weightedSum.f1 += w * f1
        }
        self.perClass = perClass
        let p = Double(max(present, 1)), t = Double(max(total, 1))
        macro = PrecisionRecallF1(precision: macroSum.precision / p, recall: macroSum.recall / p, f1: macroSum.f1 / p)
        weighted = PrecisionRecallF1(precision: weightedSum.precision / t, recall: weightedSum.recall / t, f1: weightedSum.f1 / t)
    }

    /// Scores of integer labels over `labels`.
    public init(labels: [String], truth: [Int], predicted: [Int]) {
        self.init(confusion: ConfusionMatrix(labels: labels, truth: truth, predicted: predicted))
    }
}
