import DEAMData
import Numerics
/// Principal component analysis by eigen-decomposition of the covariance
/// matrix (or of the sample Gram matrix when there are fewer samples than
/// features). Data are centred, not scaled — put a `StandardScaler` first.
///
/// Explained variances use the `n − 1` denominator, as scikit-learn. Signs are
/// deterministic: each component's loading of largest magnitude is positive.
public struct PCA: Codable, Sendable, Hashable {
    /// How many components to keep.
    public enum Components: Codable, Sendable, Hashable {
        /// Exactly this many (1 … min(samples, features)).
        case count(Int)
        /// The fewest components whose cumulative explained-variance ratio
        /// exceeds this fraction (0 < fraction < 1), as scikit-learn's float `n_components`.
        case varianceFraction(Double)
        /// min(samples, features) components.
        case all
    }

    /// Hyperparameters.
    public struct Configuration: Codable, Sendable, Hashable {
        /// How many components to keep.
        public var components: Components
        /// Scale projections to unit variance.
        public var whiten: Bool

        public init(components: Components = .all, whiten: Bool = false) {
            self.components = components
            self.whiten = whiten
        }
    }

    /// The hyperparameters used by `fit`.
    public var configuration: Configuration
    /// Column means subtracted before projecting.
    public private(set) var mean: [Double] = []
    /// `k×p` principal axes, one per row, in decreasing order of variance.
    public private(set) var components = Matrix(rows: 0, columns: 0)
    /// Variance along each kept component.
    public private(set) var explainedVariance: [Double] = []
    /// `explainedVariance` divided by the total variance of the data.
    public private(set) var explainedVarianceRatio: [Double] = []
    /// Singular values of the centred data for the kept components.
    public private(set) var singularValues: [Double] = []
    /// Total variance of the training data (sum over all features).
    public private(set) var totalVariance: Double = 0

    /// The number of kept components.
    public var componentCount: Int { components.rows }
    /// The number of input features seen in `fit`.
    public var featureCount: Int { mean.count }

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Finds the principal axes of `x` (rows are samples).
    /// - Throws: `EstimatorError` for fewer than 2 rows, non-finite input, or an
    ///   out-of-range component setting.
    public mutating func fit(_ x: Matrix) throws {
        let model = "PCA"
        try EstimatorInput.validate(model: model, x: x)
        guard x.rows >= 2 else { throw EstimatorError.tooFewSamples(model: model, needed: 2, found: x.rows) }
        let n = x.rows, p = x.columns
        let maximum = min(n, p)
        switch configuration.components {
        case .count(let k) where k < 1 || k > maximum:
            throw EstimatorError.invalidHyperparameter(
                model: model, name: "components", value: "\(k)", reason: "must be between 1 and min(samples, features) = \(maximum)")
        case .varianceFraction(let f) where !(f > 0 && f < 1):
            throw EstimatorError.invalidHyperparameter(
                model: model, name: "varianceFraction", value: "\(f)", reason: "must be strictly between 0 and 1")
        default: break
        }
        let means = EstimatorInput.columnMeans(x, weights: nil)
        let centred = EstimatorInput.centred(x, means)
        let denominator = Double(n - 1)
        var variances: [Double]
        var axes: Matrix  // maximum × p, rows are axes
        do {
            if n >= p {
                let eigen = try SymmetricEigenDecomposition(LinearAlgebra.gramUnchecked(centred, weights: nil))
                variances = eigen.values.map { max(0, $0) / denominator }
                axes = eigen.vectors.transposed
            } else {
                // Fewer samples than features: eigenvectors u of X̃X̃ᵀ give axes X̃ᵀu / σ.
                let kernel = LinearAlgebra.multiplyUnchecked(centred, centred.transposed)
                let eigen = try SymmetricEigenDecomposition(kernel)
                variances = eigen.values.map { max(0, $0) / denominator }
                let projected = LinearAlgebra.multiplyUnchecked(centred.transposed, eigen.vectors)  // p × n
                axes = Matrix(rows: n, columns: p)
                for j in 0..<n {
                    let sigma = max(0, eigen.values[j]).squareRoot()
                    guard sigma > 0 else { continue }
                    for i in 0..<p { axes[j, i] = projected[i, j] / sigma }
                }
            }
        } catch let error as LinearAlgebraError {
            throw EstimatorError.numericalFailure(model: model, underlying: error)
        }
        var total = 0.0
        for r in 0..<n { for j in 0..<p { total += centred.storage[r * p + j] * centred.storage[r * p + j] } }
        total /= denominator
        let ratios = variances.map { total > 0 ? $0 / total : 0 }
        let keep: Int
        switch configuration.components {
        case .count(let k): keep = k
        case .all: keep = maximum
        case .varianceFraction(let f):
            var cumulative = 0.0
            var count = maximum
            for (index, ratio) in ratios.prefix(maximum).enumerated() {
                cumulative += ratio
                if cumulative > f { count = index + 1; break }
            }
            keep = count
        }
        var kept = Matrix(rows: keep, columns: p)
        for j in 0..<keep {
            var largest = 0.0, sign = 1.0
            for i in 0..<p where abs(axes[j, i]) > largest {
                largest = abs(axes[j, i])
                sign = axes[j, i] < 0 ? -1 : 1
            }
            for i in 0..<p { kept[j, i] = sign * axes[j, i] }
        }
        mean = means
        components = kept
        explainedVariance = Array(variances.prefix(keep))
        explainedVarianceRatio = Array(ratios.prefix(keep))
        singularValues = explainedVariance.map { ($0 * denominator).squareRoot() }
        totalVariance = total
    }

    /// Projects `x` onto the kept components (`n×k`).
    public func transform(_ x: Matrix) -> Matrix {
        EstimatorInput.requireColumns(model: "PCA", x, expected: featureCount)
        var scores = LinearAlgebra.multiplyUnchecked(EstimatorInput.centred(x, mean), components.transposed)
        if configuration.whiten {
            let k = componentCount
            let inverse = explainedVariance.map { $0 > 0 ? 1 / $0.squareRoot() : 1 }
            for r in 0..<scores.rows { for j in 0..<k { scores.storage[r * k + j] *= inverse[j] } }
        }
        return scores
    }

    /// Maps component scores back to feature space (exact when all components are kept).
    public func inverseTransform(_ scores: Matrix) -> Matrix {
        EstimatorInput.requireColumns(model: "PCA", scores, expected: componentCount)
        var z = scores
        if configuration.whiten {
            let k = componentCount
            let factor = explainedVariance.map { $0 > 0 ? $0.squareRoot() : 1 }
            for r in 0..<z.rows { for j in 0..<k { z.storage[r * k + j] *= factor[j] } }
        }
        var x = LinearAlgebra.multiplyUnchecked(z, components)
        let p = featureCount
        for r in 0..<x.rows { for j in 0..<p { x.storage[r * p + j] += mean[j] } }
        return x
    }

    /// `fit` then `transform`.
    public mutating func fitTransform(_ x: Matrix) throws -> Matrix {
        try fit(x)
        return transform(x)
    }
}
