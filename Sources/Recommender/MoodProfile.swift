import Foundation
import MoodCore

/// Why a profile could not be computed.
public enum MoodProfileError: Error, CustomStringConvertible, Equatable {
    /// No track had coordinates.
    case noTracks
    /// Weights and points differ in number, or a weight is negative/non-finite, or all are zero.
    case invalidWeights(String)

    public var description: String {
        switch self {
        case .noTracks: return "the playlist has no tracks with a mood (nothing could be placed on the circumplex)"
        case .invalidWeights(let why): return "invalid track weights: \(why)"
        }
    }
}

/// One category's part of a playlist (a quadrant or sub-emotion).
public struct MoodShare: Codable, Equatable, Sendable {
    /// The category's name (e.g. `Sadness`, `Melancholy`).
    public var name: String
    /// Tracks in it.
    public var count: Int
    /// Its share of the total track weight, 0–1.
    public var share: Double
}

/// The emotional profile of a set of tracks (a playlist) on the circumplex.
///
/// - `centre`: the weighted mean of the tracks' (V, A).
/// - `covariance`: the weighted population covariance `Σ wᵢ (xᵢ − μ)(xᵢ − μ)ᵀ / Σ wᵢ`
///   (zero for a single track).
/// - `spread`: `sqrt(trace(covariance))`, the weighted root-mean-square distance of the
///   tracks from the centre, in scale points.
/// - `coherence`: the mean resultant length of the tracks' angles θ (weighted;
///   tracks flagged neutral are left out because their angle means little): 1 when
///   every track points the same way from the neutral centre, near 0 when they point
///   every way. 1 when no track has an angle.
/// - `dominantQuadrant` / `dominantSubEmotion`: the category with the largest weight
///   share; ties go to the category of the centre, then to the lower index.
public struct MoodProfile: Codable, Equatable, Sendable {
    public var trackCount: Int
    public var totalWeight: Double
    public var centre: MoodPoint
    public var covariance: SymmetricMatrix2
    public var spread: Double
    /// The four quadrants in order, each with count and weight share.
    public var quadrants: [MoodShare]
    /// The twelve sub-emotions in order, each with count and weight share.
    public var subEmotions: [MoodShare]
    public var dominantQuadrant: Quadrant
    public var dominantSubEmotion: SubEmotion
    public var coherence: Double
    /// The circular mean angle of the tracks in degrees [0, 360), nil when no track has an angle.
    public var meanAngle: Double?
    /// Tracks flagged neutral (intensity below the threshold).
    public var neutralCount: Int
    /// The weighted mean of the tracks' own intensities (how strong the moods are, whatever
    /// their direction; the centre's intensity is lower when tracks point different ways).
    public var meanIntensity: Double

