import Foundation

/// Where a track's placement comes from.
public enum PlacementSource: String, Codable, Sendable, CaseIterable {
    /// DEAM's human ratings (the static per-song means).
    case human
    /// The model's (out-of-sample) prediction.
    case model
}

/// A model placement with its uncertainty: a bivariate normal predictive distribution
/// over (valence, arousal) on the 1–9 scale, centred on the model's point.
///
/// Quadrant and sector probabilities are the distribution's mass in each region of
/// docs/circumplex.md (sectors are wedges from the centre (5, 5), so they are computed
/// by integrating the distribution's angular density — exact in the radius, a 0.5°
/// midpoint rule in the angle). The 80% region is the ellipse `(x − μ)ᵀ Σ⁻¹ (x − μ) ≤ χ²₂(0.8)`.
public struct PlacementDistribution: Hashable, Codable, Sendable {
    /// The predicted point (the distribution's mean).
    public var mean: MoodPoint
    /// Standard deviation of valence.
    public var sdValence: Double
    /// Standard deviation of arousal.
    public var sdArousal: Double
    /// Correlation of valence and arousal errors, in (−1, 1).
    public var correlation: Double
    /// Whether the input was unlike the model's training data (the spread is then widened).
    public var outOfDistribution: Bool

    /// The coverage of `region`.
    public static let regionCoverage = 0.8
    /// χ²₂ quantile of `regionCoverage`: `−2 ln(1 − 0.8)`.
    public static let regionChiSquare = -2 * log(1 - regionCoverage)

    public init(mean: MoodPoint, sdValence: Double, sdArousal: Double, correlation: Double, outOfDistribution: Bool = false) {
        self.mean = mean
        self.sdValence = max(sdValence, 1e-6)
        self.sdArousal = max(sdArousal, 1e-6)
        self.correlation = min(0.99, max(-0.99, correlation.isFinite ? correlation : 0))
        self.outOfDistribution = outOfDistribution
    }

    /// From a covariance (var V, cov VA, var A).
    public init(mean: MoodPoint, covariance: (vv: Double, va: Double, aa: Double), outOfDistribution: Bool = false) {
        let sv = covariance.vv.squareRoot(), sa = covariance.aa.squareRoot()
        self.init(mean: mean, sdValence: sv, sdArousal: sa, correlation: covariance.va / max(sv * sa, 1e-12),
                  outOfDistribution: outOfDistribution)
    }

    /// The covariance (var V, cov VA, var A).
    public var covariance: (vv: Double, va: Double, aa: Double) {
        (sdValence * sdValence, correlation * sdValence * sdArousal, sdArousal * sdArousal)
    }

    /// Squared Mahalanobis distance of `point` from the mean.
    public func mahalanobisSquared(_ point: MoodPoint) -> Double {
        let (vv, va, aa) = covariance
        let det = vv * aa - va * va
        let dv = point.valence - mean.valence, da = point.arousal - mean.arousal
        return (aa * dv * dv - 2 * va * dv * da + vv * da * da) / det
    }

    /// Whether `point` lies in the 80% region.
    public func regionContains(_ point: MoodPoint) -> Bool { mahalanobisSquared(point) <= Self.regionChiSquare }

    /// The 80% ellipse: semi-axes (scale units) and the major axis's angle in degrees (valence axis = 0°).
    public var region: (major: Double, minor: Double, angle: Double) {
        let (vv, va, aa) = covariance
        let mid = (vv + aa) / 2, half = (((vv - aa) / 2) * ((vv - aa) / 2) + va * va).squareRoot()
        let l1 = mid + half, l2 = max(mid - half, 0)
        let angle = atan2(l1 - vv, va == 0 ? 1e-300 : va) * 180 / .pi
        let theta = va == 0 ? (vv >= aa ? 0 : 90) : angle
        let k = Self.regionChiSquare.squareRoot()
        return (k * l1.squareRoot(), k * l2.squareRoot(), theta)
    }

    /// The radius of the circle with the 80% region's area (one number for "how wide").
    public var regionRadius: Double {
        let r = region
        return (r.major * r.minor).squareRoot()
    }

