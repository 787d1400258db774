import DEAMData
import Dispatch
import MoodCore
import Numerics

/// How good the held-out placements' confidence is, and how findable each region is:
/// what `mood evaluate` adds beside R² and accuracy.
///
/// Every figure is computed on held-out songs. For each outer fold, the model is fitted on the
/// training rows and its `ConfidenceCalibration` on an inner cross-validation of the *same*
/// training rows, so nothing about a test song reaches its point, spread or flag.
public struct ConfidenceEvaluation: Encodable, Sendable {
    /// One bin of the reliability diagram of the top quadrant probability.
    public struct ReliabilityBin: Encodable, Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        public var meanConfidence: Double
        public var accuracy: Double
    }

    /// Top-20 precision of a region query ranked by probability.
    public struct FilterPrecision: Encodable, Sendable, Equatable {
        /// Per sector name: share of the top 20 whose human rating is in that sector.
        public var sector: [String: Double]
        /// Per sector name: share of the top 20 whose human rating is in the sector's quadrant.
        public var sectorSameQuadrant: [String: Double]
        /// Per quadrant name: share of the top 20 (ranked by quadrant probability) rated in it.
        public var quadrant: [String: Double]
        public var meanSector: Double
        public var minSectorSameQuadrant: Double
        public var meanQuadrant: Double
    }

    /// Share of held-out ratings inside their 80% region (target 0.80).
    public var regionCoverage: Double
    /// Mean area-equivalent radius of the 80% regions (scale units).
    public var meanRegionRadius: Double
    /// Multi-class Brier score of the quadrant probabilities (sum over the 4 classes, mean over songs).
    public var brier: Double
    /// Expected calibration error of the top quadrant probability (10 equal-width bins).
    public var expectedCalibrationError: Double
    /// Class-wise ECE: the mean over quadrants of each probability's ECE (10 bins).
    public var classwiseCalibrationError: Double
    /// The reliability diagram of the top quadrant probability.
    public var reliability: [ReliabilityBin]
    /// Held-out songs flagged as unlike the training data.
    public var outOfDistributionShare: Double
    /// Out-of-fold region queries (top 20, ranked by probability; songs placed by the model only).
    public var filterPrecisionAt20: FilterPrecision
    /// Quadrants decided by probability divided by √(training-fold prior) — a class-balanced
    /// decision over the same distributions (reported, not used for the points).
    public var priorCorrectedQuadrant: ClassificationMetrics
    /// Per outer fold, the `QuadrantBalancing` exponent chosen inside its training rows (empty
    /// when the scores were computed from distributions alone).
    public var quadrantBalancingAlphas: [Double] = []
    /// The `QuadrantBalancing` label's quadrants against the rated ones (nil when not measured):
    /// the class-balanced decision shown beside each unmoved point.
    public var balancedDecision: ClassificationMetrics?

    /// Scores held-out distributions against the truth; `priors[i]` is the quadrant prior of row i's training fold.
    public init(truth: [MoodPoint], distributions: [PlacementDistribution], priors: [[Double]]) {
        let n = truth.count
        var covered = 0, ood = 0, radius = 0.0, brier = 0.0
        var top = [(confidence: Double, correct: Bool)]()
        var quadrantProbabilities = [[Double]](), sectorProbabilities = [[Double]]()
        var decided = [Int]()
        for i in 0..<n {
            let d = distributions[i]
            if d.regionContains(truth[i]) { covered += 1 }
            if d.outOfDistribution { ood += 1 }
            radius += d.regionRadius
            let sectors = d.sectorProbabilities
            let quadrants = PlacementDistribution.quadrantProbabilities(fromSectors: sectors)
            sectorProbabilities.append(sectors)
            quadrantProbabilities.append(quadrants)
            let truthQuadrant = truth[i].quadrant.rawValue - 1
            for k in 0..<4 {
                let y = k == truthQuadrant ? 1.0 : 0.0
                brier += (quadrants[k] - y) * (quadrants[k] - y)
            }
            let best = quadrants.indices.max { quadrants[$0] < quadrants[$1] }!
            top.append((quadrants[best], best == truthQuadrant))
            let scores = (0..<4).map { quadrants[$0] / max(priors[i][$0], 1e-9).squareRoot() }
            decided.append(scores.indices.max { scores[$0] < scores[$1] }!)
        }
        regionCoverage = Double(covered) / Double(max(1, n))
        meanRegionRadius = radius / Double(max(1, n))
        self.brier = brier / Double(max(1, n))
        outOfDistributionShare = Double(ood) / Double(max(1, n))
        (expectedCalibrationError, reliability) = Self.calibration(top)
        var classwise = 0.0
        for k in 0..<4 {
            let pairs = (0..<n).map { (quadrantProbabilities[$0][k], truth[$0].quadrant.rawValue - 1 == k) }
            classwise += Self.calibration(pairs).0 / 4
        }
        classwiseCalibrationError = classwise
        priorCorrectedQuadrant = ClassificationMetrics(confusion: ConfusionMatrix(
            labels: Quadrant.allCases.map(\.name), truth: truth.map { $0.quadrant.rawValue - 1 }, predicted: decided))
        // Region queries: the 20 most probable songs per sector / quadrant.
        func precision(_ score: (Int) -> Double, _ hit: (Int) -> Bool) -> Double {
            let ranked = (0..<n).sorted { score($0) != score($1) ? score($0) > score($1) : $0 < $1 }.prefix(20)
            return Double(ranked.filter(hit).count) / Double(max(1, ranked.count))
        }
        var sector = [String: Double](), sameQuadrant = [String: Double](), quadrant = [String: Double]()
        for s in SubEmotion.allCases {
            sector[s.name] = precision({ sectorProbabilities[$0][s.rawValue] }, { truth[$0].subEmotion == s })
            sameQuadrant[s.name] = precision({ sectorProbabilities[$0][s.rawValue] }, { truth[$0].quadrant == s.quadrant })
        }
        for q in Quadrant.allCases {
            quadrant[q.name] = precision({ quadrantProbabilities[$0][q.rawValue - 1] }, { truth[$0].quadrant == q })
        }
        filterPrecisionAt20 = FilterPrecision(
            sector: sector, sectorSameQuadrant: sameQuadrant, quadrant: quadrant,
            meanSector: sector.values.reduce(0, +) / 12, minSectorSameQuadrant: sameQuadrant.values.min() ?? 0,
            meanQuadrant: quadrant.values.reduce(0, +) / 4)
    }

    /// ECE and reliability bins of (probability, outcome) pairs, 10 equal-width bins.
    static func calibration(_ pairs: [(Double, Bool)]) -> (Double, [ReliabilityBin]) {
        var bins = [ReliabilityBin]()
        var ece = 0.0
        for b in 0..<10 {
            let lower = Double(b) / 10, upper = Double(b + 1) / 10
            let members = pairs.filter { min(9, Int($0.0 * 10)) == b }
            guard !members.isEmpty else { continue }
            let confidence = members.reduce(0) { $0 + $1.0 } / Double(members.count)
            let accuracy = Double(members.filter(\.1).count) / Double(members.count)
            ece += Double(members.count) / Double(pairs.count) * abs(confidence - accuracy)
            bins.append(ReliabilityBin(lower: lower, upper: upper, count: members.count, meanConfidence: confidence, accuracy: accuracy))
        }
        return (ece, bins)
    }
}

