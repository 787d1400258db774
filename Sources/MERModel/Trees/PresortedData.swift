import DEAMData
import Numerics
/// A training set laid out for exact CART: single-precision feature columns,
/// row-major targets, and every feature's row order sorted by value, computed
/// once per fit and shared (read-only) by all trees of an ensemble.
struct PresortedData: Sendable {
    let rows: Int
    let featureCount: Int
    let outputCount: Int
    /// Column-major features: `x[f * rows + i]`.
    let x: [Float]
    /// Row-major targets: `y[i * outputCount + k]`.
    let y: [Double]
    /// For each feature, the row indices in ascending order of that feature:
    /// `sortedRows[f * rows + p]`.
    let sortedRows: [Int32]

    init(_ features: Matrix, _ targets: Matrix) {
        let rows = features.rows, featureCount = features.columns
        self.rows = rows
        self.featureCount = featureCount
        outputCount = targets.columns
        y = targets.storage
        var cols = [Float](repeating: 0, count: rows * featureCount)
        features.storage.withUnsafeBufferPointer { src in
            for i in 0..<rows {
                for f in 0..<featureCount { cols[f * rows + i] = Float(src[i * featureCount + f]) }
            }
        }
        x = cols
        var sorted = [Int32](repeating: 0, count: rows * featureCount)
        let n = rows
        cols.withUnsafeBufferPointer { c in
            sorted.withUnsafeMutableBufferPointer { s in
                var order = [Int32](0..<Int32(n))
                for f in 0..<featureCount {
                    let col = c.baseAddress! + f * n
                    // Ties keep row order, so the layout is fully deterministic.
                    order.sort { a, b in
                        let va = col[Int(a)], vb = col[Int(b)]
                        return va < vb || (va == vb && a < b)
                    }
                    for p in 0..<n { s[f * n + p] = order[p] }
                }
            }
        }
        sortedRows = sorted
    }
}
