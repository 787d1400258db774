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
                    let pivot = ra[j * n + j] - DenseKernels.dot(lj, lj, j)
                    guard pivot > 0, pivot.isFinite else {
                        failure = .notPositiveDefinite(column: j, pivot: pivot)
                        return
                    }
                    let diagonal = pivot.squareRoot()
                    lj[j] = diagonal
                    let inverse = 1 / diagonal
                    for i in (j + 1)..<max(j + 1, n) {
                        let li = rl + i * n
                        li[j] = (ra[i * n + j] - DenseKernels.dot(li, lj, j)) * inverse
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
                // Forward substitution L·Y = B, one row of Y at a time.
                for i in 0..<n {
                    let xi = rx + i * t
                    let li = rl + i * n
                    for k in 0..<i { DenseKernels.axpy(-li[k], rx + k * t, xi, t) }
                    let inverse = 1 / li[i]
                    for c in 0..<t { xi[c] *= inverse }
                }
                // Back substitution Lᵀ·X = Y.
                for i in stride(from: n - 1, through: 0, by: -1) {
                    let xi = rx + i * t
                    for k in (i + 1)..<max(i + 1, n) { DenseKernels.axpy(-rl[k * n + i], rx + k * t, xi, t) }
                    let inverse = 1 / rl[i * n + i]
                    for c in 0..<t { xi[c] *= inverse }
                }
            }
        }
        return x
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
