import DEAMData
import Numerics
/// Maps each feature to at most `maxBins` ordered bins whose edges are
/// quantiles of the training data (scikit-learn's `_BinMapper`): a value goes to
/// bin `b` when `edges[b-1] < x <= edges[b]`. Edges are single-precision, like
/// the thresholds of the trees built on them, so that `bin(x) <= b` exactly when
/// `Float(x) <= edges[b]`.
struct FeatureBinner: Sendable {
    /// Per feature, the strictly increasing bin edges (bins = edges + 1).
    let edges: [[Float]]

    /// Fits edges on column-major single-precision data (`x[f * rows + i]`).
    init(columns x: [Float], rows: Int, featureCount: Int, maxBins: Int) {
        precondition(maxBins >= 2 && maxBins <= 256)
        var all = [[Float]]()
        all.reserveCapacity(featureCount)
        for f in 0..<featureCount {
            var values = Array(x[(f * rows)..<(f * rows + rows)])
            values.sort()
            var distinct = [Float]()
            distinct.reserveCapacity(values.count)
            for v in values where distinct.last != v { distinct.append(v) }
            var e = [Float]()
            if distinct.count <= maxBins {
                // Few distinct values: one bin each, edges halfway between neighbours.
                for j in 0..<(distinct.count - 1) {
                    e.append(FeatureBinner.midpoint(distinct[j], distinct[j + 1]))
                }
            } else {
                // Quantile edges (midpoint interpolation, as NumPy's `percentile(..., method="midpoint")`).
                for q in 1..<maxBins {
                    let position = Double(q) * Double(rows - 1) / Double(maxBins)
                    let lo = Int(position.rounded(.down)), hi = Int(position.rounded(.up))
                    let v = Float((Double(values[lo]) + Double(values[hi])) / 2)
                    if let last = e.last, v <= last { continue }
                    // An edge at the maximum would leave the last bin empty.
                    if v >= distinct[distinct.count - 1] { break }
                    e.append(v)
                }
            }
            all.append(e)
        }
        edges = all
    }

    /// A single-precision threshold between two neighbouring values `a < b` that sends `a` left and `b` right.
    static func midpoint(_ a: Float, _ b: Float) -> Float {
        let t = Float((Double(a) + Double(b)) / 2)
        return t >= b ? a : t
    }

    /// Number of bins of feature `f`.
    func binCount(_ f: Int) -> Int { edges[f].count + 1 }

    /// Bins column-major single-precision data into column-major bytes.
    func transform(columns x: [Float], rows: Int) -> [UInt8] {
        let featureCount = edges.count
        var out = [UInt8](repeating: 0, count: rows * featureCount)
        x.withUnsafeBufferPointer { xb in
            out.withUnsafeMutableBufferPointer { ob in
                for f in 0..<featureCount {
                    edges[f].withUnsafeBufferPointer { e in
                        for i in 0..<rows {
                            let v = xb[f * rows + i]
                            // Number of edges below v (binary search for the first edge >= v).
                            var lo = 0, hi = e.count
                            while lo < hi {
                                let mid = (lo + hi) >> 1
                                if e[mid] < v { lo = mid + 1 } else { hi = mid }
                            }
                            ob[f * rows + i] = UInt8(lo)
                        }
                    }
                }
            }
        }
        return out
    }
}
