import Foundation

/// The thin singular value decomposition `A = U·diag(σ)·Vᵀ` of an `m×n` matrix.
///
/// For `m ≥ n` the matrix is first reduced by a Householder QR (`A = Q·R`),
/// then `R` (n×n) is diagonalised by one-sided (Hestenes) Jacobi rotations,
/// which give singular values to high relative accuracy. Wide matrices are
/// handled through their transpose.
public struct SingularValueDecomposition: Sendable, Hashable {
    /// `m×r` left singular vectors, `r = min(m, n)`. Columns belonging to
    /// numerically zero singular values (≤ σ_max·n·ε) are zero.
    public let u: Matrix
    /// The `r` singular values, descending.
    public let values: [Double]
    /// `n×r` right singular vectors (orthonormal columns).
    public let v: Matrix

    /// Decomposes `a`.
    /// - Throws: `LinearAlgebraError.nonFinite` or `.noConvergence`.
    public init(_ a: Matrix) throws {
        try LinearAlgebra.requireFinite(a, operation: "SVD")
        if a.rows >= a.columns {
            (u, values, v) = try Self.tall(a)
        } else {
            let (ut, s, vt) = try Self.tall(a.transposed)
            (u, values, v) = (vt, s, ut)
        }
    }

    private static func tall(_ a: Matrix) throws -> (Matrix, [Double], Matrix) {
        let m = a.rows, n = a.columns
        let qr = HouseholderQR(a)
        let jacobi = try OneSidedJacobi(upperTriangular: qr.r, n: n)
        // U = Q · [U_R; 0], U_R columns = g_j / σ_j.
        var u = Matrix(rows: m, columns: n)
        var column = [Double](repeating: 0, count: m)
        let largest = jacobi.order.first.map { jacobi.norms[$0] } ?? 0
        let negligible = largest * Double.ulpOfOne * Double(max(n, 1))
        for (position, j) in jacobi.order.enumerated() {
            let sigma = jacobi.norms[j]
            for i in 0..<m { column[i] = 0 }
            if sigma > negligible {
                for i in 0..<n { column[i] = jacobi.g[j * n + i] / sigma }
                qr.applyQ(&column)
            }
            for i in 0..<m { u.storage[i * n + position] = column[i] }
        }
        var v = Matrix(rows: n, columns: n)
        for (position, j) in jacobi.order.enumerated() {
            for i in 0..<n { v.storage[i * n + position] = jacobi.vt[j * n + i] }
        }
        return (u, jacobi.order.map { jacobi.norms[$0] }, v)
    }
}

/// The minimum-norm least-squares solution of `A·X ≈ B`.
public struct LeastSquaresSolution: Sendable, Hashable {
    /// `X`, `n×t` for `A` `m×n` and `B` `m×t`.
    public let solution: Matrix
    /// The numerical rank of `A` (singular values above the cutoff).
    public let rank: Int
    /// The singular values of `A`, descending.
    public let singularValues: [Double]
}

