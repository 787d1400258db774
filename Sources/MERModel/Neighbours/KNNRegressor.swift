import DEAMData
import Numerics
import Dispatch

/// k-nearest-neighbours regression with Euclidean distance.
///
/// Prediction is brute force: squared distances to all training rows come
/// from one matrix product per block of queries (`‖q‖² + ‖x‖² − 2q·x`), the k
/// nearest are kept with a bounded heap (ties go to the lower training index),
/// and their exact distances are recomputed for the weights. Query blocks run
/// in parallel.
public struct KNNRegressor: Regressor, Codable, Hashable {
    /// How neighbours are weighted.
    public enum Weighting: String, Codable, Sendable, Hashable, CaseIterable {
        /// Every neighbour counts equally.
        case uniform
        /// Neighbours count by inverse distance; neighbours at distance zero,
        /// if any, take all the weight (as scikit-learn).
        case distance
    }

    /// Hyperparameters.
    public struct Configuration: Codable, Sendable, Hashable {
        /// The number of neighbours `k` (≥ 1).
        public var neighbors: Int
        /// Uniform or inverse-distance weighting.
        public var weighting: Weighting

        public init(neighbors: Int = 5, weighting: Weighting = .uniform) {
            self.neighbors = neighbors
            self.weighting = weighting
        }
    }

    /// One neighbour of a query row.
    public struct Neighbor: Hashable, Sendable {
        /// Row index in the training data.
        public var index: Int
        /// Euclidean distance.
        public var distance: Double
    }

