import Dispatch
import Foundation
import DEAMData
import Numerics

/// Ridge regression `min Σ wᵢ‖yᵢ − b − xᵢβ‖² + α‖β‖²` in closed form, with an
/// unpenalised intercept.
///
/// `alpha` is either fixed (solved by Cholesky of `X̃ᵀX̃ + αI`) or chosen from a
/// grid by exact leave-one-out error on the training data passed to `fit`
/// (one eigen-decomposition of `X̃ᵀX̃`, then O(n·p) per grid value), as
/// scikit-learn's `RidgeCV` with its default efficient LOO / GCV mode.
public struct RidgeRegression: Regressor, Codable, Hashable {
    /// How the penalty is set.
    public enum AlphaSelection: Codable, Sendable, Hashable {
        /// A fixed penalty `α ≥ 0`.
        case fixed(Double)
        /// The grid value with the lowest leave-one-out mean squared error
        /// (all values must be > 0; ties go to the earlier value).
        case leaveOneOut(grid: [Double])
    }

    /// Hyperparameters.
    public struct Configuration: Codable, Sendable, Hashable {
        /// The penalty or how to choose it.
        public var alpha: AlphaSelection
        /// Fit an unpenalised intercept.
        public var fitIntercept: Bool
        /// With `.leaveOneOut`, choose a separate alpha for each target
        /// (valence, arousal) instead of one shared alpha.
        public var alphaPerTarget: Bool

        public init(
            alpha: AlphaSelection = .leaveOneOut(grid: RidgeRegression.defaultAlphaGrid),
            fitIntercept: Bool = true, alphaPerTarget: Bool = false
        ) {
            self.alpha = alpha
            self.fitIntercept = fitIntercept
            self.alphaPerTarget = alphaPerTarget
        }
    }

    /// `10^-2 … 10^4` in 25 log-spaced steps (numpy's `logspace(-2, 4, 25)`).
    public static let defaultAlphaGrid: [Double] = logGrid(fromExponent: -2, toExponent: 4, count: 25)

    /// `count` values `10^e` with `e` evenly spaced from `fromExponent` to `toExponent` inclusive.
    public static func logGrid(fromExponent: Double, toExponent: Double, count: Int) -> [Double] {
        guard count > 1 else { return count == 1 ? [pow(10, fromExponent)] : [] }
        let step = (toExponent - fromExponent) / Double(count - 1)
        return (0..<count).map { pow(10, fromExponent + Double($0) * step) }
    }

    /// The hyperparameters used by `fit`.
    public var configuration: Configuration
    /// `p×t` coefficients.
    public private(set) var coefficients = Matrix(rows: 0, columns: 0)
    /// One intercept per target.
    public private(set) var intercepts: [Double] = []
    /// The penalty used for each target (all equal unless `alphaPerTarget`).
    public private(set) var alphas: [Double] = []
    /// With `.leaveOneOut`: the (weighted) mean squared leave-one-out error,
    /// one row per grid value and one column per target.
    public private(set) var leaveOneOutErrors: Matrix?

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// A ridge model with a fixed penalty.
    public init(alpha: Double) {
        self.init(configuration: Configuration(alpha: .fixed(alpha)))
    }

    /// Fits the model; with `.leaveOneOut` the grid search uses only `x`, `y` and `weights`.
    /// - Throws: `EstimatorError` for bad input, an invalid alpha, or (α = 0 only)
    ///   a singular system.
    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        let model = "RidgeRegression"
        try EstimatorInput.validate(model: model, x: x, y: y, weights: weights)
        let design = LinearDesign(x: x, y: y, weights: weights, fitIntercept: configuration.fitIntercept)
        let t = y.columns
        do {
            switch configuration.alpha {
            case .fixed(let alpha):
                guard alpha.isFinite, alpha >= 0 else {
                    throw EstimatorError.invalidHyperparameter(model: model, name: "alpha", value: "\(alpha)", reason: "must be finite and ≥ 0")
                }
                var system = LinearAlgebra.gramUnchecked(design.features, weights: nil)
                for j in 0..<system.rows { system[j, j] += alpha }
                let rhs = LinearAlgebra.transposeMultiplyUnchecked(design.features, design.targets, weights: nil)
                coefficients = try LinearAlgebra.choleskySolve(system, rhs)
                alphas = [Double](repeating: alpha, count: t)
                leaveOneOutErrors = nil
            case .leaveOneOut(let grid):
                guard !grid.isEmpty else {
                    throw EstimatorError.invalidHyperparameter(model: model, name: "alpha grid", value: "[]", reason: "must not be empty")
                }
                if let bad = grid.first(where: { !($0.isFinite && $0 > 0) }) {
                    throw EstimatorError.invalidHyperparameter(model: model, name: "alpha grid", value: "\(bad)", reason: "values must be finite and > 0")
                }
                let search = try RidgeLeaveOneOut(design: design, fitIntercept: configuration.fitIntercept)
                let errors = search.meanSquaredErrors(grid: grid)
                var chosen = [Double](repeating: grid[0], count: t)
                if configuration.alphaPerTarget {
                    for c in 0..<t {
                        var best = 0
                        for a in 1..<grid.count where errors[a, c] < errors[best, c] { best = a }
                        chosen[c] = grid[best]
                    }
                } else {
                    var best = 0
                    var bestScore = Double.infinity
                    for a in 0..<grid.count {
                        let score = (0..<t).map { errors[a, $0] }.reduce(0, +) / Double(t)
                        if score < bestScore { bestScore = score; best = a }
                    }
                    chosen = [Double](repeating: grid[best], count: t)
                }
                coefficients = search.coefficients(alphas: chosen)
                alphas = chosen
                leaveOneOutErrors = errors
            }
        } catch let error as LinearAlgebraError {
            throw EstimatorError.numericalFailure(model: model, underlying: error)
        }
        intercepts = design.intercepts(for: coefficients)
    }

    /// `x · coefficients + intercepts`.
    public func predict(_ x: Matrix) -> Matrix {
        LinearDesign.predict(x, coefficients: coefficients, intercepts: intercepts, model: "RidgeRegression")
    }
}

