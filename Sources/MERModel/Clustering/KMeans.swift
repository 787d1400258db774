import Foundation
import DEAMData
import Numerics

/// k-means clustering: greedy k-means++ seeding from a `SeededGenerator`,
/// several initialisations (the lowest inertia wins) and Lloyd iterations, as
/// scikit-learn's `KMeans(algorithm="lloyd")`.
public struct KMeans: Codable, Sendable, Hashable {
    /// Hyperparameters.
    public struct Configuration: Codable, Sendable, Hashable {
        /// The number of clusters `k` (≥ 1).
        public var clusters: Int
        /// Independent k-means++ initialisations (`n_init`); the best inertia is kept.
        public var initializations: Int
        /// Lloyd iterations per initialisation.
        public var maxIterations: Int
        /// Convergence when the total squared centroid shift is at most
        /// `tolerance × (mean feature variance)`.
        public var tolerance: Double
        /// Seed of the k-means++ sampling.
        public var seed: UInt64

        public init(clusters: Int = 8, initializations: Int = 10, maxIterations: Int = 300, tolerance: Double = 1e-4, seed: UInt64 = 0) {
            self.clusters = clusters
            self.initializations = initializations
            self.maxIterations = maxIterations
            self.tolerance = tolerance
            self.seed = seed
        }
    }

    /// The inertia of one `k` in an elbow curve.
    public struct ElbowPoint: Codable, Sendable, Hashable {
        /// The number of clusters.
        public var k: Int
        /// The (weighted) sum of squared distances to the nearest centroid.
        public var inertia: Double
    }

    /// The hyperparameters used by `fit`.
    public var configuration: Configuration
    /// `k×p` cluster centres.
    public private(set) var centroids = Matrix(rows: 0, columns: 0)
    /// The cluster of each training row (0 ..< k).
    public private(set) var labels: [Int] = []
    /// Sum over training rows of (weight ×) squared distance to the assigned centre.
    public private(set) var inertia: Double = 0
    /// Lloyd iterations run by the winning initialisation.
    public private(set) var iterations: Int = 0

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// A k-means model with `clusters` clusters and otherwise default settings.
    public init(clusters: Int, seed: UInt64 = 0) {
        self.init(configuration: Configuration(clusters: clusters, seed: seed))
    }

    /// Clusters the rows of `x`, optionally weighted.
    /// - Throws: `EstimatorError` for bad input or settings, or fewer rows than clusters.
    public mutating func fit(_ x: Matrix, weights: [Double]? = nil) throws {
        let model = "KMeans"
        try EstimatorInput.validate(model: model, x: x, weights: weights)
        let k = configuration.clusters
        guard k >= 1 else {
            throw EstimatorError.invalidHyperparameter(model: model, name: "clusters", value: "\(k)", reason: "must be at least 1")
        }
        guard configuration.initializations >= 1 else {
            throw EstimatorError.invalidHyperparameter(
                model: model, name: "initializations", value: "\(configuration.initializations)", reason: "must be at least 1")
        }
        guard configuration.maxIterations >= 1 else {
            throw EstimatorError.invalidHyperparameter(
                model: model, name: "maxIterations", value: "\(configuration.maxIterations)", reason: "must be at least 1")
        }
        guard x.rows >= k else { throw EstimatorError.tooFewSamples(model: model, needed: k, found: x.rows) }
        let w = weights ?? [Double](repeating: 1, count: x.rows)
        let data = ClusterData(x)
        var variance = 0.0
        let means = EstimatorInput.columnMeans(x, weights: nil)
        for r in 0..<x.rows { for j in 0..<x.columns { variance += pow(x[r, j] - means[j], 2) } }
        let tolerance = configuration.tolerance * variance / Double(x.rows * x.columns)
        let root = SeededGenerator(seed: configuration.seed)
        var best: (centroids: Matrix, labels: [Int], inertia: Double, iterations: Int)?
        for run in 0..<configuration.initializations {
            var generator = root.derived(UInt64(run))
            let seeds = Self.plusPlus(data, weights: w, k: k, generator: &generator)
            let result = Self.lloyd(data, weights: w, centroids: seeds, maxIterations: configuration.maxIterations, tolerance: tolerance)
            if best == nil || result.inertia < best!.inertia { best = result }
        }
        guard let best else { return }
        centroids = best.centroids
        labels = best.labels
        inertia = best.inertia
        iterations = best.iterations
    }

    /// The nearest centre of each row of `x`.
    public func predict(_ x: Matrix) -> [Int] {
        EstimatorInput.requireColumns(model: "KMeans", x, expected: centroids.columns)
        return ClusterData(x).nearest(centroids).labels
    }

    /// Inertia of k-means for each `k` in `ks` (the elbow curve), each fitted
    /// with `configuration` but its own `k`.
    /// - Throws: `EstimatorError` as `fit`.
    public static func elbow(
        _ x: Matrix, ks: [Int], configuration: Configuration = Configuration(), weights: [Double]? = nil
    ) throws -> [ElbowPoint] {
        try ks.map { k in
            var settings = configuration
            settings.clusters = k
            var model = KMeans(configuration: settings)
            try model.fit(x, weights: weights)
            return ElbowPoint(k: k, inertia: model.inertia)
        }
    }

