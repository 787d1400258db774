import Foundation

/// A symmetric 2×2 matrix `[[vv, va], [va, aa]]` in (valence, arousal), e.g. a covariance.
public struct SymmetricMatrix2: Equatable, Codable, Sendable {
    /// Valence variance (top left).
    public var vv: Double
    /// Valence–arousal covariance (off-diagonal).
    public var va: Double
    /// Arousal variance (bottom right).
    public var aa: Double

    public init(vv: Double, va: Double, aa: Double) {
        self.vv = vv
        self.va = va
        self.aa = aa
    }

    /// The zero matrix.
    public static let zero = SymmetricMatrix2(vv: 0, va: 0, aa: 0)

    /// `s·I`.
    public static func identity(_ s: Double = 1) -> SymmetricMatrix2 { SymmetricMatrix2(vv: s, va: 0, aa: s) }

    public var trace: Double { vv + aa }
    public var determinant: Double { vv * aa - va * va }

    /// As nested rows, `[[vv, va], [va, aa]]`.
    public var rows: [[Double]] { [[vv, va], [va, aa]] }

    /// The matrix plus `ridge` on the diagonal.
    public func addingRidge(_ ridge: Double) -> SymmetricMatrix2 {
        SymmetricMatrix2(vv: vv + ridge, va: va, aa: aa + ridge)
    }

    /// The inverse, or nil when the matrix is (numerically) singular.
    public var inverse: SymmetricMatrix2? {
        let det = determinant
        guard det.isFinite, abs(det) > 1e-300 else { return nil }
        return SymmetricMatrix2(vv: aa / det, va: -va / det, aa: vv / det)
    }

    /// Eigenvalues (largest first) and the unit eigenvector of the largest one.
    public var eigen: (major: Double, minor: Double, majorAxis: (v: Double, a: Double)) {
        let mean = (vv + aa) / 2
        let half = (vv - aa) / 2
        let root = (half * half + va * va).squareRoot()
        let major = mean + root, minor = mean - root
        // The major axis angle of a symmetric 2×2: ½·atan2(2·va, vv − aa).
        let angle = 0.5 * atan2(2 * va, vv - aa)
        return (major, minor, (cos(angle), sin(angle)))
    }

    /// The quadratic form `xᵀ M x` for x = (dv, da).
    public func quadraticForm(_ dv: Double, _ da: Double) -> Double {
        vv * dv * dv + 2 * va * dv * da + aa * da * da
    }
}
