import Dispatch
import Foundation
import DEAMData
import Numerics

/// A Gaussian mixture fitted by expectation–maximisation, as scikit-learn's
/// `GaussianMixture(init_params="kmeans")`: responsibilities start from a
/// seeded k-means, covariances get `regularization` added to the diagonal.
public struct GaussianMixture: Codable, Sendable, Hashable {
    /// The shape of each component's covariance.
    public enum CovarianceType: String, Codable, Sendable, Hashable, CaseIterable {
        /// A full `p×p` covariance per component.
        case full
        /// A diagonal covariance (independent features) per component.
        case diagonal
    }

    /// Hyperparameters.
    public struct Configuration: Codable, Sendable, Hashable {
        /// The number of mixture components.
        public var components: Int
        /// Full or diagonal covariances.
        public var covarianceType: CovarianceType
        /// Added to covariance diagonals so they stay positive definite (`reg_covar`).
        public var regularization: Double
        /// EM iterations per initialisation.
        public var maxIterations: Int
        /// Convergence when the mean log-likelihood improves by less than this.
        public var tolerance: Double
        /// Independent initialisations (each a k-means with a derived seed); the best likelihood wins.
        public var initializations: Int
        /// Seed of the k-means initialisation.
        public var seed: UInt64

        public init(
            components: Int = 1, covarianceType: CovarianceType = .full, regularization: Double = 1e-6,
            maxIterations: Int = 100, tolerance: Double = 1e-3, initializations: Int = 1, seed: UInt64 = 0
        ) {
            self.components = components
            self.covarianceType = covarianceType
            self.regularization = regularization
            self.maxIterations = maxIterations
            self.tolerance = tolerance
            self.initializations = initializations
            self.seed = seed
        }
    }

    /// The hyperparameters used by `fit`.
    public var configuration: Configuration
    /// Mixing weights (sum to 1).
    public private(set) var weights: [Double] = []
    /// `k×p` component means.
    public private(set) var means = Matrix(rows: 0, columns: 0)
    /// One `p×p` covariance per component (diagonal matrices for `.diagonal`).
    public private(set) var covariances: [Matrix] = []
    /// Whether EM met the tolerance before `maxIterations`.
    public private(set) var converged = false
    /// EM iterations run by the winning initialisation.
    public private(set) var iterations = 0
    /// The mean log-likelihood per training row at the end of EM.
    public private(set) var lowerBound = -Double.infinity

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// The number of free parameters (for BIC/AIC).
    public var parameterCount: Int {
        let k = configuration.components, p = means.columns
        let covarianceParameters = configuration.covarianceType == .full ? k * p * (p + 1) / 2 : k * p
        return covarianceParameters + k * p + k - 1
    }