    /// The hyperparameters used by `fit` and `predict`.
    public var configuration: Configuration
    /// The stored training features.
    public private(set) var trainingFeatures = Matrix(rows: 0, columns: 0)
    /// The stored training targets.
    public private(set) var trainingTargets = Matrix(rows: 0, columns: 0)
    /// Optional per-row sample weights; they multiply the neighbour weights.
    public private(set) var sampleWeights: [Double]?

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Stores the training data.
    /// - Throws: `EstimatorError` for bad input, `k < 1`, or fewer rows than `k`.
    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        let model = "KNNRegressor"
        try EstimatorInput.validate(model: model, x: x, y: y, weights: weights)
        let k = configuration.neighbors
        guard k >= 1 else {
            throw EstimatorError.invalidHyperparameter(model: model, name: "neighbors", value: "\(k)", reason: "must be at least 1")
        }
        guard x.rows >= k else { throw EstimatorError.tooFewSamples(model: model, needed: k, found: x.rows) }
        trainingFeatures = x
        trainingTargets = y
        sampleWeights = weights
    }

    /// The `k` nearest training rows of every row of `x`, nearest first.
    public func neighbors(of x: Matrix) -> [[Neighbor]] {
        var result = [[Neighbor]](repeating: [], count: x.rows)
        result.withUnsafeMutableBufferPointer { out in
            let out = out
            forEachNeighborhood(x) { row, neighbors in out[row] = neighbors }
        }
        return result
    }

    /// The (weighted) mean target of each row's `k` nearest training rows.
    public func predict(_ x: Matrix) -> Matrix {
        let t = trainingTargets.columns
        var prediction = Matrix(rows: x.rows, columns: t)
        let weighting = configuration.weighting
        prediction.storage.withUnsafeMutableBufferPointer { out in
            let out = out
            forEachNeighborhood(x) { row, neighbors in
                var weights = neighbors.map { _ in 1.0 }
                if weighting == .distance {
                    if neighbors.contains(where: { $0.distance == 0 }) {
                        weights = neighbors.map { $0.distance == 0 ? 1 : 0 }
                    } else {
                        weights = neighbors.map { 1 / $0.distance }
                    }
                }
                if let sampleWeights {
                    let adjusted = zip(weights, neighbors).map { $0 * sampleWeights[$1.index] }
                    // If every neighbour has sample weight zero, fall back to the unweighted neighbours.
                    if adjusted.reduce(0, +) > 0 { weights = adjusted }
                }
                let total = weights.reduce(0, +)
                for c in 0..<t {
                    var s = 0.0
                    for (w, neighbor) in zip(weights, neighbors) { s += w * trainingTargets.storage[neighbor.index * t + c] }
                    out[row * t + c] = s / total
                }
            }
        }
        return prediction
    }

    /// Calls `body(row, neighbours)` for every row of `x`, possibly concurrently
    /// (each row exactly once).
    private func forEachNeighborhood(_ x: Matrix, _ body: (Int, [Neighbor]) -> Void) {
        EstimatorInput.requireColumns(model: "KNNRegressor", x, expected: trainingFeatures.columns)
        let n = trainingFeatures.rows, p = trainingFeatures.columns, q = x.rows
        let k = min(configuration.neighbors, n)
        guard q > 0, n > 0 else { return }
        let transposed = trainingFeatures.transposed
        let trainingNorms = (0..<n).map { r in
            trainingFeatures.storage.withUnsafeBufferPointer { b in DenseKernels.dot(b.baseAddress! + r * p, b.baseAddress! + r * p, p) }
        }
        let block = 32
        let blocks = (q + block - 1) / block
        x.storage.withUnsafeBufferPointer { xb in
            transposed.storage.withUnsafeBufferPointer { tb in
                trainingFeatures.storage.withUnsafeBufferPointer { fb in
                    let queries = xb.baseAddress!, train = tb.baseAddress!, rows = fb.baseAddress!
                    DenseKernels.parallelChunks(count: blocks, work: q * n * p, minimumChunk: 1) { range in
                        var products = [Double](repeating: 0, count: block * n)
                        var heap = NeighborHeap(capacity: k)
                        for b in range {
                            let start = b * block
                            let count = min(block, q - start)
                            products.withUnsafeMutableBufferPointer { pb in
                                DenseKernels.multiply(queries + start * p, train, pb.baseAddress!, m: count, k: p, n: n, parallel: false)
                            }
                            for r in 0..<count {
                                let query = queries + (start + r) * p
                                let queryNorm = DenseKernels.dot(query, query, p)
                                heap.removeAll()
                                products.withUnsafeBufferPointer { pb in
                                    let dots = pb.baseAddress! + r * n
                                    for j in 0..<n {
                                        heap.offer(index: j, key: queryNorm + trainingNorms[j] - 2 * dots[j])
                                    }
                                }
                                let neighbors = heap.sortedIndices().map { j in
                                    Neighbor(index: j, distance: DenseKernels.squaredDistance(query, rows + j * p, p).squareRoot())
                                }
                                .sorted { ($0.distance, $0.index) < ($1.distance, $1.index) }
                                body(start + r, neighbors)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A bounded max-heap keeping the `capacity` smallest (key, index) pairs.
struct NeighborHeap {
    let capacity: Int
    private var keys: [Double]
    private var indices: [Int]

    init(capacity: Int) {
        self.capacity = capacity
        keys = []
        indices = []
        keys.reserveCapacity(capacity)
        indices.reserveCapacity(capacity)
    }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func greater(_ a: Int, _ b: Int) -> Bool {
        keys[a] > keys[b] || (keys[a] == keys[b] && indices[a] > indices[b])
    }

    /// Considers a candidate; keeps it if it is among the smallest so far.
    @inline(__always)
    mutating func offer(index: Int, key: Double) {
        if keys.count < capacity {
            keys.append(key)
            indices.append(index)
            var child = keys.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard greater(child, parent) else { break }
                keys.swapAt(child, parent)
                indices.swapAt(child, parent)
                child = parent
            }
            return
        }
        // Reject unless strictly smaller than the current maximum (ties keep the lower index).
        guard key < keys[0] || (key == keys[0] && index < indices[0]) else { return }
        keys[0] = key
        indices[0] = index
        var parent = 0
        let count = keys.count
        while true {
            let left = 2 * parent + 1, right = left + 1
            var largest = parent
            if left < count && greater(left, largest) { largest = left }
            if right < count && greater(right, largest) { largest = right }
            if largest == parent { break }
            keys.swapAt(parent, largest)
            indices.swapAt(parent, largest)
            parent = largest
        }
    }

    /// The kept indices ordered by (key, index).
    func sortedIndices() -> [Int] {
        zip(keys, indices).sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { $0.1 }
    }
}
