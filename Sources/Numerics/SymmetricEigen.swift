import Foundation

/// The eigen-decomposition `A = V·diag(λ)·Vᵀ` of a real symmetric matrix.
///
/// Computed by Householder reduction to tridiagonal form followed by the
/// implicit QL algorithm with Wilkinson-style shifts (the EISPACK
/// `tred2`/`tql2` pair), O(n³): a 130×130 matrix takes about a millisecond.
public struct SymmetricEigenDecomposition: Sendable, Hashable {
    /// Eigenvalues in descending order.
    public let values: [Double]
    /// Orthonormal eigenvectors: column `j` belongs to `values[j]`. Each
    /// vector's entry of largest magnitude is positive (a deterministic sign).
    public let vectors: Matrix

    /// Decomposes `a`, reading only its lower triangle (the matrix is assumed symmetric).
    /// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite`, or `.noConvergence`.
    public init(_ a: Matrix) throws {
        guard a.rows == a.columns else {
            throw LinearAlgebraError.notSquare(operation: "symmetric eigen-decomposition", rows: a.rows, columns: a.columns)
        }
        try LinearAlgebra.requireFinite(a, operation: "symmetric eigen-decomposition")
        let n = a.rows
        if n == 0 {
            values = []
            vectors = Matrix(rows: 0, columns: 0)
            return
        }
        // V starts as the symmetric matrix built from the lower triangle.
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                v[i * n + j] = a[i, j]
                v[j * n + i] = a[i, j]
            }
        }
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: n)
        Self.tridiagonalise(&v, &d, &e, n)
        // Work with W = Vᵀ so that QL rotations touch contiguous rows.
        var w = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { w[j * n + i] = v[i * n + j] } }
        guard Self.diagonalise(&w, &d, &e, n) else {
            throw LinearAlgebraError.noConvergence(operation: "symmetric eigen-decomposition (QL)", iterations: 30 * n)
        }
        // Sort descending; rows of W are eigenvectors.
        let order = (0..<n).sorted { d[$0] > d[$1] || (d[$0] == d[$1] && $0 < $1) }
        var sortedValues = [Double](repeating: 0, count: n)
        var out = Matrix(rows: n, columns: n)
        for (column, source) in order.enumerated() {
            sortedValues[column] = d[source]
            var largest = 0.0, sign = 1.0
            for k in 0..<n {
                let value = w[source * n + k]
                if abs(value) > largest { largest = abs(value); sign = value < 0 ? -1 : 1 }
            }
            for k in 0..<n { out.storage[k * n + column] = sign * w[source * n + k] }
        }
        values = sortedValues
        vectors = out
    }

    /// Eigenvector `j` (for `values[j]`) as an array.
    public func vector(_ j: Int) -> [Double] { vectors.column(j) }

    /// Householder reduction of the symmetric `v` to tridiagonal form
    /// (diagonal `d`, sub-diagonal `e`), accumulating the transformation in `v`.
    private static func tridiagonalise(_ v: inout [Double], _ d: inout [Double], _ e: inout [Double], _ n: Int) {
        v.withUnsafeMutableBufferPointer { vb in
            d.withUnsafeMutableBufferPointer { d in
                e.withUnsafeMutableBufferPointer { e in
                    let v = vb.baseAddress!
                    for j in 0..<n { d[j] = v[(n - 1) * n + j] }
                    var i = n - 1
                    while i > 0 {
                        var scale = 0.0
                        var h = 0.0
                        for k in 0..<i { scale += abs(d[k]) }
                        if scale == 0 {
                            e[i] = d[i - 1]
                            for j in 0..<i {
                                d[j] = v[(i - 1) * n + j]
                                v[i * n + j] = 0
                                v[j * n + i] = 0
                            }
                        } else {
                            for k in 0..<i {
                                d[k] /= scale
                                h += d[k] * d[k]
                            }
                            var f = d[i - 1]
                            var g = h.squareRoot()
                            if f > 0 { g = -g }
                            e[i] = scale * g
                            h -= f * g
                            d[i - 1] = f - g
                            for j in 0..<i { e[j] = 0 }
                            for j in 0..<i {
                                f = d[j]
                                v[j * n + i] = f
                                g = e[j] + v[j * n + j] * f
                                var k = j + 1
                                while k <= i - 1 {
                                    g += v[k * n + j] * d[k]
                                    e[k] += v[k * n + j] * f
                                    k += 1
                                }
                                e[j] = g
                            }
                            f = 0
                            for j in 0..<i {
                                e[j] /= h
                                f += e[j] * d[j]
                            }
                            let hh = f / (h + h)
                            for j in 0..<i { e[j] -= hh * d[j] }
                            for j in 0..<i {
                                f = d[j]
                                g = e[j]
                                for k in j...(i - 1) { v[k * n + j] -= (f * e[k] + g * d[k]) }
                                d[j] = v[(i - 1) * n + j]
                                v[i * n + j] = 0
                            }
                        }
                        d[i] = h
                        i -= 1
                    }
                    // Accumulate transformations.
                    for i in 0..<(n - 1) {
                        v[(n - 1) * n + i] = v[i * n + i]
                        v[i * n + i] = 1
                        let h = d[i + 1]
                        if h != 0 {
                            for k in 0...i { d[k] = v[k * n + i + 1] / h }
                            for j in 0...i {
                                var g = 0.0
                                for k in 0...i { g += v[k * n + i + 1] * v[k * n + j] }
                                for k in 0...i { v[k * n + j] -= g * d[k] }
                            }
                        }
                        for k in 0...i { v[k * n + i + 1] = 0 }
                    }
                    for j in 0..<n {
                        d[j] = v[(n - 1) * n + j]
                        v[(n - 1) * n + j] = 0
                    }
                    v[(n - 1) * n + n - 1] = 1
                    e[0] = 0
                }
            }
        }
    }

    /// Implicit QL iterations on the tridiagonal (`d`, `e`), applying the
    /// rotations to the rows of `w` (= Vᵀ). Returns false if an eigenvalue fails to converge.
    private static func diagonalise(_ w: inout [Double], _ d: inout [Double], _ e: inout [Double], _ n: Int) -> Bool {
        var converged = true
        w.withUnsafeMutableBufferPointer { wb in
            d.withUnsafeMutableBufferPointer { d in
                e.withUnsafeMutableBufferPointer { e in
                    let w = wb.baseAddress!
                    for i in 1..<max(1, n) { e[i - 1] = e[i] }
                    e[n - 1] = 0
                    var f = 0.0
                    var tst1 = 0.0
                    let eps = Double.ulpOfOne
                    let maxIterations = 30 * max(n, 1)
                    for l in 0..<n {
                        tst1 = max(tst1, abs(d[l]) + abs(e[l]))
                        var m = l
                        while m < n {
                            if abs(e[m]) <= eps * tst1 { break }
                            m += 1
                        }
                        if m == n { m = n - 1 }
                        if m > l {
                            var iterations = 0
                            repeat {
                                iterations += 1
                                if iterations > maxIterations {
                                    converged = false
                                    return
                                }
                                var g = d[l]
                                var p = (d[l + 1] - g) / (2 * e[l])
                                var r = hypot(p, 1)
                                if p < 0 { r = -r }
                                d[l] = e[l] / (p + r)
                                d[l + 1] = e[l] * (p + r)
                                let dl1 = d[l + 1]
                                var h = g - d[l]
                                if l + 2 < n { for i in (l + 2)..<n { d[i] -= h } }
                                f += h
                                p = d[m]
                                var c = 1.0, c2 = 1.0, c3 = 1.0
                                let el1 = e[l + 1]
                                var s = 0.0, s2 = 0.0
                                var i = m - 1
                                while i >= l {
                                    c3 = c2
                                    c2 = c
                                    s2 = s
                                    g = c * e[i]
                                    h = c * p
                                    r = hypot(p, e[i])
                                    e[i + 1] = s * r
                                    s = e[i] / r
                                    c = p / r
                                    p = c * d[i] - s * g
                                    d[i + 1] = h + s * (c * g + s * d[i])
                                    let rowI = w + i * n, rowNext = w + (i + 1) * n
                                    for k in 0..<n {
                                        let hk = rowNext[k]
                                        rowNext[k] = s * rowI[k] + c * hk
                                        rowI[k] = c * rowI[k] - s * hk
                                    }
                                    i -= 1
                                }
                                p = -s * s2 * c3 * el1 * e[l] / dl1
                                e[l] = s * p
                                d[l] = c * p
                            } while abs(e[l]) > eps * tst1
                        }
                        d[l] += f
                        e[l] = 0
                    }
                }
            }
        }
        return converged
    }
}

extension LinearAlgebra {
    /// The eigen-decomposition of symmetric `a` (eigenvalues descending).
    public static func symmetricEigen(_ a: Matrix) throws -> SymmetricEigenDecomposition {
        try SymmetricEigenDecomposition(a)
    }
}