/// Exact leave-one-out errors of ridge for many penalties from one
/// eigen-decomposition `X̃ᵀX̃ = V·diag(λ)·Vᵀ`.
///
/// With `Z = X̃V` and `q = Zᵀỹ`, the fitted values are `Z·diag(1/(λ+α))·q`,
/// the hat diagonal is `hᵢ = wᵢ/Σw (intercept) + Σⱼ Zᵢⱼ²/(λⱼ+α)`, and the
/// leave-one-out residual is `(ỹᵢ − ŷᵢ) / (1 − hᵢ)`.
struct RidgeLeaveOneOut {
    let n: Int
    let p: Int
    let t: Int
    let eigenvalues: [Double]
    let eigenvectors: Matrix
    /// `Z = X̃V`, n×p.
    let rotated: Matrix
    /// `Z²` elementwise.
    let rotatedSquared: Matrix
    /// `qᵀ`, t×p.
    let projectedTargets: Matrix
    let targets: Matrix
    let leverageBase: [Double]

    init(design: LinearDesign, fitIntercept: Bool) throws {
        let x = design.features
        n = x.rows
        p = x.columns
        t = design.targets.columns
        let eigen = try SymmetricEigenDecomposition(LinearAlgebra.gramUnchecked(x, weights: nil))
        eigenvalues = eigen.values.map { max(0, $0) }
        eigenvectors = eigen.vectors
        rotated = LinearAlgebra.multiplyUnchecked(x, eigen.vectors)
        var squared = rotated
        for i in 0..<squared.storage.count { squared.storage[i] *= squared.storage[i] }
        rotatedSquared = squared
        projectedTargets = LinearAlgebra.transposeMultiplyUnchecked(rotated, design.targets, weights: nil).transposed
        targets = design.targets
        leverageBase = fitIntercept ? design.weightShares : [Double](repeating: 0, count: x.rows)
    }

    /// Mean squared LOO error (in the √weight-scaled space), grid × targets.
    func meanSquaredErrors(grid: [Double]) -> Matrix {
        var errors = Matrix(rows: grid.count, columns: t)
        let (n, p, t) = (self.n, self.p, self.t)
        errors.storage.withUnsafeMutableBufferPointer { errorBuffer in
            let out = errorBuffer.baseAddress!
            rotated.storage.withUnsafeBufferPointer { zb in
                rotatedSquared.storage.withUnsafeBufferPointer { z2b in
                    let z = zb.baseAddress!, z2 = z2b.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: grid.count) { a in
                        let alpha = grid[a]
                        let shrink = eigenvalues.map { 1 / ($0 + alpha) }
                        // (diag(shrink)·q)ᵀ, t×p
                        var scaled = [Double](repeating: 0, count: t * p)
                        for c in 0..<t { for j in 0..<p { scaled[c * p + j] = projectedTargets.storage[c * p + j] * shrink[j] } }
                        var sums = [Double](repeating: 0, count: t)
                        shrink.withUnsafeBufferPointer { sb in
                            scaled.withUnsafeBufferPointer { qb in
                                let s = sb.baseAddress!, q = qb.baseAddress!
                                for i in 0..<n {
                                    let leverage = leverageBase[i] + DenseKernels.dot(z2 + i * p, s, p)
                                    let denominator = 1 - leverage
                                    for c in 0..<t {
                                        let fitted = DenseKernels.dot(z + i * p, q + c * p, p)
                                        let residual = (targets.storage[i * t + c] - fitted) / denominator
                                        sums[c] += residual * residual
                                    }
                                }
                            }
                        }
                        for c in 0..<t { out[a * t + c] = sums[c] / Double(n) }
                    }
                }
            }
        }
        return errors
    }

    /// `β = V·diag(1/(λ+α))·q`, with target `c` using `alphas[c]`.
    func coefficients(alphas: [Double]) -> Matrix {
        var beta = Matrix(rows: p, columns: t)
        for c in 0..<t {
            let scaled = (0..<p).map { projectedTargets[c, $0] / (eigenvalues[$0] + alphas[c]) }
            for i in 0..<p {
                var s = 0.0
                for j in 0..<p { s += eigenvectors.storage[i * p + j] * scaled[j] }
                beta[i, c] = s
            }
        }
        return beta
    }
}
