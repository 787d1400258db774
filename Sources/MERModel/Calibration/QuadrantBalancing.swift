import DEAMData
import Foundation
import MoodCore
import Numerics

/// A class-balanced quadrant decision, kept *beside* the placed point as a label.
///
/// DEAM's quadrants are unbalanced (Joy and Sadness 36–38% each, Fear and Contentment 13% each),
/// and a regressor minimising squared error pulls the off-diagonal songs (Fear, Contentment)
/// towards the diagonal: alone, the point's quadrant finds 12% of Fear songs. This component:
///
/// 1. computes the point's quadrant probabilities under N(point, Σ) — Σ the conformal residual
///    covariance of held-out training predictions, as in `ConfidenceCalibration`;
/// 2. decides the quadrant maximising `p(q) / prior(q)^alpha` (1: fully balanced; `alpha` = 0 turns
///    the balancing off: the decision is the point's own quadrant).
///
/// The point itself is never moved: it stays the regressors' estimate, and the decision is a
/// `QuadrantDecision` (the decided quadrant with the probabilities it was decided from) shown and
/// stored beside it. (Models before issue 19 moved the point into the decided quadrant, which piled
/// 12% of DEAM songs up 0.02 inside a quadrant boundary.) `alpha` is chosen on held-out predictions
/// *of the training data* (`fit`): the value of `alphaGrid` with the best macro-F1 of the decision.
public struct QuadrantBalancing: Codable, Sendable, Hashable {
    /// Exponent of the prior correction; 0: no balancing (the decision is the point's own quadrant).
    public var alpha: Double
    /// Quadrant shares of the training ratings (index = `Quadrant.rawValue − 1`), summing to 1.
    public var prior: [Double]
    /// Residual covariance (var V, cov VA, var A) of the decision's distributions.
    public var covarianceVV: Double
    public var covarianceVA: Double
    public var covarianceAA: Double

    /// The exponents `fit` chooses from.
    public static let alphaGrid = (0...10).map { Double($0) / 10 }

    public init(alpha: Double, prior: [Double], covariance: (vv: Double, va: Double, aa: Double)) {
        self.alpha = alpha
        self.prior = prior
        covarianceVV = covariance.vv
        covarianceVA = covariance.va
        covarianceAA = covariance.aa
    }

    /// The decision's predictive distribution at `point`.
    func distribution(at point: MoodPoint) -> PlacementDistribution {
        PlacementDistribution(mean: point, covariance: (covarianceVV, covarianceVA, covarianceAA))
    }

    /// The quadrant maximising `p(q) / prior(q)^alpha` (ties: the lower index); with `alpha` 0 the point's own.
    public func decide(_ point: MoodPoint) -> Quadrant {
        decision(at: point).quadrant
    }

    /// The balanced decision at `point`, with the quadrant probabilities it was made from.
    public func decision(at point: MoodPoint) -> QuadrantDecision {
        let probabilities = distribution(at: point).quadrantProbabilities
        let quadrant = alpha == 0 ? point.quadrant : Self.decide(probabilities, prior: prior, alpha: alpha)
        return QuadrantDecision(quadrant: quadrant, probabilities: probabilities)
    }

    /// The decision of every row of a two-column (valence, arousal) matrix.
    public func decisions(_ values: Matrix) -> [QuadrantDecision] {
        (0..<values.rows).map { decision(at: MoodPoint(valence: values[$0, 0], arousal: values[$0, 1])) }
    }

    static func decide(_ probabilities: [Double], prior: [Double], alpha: Double) -> Quadrant {
        var best = 0, bestScore = -Double.infinity
        for q in 0..<4 {
            let score = probabilities[q] / Foundation.pow(max(prior[q], 1e-9), alpha)
            if score > bestScore { best = q; bestScore = score }
        }
        return Quadrant(rawValue: best + 1)!
    }

    /// Fits the balancing on held-out predictions of the training data.
    /// - Parameters:
    ///   - truth: the held-out rows' ratings (two columns).
    ///   - predicted: their held-out predictions (two columns, unclamped).
    ///   - covariance: the residual covariance of the decision (`ConfidenceCalibration`'s, fitted on the same rows).
    ///   - targets: every training rating, for the prior.
    /// - Returns: the balancing with the `alpha` of `alphaGrid` whose decisions have the best
    ///   macro-F1 against the truth (ties: the smaller exponent; 0 when none beats the points' own quadrants).
    public static func fit(heldOutTruth truth: Matrix, heldOutPredicted predicted: Matrix,
                           covariance: (vv: Double, va: Double, aa: Double), targets: Matrix) -> QuadrantBalancing {
        var prior = [Double](repeating: 0, count: 4)
        for i in 0..<targets.rows {
            prior[MoodPoint(valence: targets[i, 0], arousal: targets[i, 1]).quadrant.rawValue - 1] += 1
        }
        prior = prior.map { $0 / Double(max(1, targets.rows)) }
        let template = QuadrantBalancing(alpha: 0, prior: prior, covariance: covariance)
        let points = (0..<predicted.rows).map { MoodPoint(valence: predicted[$0, 0], arousal: predicted[$0, 1]) }
        let probabilities = points.map { template.distribution(at: $0).quadrantProbabilities }
        let truthQuadrants = (0..<truth.rows).map { MoodPoint(valence: truth[$0, 0], arousal: truth[$0, 1]).quadrant.rawValue - 1 }
        func f1(_ alpha: Double) -> Double {
            let decided = alpha == 0 ? points.map { $0.quadrant.rawValue - 1 }
                : probabilities.map { decide($0, prior: prior, alpha: alpha).rawValue - 1 }
            return ClassificationMetrics(labels: Quadrant.allCases.map(\.name), truth: truthQuadrants, predicted: decided).macro.f1
        }
        var best = (alpha: 0.0, f1: f1(0))
        for alpha in alphaGrid where alpha > 0 {
            let score = f1(alpha)
            if score > best.f1 { best = (alpha, score) }
        }
        var balancing = template
        balancing.alpha = best.alpha
        return balancing
    }
}

/// A class-balanced quadrant decision about a placed point: a label beside the point, which
/// stays where the regressors put it.
public struct QuadrantDecision: Codable, Sendable, Hashable {
    /// The decided quadrant (it may differ from the point's own quadrant near a boundary).
    public var quadrant: Quadrant
    /// The point's quadrant probabilities (index = `Quadrant.rawValue − 1`) under the decision's distribution.
    public var probabilities: [Double]

    public init(quadrant: Quadrant, probabilities: [Double]) {
        self.quadrant = quadrant
        self.probabilities = probabilities
    }
}