    /// The profile of `points`, with optional non-negative `weights` (default 1 each).
    public init(points: [MoodPoint], weights: [Double]? = nil,
                neutralThreshold: Double = Circumplex.defaultNeutralThreshold) throws {
        guard !points.isEmpty else { throw MoodProfileError.noTracks }
        let w = weights ?? Array(repeating: 1, count: points.count)
        guard w.count == points.count else { throw MoodProfileError.invalidWeights("\(w.count) weights for \(points.count) tracks") }
        guard w.allSatisfy({ $0.isFinite && $0 >= 0 }) else { throw MoodProfileError.invalidWeights("weights must be finite and non-negative") }
        let total = w.reduce(0, +)
        guard total > 0 else { throw MoodProfileError.invalidWeights("all weights are zero") }

        var mv = 0.0, ma = 0.0
        for (p, wi) in zip(points, w) { mv += wi * p.valence; ma += wi * p.arousal }
        mv /= total
        ma /= total
        var cvv = 0.0, cva = 0.0, caa = 0.0
        for (p, wi) in zip(points, w) {
            let dv = p.valence - mv, da = p.arousal - ma
            cvv += wi * dv * dv
            cva += wi * dv * da
            caa += wi * da * da
        }
        let covariance = SymmetricMatrix2(vv: cvv / total, va: cva / total, aa: caa / total)
        let centre = MoodPoint(valence: mv, arousal: ma)

        var quadrantCount = [Int](repeating: 0, count: 4), quadrantWeight = [Double](repeating: 0, count: 4)
        var sectorCount = [Int](repeating: 0, count: 12), sectorWeight = [Double](repeating: 0, count: 12)
        var sx = 0.0, sy = 0.0, angularWeight = 0.0, neutral = 0, intensitySum = 0.0
        for (p, wi) in zip(points, w) {
            intensitySum += wi * p.intensity
            quadrantCount[p.quadrant.rawValue - 1] += 1
            quadrantWeight[p.quadrant.rawValue - 1] += wi
            sectorCount[p.subEmotion.rawValue] += 1
            sectorWeight[p.subEmotion.rawValue] += wi
            if p.isNeutral(threshold: neutralThreshold) {
                neutral += 1
            } else {
                let radians = p.angle * .pi / 180
                sx += wi * cos(radians)
                sy += wi * sin(radians)
                angularWeight += wi
            }
        }

        self.trackCount = points.count
        self.totalWeight = total
        self.centre = centre
        self.covariance = covariance
        self.spread = max(0, covariance.trace).squareRoot()
        self.quadrants = Quadrant.allCases.map {
            MoodShare(name: $0.name, count: quadrantCount[$0.rawValue - 1], share: quadrantWeight[$0.rawValue - 1] / total)
        }
        self.subEmotions = SubEmotion.allCases.map {
            MoodShare(name: $0.name, count: sectorCount[$0.rawValue], share: sectorWeight[$0.rawValue] / total)
        }
        self.dominantQuadrant = MoodProfile.argmax(quadrantWeight, preferred: centre.quadrant.rawValue - 1)
            .flatMap { Quadrant(rawValue: $0 + 1) } ?? centre.quadrant
        self.dominantSubEmotion = MoodProfile.argmax(sectorWeight, preferred: centre.subEmotion.rawValue)
            .flatMap { SubEmotion(rawValue: $0) } ?? centre.subEmotion
        self.neutralCount = neutral
        self.meanIntensity = intensitySum / total
        if angularWeight > 0 {
            let length = (sx * sx + sy * sy).squareRoot() / angularWeight
            self.coherence = min(1, max(0, length))
            if length > 1e-12 {
                let degrees = atan2(sy, sx) * 180 / .pi
                self.meanAngle = degrees < 0 ? degrees + 360 : degrees
            } else {
                self.meanAngle = nil
            }
        } else {
            self.coherence = 1
            self.meanAngle = nil
        }
    }

    /// Index of the largest value; exact ties go to `preferred` if it is among them, else the first.
    private static func argmax(_ values: [Double], preferred: Int) -> Int? {
        guard let best = values.max() else { return nil }
        let tied = values.indices.filter { values[$0] == best }
        return tied.contains(preferred) ? preferred : tied.first
    }

    /// Mahalanobis distance from the centre to `point` under `covariance + ridge·I`.
    public func mahalanobisDistance(to point: MoodPoint, ridge: Double = MoodMetric.defaultRidge) -> Double {
        mahalanobisMetric(ridge: ridge).distance(point, centre)
    }

    /// The Mahalanobis metric of this profile (covariance plus `ridge` on the diagonal).
    public func mahalanobisMetric(ridge: Double = MoodMetric.defaultRidge) -> MoodMetric {
        .mahalanobis(covariance: covariance, ridge: ridge)
    }

    /// A word for the coherence: `focused` (≥ 0.8), `moderate` (≥ 0.5) or `mixed`.
    public var coherenceLabel: String {
        coherence >= 0.8 ? "focused" : coherence >= 0.5 ? "moderate" : "mixed"
    }

    /// The share (0–1) of `quadrant`.
    public func share(of quadrant: Quadrant) -> Double { quadrants[quadrant.rawValue - 1].share }

    /// The share (0–1) of `subEmotion`.
    public func share(of subEmotion: SubEmotion) -> Double { subEmotions[subEmotion.rawValue].share }
}
