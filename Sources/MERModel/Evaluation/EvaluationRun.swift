import DEAMData
import Numerics
import Dispatch

/// One model evaluated under one protocol: what `mood evaluate` prints.
public struct EvaluationRun: Sendable, Encodable {
    /// The model's CLI name (e.g. `random-forest`).
    public var model: String
    /// How the held-out predictions were made.
    public var evaluationProtocol: EvaluationProtocol
    /// Seed of the shuffle and of the model.
    public var seed: UInt64
    /// The scores.
    public var evaluation: Evaluation
    /// Wall-clock seconds for fitting and predicting every fold.
    public var seconds: Double
    /// Coverage, calibration and region-query scores of the held-out confidence (when measured).
    public var confidence: ConfidenceEvaluation?

    public init(model: String, evaluationProtocol: EvaluationProtocol, seed: UInt64, evaluation: Evaluation, seconds: Double) {
        self.model = model
        self.evaluationProtocol = evaluationProtocol
        self.seed = seed
        self.evaluation = evaluation
        self.seconds = seconds
    }

    private enum Keys: String, CodingKey {
        case model, `protocol`, folds, testFraction, seed, songs, seconds, r2, rmse, quadrant, subEmotion
        case valence, arousal, mean, overall, confidence
    }

    private enum ClassificationKeys: String, CodingKey {
        case accuracy, precisionWeighted, recallWeighted, f1Weighted, precisionMacro, recallMacro, f1Macro
        case labels, confusion, perClass, balancedAccuracy
    }

    /// `{model, protocol, seed, songs, seconds, r2: {valence, arousal, mean}, rmse: {…},
    /// quadrant: {accuracy, f1Weighted, f1Macro, …, confusion}, subEmotion: {…}}`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(model, forKey: .model)
        switch evaluationProtocol {
        case .kFold(let folds):
            try c.encode("\(folds)-fold", forKey: .protocol)
            try c.encode(folds, forKey: .folds)
        case .split(let fraction):
            try c.encode("split", forKey: .protocol)
            try c.encode(fraction, forKey: .testFraction)
        }
        try c.encode(seed, forKey: .seed)
        try c.encode(evaluation.count, forKey: .songs)
        try c.encode((seconds * 1000).rounded() / 1000, forKey: .seconds)
        let reg = evaluation.regression
        var r2 = c.nestedContainer(keyedBy: Keys.self, forKey: .r2)
        try r2.encode(reg.r2Valence, forKey: .valence)
        try r2.encode(reg.r2Arousal, forKey: .arousal)
        try r2.encode(reg.r2Mean, forKey: .mean)
        var rmse = c.nestedContainer(keyedBy: Keys.self, forKey: .rmse)
        try rmse.encode(reg.rmseValence, forKey: .valence)
        try rmse.encode(reg.rmseArousal, forKey: .arousal)
        try rmse.encode(reg.rmse, forKey: .overall)
        for (key, metrics) in [(Keys.quadrant, evaluation.quadrant), (.subEmotion, evaluation.subEmotion)] {
            var q = c.nestedContainer(keyedBy: ClassificationKeys.self, forKey: key)
            try q.encode(metrics.accuracy, forKey: .accuracy)
            try q.encode(metrics.weighted.precision, forKey: .precisionWeighted)
            try q.encode(metrics.weighted.recall, forKey: .recallWeighted)
            try q.encode(metrics.weighted.f1, forKey: .f1Weighted)
            try q.encode(metrics.macro.precision, forKey: .precisionMacro)
            try q.encode(metrics.macro.recall, forKey: .recallMacro)
            try q.encode(metrics.macro.f1, forKey: .f1Macro)
            // Balanced accuracy = the mean per-class recall.
            try q.encode(metrics.macro.recall, forKey: .balancedAccuracy)
            try q.encode(metrics.confusion.labels, forKey: .labels)
            try q.encode(metrics.confusion.counts, forKey: .confusion)
            try q.encode(metrics.perClass, forKey: .perClass)
        }
        try c.encodeIfPresent(confidence, forKey: .confidence)
    }
}

extension EvaluationRun {
    /// Cross-validates `specification` on `x`, `y` (a fresh pipeline per training fold) and times it.
    public static func measure(_ specification: ModelSpecification, x: Matrix, y: Matrix, weights: [Double]? = nil,
                               crossValidation: CrossValidation, name: String? = nil) throws -> EvaluationRun {
        let start = DispatchTime.now().uptimeNanoseconds
        let held = try crossValidation.predictions(x: x, y: y, weights: weights) { specification.makePipeline() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return EvaluationRun(model: name ?? specification.kind.rawValue, evaluationProtocol: crossValidation.evaluationProtocol,
                             seed: crossValidation.seed, evaluation: Evaluation(held), seconds: seconds)
    }
}
