import MoodCore

/// A distance between moods in (valence, arousal) on the 1–9 scale.
public struct MoodMetric: Sendable, Equatable {
    /// The metric's kind, as named on the command line (`--metric`).
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case euclidean
        case mahalanobis
    }

    /// Which metric this is.
    public let kind: Kind
    /// The inverse of the (ridged) covariance for Mahalanobis; the identity for Euclidean.
    public let inverseCovariance: SymmetricMatrix2
    /// A constant `c` with `distance(x, y) ≥ c · euclidean(x, y)` for all points, so that a
    /// Euclidean search radius `r` finds every point within `c · r` under this metric.
    public let euclideanLowerBound: Double

    /// Plain Euclidean distance in (V, A), the default mood distance.
    public static let euclidean = MoodMetric(kind: .euclidean, inverseCovariance: .identity(), euclideanLowerBound: 1)

    /// The default ridge added to a covariance's diagonal before inverting (variance units,
    /// i.e. a floor of about 0.32 scale points of standard deviation), so one-track and
    /// one-dimensional playlists still give a finite, sensible distance.
    public static let defaultRidge = 0.1

    /// Mahalanobis distance under `covariance + ridge·I`.
    public static func mahalanobis(covariance: SymmetricMatrix2, ridge: Double = defaultRidge) -> MoodMetric {
        let ridged = covariance.addingRidge(max(ridge, 1e-9))
        guard let inverse = ridged.inverse, ridged.eigen.minor > 0 else { return .euclidean }
        // d² = xᵀ Σ⁻¹ x ≥ |x|² / λmax(Σ), so c = 1 / sqrt(λmax).
        return MoodMetric(kind: .mahalanobis, inverseCovariance: inverse,
                          euclideanLowerBound: 1 / ridged.eigen.major.squareRoot())
    }

    /// The distance between two points.
    @inlinable
    public func distance(_ p: MoodPoint, _ q: MoodPoint) -> Double {
        distance(dv: p.valence - q.valence, da: p.arousal - q.arousal)
    }

    /// The distance for a difference vector (dv, da).
    @inlinable
    public func distance(dv: Double, da: Double) -> Double {
        switch kind {
        case .euclidean: return (dv * dv + da * da).squareRoot()
        case .mahalanobis: return max(0, inverseCovariance.quadraticForm(dv, da)).squareRoot()
        }
    }
}