extension EvaluationRun {
    /// Cross-validates `specification` with confidence: each outer training fold fits the model and,
    /// on an `innerFolds`-fold cross-validation of the same rows, its calibrations (`MoodModel.calibrate`:
    /// quadrant balancing of the points, then their confidence). `progress` is called
    /// with (folds done, folds) as outer folds finish.
    public static func measureWithConfidence(
        _ specification: ModelSpecification, x: Matrix, y: Matrix, crossValidation: CrossValidation,
        innerFolds: Int = 3, name: String? = nil, progress: ((Int, Int) -> Void)? = nil
    ) throws -> EvaluationRun {
        let start = DispatchTime.now().uptimeNanoseconds
        let folds = try crossValidation.folds(count: x.rows)
        var predicted = [Int: (MoodPoint, PlacementDistribution, [Double], Int, Quadrant?)]()
        var alphas = [Double]()
        for (f, fold) in folds.enumerated() {
            let xTrain = x.selectingRows(fold.train), yTrain = y.selectingRows(fold.train)
            var model = MoodModel(specification: specification, featureNames: (0..<x.columns).map { "f\($0)" })
            try model.fit(xTrain, yTrain, data: "fold \(f)")
            try model.calibrate(specification, x: xTrain, y: yTrain, folds: innerFolds,
                                seed: crossValidation.seed &+ UInt64(f), parallel: crossValidation.parallel)
            alphas.append(model.quadrantBalancing?.alpha ?? 0)
            var prior = [Double](repeating: 0, count: 4)
            for i in 0..<yTrain.rows { prior[MoodPoint(valence: yTrain[i, 0], arousal: yTrain[i, 1]).quadrant.rawValue - 1] += 1 / Double(yTrain.rows) }
            let xTest = x.selectingRows(fold.test)
            let raw = model.predictValues(xTest)
            let distributions = model.placements(xTest)!
            let decisions = model.quadrantDecisions(xTest)
            for (i, row) in fold.test.enumerated() {
                predicted[row] = (MoodPoint(valence: raw[i, 0], arousal: raw[i, 1]), distributions[i], prior, f, decisions?[i].quadrant)
            }
            progress?(f + 1, folds.count)
        }
        let rows = predicted.keys.sorted()
        let truth = y.selectingRows(rows)
        let points = Matrix(moodPoints: rows.map { predicted[$0]!.0 })
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var run = EvaluationRun(model: name ?? specification.kind.rawValue, evaluationProtocol: crossValidation.evaluationProtocol,
                                seed: crossValidation.seed, evaluation: Evaluation(truth: truth, predicted: points), seconds: seconds)
        run.confidence = ConfidenceEvaluation(truth: truth.moodPoints, distributions: rows.map { predicted[$0]!.1 },
                                              priors: rows.map { predicted[$0]!.2 })
        run.confidence?.quadrantBalancingAlphas = alphas
        let decided = rows.compactMap { predicted[$0]!.4 }
        if decided.count == rows.count {
            run.confidence?.balancedDecision = ClassificationMetrics(confusion: ConfusionMatrix(
                labels: Quadrant.allCases.map(\.name), truth: truth.moodPoints.map { $0.quadrant.rawValue - 1 },
                predicted: decided.map { $0.rawValue - 1 }))
        }
        return run
    }
}

