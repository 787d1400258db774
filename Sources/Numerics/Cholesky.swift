/// The Cholesky factorisation `A = L·Lᵀ` of a symmetric positive-definite matrix.
public struct CholeskyFactorization: Sendable, Hashable {
    /// The lower-triangular factor `L` (entries above the diagonal are zero).
    public let lower: Matrix

    /// Factorises `a`, reading only its lower triangle.
    /// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite`, or
    ///   `.notPositiveDefinite(column:pivot:)` naming the first failing pivot.
    public init(_ a: Matrix) throws {
        guard a.rows == a.columns else {
            throw LinearAlgebraError.notSquare(operation: "Cholesky", rows: a.rows, columns: a.columns)
        }
        try LinearAlgebra.requireFinite(a, operation: "Cholesky")
        let n = a.rows
        var l = Matrix(rows: n, columns: n)
        var failure: LinearAlgebraError?
        a.storage.withUnsafeBufferPointer { pa in
            l.storage.withUnsafeMutableBufferPointer { pl in
                guard let ra = pa.baseAddress, let rl = pl.baseAddress else { return }
                for j in 0..<n {
                    let lj = rl + j * n
                    // The pivot by sequential subtraction, off-diagonals with two
                    // accumulators, divided by the pivot: this exact operation order
                    // is what the committed default model (kernel ridge) was fitted with.
                    var pivot = ra[j * n + j]
                    for k in 0..<j { pivot -= lj[k] * lj[k] }
                    guard pivot > 0, pivot.isFinite else {
                        failure = .notPositiveDefinite(column: j, pivot: pivot)
                        return
                    }
                    let diagonal = pivot.squareRoot()
                    lj[j] = diagonal
                    for i in (j + 1)..<max(j + 1, n) {
                        let li = rl + i * n
                        var s0 = ra[i * n + j], s1 = 0.0
                        var k = 0
                        while k + 2 <= j {
                            s0 -= li[k] * lj[k]
                            s1 -= li[k + 1] * lj[k + 1]
                            k += 2
                        }
                        if k < j { s0 -= li[k] * lj[k] }
                        li[j] = (s0 + s1) / diagonal
                    }
                }
            }
        }
        if let failure { throw failure }
        lower = l
    }

    /// Solves `A·X = B` for `X` (same shape as `b`).
    /// - Throws: `LinearAlgebraError.dimensionMismatch` when `b.rows` differs from the order of `A`.
    public func solve(_ b: Matrix) throws -> Matrix {
        let n = lower.rows
        guard b.rows == n else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "Cholesky solve", detail: "matrix is \(n)×\(n), right-hand side has \(b.rows) rows")
        }
        let t = b.columns
        var x = b
        lower.storage.withUnsafeBufferPointer { pl in
            x.storage.withUnsafeMutableBufferPointer { px in
                guard let rl = pl.baseAddress, let rx = px.baseAddress else { return }
                // Forward substitution L·Y = B, then back substitution Lᵀ·X = Y, one row
                // of X at a time; each entry subtracts its terms in order, then divides.
                for i in 0..<n {
                    let xi = rx + i * t
                    let li = rl + i * n
                    for k in 0..<i { subtract(li[k], rx + k * t, from: xi, t) }
                    let diagonal = li[i]
                    for c in 0..<t { xi[c] /= diagonal }
                }
                for i in stride(from: n - 1, through: 0, by: -1) {
                    let xi = rx + i * t
                    for k in (i + 1)..<max(i + 1, n) { subtract(rl[k * n + i], rx + k * t, from: xi, t) }
                    let diagonal = rl[i * n + i]
                    for c in 0..<t { xi[c] /= diagonal }
                }
            }
        }
        return x
    }

    /// `y[c] -= factor * x[c]` for `c < count`.
    @inline(__always)
    private func subtract(_ factor: Double, _ x: UnsafePointer<Double>, from y: UnsafeMutablePointer<Double>, _ count: Int) {
        for c in 0..<count { y[c] -= factor * x[c] }
    }

    /// `log det A = 2 Σ log Lᵢᵢ`.
    public var logDeterminant: Double {
        var s = 0.0
        for i in 0..<lower.rows { s += Foundation.log(lower[i, i]) }
        return 2 * s
    }
}

extension LinearAlgebra {
    /// Solves the symmetric positive-definite system `a·x = b` by Cholesky.
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` when `a` is not positive definite
    ///   (for example a Gram matrix of collinear features without ridge).
    public static func choleskySolve(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        try CholeskyFactorization(a).solve(b)
    }
}

import Foundation