    /// Greedy k-means++: each new centre is the best of `2 + ⌊ln k⌋` candidates
    /// drawn with probability ∝ weight × squared distance to the chosen centres.
    static func plusPlus(_ data: ClusterData, weights: [Double], k: Int, generator: inout SeededGenerator) -> Matrix {
        let n = data.x.rows, p = data.x.columns
        var centres = Matrix(rows: k, columns: p)
        let trials = 2 + Int(log(Double(k)))
        func draw(_ mass: [Double], total: Double) -> Int {
            let target = generator.nextUnit() * total
            var cumulative = 0.0
            for i in 0..<n {
                cumulative += mass[i]
                if cumulative > target { return i }
            }
            return (0..<n).last { mass[$0] > 0 } ?? n - 1
        }
        let first = draw(weights, total: weights.reduce(0, +))
        for j in 0..<p { centres[0, j] = data.x[first, j] }
        var closest = data.squaredDistances(toRow: first)
        var potential = zip(closest, weights).map { $0 * $1 }.reduce(0, +)
        for c in 1..<max(1, k) {
            let mass = zip(closest, weights).map { $0 * $1 }
            guard potential > 0 else {
                // Every point already coincides with a centre: take the next unused row.
                let row = c % n
                for j in 0..<p { centres[c, j] = data.x[row, j] }
                continue
            }
            var bestCandidate = -1
            var bestPotential = Double.infinity
            var bestDistances: [Double] = []
            for _ in 0..<trials {
                let candidate = draw(mass, total: potential)
                let distances = data.squaredDistances(toRow: candidate)
                var candidatePotential = 0.0
                var updated = closest
                for i in 0..<n {
                    updated[i] = min(closest[i], distances[i])
                    candidatePotential += weights[i] * updated[i]
                }
                if candidatePotential < bestPotential {
                    bestPotential = candidatePotential
                    bestCandidate = candidate
                    bestDistances = updated
                }
            }
            for j in 0..<p { centres[c, j] = data.x[bestCandidate, j] }
            closest = bestDistances
            potential = bestPotential
        }
        return centres
    }

    /// Lloyd iterations from `centroids`.
    static func lloyd(
        _ data: ClusterData, weights: [Double], centroids start: Matrix, maxIterations: Int, tolerance: Double
    ) -> (centroids: Matrix, labels: [Int], inertia: Double, iterations: Int) {
        let n = data.x.rows, p = data.x.columns, k = start.rows
        var centroids = start
        var assignment = data.nearest(centroids)
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            // Update: weighted means of the assigned rows.
            var sums = Matrix(rows: k, columns: p)
            var mass = [Double](repeating: 0, count: k)
            for i in 0..<n {
                let c = assignment.labels[i]
                mass[c] += weights[i]
                for j in 0..<p { sums.storage[c * p + j] += weights[i] * data.x.storage[i * p + j] }
            }
            var updated = centroids
            var taken = Set<Int>()
            for c in 0..<k {
                if mass[c] > 0 {
                    for j in 0..<p { updated[c, j] = sums[c, j] / mass[c] }
                } else {
                    // Empty cluster: move it to the row farthest from its centre.
                    let far = (0..<n).filter { !taken.contains($0) }
                        .max { assignment.distances[$0] < assignment.distances[$1] || (assignment.distances[$0] == assignment.distances[$1] && $0 > $1) } ?? 0
                    taken.insert(far)
                    for j in 0..<p { updated[c, j] = data.x[far, j] }
                }
            }
            var shift = 0.0
            for i in 0..<updated.storage.count { shift += pow(updated.storage[i] - centroids.storage[i], 2) }
            centroids = updated
            let next = data.nearest(centroids)
            let unchanged = next.labels == assignment.labels
            assignment = next
            if unchanged || shift <= tolerance { break }
        }
        // Exact distances for the reported inertia.
        var inertia = 0.0
        data.x.storage.withUnsafeBufferPointer { xb in
            centroids.storage.withUnsafeBufferPointer { cb in
                for i in 0..<n {
                    let d = DenseKernels.squaredDistance(xb.baseAddress! + i * p, cb.baseAddress! + assignment.labels[i] * p, p)
                    inertia += weights[i] * d
                }
            }
        }
        return (centroids, assignment.labels, inertia, iterations)
    }
}

/// Rows to cluster, with their squared norms cached for distance products.
struct ClusterData {
    let x: Matrix
    let norms: [Double]

    init(_ x: Matrix) {
        self.x = x
        let p = x.columns
        norms = x.storage.withUnsafeBufferPointer { b in
            (0..<x.rows).map { DenseKernels.dot(b.baseAddress! + $0 * p, b.baseAddress! + $0 * p, p) }
        }
    }

    /// Squared distances from every row to row `r`.
    func squaredDistances(toRow r: Int) -> [Double] {
        let p = x.columns
        return x.storage.withUnsafeBufferPointer { b in
            let base = b.baseAddress!
            return (0..<x.rows).map { DenseKernels.squaredDistance(base + $0 * p, base + r * p, p) }
        }
    }

    /// The nearest centre (lowest index on ties) and squared distance for every row.
    func nearest(_ centres: Matrix) -> (labels: [Int], distances: [Double]) {
        let n = x.rows, k = centres.rows
        let products = LinearAlgebra.multiplyUnchecked(x, centres.transposed)
        let centreNorms = (0..<k).map { c in (0..<centres.columns).map { centres[c, $0] * centres[c, $0] }.reduce(0, +) }
        var labels = [Int](repeating: 0, count: n)
        var distances = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var best = 0
            var bestDistance = Double.infinity
            for c in 0..<k {
                let d = norms[i] + centreNorms[c] - 2 * products.storage[i * k + c]
                if d < bestDistance { bestDistance = d; best = c }
            }
            labels[i] = best
            distances[i] = max(0, bestDistance)
        }
        return (labels, distances)
    }
}
