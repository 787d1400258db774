import DEAMData
import Numerics
/// Standardises features to zero mean and unit variance (as scikit-learn's
/// `StandardScaler`: population variance, constant columns keep scale 1).
public struct StandardScaler: Codable, Sendable, Hashable {
    /// Hyperparameters.
    public struct Configuration: Codable, Sendable, Hashable {
        /// Subtract the column means.
        public var withMean: Bool
        /// Divide by the column standard deviations.
        public var withStd: Bool

        public init(withMean: Bool = true, withStd: Bool = true) {
            self.withMean = withMean
            self.withStd = withStd
        }
    }

    /// The hyperparameters used by `fit`.
    public var configuration: Configuration
    /// Column means seen in `fit` (zeros when `withMean` is off).
    public private(set) var mean: [Double] = []
    /// Column (population) variances seen in `fit`.
    public private(set) var variance: [Double] = []
    /// Divisors applied by `transform`: standard deviations, or 1 for constant
    /// columns and when `withStd` is off.
    public private(set) var scale: [Double] = []

    /// Whether `fit` has run.
    public var isFitted: Bool { !scale.isEmpty }
    /// The number of feature columns seen in `fit`.
    public var featureCount: Int { scale.count }

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Learns column means and standard deviations, optionally weighted per row.
    /// - Throws: `EstimatorError` for empty or non-finite input or bad weights.
    public mutating func fit(_ x: Matrix, weights: [Double]? = nil) throws {
        try EstimatorInput.validate(model: "StandardScaler", x: x, weights: weights)
        let p = x.columns
        let means = EstimatorInput.columnMeans(x, weights: weights)
        var sums = [Double](repeating: 0, count: p)
        var total = 0.0
        for r in 0..<x.rows {
            let w = weights?[r] ?? 1
            total += w
            for j in 0..<p {
                let d = x.storage[r * p + j] - means[j]
                sums[j] += w * d * d
            }
        }
        let n = Double(x.rows)
        let eps = Double.ulpOfOne
        variance = sums.map { $0 / total }
        scale = (0..<p).map { j in
            guard configuration.withStd else { return 1 }
            // A column is constant when its variance is within rounding error (scikit-learn's bound).
            let bound = n * eps * variance[j] + (n * means[j] * eps) * (n * means[j] * eps)
            return variance[j] <= bound ? 1 : variance[j].squareRoot()
        }
        mean = configuration.withMean ? means : [Double](repeating: 0, count: p)
    }

    /// `(x - mean) / scale`. `x` must have the fitted number of columns.
    public func transform(_ x: Matrix) -> Matrix {
        EstimatorInput.requireColumns(model: "StandardScaler", x, expected: featureCount)
        var out = x
        let p = x.columns
        let inverse = scale.map { 1 / $0 }
        out.storage.withUnsafeMutableBufferPointer { po in
            for r in 0..<x.rows {
                for j in 0..<p { po[r * p + j] = (po[r * p + j] - mean[j]) * inverse[j] }
            }
        }
        return out
    }

    /// `x * scale + mean`, undoing `transform`.
    public func inverseTransform(_ x: Matrix) -> Matrix {
        EstimatorInput.requireColumns(model: "StandardScaler", x, expected: featureCount)
        var out = x
        let p = x.columns
        out.storage.withUnsafeMutableBufferPointer { po in
            for r in 0..<x.rows {
                for j in 0..<p { po[r * p + j] = po[r * p + j] * scale[j] + mean[j] }
            }
        }
        return out
    }

    /// `fit` then `transform`.
    public mutating func fitTransform(_ x: Matrix, weights: [Double]? = nil) throws -> Matrix {
        try fit(x, weights: weights)
        return transform(x)
    }
}