extension LinearAlgebra {
    /// Solves `min ‖A·X − B‖` with the pseudo-inverse: singular values at or
    /// below `relativeCutoff × σ_max` are treated as zero, so collinear columns
    /// give the minimum-norm solution instead of an error.
    /// - Parameter relativeCutoff: defaults to `ε × max(m, n)` (as numpy's `lstsq`).
    /// - Throws: `LinearAlgebraError.dimensionMismatch`, `.nonFinite`, `.noConvergence`.
    public static func leastSquares(_ a: Matrix, _ b: Matrix, relativeCutoff: Double? = nil) throws -> LeastSquaresSolution {
        guard a.rows == b.rows else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "leastSquares", detail: "A has \(a.rows) rows, B has \(b.rows)")
        }
        try requireFinite(a, operation: "leastSquares (A)")
        try requireFinite(b, operation: "leastSquares (B)")
        let m = a.rows, n = a.columns, t = b.columns
        let cutoffFactor = relativeCutoff ?? Double.ulpOfOne * Double(max(m, n))
        var x = Matrix(rows: n, columns: t)
        if m >= n {
            let qr = HouseholderQR(a)
            let jacobi = try OneSidedJacobi(upperTriangular: qr.r, n: n)
            let sigmaMax = jacobi.order.first.map { jacobi.norms[$0] } ?? 0
            let cutoff = cutoffFactor * sigmaMax
            var rank = 0
            var column = [Double](repeating: 0, count: m)
            for c in 0..<t {
                for i in 0..<m { column[i] = b.storage[i * t + c] }
                qr.applyQTransposed(&column)
                rank = 0
                for j in jacobi.order {
                    let sigma = jacobi.norms[j]
                    guard sigma > cutoff, sigma > 0 else { continue }
                    rank += 1
                    var projection = 0.0
                    for i in 0..<n { projection += jacobi.g[j * n + i] * column[i] }
                    let coefficient = projection / (sigma * sigma)
                    for i in 0..<n { x.storage[i * t + c] += coefficient * jacobi.vt[j * n + i] }
                }
            }
            if t == 0 { rank = jacobi.order.filter { jacobi.norms[$0] > cutoff && jacobi.norms[$0] > 0 }.count }
            return LeastSquaresSolution(solution: x, rank: rank, singularValues: jacobi.order.map { jacobi.norms[$0] })
        }
        let svd = try SingularValueDecomposition(a)
        let cutoff = cutoffFactor * (svd.values.first ?? 0)
        let r = svd.values.count
        var rank = 0
        for j in 0..<r {
            let sigma = svd.values[j]
            guard sigma > cutoff, sigma > 0 else { continue }
            rank += 1
            for c in 0..<t {
                var projection = 0.0
                for i in 0..<m { projection += svd.u[i, j] * b[i, c] }
                let coefficient = projection / sigma
                for i in 0..<n { x.storage[i * t + c] += coefficient * svd.v[i, j] }
            }
        }
        return LeastSquaresSolution(solution: x, rank: rank, singularValues: svd.values)
    }
}

/// Householder QR of a tall matrix, stored column by column so that the
/// reflector updates run over contiguous memory.
package struct HouseholderQR {
    let m: Int
    let n: Int
    /// Column `j` of the working matrix at `columns[j*m ..< (j+1)*m]`; after
    /// factorisation entries `j..<m` of column `j` hold reflector `j`.
    private var columns: [Double]
    private var tau: [Double]
    /// The `n×n` upper-triangular factor, row-major.
    private(set) var r: [Double]

    init(_ a: Matrix) {
        m = a.rows
        n = a.columns
        var columns = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { columns[j * m + i] = a.storage[i * n + j] } }
        var tau = [Double](repeating: 0, count: n)
        var r = [Double](repeating: 0, count: n * n)
        let (m, n) = (m, n)
        columns.withUnsafeMutableBufferPointer { cb in
            guard let base = cb.baseAddress else { return }
            for j in 0..<min(n, m) {
                let v = base + j * m + j
                let length = m - j
                let normSquared = DenseKernels.dot(v, v, length)
                let norm = normSquared.squareRoot()
                if norm == 0 {
                    tau[j] = 0
                } else {
                    let alpha = v[0] >= 0 ? -norm : norm
                    let v0 = v[0] - alpha
                    let vtv = v0 * v0 + (normSquared - v[0] * v[0])
                    v[0] = v0
                    let t = vtv > 0 ? 2 / vtv : 0
                    tau[j] = t
                    let trailing = n - j - 1
                    let vConst = UnsafePointer(v)
                    DenseKernels.parallelChunks(count: trailing, work: 2 * trailing * length, minimumChunk: 4) { range in
                        for offset in range {
                            let k = j + 1 + offset
                            let target = base + k * m + j
                            let s = DenseKernels.dot(vConst, target, length)
                            DenseKernels.axpy(-t * s, vConst, target, length)
                        }
                    }
                    r[j * n + j] = alpha
                }
                if tau[j] == 0 { r[j * n + j] = v[0] }
                for k in (j + 1)..<max(j + 1, n) { r[j * n + k] = base[k * m + j] }
            }
        }
        self.columns = columns
        self.tau = tau
        self.r = r
    }

    /// `y ← Qᵀ·y` for a vector of length `m`.
    func applyQTransposed(_ y: inout [Double]) {
        columns.withUnsafeBufferPointer { cb in
            y.withUnsafeMutableBufferPointer { yb in
                guard let base = cb.baseAddress, let yy = yb.baseAddress else { return }
                for j in 0..<min(n, m) where tau[j] != 0 {
                    let v = base + j * m + j
                    let s = DenseKernels.dot(v, yy + j, m - j)
                    DenseKernels.axpy(-tau[j] * s, v, yy + j, m - j)
                }
            }
        }
    }

    /// `y ← Q·y` for a vector of length `m`.
    func applyQ(_ y: inout [Double]) {
        columns.withUnsafeBufferPointer { cb in
            y.withUnsafeMutableBufferPointer { yb in
                guard let base = cb.baseAddress, let yy = yb.baseAddress else { return }
                for j in stride(from: min(n, m) - 1, through: 0, by: -1) where tau[j] != 0 {
                    let v = base + j * m + j
                    let s = DenseKernels.dot(v, yy + j, m - j)
                    DenseKernels.axpy(-tau[j] * s, v, yy + j, m - j)
                }
            }
        }
    }
}