    /// Fits the mixture to the rows of `x` by EM.
    /// - Throws: `EstimatorError` for bad input or settings, fewer rows than
    ///   components, or a covariance that stays singular (raise `regularization`).
    public mutating func fit(_ x: Matrix) throws {
        let model = "GaussianMixture"
        try EstimatorInput.validate(model: model, x: x)
        let k = configuration.components
        guard k >= 1 else {
            throw EstimatorError.invalidHyperparameter(model: model, name: "components", value: "\(k)", reason: "must be at least 1")
        }
        guard configuration.regularization >= 0, configuration.regularization.isFinite else {
            throw EstimatorError.invalidHyperparameter(
                model: model, name: "regularization", value: "\(configuration.regularization)", reason: "must be finite and ≥ 0")
        }
        guard configuration.initializations >= 1, configuration.maxIterations >= 1 else {
            throw EstimatorError.invalidHyperparameter(
                model: model, name: "initializations/maxIterations",
                value: "\(configuration.initializations)/\(configuration.maxIterations)", reason: "must be at least 1")
        }
        guard x.rows >= k else { throw EstimatorError.tooFewSamples(model: model, needed: k, found: x.rows) }
        var best: GaussianMixture?
        let root = SeededGenerator(seed: configuration.seed)
        for run in 0..<configuration.initializations {
            var candidate = self
            var seedGenerator = root.derived(UInt64(run))
            var kmeans = KMeans(configuration: .init(clusters: k, initializations: 1, seed: seedGenerator.next()))
            try kmeans.fit(x)
            var responsibilities = Matrix(rows: x.rows, columns: k)
            for (i, label) in kmeans.labels.enumerated() { responsibilities[i, label] = 1 }
            try candidate.maximise(x, responsibilities)
            var previous = -Double.infinity
            candidate.converged = false
            candidate.iterations = 0
            for iteration in 1...configuration.maxIterations {
                let (logNorm, logResponsibilities) = try candidate.expectation(x)
                let bound = logNorm.reduce(0, +) / Double(x.rows)
                var r = logResponsibilities
                for i in 0..<r.storage.count { r.storage[i] = exp(r.storage[i]) }
                try candidate.maximise(x, r)
                candidate.iterations = iteration
                candidate.lowerBound = bound
                if abs(bound - previous) < configuration.tolerance {
                    candidate.converged = true
                    break
                }
                previous = bound
            }
            // The last M-step's covariances must be usable for prediction.
            _ = try candidate.expectation(x)
            if best == nil || candidate.lowerBound > best!.lowerBound { best = candidate }
        }
        if let best { self = best }
    }

    /// The most probable component of each row.
    public func predict(_ x: Matrix) -> [Int] {
        let probabilities = predictProbabilities(x)
        let k = probabilities.columns
        return (0..<x.rows).map { i in
            var best = 0
            for c in 1..<max(1, k) where probabilities[i, c] > probabilities[i, best] { best = c }
            return best
        }
    }

    /// `n×k` posterior probabilities of the components. (Fitted covariances are
    /// checked positive definite by `fit`, so this cannot fail after a fit;
    /// before one it returns zeros.)
    public func predictProbabilities(_ x: Matrix) -> Matrix {
        var r = (try? expectation(x))?.logResponsibilities ?? Matrix(rows: x.rows, columns: weights.count)
        for i in 0..<r.storage.count { r.storage[i] = exp(r.storage[i]) }
        return r
    }

    /// The log-density of each row under the mixture.
    public func scoreSamples(_ x: Matrix) -> [Double] {
        (try? expectation(x))?.logNorm ?? [Double](repeating: -.infinity, count: x.rows)
    }

    /// The mean log-likelihood per row (scikit-learn's `score`).
    public func meanLogLikelihood(_ x: Matrix) -> Double {
        scoreSamples(x).reduce(0, +) / Double(max(1, x.rows))
    }

    /// Bayesian information criterion `−2·log L + parameters·ln n` (lower is better).
    public func bic(_ x: Matrix) -> Double {
        -2 * meanLogLikelihood(x) * Double(x.rows) + Double(parameterCount) * log(Double(x.rows))
    }

    /// Akaike information criterion `−2·log L + 2·parameters` (lower is better).
    public func aic(_ x: Matrix) -> Double {
        -2 * meanLogLikelihood(x) * Double(x.rows) + 2 * Double(parameterCount)
    }

    // MARK: EM steps

