import DEAMData
import Numerics
import Dispatch

/// Small dense kernels for the kernel-approximation model (row-major `[Double]`).
enum DenseMath {
    /// `A·Aᵀ` for a row-major `rows × columns` matrix, rows split across cores.
    static func gram(_ a: [Double], rows n: Int, columns d: Int) -> [Double] {
        var g = [Double](repeating: 0, count: n * n)
        a.withUnsafeBufferPointer { ab in
            g.withUnsafeMutableBufferPointer { gb in
                let out = gb
                let parts = 16
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    var i = part
                    while i < n {
                        let ri = ab.baseAddress! + i * d
                        for j in 0...i {
                            let rj = ab.baseAddress! + j * d
                            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                            var c = 0
                            while c + 4 <= d {
                                s0 += ri[c] * rj[c]; s1 += ri[c + 1] * rj[c + 1]
                                s2 += ri[c + 2] * rj[c + 2]; s3 += ri[c + 3] * rj[c + 3]
                                c += 4
                            }
                            while c < d { s0 += ri[c] * rj[c]; c += 1 }
                            let s = (s0 + s1) + (s2 + s3)
                            out[i * n + j] = s
                            out[j * n + i] = s
                        }
                        i += parts
                    }
                }
            }
        }
        return g
    }

    /// Solves `A·X = B` for symmetric positive-definite `A` (`n × n`) by Cholesky.
    static func choleskySolve(_ a: [Double], n: Int, rhs: [Double], rhsColumns m: Int) throws -> [Double] {
        var l = a
        try l.withUnsafeMutableBufferPointer { lb in
            let L = lb.baseAddress!
            for j in 0..<n {
                let rj = L + j * n
                var diagonal = rj[j]
                for k in 0..<j { diagonal -= rj[k] * rj[k] }
                guard diagonal > 0, diagonal.isFinite else {
                    throw TreeModelError.invalidConfiguration("kernel matrix is not positive definite (pivot \(j + 1)); raise alpha")
                }
                let pivot = diagonal.squareRoot()
                rj[j] = pivot
                for i in (j + 1)..<max(n, j + 1) {
                    let ri = L + i * n
                    var s0 = ri[j], s1 = 0.0
                    var k = 0
                    while k + 2 <= j { s0 -= ri[k] * rj[k]; s1 -= ri[k + 1] * rj[k + 1]; k += 2 }
                    if k < j { s0 -= ri[k] * rj[k] }
                    ri[j] = (s0 + s1) / pivot
                }
            }
        }
        // Forward then back substitution, one right-hand side at a time.
        var x = rhs
        for c in 0..<m {
            for i in 0..<n {
                var s = x[i * m + c]
                for k in 0..<i { s -= l[i * n + k] * x[k * m + c] }
                x[i * m + c] = s / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = x[i * m + c]
                for k in (i + 1)..<max(n, i + 1) { s -= l[k * n + i] * x[k * m + c] }
                x[i * m + c] = s / l[i * n + i]
            }
        }
        return x
    }
}