/// One-sided Jacobi orthogonalisation of the columns of a square upper-triangular `R`.
package struct OneSidedJacobi {
    /// Rotated columns `g_j = σ_j u_j`, stored as rows (`g[j*n ..< (j+1)*n]`).
    var g: [Double]
    /// Right singular vectors as rows (`vt[j*n ..< (j+1)*n]` is `v_j`).
    var vt: [Double]
    /// Column norms `σ_j` after convergence.
    var norms: [Double]
    /// Column indices sorted by descending `σ`.
    var order: [Int]

    /// Orthogonalises the columns of `r` (row-major `n×n`). The rotations start
    /// from the eigenvectors `V₀` of `RᵀR`, so `R·V₀` is already nearly
    /// orthogonal and a few cheap sweeps polish it to full accuracy.
    init(upperTriangular r: [Double], n: Int) throws {
        let rMatrix = Matrix(rows: n, columns: n, storage: r)
        var g: [Double]
        var vt: [Double]
        if n >= 2, let start = try? SymmetricEigenDecomposition(LinearAlgebra.gramUnchecked(rMatrix, weights: nil)) {
            // Rows of gᵀ... g_j = R·v_j stored as row j: (R·V₀)ᵀ = V₀ᵀ·Rᵀ.
            g = LinearAlgebra.multiplyUnchecked(rMatrix, start.vectors).transposed.storage
            vt = start.vectors.transposed.storage
        } else {
            g = rMatrix.transposed.storage
            vt = Matrix.identity(n).storage
        }
        var squares = [Double](repeating: 0, count: n)
        let maxSweeps = 80
        var converged = n < 2
        // Columns count as orthogonal once their cosine is below n·ε.
        let tolerance = Double.ulpOfOne * Double(max(n, 1))
        g.withUnsafeMutableBufferPointer { gb in
            vt.withUnsafeMutableBufferPointer { vb in
                guard let gp = gb.baseAddress, let vp = vb.baseAddress else { return }
                var sweep = 0
                while !converged && sweep < maxSweeps {
                    sweep += 1
                    for j in 0..<n { squares[j] = DenseKernels.dot(gp + j * n, gp + j * n, n) }
                    // Columns below rounding level of the largest are numerically zero:
                    // rotating them only shuffles noise, so they are left alone.
                    let negligible = (squares.max() ?? 0) * tolerance * tolerance
                    var rotated = false
                    for j in 0..<(n - 1) {
                        let gj = gp + j * n, vj = vp + j * n
                        for k in (j + 1)..<n {
                            let alpha = squares[j], beta = squares[k]
                            if alpha <= negligible || beta <= negligible { continue }
                            let gk = gp + k * n
                            let gamma = DenseKernels.dot(gj, gk, n)
                            if abs(gamma) <= tolerance * (alpha * beta).squareRoot() { continue }
                            rotated = true
                            let zeta = (beta - alpha) / (2 * gamma)
                            let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                            let c = 1 / (1 + t * t).squareRoot()
                            let s = c * t
                            let vk = vp + k * n
                            for i in 0..<n {
                                let a = gj[i], b = gk[i]
                                gj[i] = c * a - s * b
                                gk[i] = s * a + c * b
                            }
                            for i in 0..<n {
                                let a = vj[i], b = vk[i]
                                vj[i] = c * a - s * b
                                vk[i] = s * a + c * b
                            }
                            squares[j] = alpha - t * gamma
                            squares[k] = beta + t * gamma
                        }
                    }
                    if !rotated { converged = true }
                }
                for j in 0..<n { squares[j] = DenseKernels.dot(gp + j * n, gp + j * n, n).squareRoot() }
            }
        }
        guard converged else {
            throw LinearAlgebraError.noConvergence(operation: "SVD (one-sided Jacobi)", iterations: maxSweeps)
        }
        self.g = g
        self.vt = vt
        norms = squares
        order = (0..<n).sorted { squares[$0] > squares[$1] || (squares[$0] == squares[$1] && $0 < $1) }
    }
}
