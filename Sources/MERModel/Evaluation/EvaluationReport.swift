import Foundation
import MoodIO
import DEAMData
import Numerics

/// Plain-text rendering of an `EvaluationRun` for the terminal.
public enum EvaluationReport {
    /// Regression scores, per-class and averaged classification scores and both confusion matrices.
    public static func text(_ run: EvaluationRun) -> String {
        let e = run.evaluation, r = e.regression
        var out = "Model \(run.model) · \(run.evaluationProtocol) (seed \(run.seed)) · \(e.count) songs held out · \(String(format: "%.1f", run.seconds)) s\n\n"
        out += "Regression        valence  arousal     mean\n"
        out += "  R²             " + [r.r2Valence, r.r2Arousal, r.r2Mean].map { pad(fmt($0), 9) }.joined() + "\n"
        out += "  RMSE           " + [r.rmseValence, r.rmseArousal, r.rmse].map { pad(fmt($0), 9) }.joined() + "\n"
        out += "\n" + classification(title: "Quadrants (4)", e.quadrant)
        out += "\n" + classification(title: "Sub-emotions (12)", e.subEmotion)
        return out
    }

    /// Per-class scores, macro and weighted averages, and the confusion matrix.
    public static func classification(title: String, _ m: ClassificationMetrics) -> String {
        let nameWidth = max(14, (m.confusion.labels.map(\.count).max() ?? 0) + 2)
        var out = "\(title): accuracy \(fmt(m.accuracy))\n"
        out += "  " + "".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "precision   recall       F1  support\n"
        for c in m.perClass {
            out += "  " + c.label.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                + pad(fmt(c.scores.precision), 9) + pad(fmt(c.scores.recall), 9) + pad(fmt(c.scores.f1), 9)
                + pad(String(c.support), 9) + "\n"
        }
        for (name, s) in [("macro avg", m.macro), ("weighted avg", m.weighted)] {
            out += "  " + name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                + pad(fmt(s.precision), 9) + pad(fmt(s.recall), 9) + pad(fmt(s.f1), 9)
                + pad(String(m.confusion.total), 9) + "\n"
        }
        out += "  Confusion matrix (rows true, columns predicted):\n"
        let short = m.confusion.labels.map { String($0.prefix(5)) }
        out += "  " + "".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + short.map { pad($0, 6) }.joined() + "\n"
        for (i, label) in m.confusion.labels.enumerated() {
            out += "  " + label.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                + m.confusion.counts[i].map { pad(String($0), 6) }.joined() + "\n"
        }
        return out
    }

    static func fmt(_ v: Double) -> String { NumberText.fixed(v, 3) }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s
    }
}
