import DEAMData
import Foundation
import MoodCore
import Numerics

/// A class-balanced quadrant decision that the placed point is made consistent with.
///
/// DEAM's quadrants are unbalanced (Joy and Sadness 36–38% each, Fear and Contentment 13% each),
/// and a regressor minimising squared error pulls the off-diagonal songs (Fear, Contentment)
/// towards the diagonal: alone, the point's quadrant finds 12% of Fear songs. This component:
///
/// 1. computes the point's quadrant probabilities under N(point, Σ) — Σ the conformal residual
///    covariance of held-out training predictions, as in `ConfidenceCalibration`;
/// 2. decides the quadrant maximising `p(q) / prior(q)^alpha` (`alpha` = 0: the most probable
///    quadrant; 1: fully balanced);
/// 3. if the point lies outside the decided quadrant, moves it the shortest way into it, `margin`
///    inside each boundary it crosses. Points already in the decided quadrant are not moved.
///
/// Moving only the points whose decision flips, and only as far as needed, costs little squared
/// error: the flipped points lie near a boundary. `alpha` is chosen on held-out predictions *of the
/// training data* (`fit`): the value of `alphaGrid` with the best macro-F1 among those whose R²
/// falls at most `r2Tolerance` below the unmoved points' R².
public struct QuadrantBalancing: Codable, Sendable, Hashable {
    /// Exponent of the prior correction; 0 leaves every point where it is.
    public var alpha: Double
    /// Quadrant shares of the training ratings (index = `Quadrant.rawValue − 1`), summing to 1.
    public var prior: [Double]
    /// Residual covariance (var V, cov VA, var A) of the decision's distributions.
    public var covarianceVV: Double
    public var covarianceVA: Double
    public var covarianceAA: Double
    /// How far inside a crossed boundary a moved point lands (scale units).
    public var margin: Double

    /// The exponents `fit` chooses from.
    public static let alphaGrid = (0...10).map { Double($0) / 10 }
    /// The largest held-out R² loss `fit` accepts for a better macro-F1.
    public static let r2Tolerance = 0.002
    /// The default `margin`: small beside the residual spread (≈ 0.8), large enough that a moved
    /// point's quadrant and sector agree (a point on the axis A = 5 with V < 5 would be Fear by
    /// quadrant but Disgust by angle).
    public static let defaultMargin = 0.02

    public init(alpha: Double, prior: [Double], covariance: (vv: Double, va: Double, aa: Double),
                margin: Double = QuadrantBalancing.defaultMargin) {
        self.alpha = alpha
        self.prior = prior
        covarianceVV = covariance.vv
        covarianceVA = covariance.va
        covarianceAA = covariance.aa
        self.margin = margin
    }

    /// The decision's predictive distribution at `point`.
    func distribution(at point: MoodPoint) -> PlacementDistribution {
        PlacementDistribution(mean: point, covariance: (covarianceVV, covarianceVA, covarianceAA))
    }

    /// The quadrant maximising `p(q) / prior(q)^alpha` (ties: the lower index).
    public func decide(_ point: MoodPoint) -> Quadrant {
        Self.decide(distribution(at: point).quadrantProbabilities, prior: prior, alpha: alpha)
    }

    static func decide(_ probabilities: [Double], prior: [Double], alpha: Double) -> Quadrant {
        var best = 0, bestScore = -Double.infinity
        for q in 0..<4 {
            let score = probabilities[q] / Foundation.pow(max(prior[q], 1e-9), alpha)
            if score > bestScore { best = q; bestScore = score }
        }
        return Quadrant(rawValue: best + 1)!
    }

    /// `point` moved the shortest way into `quadrant`, `margin` inside each boundary it crosses
    /// (unchanged when it is already there).
    public static func move(_ point: MoodPoint, into quadrant: Quadrant, margin: Double) -> MoodPoint {
        let centre = Circumplex.centre
        let highValence = quadrant == .joy || quadrant == .contentment
        let highArousal = quadrant == .joy || quadrant == .fear
        func place(_ x: Double, high: Bool) -> Double {
            if high { return x >= centre ? x : centre + margin }
            return x < centre ? x : centre - margin
        }
        return MoodPoint(valence: place(point.valence, high: highValence), arousal: place(point.arousal, high: highArousal))
    }

    /// `point` moved into its decided quadrant.
    public func apply(_ point: MoodPoint) -> MoodPoint {
        alpha == 0 ? point : Self.move(point, into: decide(point), margin: margin)
    }

    /// Every row of a two-column (valence, arousal) matrix moved into its decided quadrant.
    public func apply(_ values: Matrix) -> Matrix {
        guard alpha != 0 else { return values }
        var out = values
        for r in 0..<values.rows {
            let moved = apply(MoodPoint(valence: values[r, 0], arousal: values[r, 1]))
            out[r, 0] = moved.valence
            out[r, 1] = moved.arousal
        }
        return out
    }

    /// Fits the balancing on held-out predictions of the training data.
    /// - Parameters:
    ///   - truth: the held-out rows' ratings (two columns).
    ///   - predicted: their held-out predictions (two columns, unclamped).
    ///   - covariance: the residual covariance of the decision (`ConfidenceCalibration`'s, fitted on the same rows).
    ///   - targets: every training rating, for the prior.
    /// - Returns: the balancing with the chosen `alpha` (0 when no exponent beats the unmoved
    ///   points' macro-F1 within the R² tolerance).
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
        func score(_ alpha: Double) -> (r2: Double, f1: Double) {
            var moved = predicted
            for (r, point) in points.enumerated() where alpha != 0 {
                let m = move(point, into: decide(probabilities[r], prior: prior, alpha: alpha), margin: template.margin)
                moved[r, 0] = m.valence
                moved[r, 1] = m.arousal
            }
            let r2 = RegressionMetrics(truth: truth, predicted: moved).r2Mean
            let decided = (0..<moved.rows).map { MoodPoint(valence: moved[$0, 0], arousal: moved[$0, 1]).quadrant.rawValue - 1 }
            let f1 = ClassificationMetrics(labels: Quadrant.allCases.map(\.name), truth: truthQuadrants, predicted: decided).macro.f1
            return (r2, f1)
        }
        let unmoved = score(0)
        var best = (alpha: 0.0, f1: unmoved.f1)
        for alpha in alphaGrid where alpha > 0 {
            let s = score(alpha)
            if s.r2 >= unmoved.r2 - r2Tolerance && s.f1 > best.f1 { best = (alpha, s.f1) }
        }
        var balancing = template
        balancing.alpha = best.alpha
        return balancing
    }
}
