import DEAMData
import Numerics
import Dispatch

/// The silhouette coefficient of a clustering (Euclidean distance), as
/// scikit-learn's `silhouette_samples` / `silhouette_score`.
///
/// For row `i` with mean distance `a` to the other members of its cluster and
/// smallest mean distance `b` to the members of another cluster,
/// `s = (b − a) / max(a, b)`; rows alone in their cluster score 0.
public enum Silhouette {
    /// The silhouette of every row.
    /// - Throws: `EstimatorError` when `labels` does not match the rows, or the
    ///   number of distinct labels is not between 2 and `rows − 1`.
    public static func samples(_ x: Matrix, labels: [Int]) throws -> [Double] {
        let model = "Silhouette"
        try EstimatorInput.validate(model: model, x: x)
        guard labels.count == x.rows else {
            throw EstimatorError.shapeMismatch(model: model, detail: "\(labels.count) labels for \(x.rows) rows")
        }
        let distinct = Array(Set(labels)).sorted()
        guard distinct.count >= 2, distinct.count <= x.rows - 1 else {
            throw EstimatorError.invalidHyperparameter(
                model: model, name: "labels", value: "\(distinct.count) distinct",
                reason: "need between 2 and \(max(2, x.rows - 1)) clusters")
        }
        let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        let cluster = labels.map { index[$0]! }
        let k = distinct.count
        var sizes = [Int](repeating: 0, count: k)
        for c in cluster { sizes[c] += 1 }
        let n = x.rows, p = x.columns
        let norms = (0..<n).map { i in (0..<p).map { x[i, $0] * x[i, $0] }.reduce(0, +) }
        let transposed = x.transposed
        var scores = [Double](repeating: 0, count: n)
        let block = 64
        let blocks = (n + block - 1) / block
        scores.withUnsafeMutableBufferPointer { out in
            let out = out
            x.storage.withUnsafeBufferPointer { xb in
                transposed.storage.withUnsafeBufferPointer { tb in
                    DenseKernels.parallelChunks(count: blocks, work: n * n * p, minimumChunk: 1) { range in
                        var products = [Double](repeating: 0, count: block * n)
                        var sums = [Double](repeating: 0, count: k)
                        for b in range {
                            let start = b * block, count = min(block, n - start)
                            products.withUnsafeMutableBufferPointer { pb in
                                DenseKernels.multiply(xb.baseAddress! + start * p, tb.baseAddress!, pb.baseAddress!, m: count, k: p, n: n, parallel: false)
                            }
                            for r in 0..<count {
                                let i = start + r
                                for c in 0..<k { sums[c] = 0 }
                                for j in 0..<n where j != i {
                                    let squared = norms[i] + norms[j] - 2 * products[r * n + j]
                                    sums[cluster[j]] += max(0, squared).squareRoot()
                                }
                                let own = cluster[i]
                                guard sizes[own] > 1 else { out[i] = 0; continue }
                                let a = sums[own] / Double(sizes[own] - 1)
                                var nearest = Double.infinity
                                for c in 0..<k where c != own { nearest = min(nearest, sums[c] / Double(sizes[c])) }
                                let denominator = max(a, nearest)
                                out[i] = denominator > 0 ? (nearest - a) / denominator : 0
                            }
                        }
                    }
                }
            }
        }
        return scores
    }

    /// The mean silhouette over all rows.
    /// - Throws: as `samples`.
    public static func score(_ x: Matrix, labels: [Int]) throws -> Double {
        let all = try samples(x, labels: labels)
        return all.reduce(0, +) / Double(all.count)
    }
}