/// Plain-text rendering of a `ConfidenceEvaluation` for the terminal.
public enum ConfidenceReport {
    public static func text(_ c: ConfidenceEvaluation, quadrant: ClassificationMetrics) -> String {
        func f(_ v: Double) -> String { EvaluationReport.fmt(v) }
        var out = "\nQuadrant macro-F1 \(f(quadrant.macro.f1)), balanced accuracy \(f(quadrant.macro.recall))"
        out += "; prior-corrected decision: macro-F1 \(f(c.priorCorrectedQuadrant.macro.f1)), balanced accuracy \(f(c.priorCorrectedQuadrant.macro.recall))\n"
        if let b = c.balancedDecision {
            out += "Balanced quadrant label (beside the unmoved point): macro-F1 \(f(b.macro.f1)), balanced accuracy \(f(b.macro.recall)), accuracy \(f(b.accuracy))\n"
        }
        if !c.quadrantBalancingAlphas.isEmpty {
            out += "Quadrant balancing exponent chosen inside each training fold: " + c.quadrantBalancingAlphas.map { f($0) }.joined(separator: ", ") + "\n"
        }
        out += "Confidence (calibrated inside each training fold)\n"
        out += "  80% regions cover \(f(c.regionCoverage)) of held-out ratings (mean radius \(f(c.meanRegionRadius)))\n"
        out += "  quadrant probabilities: ECE \(f(c.expectedCalibrationError)) (top label), \(f(c.classwiseCalibrationError)) (class-wise); Brier \(f(c.brier))\n"
        out += "  unlike the training data: \(f(c.outOfDistributionShare)) of held-out songs\n"
        out += "  reliability (top quadrant probability → share correct): "
            + c.reliability.map { "\(f($0.meanConfidence))→\(f($0.accuracy)) (\($0.count))" }.joined(separator: ", ") + "\n"
        let p = c.filterPrecisionAt20
        out += "Region queries, top 20 by probability (held-out): mean sector precision \(f(p.meanSector)), worst same-quadrant share \(f(p.minSectorSameQuadrant)), mean quadrant precision \(f(p.meanQuadrant))\n"
        for s in SubEmotion.allCases {
            out += "  " + s.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                + " sector \(f(p.sector[s.name] ?? 0))  same quadrant \(f(p.sectorSameQuadrant[s.name] ?? 0))\n"
        }
        out += "  quadrants: " + Quadrant.allCases.map { "\($0.name) \(f(p.quadrant[$0.name] ?? 0))" }.joined(separator: ", ") + "\n"
        return out
    }
}
