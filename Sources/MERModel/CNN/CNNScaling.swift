import DEAMData
import Numerics
/// Column standardisation used inside `CNNRegressor` (z = (x − mean) / std, population
/// std; constant columns get scale 1), converting to the network's `Float` buffers.
struct CNNScaling {
    let mean: [Double]
    let scale: [Double]

    init(mean: [Double], scale: [Double]) {
        self.mean = mean
        self.scale = scale
    }

    /// Means and standard deviations of the columns of `m`.
    init(fitting m: Matrix) {
        let n = Double(max(1, m.rows))
        var mean = [Double](repeating: 0, count: m.columns)
        var sq = [Double](repeating: 0, count: m.columns)
        for i in 0..<m.rows { for j in 0..<m.columns { mean[j] += m.storage[i * m.columns + j] } }
        for j in mean.indices { mean[j] /= n }
        for i in 0..<m.rows {
            for j in 0..<m.columns {
                let d = m.storage[i * m.columns + j] - mean[j]
                sq[j] += d * d
            }
        }
        self.mean = mean
        self.scale = sq.map { v in
            let s = (v / n).squareRoot()
            return s > 1e-12 && s.isFinite ? s : 1
        }
    }

    /// `m` standardised column by column, row-major, as `Float`.
    func standardisedFloats(_ m: Matrix) -> [Float] {
        let c = m.columns
        var out = [Float](repeating: 0, count: m.rows * c)
        m.storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<m.rows {
                    for j in 0..<c { dst[i * c + j] = Float((src[i * c + j] - mean[j]) / scale[j]) }
                }
            }
        }
        return out
    }

    /// A `rows × mean.count` matrix from standardised `Float` values.
    func restoring(_ values: [Float], rows: Int) -> Matrix {
        let c = mean.count
        var m = Matrix(rows: rows, columns: c)
        for i in 0..<rows { for j in 0..<c { m.storage[i * c + j] = Double(values[i * c + j]) * scale[j] + mean[j] } }
        return m
    }
}
