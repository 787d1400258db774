import Numerics
import XCTest

/// Numeric kernels against hand-computed answers and naive reference loops.
/// Random matrices are generated from a fixed seed.
final class LinearAlgebraTests: XCTestCase {
    private func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
        var generator = SeededGenerator(seed: seed)
        return Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in generator.nextGaussian() })
    }

    private func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows { for j in 0..<b.columns { for k in 0..<a.columns { c[i, j] += a[i, k] * b[k, j] } } }
        return c
    }

    private func assertClose(_ a: Matrix, _ b: Matrix, accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.rows, b.rows, file: file, line: line)
        XCTAssertEqual(a.columns, b.columns, file: file, line: line)
        let worst = zip(a.storage, b.storage).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, accuracy, "largest difference \(worst)", file: file, line: line)
    }

    func testMultiplyMatchesNaiveProductIncludingTilesAndRemainderRows() throws {
        for (m, k, n) in [(1, 1, 1), (7, 13, 9), (37, 50, 600), (0, 3, 4)] {
            let a = randomMatrix(m, k, seed: 1), b = randomMatrix(k, n, seed: 2)
            assertClose(try LinearAlgebra.multiply(a, b), naiveProduct(a, b), accuracy: 1e-12)
        }
        XCTAssertThrowsError(try LinearAlgebra.multiply(Matrix(rows: 2, columns: 3), Matrix(rows: 2, columns: 3)))
    }

    func testMultiplyTransposedAndTransposeMultiply() throws {
        let a = randomMatrix(11, 6, seed: 3), b = randomMatrix(9, 6, seed: 4), c = randomMatrix(11, 2, seed: 5)
        assertClose(try LinearAlgebra.multiplyTransposed(a, b), naiveProduct(a, b.transposed), accuracy: 1e-12)
        assertClose(try LinearAlgebra.transposeMultiply(a, c), naiveProduct(a.transposed, c), accuracy: 1e-12)
        let weights = (0..<11).map { Double($0 % 3) + 0.5 }
        var weighted = c
        for i in 0..<11 { for j in 0..<2 { weighted[i, j] *= weights[i] } }
        assertClose(try LinearAlgebra.transposeMultiply(a, c, weights: weights), naiveProduct(a.transposed, weighted), accuracy: 1e-12)
    }

    func testGramMatchesNaiveProductWithAndWithoutWeights() throws {
        for (n, p) in [(5, 3), (301, 61), (2, 1)] {
            let x = randomMatrix(n, p, seed: 6)
            let g = try LinearAlgebra.gram(x)
            assertClose(g, naiveProduct(x.transposed, x), accuracy: 1e-10)
            XCTAssertEqual(g, g.transposed, "Gram matrix must be exactly symmetric")
            let weights = (0..<n).map { 0.25 + Double($0 % 5) }
            var wx = x
            for i in 0..<n { for j in 0..<p { wx[i, j] *= weights[i] } }
            assertClose(try LinearAlgebra.gram(x, weights: weights), naiveProduct(x.transposed, wx), accuracy: 1e-10)
        }
        XCTAssertThrowsError(try LinearAlgebra.gram(Matrix(rows: 3, columns: 2), weights: [1, 2]))
    }

    func testCholeskyOfKnownMatrix() throws {
        // A = L·Lᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]] (classic textbook example).
        let a = Matrix([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
        let factor = try CholeskyFactorization(a)
        assertClose(factor.lower, Matrix([[2, 0, 0], [6, 1, 0], [-8, 5, 3]]), accuracy: 1e-12)
        XCTAssertEqual(factor.logDeterminant, log(36), accuracy: 1e-12)
        // A·x = b with x = (1, -2, 3): b = (4-24-48, 12-74-129, -16+86+294).
        let x = try LinearAlgebra.choleskySolve(a, Matrix([[-68], [-191], [364]]))
        assertClose(x, Matrix([[1], [-2], [3]]), accuracy: 1e-10)
    }

    func testRowGramIsTheSymmetricProductWithItsTranspose() {
        for (n, d) in [(1, 1), (5, 3), (37, 10), (40, 0)] {
            let a = randomMatrix(n, d, seed: UInt64(n * 100 + d))
            let g = Matrix(rows: n, columns: n, storage: DenseKernels.rowGram(a.storage, rows: n, columns: d))
            assertClose(g, naiveProduct(a, a.transposed), accuracy: 1e-10)
            XCTAssertEqual(g, g.transposed)
        }
    }

    /// The factor and the solution bit for bit against a plain transcription of the
    /// documented operation order (sequential pivot, two off-diagonal accumulators,
    /// division by the pivot; substitution subtracting in order, then dividing) —
    /// the committed default model depends on these exact roundings.
    func testCholeskyKeepsItsOperationOrderExactly() throws {
        let n = 23, m = 2
        let z = randomMatrix(n, 31, seed: 9)
        var a = naiveProduct(z, z.transposed)
        for i in 0..<n { a[i, i] += 0.3 }
        let b = randomMatrix(n, m, seed: 10)
        var l = a
        for j in 0..<n {
            var pivot = l[j, j]
            for k in 0..<j { pivot -= l[j, k] * l[j, k] }
            l[j, j] = pivot.squareRoot()
            for i in (j + 1)..<n {
                var s0 = l[i, j], s1 = 0.0
                var k = 0
                while k + 2 <= j { s0 -= l[i, k] * l[j, k]; s1 -= l[i, k + 1] * l[j, k + 1]; k += 2 }
                if k < j { s0 -= l[i, k] * l[j, k] }
                l[i, j] = (s0 + s1) / l[j, j]
            }
        }
        var x = b
        for c in 0..<m {
            for i in 0..<n {
                var s = x[i, c]
                for k in 0..<i { s -= l[i, k] * x[k, c] }
                x[i, c] = s / l[i, i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = x[i, c]
                for k in (i + 1)..<n { s -= l[k, i] * x[k, c] }
                x[i, c] = s / l[i, i]
            }
        }
        let factor = try CholeskyFactorization(a)
        for i in 0..<n { for j in 0...i { XCTAssertEqual(factor.lower[i, j].bitPattern, l[i, j].bitPattern, "L[\(i), \(j)]") } }
        XCTAssertEqual(try factor.solve(b).storage.map(\.bitPattern), x.storage.map(\.bitPattern))
        assertClose(naiveProduct(a, x), b, accuracy: 1e-9)
    }

    func testCholeskyRejectsIndefiniteMatrixWithClearError() {
        XCTAssertThrowsError(try CholeskyFactorization(Matrix([[1, 2], [2, 1]]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notPositiveDefinite(column: 1, pivot: -3))
            XCTAssertTrue("\(error)".contains("not positive definite"))
        }
        XCTAssertThrowsError(try CholeskyFactorization(Matrix([[1, 1], [1, 1]])))
        XCTAssertThrowsError(try CholeskyFactorization(Matrix(rows: 2, columns: 3)))
        XCTAssertThrowsError(try CholeskyFactorization(Matrix([[1, 0], [0, .nan]])))
    }

    func testEigenDecompositionOfKnownSymmetricMatrices() throws {
        let two = try SymmetricEigenDecomposition(Matrix([[2, 1], [1, 2]]))
        XCTAssertEqual(two.values[0], 3, accuracy: 1e-14)
        XCTAssertEqual(two.values[1], 1, accuracy: 1e-14)
        let h = 0.5.squareRoot()
        assertClose(two.vectors, Matrix([[h, h], [h, -h]]), accuracy: 1e-14)

        // Block [[3,4],[4,9]] has eigenvalues 6 ± 5 with vectors (1,2)/√5 and (2,-1)/√5.
        let three = try SymmetricEigenDecomposition(Matrix([[2, 0, 0], [0, 3, 4], [0, 4, 9]]))
        XCTAssertEqual(three.values.count, 3)
        for (got, want) in zip(three.values, [11.0, 2, 1]) { XCTAssertEqual(got, want, accuracy: 1e-13) }
        let r = 1 / 5.0.squareRoot()
        assertClose(three.vectors, Matrix([[0, 1, 0], [r, 0, 2 * r], [2 * r, 0, -r]]), accuracy: 1e-13)

        let diagonal = try SymmetricEigenDecomposition(Matrix([[1, 0, 0], [0, 5, 0], [0, 0, 3]]))
        XCTAssertEqual(diagonal.values, [5, 3, 1])
        let single = try SymmetricEigenDecomposition(Matrix([[-4]]))
        XCTAssertEqual(single.values, [-4])
        XCTAssertEqual(single.vectors, Matrix([[1]]))
    }

    func testEigenDecompositionOf130By130IsAccurate() throws {
        let x = randomMatrix(300, 130, seed: 7)
        let a = try LinearAlgebra.gram(x)
        let eigen = try LinearAlgebra.symmetricEigen(a)
        let scale = eigen.values[0]
        // A·V = V·Λ and VᵀV = I.
        let av = try LinearAlgebra.multiply(a, eigen.vectors)
        var vl = eigen.vectors
        for i in 0..<130 { for j in 0..<130 { vl[i, j] *= eigen.values[j] } }
        assertClose(av, vl, accuracy: 1e-10 * scale)
        assertClose(try LinearAlgebra.gram(eigen.vectors), .identity(130), accuracy: 1e-12)
        XCTAssertEqual(eigen.values, eigen.values.sorted(by: >))
        XCTAssertEqual(eigen.values.reduce(0, +), (0..<130).map { a[$0, $0] }.reduce(0, +), accuracy: 1e-9 * scale)
        // Repeated eigenvalues (identity) must not break the iteration.
        let identity = try SymmetricEigenDecomposition(.identity(130))
        XCTAssertTrue(identity.values.allSatisfy { abs($0 - 1) < 1e-15 })
    }

    func testSingularValueDecompositionReconstructsTallAndWideMatrices() throws {
        for (m, n) in [(50, 8), (5, 9), (6, 6)] {
            let a = randomMatrix(m, n, seed: 8)
            let svd = try SingularValueDecomposition(a)
            let r = min(m, n)
            XCTAssertEqual(svd.values.count, r)
            XCTAssertEqual(svd.values, svd.values.sorted(by: >))
            var us = svd.u
            for i in 0..<m { for j in 0..<r { us[i, j] *= svd.values[j] } }
            assertClose(try LinearAlgebra.multiplyTransposed(us, svd.v), a, accuracy: 1e-12)
            assertClose(try LinearAlgebra.gram(svd.u), .identity(r), accuracy: 1e-12)
            assertClose(try LinearAlgebra.gram(svd.v), .identity(r), accuracy: 1e-12)
        }
        // Singular values of diag(3, -2) stacked on zeros are 3 and 2.
        let known = try SingularValueDecomposition(Matrix([[3, 0], [0, -2], [0, 0]]))
        XCTAssertEqual(known.values[0], 3, accuracy: 1e-15)
        XCTAssertEqual(known.values[1], 2, accuracy: 1e-15)
    }

    func testLeastSquaresSolvesExactAndRankDeficientSystems() throws {
        // Noise-free overdetermined system: y = 2·a - 3·b.
        let a = Matrix([[1, 0], [0, 1], [1, 1], [2, 1]])
        let b = Matrix([[2], [-3], [-1], [1]])
        let exact = try LinearAlgebra.leastSquares(a, b)
        assertClose(exact.solution, Matrix([[2], [-3]]), accuracy: 1e-13)
        XCTAssertEqual(exact.rank, 2)
        // Best fit of a constant to (1, 2, 4) is the mean.
        let mean = try LinearAlgebra.leastSquares(Matrix([[1], [1], [1]]), Matrix([[1], [2], [4]]))
        XCTAssertEqual(mean.solution[0, 0], 7.0 / 3, accuracy: 1e-14)
        // Duplicated column: the minimum-norm solution splits the weight equally.
        let duplicated = Matrix([[1, 1], [2, 2], [3, 3]])
        let minimumNorm = try LinearAlgebra.leastSquares(duplicated, Matrix([[2], [4], [6]]))
        XCTAssertEqual(minimumNorm.rank, 1)
        assertClose(minimumNorm.solution, Matrix([[1], [1]]), accuracy: 1e-12)
        // Underdetermined: x + y = 2 → minimum norm (1, 1).
        let wide = try LinearAlgebra.leastSquares(Matrix([[1, 1]]), Matrix([[2]]))
        assertClose(wide.solution, Matrix([[1], [1]]), accuracy: 1e-14)
        XCTAssertThrowsError(try LinearAlgebra.leastSquares(a, Matrix(rows: 3, columns: 1)))
    }
}

final class MatrixDecodingTests: XCTestCase {
    private func decode(_ json: String) throws -> Matrix { try JSONDecoder().decode(Matrix.self, from: Data(json.utf8)) }

    func testAValidMatrixRoundTrips() throws {
        let m = Matrix([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(try JSONDecoder().decode(Matrix.self, from: JSONEncoder().encode(m)), m)
    }

    func testShapeAndStorageMustAgree() {
        for (json, fragment) in [
            (#"{"rows":2,"columns":3,"storage":[1,2,3]}"#, "holds 3 values, but 2×3 needs 6"),
            (#"{"rows":1,"columns":2000000,"storage":[1]}"#, "holds 1 values, but 1×2000000 needs 2000000"),
            (#"{"rows":-1,"columns":3,"storage":[]}"#, "negative"),
            (#"{"rows":4611686018427387904,"columns":4,"storage":[]}"#, "too large"),
        ] {
            XCTAssertThrowsError(try decode(json), json) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(json): \(error)")
            }
        }
    }
}
