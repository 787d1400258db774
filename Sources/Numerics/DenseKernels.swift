import Dispatch
import Foundation

/// Low-level loops over raw `Double` buffers shared by the linear-algebra
/// routines and the models. Written so that the compiler vectorises them:
/// `axpy`-style updates have no loop-carried dependency, and reductions use
/// four independent accumulators.
package enum DenseKernels {
    /// `Σ a[i] * b[i]` for `i < count`.
    @inline(__always)
    package static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= count {
            s0 += a[i] * b[i]
            s1 += a[i + 1] * b[i + 1]
            s2 += a[i + 2] * b[i + 2]
            s3 += a[i + 3] * b[i + 3]
            i += 4
        }
        while i < count {
            s0 += a[i] * b[i]
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// `Σ (a[i] - b[i])²` for `i < count`.
    @inline(__always)
    package static func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= count {
            let d0 = a[i] - b[i], d1 = a[i + 1] - b[i + 1], d2 = a[i + 2] - b[i + 2], d3 = a[i + 3] - b[i + 3]
            s0 += d0 * d0
            s1 += d1 * d1
            s2 += d2 * d2
            s3 += d3 * d3
            i += 4
        }
        while i < count {
            let d = a[i] - b[i]
            s0 += d * d
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// `y[i] += alpha * x[i]` for `i < count`.
    @inline(__always)
    package static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        for i in 0..<count { y[i] += alpha * x[i] }
    }

    /// Runs `body` over `count` items split into contiguous chunks, in
    /// parallel when `work` (a rough operation count) makes it worthwhile.
    /// `body` receives a half-open range of item indices.
    package static func parallelChunks(count: Int, work: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let threads = ProcessInfoCache.activeProcessorCount
        let worthParallel = work >= 400_000 && threads > 1 && count >= 2 * minimumChunk
        if !worthParallel {
            body(0..<count)
            return
        }
        let chunks = min(count / max(1, minimumChunk), threads * 4)
        let size = (count + chunks - 1) / chunks
        let realChunks = (count + size - 1) / size
        DispatchQueue.concurrentPerform(iterations: realChunks) { c in
            let start = c * size
            let end = min(count, start + size)
            if start < end { body(start..<end) }
        }
    }

    /// `c (m×n) = a (m×k) · b (k×n)`, all row-major, `c` overwritten.
    package static func multiply(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
        m: Int, k: Int, n: Int, parallel: Bool = true
    ) {
        for i in 0..<(m * n) { c[i] = 0 }
        multiplyAdd(a, lda: k, b, ldb: n, c, ldc: n, m: m, k: k, n: n, upperOnly: false, parallel: parallel)
    }

    /// `c += a · b` with explicit row strides. Blocked for cache (panels of
    /// `kc` rows × `nc` columns of `b`) and registers (4×4 tiles of `c` held in
    /// SIMD accumulators). With `upperOnly`, tiles lying entirely below the
    /// diagonal of `c` are skipped (for symmetric results). Row blocks of `c`
    /// run in parallel.
    package static func multiplyAdd(
        _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
        _ c: UnsafeMutablePointer<Double>, ldc: Int, m: Int, k: Int, n: Int, upperOnly: Bool, parallel: Bool
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        let kc = 256, nc = 32
        let rowBlocks = (m + 3) / 4
        parallelChunks(count: rowBlocks, work: parallel ? m * k * n : 0, minimumChunk: 1) { range in
            var l0 = 0
            while l0 < k {
                let kLength = min(kc, k - l0)
                var j0 = 0
                while j0 < n {
                    let jEnd = min(n, j0 + nc)
                    for block in range {
                        let i0 = block * 4
                        let rows = min(4, m - i0)
                        var j = j0
                        while j < jEnd {
                            let width = min(4, jEnd - j)
                            if upperOnly && j + width <= i0 {
                                j += width
                                continue
                            }
                            let aTile = a + i0 * lda + l0
                            let bTile = b + l0 * ldb + j
                            let cTile = c + i0 * ldc + j
                            if rows == 4 && width == 4 {
                                tile4x4(aTile, lda: lda, bTile, ldb: ldb, cTile, ldc: ldc, k: kLength)
                            } else {
                                tileEdge(aTile, lda: lda, bTile, ldb: ldb, cTile, ldc: ldc, rows: rows, width: width, k: kLength)
                            }
                            j += width
                        }
                    }
                    j0 = jEnd
                }
                l0 += kLength
            }
        }
    }

    /// `c[0..<4, 0..<4] += a[0..<4, 0..<k] · b[0..<k, 0..<4]` in registers.
    @inline(__always)
    private static func tile4x4(
        _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
        _ c: UnsafeMutablePointer<Double>, ldc: Int, k: Int
    ) {
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>(), s2 = SIMD4<Double>(), s3 = SIMD4<Double>()
        let a0 = a, a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda
        var bp = UnsafeRawPointer(b)
        let stride = ldb * MemoryLayout<Double>.stride
        for l in 0..<k {
            let bv = bp.loadUnaligned(as: SIMD4<Double>.self)
            s0 += bv * a0[l]
            s1 += bv * a1[l]
            s2 += bv * a2[l]
            s3 += bv * a3[l]
            bp += stride
        }
        let c0 = UnsafeMutableRawPointer(c), c1 = UnsafeMutableRawPointer(c + ldc)
        let c2 = UnsafeMutableRawPointer(c + 2 * ldc), c3 = UnsafeMutableRawPointer(c + 3 * ldc)
        c0.storeBytes(of: c0.loadUnaligned(as: SIMD4<Double>.self) + s0, as: SIMD4<Double>.self)
        c1.storeBytes(of: c1.loadUnaligned(as: SIMD4<Double>.self) + s1, as: SIMD4<Double>.self)
        c2.storeBytes(of: c2.loadUnaligned(as: SIMD4<Double>.self) + s2, as: SIMD4<Double>.self)
        c3.storeBytes(of: c3.loadUnaligned(as: SIMD4<Double>.self) + s3, as: SIMD4<Double>.self)
    }

    /// The scalar version of `tile4x4` for edge tiles (fewer rows or columns).
    private static func tileEdge(
        _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
        _ c: UnsafeMutablePointer<Double>, ldc: Int, rows: Int, width: Int, k: Int
    ) {
        for r in 0..<rows {
            let ar = a + r * lda
            for j in 0..<width {
                var s = 0.0
                var bp = b + j
                for l in 0..<k {
                    s += ar[l] * bp.pointee
                    bp += ldb
                }
                c[r * ldc + j] += s
            }
        }
    }

    /// `a · aᵀ` (every inner product between two rows, by `dot`) for a row-major
    /// `rows × columns` matrix `a`, as row-major `rows × rows`. Rows are dealt to
    /// 16 interleaved parts run in parallel; the result does not depend on scheduling.
    package static func rowGram(_ a: [Double], rows n: Int, columns d: Int) -> [Double] {
        var g = [Double](repeating: 0, count: n * n)
        a.withUnsafeBufferPointer { ab in
            g.withUnsafeMutableBufferPointer { gb in
                guard let ra = ab.baseAddress, let rg = gb.baseAddress else { return }
                let parts = 16
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    var i = part
                    while i < n {
                        let ri = ra + i * d
                        for j in 0...i {
                            let s = dot(ri, ra + j * d, d)
                            rg[i * n + j] = s
                            rg[j * n + i] = s
                        }
                        i += parts
                    }
                }
            }
        }
        return g
    }

    /// The upper triangle (and then the mirrored lower triangle) of
    /// `g (p×p) = xᵀ · diag(w) · x` for row-major `x (n×p)`. Each thread owns a
    /// band of rows of `g` chosen so that bands hold similar triangle areas, and
    /// streams through the samples four at a time.
    package static func weightedGram(
        _ x: UnsafePointer<Double>, weights: UnsafePointer<Double>?, _ g: UnsafeMutablePointer<Double>, n: Int, p: Int
    ) {
        for i in 0..<(p * p) { g[i] = 0 }
        guard n > 0, p > 0 else { return }
        let threads = ProcessInfoCache.activeProcessorCount
        let bandCount = (n * p * p / 2 >= 400_000 && threads > 1) ? min(p, threads * 2) : 1
        // Band boundaries with equal triangle area: rows i..<p hold (p-i)² / 2.
        var bounds = [0]
        for b in 1..<bandCount {
            let remainingFraction = 1 - Double(b) / Double(bandCount)
            let start = p - Int((Double(p * p) * remainingFraction).squareRoot().rounded())
            bounds.append(max(bounds.last!, min(p, start)))
        }
        bounds.append(p)
        DispatchQueue.concurrentPerform(iterations: bandCount) { band in
            let lo = bounds[band], hi = bounds[band + 1]
            guard lo < hi else { return }
            var r = 0
            while r + 4 <= n {
                let x0 = x + r * p, x1 = x0 + p, x2 = x1 + p, x3 = x2 + p
                let w0 = weights?[r] ?? 1, w1 = weights?[r + 1] ?? 1, w2 = weights?[r + 2] ?? 1, w3 = weights?[r + 3] ?? 1
                for i in lo..<hi {
                    let c0 = w0 * x0[i], c1 = w1 * x1[i], c2 = w2 * x2[i], c3 = w3 * x3[i]
                    let gi = g + i * p
                    for j in i..<p {
                        gi[j] += c0 * x0[j] + c1 * x1[j] + c2 * x2[j] + c3 * x3[j]
                    }
                }
                r += 4
            }
            while r < n {
                let xr = x + r * p
                let w = weights?[r] ?? 1
                for i in lo..<hi {
                    let c = w * xr[i]
                    let gi = g + i * p
                    for j in i..<p { gi[j] += c * xr[j] }
                }
                r += 1
            }
        }
        for i in 0..<p {
            for j in (i + 1)..<max(i + 1, p) { g[j * p + i] = g[i * p + j] }
        }
    }
}

/// The processor count, read once.
package enum ProcessInfoCache {
    package static let activeProcessorCount: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
}
