import Dispatch
import Foundation
import DEAMData
import Numerics

/// Kernel ridge regression with an RBF kernel, approximated by random Fourier
/// features (Rahimi & Recht 2007): `z(x) = √(2/D)·cos(Wx + b)` with
/// `W ~ N(0, 2γ)`, `b ~ U(0, 2π)`, then ridge regression on `z(x)`.
///
/// Unlike exact kernel ridge, the fitted model holds no training rows: only the
/// preprocessing statistics (per-feature mean and scale), `D` coefficients per
/// output, and the seed from which `W` and `b` are regenerated.
///
/// Preprocessing, fitted on the training rows: optional feature subset, `log`
/// of features that are positive on every training row, standardisation, and
/// clipping to ±`clip` standard deviations.
public struct RandomFourierRidgeRegressor: Regressor, Codable, Hashable {
    /// Hyperparameters.
    public struct Configuration: Codable, Hashable, Sendable {
        /// Number of random features `D`.
        public var componentCount: Int
        /// RBF width as a multiple of 1 / (number of features used): γ = gammaScale / p.
        public var gammaScale: Double
        /// Ridge penalty α.
        public var alpha: Double
        /// Columns to use (nil: all, or the leading ones with `leadingFeatureLimit`).
        public var featureIndices: [Int]?
        /// Without `featureIndices`: use only the first `min(limit, columns)` columns
        /// (DEAM's 65 non-delta descriptors come first); nil: all columns.
        public var leadingFeatureLimit: Int?
        /// Take the log of features that are positive on every training row.
        public var logPositiveFeatures: Bool
        /// Clip standardised features to ±clip (nil: no clipping).
        public var clip: Double?
        /// Seed of the random projection.
        public var seed: UInt64

        public init(componentCount: Int = 2000, gammaScale: Double = 0.5, alpha: Double = 0.3,
                    featureIndices: [Int]? = nil, logPositiveFeatures: Bool = true, clip: Double? = 3,
                    seed: UInt64 = 0, leadingFeatureLimit: Int? = nil) {
            self.componentCount = componentCount; self.gammaScale = gammaScale; self.alpha = alpha
            self.featureIndices = featureIndices; self.logPositiveFeatures = logPositiveFeatures
            self.clip = clip; self.seed = seed; self.leadingFeatureLimit = leadingFeatureLimit
        }

        func validate() throws {
            func fail(_ name: String, _ value: Any, _ reason: String) -> EstimatorError {
                .invalidHyperparameter(model: RandomFourierRidgeRegressor.model, name: name, value: "\(value)", reason: reason)
            }
            guard componentCount >= 1 else { throw fail("componentCount", componentCount, "must be at least 1") }
            guard gammaScale > 0, gammaScale.isFinite else { throw fail("gammaScale", gammaScale, "must be positive") }
            guard alpha > 0, alpha.isFinite else { throw fail("alpha", alpha, "must be positive") }
            if let c = clip, !(c > 0) { throw fail("clip", c, "must be positive") }
            if let l = leadingFeatureLimit, l < 1 { throw fail("leadingFeatureLimit", l, "must be at least 1") }
            if let f = featureIndices, f.isEmpty || Set(f).count != f.count || f.contains(where: { $0 < 0 }) {
                throw fail("featureIndices", f, "must be distinct, non-negative and not empty")
            }
        }
    }

    /// The model's name in error messages.
    static let model = "RandomFourierRidgeRegressor"

    /// The hyperparameters.
    public var configuration: Configuration
    /// Number of input columns seen by `fit`; nil before.
    public private(set) var featureCount: Int?
    /// Per used feature: whether it is log-transformed, its mean and scale after that.
    public private(set) var logTransformed: [Bool] = []
    public private(set) var means: [Double] = []
    public private(set) var scales: [Double] = []
    /// Per output, the (weighted) training mean.
    public private(set) var targetMeans: [Double] = []
    /// Ridge coefficients, `componentCount` rows × outputs, row-major.
    public private(set) var coefficients: [Double] = []