    /// Per-row log-densities (log-sum-exp over components) and log-responsibilities.
    private func expectation(_ x: Matrix) throws -> (logNorm: [Double], logResponsibilities: Matrix) {
        EstimatorInput.requireColumns(model: "GaussianMixture", x, expected: means.columns)
        let n = x.rows, p = x.columns, k = weights.count
        var logProbabilities = Matrix(rows: n, columns: k)
        let constant = Double(p) * log(2 * Double.pi)
        for c in 0..<k {
            let mean = means.row(c)
            let centred = EstimatorInput.centred(x, mean)
            var mahalanobis = [Double](repeating: 0, count: n)
            var logDeterminant = 0.0
            switch configuration.covarianceType {
            case .full:
                let factor: CholeskyFactorization
                do { factor = try CholeskyFactorization(covariances[c]) } catch let error as LinearAlgebraError {
                    throw EstimatorError.numericalFailure(model: "GaussianMixture", underlying: error)
                }
                logDeterminant = factor.logDeterminant
                // z = L⁻¹(x − μ) for all rows at once: Z = X̃ · L⁻ᵀ.
                let whitened = LinearAlgebra.multiplyUnchecked(centred, Self.lowerInverse(factor.lower).transposed)
                for i in 0..<n {
                    var s = 0.0
                    for j in 0..<p { s += whitened.storage[i * p + j] * whitened.storage[i * p + j] }
                    mahalanobis[i] = s
                }
            case .diagonal:
                let variances = (0..<p).map { covariances[c][$0, $0] }
                logDeterminant = variances.map { log($0) }.reduce(0, +)
                let inverse = variances.map { 1 / $0 }
                for i in 0..<n {
                    var s = 0.0
                    for j in 0..<p { s += centred.storage[i * p + j] * centred.storage[i * p + j] * inverse[j] }
                    mahalanobis[i] = s
                }
            }
            let logWeight = log(weights[c])
            for i in 0..<n {
                logProbabilities[i, c] = logWeight - 0.5 * (constant + logDeterminant + mahalanobis[i])
            }
        }
        var logNorm = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var largest = -Double.infinity
            for c in 0..<k { largest = max(largest, logProbabilities[i, c]) }
            var s = 0.0
            for c in 0..<k { s += exp(logProbabilities[i, c] - largest) }
            logNorm[i] = largest + log(s)
            for c in 0..<k { logProbabilities[i, c] -= logNorm[i] }
        }
        return (logNorm, logProbabilities)
    }

    /// Weights, means and (regularised) covariances from responsibilities `r` (n×k).
    private mutating func maximise(_ x: Matrix, _ r: Matrix) throws {
        let n = x.rows, p = x.columns, k = r.columns
        let floor = 10 * Double.ulpOfOne
        var mass = [Double](repeating: floor, count: k)
        for i in 0..<n { for c in 0..<k { mass[c] += r[i, c] } }
        var newMeans = LinearAlgebra.transposeMultiplyUnchecked(r, x, weights: nil)  // k×p
        for c in 0..<k { for j in 0..<p { newMeans[c, j] /= mass[c] } }
        var newCovariances = [Matrix](repeating: Matrix(rows: p, columns: p), count: k)
        for c in 0..<k {
            let centred = EstimatorInput.centred(x, newMeans.row(c))
            let responsibility = r.column(c)
            var covariance = Matrix(rows: p, columns: p)
            switch configuration.covarianceType {
            case .full:
                covariance = LinearAlgebra.gramUnchecked(centred, weights: responsibility)
                for i in 0..<(p * p) { covariance.storage[i] /= mass[c] }
            case .diagonal:
                for j in 0..<p {
                    var s = 0.0
                    for i in 0..<n { s += responsibility[i] * centred.storage[i * p + j] * centred.storage[i * p + j] }
                    covariance[j, j] = s / mass[c]
                }
            }
            for j in 0..<p { covariance[j, j] += configuration.regularization }
            newCovariances[c] = covariance
        }
        weights = mass.map { $0 / Double(n) }
        means = newMeans
        covariances = newCovariances
    }

    /// The inverse of a lower-triangular matrix (forward substitution on the identity).
    static func lowerInverse(_ l: Matrix) -> Matrix {
        let n = l.rows
        var inverse = Matrix(rows: n, columns: n)
        for column in 0..<n {
            inverse[column, column] = 1 / l[column, column]
            for i in (column + 1)..<max(column + 1, n) {
                var s = 0.0
                for m in column..<i { s += l[i, m] * inverse[m, column] }
                inverse[i, column] = -s / l[i, i]
            }
        }
        return inverse
    }
}
