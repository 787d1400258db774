import DEAMData
import Numerics
/// Ordinary least squares with an intercept, solved in closed form.
///
/// Collinear or constant features are handled by the pseudo-inverse
/// (`LinearAlgebra.leastSquares`: Householder QR, then a Jacobi SVD of R;
/// singular values below `relativeCutoff × σ_max` are dropped), which gives
/// the minimum-norm solution. No ridge is added. The default cutoff 1e-6 is
/// scikit-learn's `LinearRegression(tol=1e-6)` (`scipy.linalg.lstsq(cond=tol)`),
/// so both drop the same near-degenerate directions.
public struct LinearRegression: Regressor, Codable, Hashable {
    /// Hyperparameters.
    public struct Configuration: Codable, Sendable, Hashable {
        /// Fit an unpenalised intercept (centre features and targets first).
        public var fitIntercept: Bool
        /// Relative singular-value cutoff for the pseudo-inverse: singular values of the
        /// centred design below `relativeCutoff × σ_max` are treated as zero.
        /// `nil` means machine precision (`ε × max(n, p)`, numpy's `lstsq`).
        public var relativeCutoff: Double?

        public init(fitIntercept: Bool = true, relativeCutoff: Double? = 1e-6) {
            self.fitIntercept = fitIntercept
            self.relativeCutoff = relativeCutoff
        }
    }

    /// The hyperparameters used by `fit`.
    public var configuration: Configuration
    /// `p×t` coefficients (one column per target: valence, arousal).
    public private(set) var coefficients = Matrix(rows: 0, columns: 0)
    /// One intercept per target.
    public private(set) var intercepts: [Double] = []
    /// Numerical rank of the centred design matrix in the last fit.
    public private(set) var rank: Int = 0

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Fits by weighted least squares (`weights` multiply each row's squared residual).
    /// - Throws: `EstimatorError` for empty, mismatched or non-finite input or bad weights.
    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        let model = "LinearRegression"
        try EstimatorInput.validate(model: model, x: x, y: y, weights: weights)
        let design = LinearDesign(x: x, y: y, weights: weights, fitIntercept: configuration.fitIntercept)
        do {
            let solution = try LinearAlgebra.leastSquares(
                design.features, design.targets, relativeCutoff: configuration.relativeCutoff)
            coefficients = solution.solution
            rank = solution.rank
        } catch let error as LinearAlgebraError {
            throw EstimatorError.numericalFailure(model: model, underlying: error)
        }
        intercepts = design.intercepts(for: coefficients)
    }

    /// `x · coefficients + intercepts`.
    public func predict(_ x: Matrix) -> Matrix {
        LinearDesign.predict(x, coefficients: coefficients, intercepts: intercepts, model: "LinearRegression")
    }
}

/// The centred, √weight-scaled design shared by the linear models.
struct LinearDesign {
    /// `√wᵢ (xᵢ − x̄_w)`.
    let features: Matrix
    /// `√wᵢ (yᵢ − ȳ_w)`.
    let targets: Matrix
    let featureMeans: [Double]
    let targetMeans: [Double]
    /// The normalised weights `wᵢ / Σw` (uniform `1/n` without weights).
    let weightShares: [Double]

    init(x: Matrix, y: Matrix, weights: [Double]?, fitIntercept: Bool) {
        let n = x.rows
        featureMeans = fitIntercept ? EstimatorInput.columnMeans(x, weights: weights) : [Double](repeating: 0, count: x.columns)
        targetMeans = fitIntercept ? EstimatorInput.columnMeans(y, weights: weights) : [Double](repeating: 0, count: y.columns)
        var features = EstimatorInput.centred(x, featureMeans)
        var targets = EstimatorInput.centred(y, targetMeans)
        if let weights {
            for r in 0..<n {
                let s = weights[r].squareRoot()
                for j in 0..<x.columns { features.storage[r * x.columns + j] *= s }
                for j in 0..<y.columns { targets.storage[r * y.columns + j] *= s }
            }
            let total = weights.reduce(0, +)
            weightShares = weights.map { $0 / total }
        } else {
            weightShares = [Double](repeating: 1 / Double(n), count: n)
        }
        self.features = features
        self.targets = targets
    }

    /// `ȳ − x̄ · β` per target.
    func intercepts(for coefficients: Matrix) -> [Double] {
        (0..<coefficients.columns).map { t in
            var s = targetMeans[t]
            for j in 0..<coefficients.rows { s -= featureMeans[j] * coefficients[j, t] }
            return s
        }
    }

    static func predict(_ x: Matrix, coefficients: Matrix, intercepts: [Double], model: String) -> Matrix {
        EstimatorInput.requireColumns(model: model, x, expected: coefficients.rows)
        var out = LinearAlgebra.multiplyUnchecked(x, coefficients)
        let t = out.columns
        for r in 0..<out.rows { for c in 0..<t { out.storage[r * t + c] += intercepts[c] } }
        return out
    }
}