    /// An unfitted model.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    var usedFeatures: [Int] {
        if let indices = configuration.featureIndices { return indices }
        let columns = featureCount ?? 0
        return Array(0..<min(columns, configuration.leadingFeatureLimit ?? columns))
    }

    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        try configuration.validate()
        try EstimatorInput.validate(model: Self.model, x: x, y: y, weights: weights, singlePrecisionFeatures: true)
        if let f = configuration.featureIndices, let bad = f.first(where: { $0 >= x.columns }) {
            throw EstimatorError.invalidHyperparameter(
                model: Self.model, name: "featureIndices", value: "\(bad)", reason: "out of range for \(x.columns) columns")
        }
        featureCount = x.columns
        let n = x.rows, outputs = y.columns
        let used = usedFeatures
        let w = weights ?? [Double](repeating: 1, count: n)
        let wSum = w.reduce(0, +)

        // Preprocessing statistics.
        logTransformed = used.map { f in configuration.logPositiveFeatures && (0..<n).allSatisfy { x[$0, f] > 0 } }
        means = []; scales = []
        for (j, f) in used.enumerated() {
            let column = (0..<n).map { RandomFourierRidgeRegressor.logged(x[$0, f], logTransformed[j]) }
            let mean = column.reduce(0, +) / Double(n)
            let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
            means.append(mean)
            scales.append(variance > 0 ? variance.squareRoot() : 1)
        }
        targetMeans = (0..<outputs).map { k in (0..<n).map { w[$0] * y[$0, k] }.reduce(0, +) / wSum }

        // Weighted ridge in dual form: a = (Z̃Z̃ᵀ + αI)⁻¹ ỹ, β = Z̃ᵀa, with Z̃ = √w·Z, ỹ = √w·(y − μ).
        var z = features(x)
        let d = configuration.componentCount
        var rhs = [Double](repeating: 0, count: n * outputs)
        for i in 0..<n {
            let s = w[i].squareRoot()
            for c in 0..<d { z[i * d + c] *= s }
            for k in 0..<outputs { rhs[i * outputs + k] = s * (y[i, k] - targetMeans[k]) }
        }
        var gram = Matrix(rows: n, columns: n, storage: DenseKernels.rowGram(z, rows: n, columns: d))
        for i in 0..<n { gram.storage[i * n + i] += configuration.alpha }
        let dual: [Double]
        do {
            dual = try CholeskyFactorization(gram).solve(Matrix(rows: n, columns: outputs, storage: rhs)).storage
        } catch let error as LinearAlgebraError {
            throw EstimatorError.numericalFailure(model: Self.model, underlying: error)
        }
        var beta = [Double](repeating: 0, count: d * outputs)
        for i in 0..<n {
            for k in 0..<outputs {
                let a = dual[i * outputs + k]
                if a == 0 { continue }
                for c in 0..<d { beta[c * outputs + k] += z[i * d + c] * a }
            }
        }
        coefficients = beta
    }

    public func predict(_ x: Matrix) -> Matrix {
        _ = requireFitted(featureCount: featureCount, x: x, model: Self.model)
        let outputs = targetMeans.count, d = configuration.componentCount
        let z = features(x)
        var out = [Double](repeating: 0, count: x.rows * outputs)
        for i in 0..<x.rows {
            for k in 0..<outputs {
                var s = targetMeans[k]
                for c in 0..<d { s += z[i * d + c] * coefficients[c * outputs + k] }
                out[i * outputs + k] = s
            }
        }
        return Matrix(rows: x.rows, columns: outputs, storage: out)
    }

    @inline(__always)
    private static func logged(_ v: Double, _ apply: Bool) -> Double {
        apply ? Foundation.log(max(v, 0) + 1e-6) : v
    }

    /// The random Fourier features of each row of `x`, row-major `rows × componentCount`.
    private func features(_ x: Matrix) -> [Double] {
        let used = usedFeatures, p = used.count, d = configuration.componentCount
        let (w, b) = projection(inputs: p)
        let scale = (2 / Double(d)).squareRoot()
        let clip = configuration.clip ?? .infinity
        var out = [Double](repeating: 0, count: x.rows * d)
        out.withUnsafeMutableBufferPointer { ob in
            let o = ob
            DispatchQueue.concurrentPerform(iterations: max(1, min(x.rows, 8))) { part in
                var u = [Double](repeating: 0, count: p)
                var i = part
                while i < x.rows {
                    for (j, f) in used.enumerated() {
                        let v = (RandomFourierRidgeRegressor.logged(x[i, f], logTransformed[j]) - means[j]) / scales[j]
                        u[j] = min(max(v, -clip), clip)
                    }
                    for c in 0..<d {
                        var s = b[c]
                        for j in 0..<p { s += w[c * p + j] * u[j] }
                        o[i * d + c] = scale * Foundation.cos(s)
                    }
                    i += 8
                }
            }
        }
        return out
    }

    /// `W` (componentCount × inputs, N(0, 2γ)) and `b` (U(0, 2π)), regenerated from the seed.
    private func projection(inputs p: Int) -> ([Double], [Double]) {
        let d = configuration.componentCount
        let sd = (2 * configuration.gammaScale / Double(p)).squareRoot()
        var rng = SeededGenerator(seed: configuration.seed)
        let w = (0..<(d * p)).map { _ in sd * rng.nextGaussian() }
        let b = (0..<d).map { _ in 2 * Double.pi * rng.nextUnit() }
        return (w, b)
    }
}