    /// The probability of each of the twelve sectors (index = `SubEmotion.rawValue`), summing to 1.
    public var sectorProbabilities: [Double] {
        let (vv, va, aa) = covariance
        let det = vv * aa - va * va
        // Precision matrix.
        let pvv = aa / det, pva = -va / det, paa = vv / det
        let mv = mean.centredValence, ma = mean.centredArousal
        let c = pvv * mv * mv + 2 * pva * mv * ma + paa * ma * ma
        let stepsPerSector = 60
        let step = 30.0 / Double(stepsPerSector) * .pi / 180
        var sectors = [Double](repeating: 0, count: 12)
        var total = 0.0
        for s in 0..<12 {
            var sum = 0.0
            for i in 0..<stepsPerSector {
                let theta = (Double(s * stepsPerSector + i) + 0.5) * step
                let u = cos(theta), w = sin(theta)
                let a = pvv * u * u + 2 * pva * u * w + paa * w * w
                let b = pvv * u * mv + pva * (u * ma + w * mv) + paa * w * ma
                let m = b / a
                // ∫₀^∞ r exp(−a (r − m)² / 2) dr, times exp(−(c − b²/a)/2).
                let tail = 0.5 * erfc(-m * a.squareRoot() / 2.0.squareRoot())
                let gaussianPart: Double = exp(-0.5 * a * m * m) / a
                let shiftPart: Double = m * (2 * Double.pi / a).squareRoot() * tail
                let radial: Double = exp(-0.5 * (c - b * m)) * (gaussianPart + shiftPart)
                sum += radial
            }
            sectors[s] = sum
            total += sum
        }
        guard total > 0, total.isFinite else {
            var fallback = [Double](repeating: 0, count: 12)
            fallback[mean.subEmotion.rawValue] = 1
            return fallback
        }
        return sectors.map { $0 / total }
    }

    /// The probability of each quadrant (index = `Quadrant.rawValue − 1`), from the sector probabilities.
    public var quadrantProbabilities: [Double] {
        Self.quadrantProbabilities(fromSectors: sectorProbabilities)
    }

    /// Sums sector probabilities into quadrant probabilities.
    public static func quadrantProbabilities(fromSectors sectors: [Double]) -> [Double] {
        var quadrants = [Double](repeating: 0, count: 4)
        for (index, p) in sectors.enumerated() { quadrants[index / 3] += p }
        return quadrants
    }
}

/// One track's place on the circumplex as a view shows it: the point, where it came from,
/// and — for model placements with a predictive distribution — how sure it is.
public struct Placement: Hashable, Codable, Sendable {
    /// The point shown.
    public var point: MoodPoint
    /// Human rating or model prediction.
    public var source: PlacementSource
    /// The predictive distribution (model placements of a calibrated model only).
    public var distribution: PlacementDistribution?

    public init(point: MoodPoint, source: PlacementSource, distribution: PlacementDistribution? = nil) {
        self.point = point
        self.source = source
        self.distribution = distribution
    }

    /// Sector probabilities: the distribution's, or certainty in the point's sector
    /// for human ratings (and for uncalibrated model points, which carry no uncertainty).
    public var sectorProbabilities: [Double] {
        if let distribution { return distribution.sectorProbabilities }
        var p = [Double](repeating: 0, count: 12)
        p[point.subEmotion.rawValue] = 1
        return p
    }

    /// Quadrant probabilities (index = `Quadrant.rawValue − 1`).
    public var quadrantProbabilities: [Double] {
        PlacementDistribution.quadrantProbabilities(fromSectors: sectorProbabilities)
    }

    /// The probability of the point's own quadrant: the placement's confidence (1 for human ratings).
    public var confidence: Double { quadrantProbabilities[point.quadrant.rawValue - 1] }

    /// The probability of lying in `quadrant`.
    public func probability(of quadrant: Quadrant) -> Double { quadrantProbabilities[quadrant.rawValue - 1] }

    /// The probability of lying in `sector`.
    public func probability(of sector: SubEmotion) -> Double { sectorProbabilities[sector.rawValue] }
}
