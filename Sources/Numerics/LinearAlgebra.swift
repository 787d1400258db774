/// Dense linear algebra on `Matrix`: products, Gram matrices, Cholesky
/// solves, symmetric eigen-decomposition, SVD and least squares.
///
/// Everything is plain Swift over contiguous row-major buffers; products and
/// Gram matrices run in parallel on large inputs.
public enum LinearAlgebra {
    /// `a · b`.
    /// - Throws: `LinearAlgebraError.dimensionMismatch` when `a.columns != b.rows`.
    public static func multiply(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        guard a.columns == b.rows else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "multiply", detail: "left is \(a.rows)×\(a.columns), right is \(b.rows)×\(b.columns)")
        }
        return multiplyUnchecked(a, b)
    }

    /// `a · b` for operands already known to conform.
    package static func multiplyUnchecked(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.columns)
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    guard let ra = pa.baseAddress, let rb = pb.baseAddress, let rc = pc.baseAddress else { return }
                    DenseKernels.multiply(ra, rb, rc, m: a.rows, k: a.columns, n: b.columns)
                }
            }
        }
        return c
    }

    /// `a · bᵀ` (for example all inner products between two sets of samples).
    /// - Throws: `LinearAlgebraError.dimensionMismatch` when the column counts differ.
    public static func multiplyTransposed(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        guard a.columns == b.columns else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "multiplyTransposed", detail: "left has \(a.columns) columns, right has \(b.columns)")
        }
        return multiplyUnchecked(a, b.transposed)
    }

    /// The Gram matrix `xᵀ · diag(weights) · x` (`xᵀx` without weights), `p×p` for an `n×p` input.
    /// Only the upper triangle is computed; the result is exactly symmetric.
    /// - Throws: `LinearAlgebraError.dimensionMismatch` when `weights` has the wrong length.
    public static func gram(_ x: Matrix, weights: [Double]? = nil) throws -> Matrix {
        if let weights, weights.count != x.rows {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "gram", detail: "\(weights.count) weights for \(x.rows) rows")
        }
        return gramUnchecked(x, weights: weights)
    }

    package static func gramUnchecked(_ x: Matrix, weights: [Double]?) -> Matrix {
        var g = Matrix(rows: x.columns, columns: x.columns)
        x.storage.withUnsafeBufferPointer { px in
            g.storage.withUnsafeMutableBufferPointer { pg in
                guard let rg = pg.baseAddress else { return }
                guard let rx = px.baseAddress else {
                    for i in 0..<pg.count { pg[i] = 0 }
                    return
                }
                if let weights {
                    weights.withUnsafeBufferPointer { pw in
                        DenseKernels.weightedGram(rx, weights: pw.baseAddress, rg, n: x.rows, p: x.columns)
                    }
                } else {
                    DenseKernels.weightedGram(rx, weights: nil, rg, n: x.rows, p: x.columns)
                }
            }
        }
        return g
    }

    /// `aᵀ · diag(weights) · b` for `a` (n×p) and `b` (n×t), without forming `aᵀ`.
    /// - Throws: `LinearAlgebraError.dimensionMismatch` when row counts or weights disagree.
    public static func transposeMultiply(_ a: Matrix, _ b: Matrix, weights: [Double]? = nil) throws -> Matrix {
        guard a.rows == b.rows else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "transposeMultiply", detail: "left has \(a.rows) rows, right has \(b.rows)")
        }
        if let weights, weights.count != a.rows {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "transposeMultiply", detail: "\(weights.count) weights for \(a.rows) rows")
        }
        return transposeMultiplyUnchecked(a, b, weights: weights)
    }

    package static func transposeMultiplyUnchecked(_ a: Matrix, _ b: Matrix, weights: [Double]?) -> Matrix {
        let p = a.columns, t = b.columns
        var c = Matrix(rows: p, columns: t)
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    guard let rc = pc.baseAddress, let ra = pa.baseAddress, let rb = pb.baseAddress else { return }
                    for r in 0..<a.rows {
                        let w = weights?[r] ?? 1
                        let ar = ra + r * p, br = rb + r * t
                        for i in 0..<p {
                            let coefficient = w * ar[i]
                            DenseKernels.axpy(coefficient, br, rc + i * t, t)
                        }
                    }
                }
            }
        }
        return c
    }

    /// Checks that every entry of `m` is finite.
    /// - Throws: `LinearAlgebraError.nonFinite` naming the first bad entry.
    package static func requireFinite(_ m: Matrix, operation: String) throws {
        for (index, value) in m.storage.enumerated() where !value.isFinite {
            throw LinearAlgebraError.nonFinite(
                operation: operation, row: index / max(1, m.columns), column: index % max(1, m.columns), value: value)
        }
    }
}

/// Why a linear-algebra routine could not produce a result.
public enum LinearAlgebraError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Operand shapes do not fit together.
    case dimensionMismatch(operation: String, detail: String)
    /// A matrix that must be square is not.
    case notSquare(operation: String, rows: Int, columns: Int)
    /// Cholesky met a pivot that is not positive: the matrix is not (numerically) positive definite.
    case notPositiveDefinite(column: Int, pivot: Double)
    /// An input entry is NaN or infinite.
    case nonFinite(operation: String, row: Int, column: Int, value: Double)
    /// An iterative method did not converge.
    case noConvergence(operation: String, iterations: Int)

    public var description: String {
        switch self {
        case let .dimensionMismatch(operation, detail):
            return "\(operation): dimension mismatch (\(detail))"
        case let .notSquare(operation, rows, columns):
            return "\(operation): expected a square matrix, got \(rows)×\(columns)"
        case let .notPositiveDefinite(column, pivot):
            return "Cholesky: matrix is not positive definite (pivot \(pivot) at row/column \(column)); "
                + "features may be collinear or constant — add ridge regularisation"
        case let .nonFinite(operation, row, column, value):
            return "\(operation): non-finite value \(value) at row \(row), column \(column)"
        case let .noConvergence(operation, iterations):
            return "\(operation): did not converge in \(iterations) iterations"
        }
    }
}
