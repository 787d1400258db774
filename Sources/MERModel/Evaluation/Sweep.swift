import Foundation
import DEAMData
import Numerics

/// A hyperparameter sweep like the original study's: the number of trees, the
/// number of PCA components, or KNN's K, each value cross-validated.
public struct Sweep: Sendable {
    /// What is swept.
    public enum Parameter: String, CaseIterable, Codable, Sendable {
        /// Trees of a forest (the study: 10, 50, 100, 250, 500).
        case trees
        /// PCA components after standardising (the study: 5 … 130).
        case pca
        /// KNN's number of neighbours (the study: 1 … 50).
        case k

        /// The study's values.
        public var defaultValues: [Int] {
            switch self {
            case .trees: return [10, 50, 100, 250, 500]
            case .pca: return [5, 10, 20, 40, 80, 130]
            case .k: return Array(1...50)
            }
        }

        /// Axis label.
        public var label: String {
            switch self {
            case .trees: return "number of trees"
            case .pca: return "PCA components"
            case .k: return "K (neighbours)"
            }
        }

        /// `base` with this parameter set to `value`.
        public func options(_ base: ModelOptions, value: Int) -> ModelOptions {
            var options = base
            switch self {
            case .trees: options.trees = value
            case .pca: options.pcaComponents = value
            case .k: options.neighbors = value
            }
            return options
        }
    }

    public var parameter: Parameter
    public var values: [Int]

    /// A sweep over `values` (default: the study's).
    public init(_ parameter: Parameter, values: [Int]? = nil) {
        self.parameter = parameter
        self.values = values ?? parameter.defaultValues
    }

    /// Cross-validates `kind` at every value; `progress(done, total)` is called after each.
    public func run(kind: ModelKind, options: ModelOptions, x: Matrix, y: Matrix, crossValidation: CrossValidation,
                    progress: ((Int, Int) -> Void)? = nil) throws -> SweepResult {
        var runs = [EvaluationRun]()
        for (i, value) in values.enumerated() {
            let specification = try kind.specification(parameter.options(options, value: value))
            runs.append(try EvaluationRun.measure(specification, x: x, y: y, crossValidation: crossValidation))
            progress?(i + 1, values.count)
        }
        return SweepResult(parameter: parameter, model: kind.rawValue, values: values, runs: runs)
    }
}

/// The scores of a sweep, one run per value.
public struct SweepResult: Sendable, Encodable {
    public var parameter: Sweep.Parameter
    public var model: String
    public var values: [Int]
    public var runs: [EvaluationRun]

    /// A plain-text table: value, R² valence/arousal/mean, quadrant accuracy and F1, sub-emotion accuracy, seconds.
    public func table() -> String {
        let f = EvaluationReport.fmt, pad = EvaluationReport.pad
        let protocolName = runs.first.map { "\($0.evaluationProtocol)" } ?? ""
        var out = "Sweep of \(parameter.label) · \(model) · \(protocolName)\n"
        out += pad(parameter.rawValue, 8) + "  R² val   R² aro  R² mean  quad acc   quad F1w   sub acc   seconds\n"
        for (value, run) in zip(values, runs) {
            let e = run.evaluation, r = e.regression
            out += pad(String(value), 8) + [r.r2Valence, r.r2Arousal, r.r2Mean, e.quadrant.accuracy].map { pad(f($0), 9) }.joined()
                + pad(f(e.quadrant.weighted.f1), 11) + pad(f(e.subEmotion.accuracy), 10)
                + pad(String(format: "%.2f", run.seconds), 10) + "\n"
        }
        return out
    }

}
