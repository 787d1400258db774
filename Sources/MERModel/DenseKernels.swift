import Dispatch
import Foundation

/// Low-level loops over raw `Double` buffers shared by the linear-algebra
/// routines and the models. Written so that the compiler vectorises them:
/// `axpy`-style updates have no loop-carried dependency, and reductions use
/// four independent accumulators.
enum DenseKernels {
    /// `Σ a[i] * b[i]` for `i < count`.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
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
    static func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
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
    static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        for i in 0..<count { y[i] += alpha * x[i] }
    }

    /// Runs `body` over `count` items split into contiguous chunks, in
    /// parallel when `work` (a rough operation count) makes it worthwhile.
    /// `body` receives a half-open range of item indices.
    static func parallelChunks(count: Int, work: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
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
    /// Rows of `c` are processed four at a time and columns in tiles so that
    /// each row of `b` is reused from cache; row blocks run in parallel.
    static func multiply(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
        m: Int, k: Int, n: Int, parallel: Bool = true
    ) {
        let tile = 512
        let blocks = (m + 3) / 4
        parallelChunks(count: blocks, work: parallel ? m * k * n : 0, minimumChunk: 2) { blockRange in
            for block in blockRange {
                let i0 = block * 4
                let rowsHere = min(4, m - i0)
                var j0 = 0
                while j0 < n {
                    let width = min(tile, n - j0)
                    for r in 0..<rowsHere {
                        let cr = c + (i0 + r) * n + j0
                        for j in 0..<width { cr[j] = 0 }
                    }
                    if rowsHere == 4 {
                        let c0 = c + i0 * n + j0, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n
                        let a0 = a + i0 * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k
                        for l in 0..<k {
                            let bl = b + l * n + j0
                            let x0 = a0[l], x1 = a1[l], x2 = a2[l], x3 = a3[l]
                            for j in 0..<width {
                                let bv = bl[j]
                                c0[j] += x0 * bv
                                c1[j] += x1 * bv
                                c2[j] += x2 * bv
                                c3[j] += x3 * bv
                            }
                        }
                    } else {
                        for r in 0..<rowsHere {
                            let cr = c + (i0 + r) * n + j0
                            let ar = a + (i0 + r) * k
                            for l in 0..<k { axpy(ar[l], b + l * n + j0, cr, width) }
                        }
                    }
                    j0 += tile
                }
            }
        }
    }

    /// The upper triangle (and then the mirrored lower triangle) of
    /// `g (p×p) = xᵀ · diag(w) · x` for row-major `x (n×p)`. Each thread owns a
    /// band of rows of `g` chosen so that bands hold similar triangle areas, and
    /// streams through the samples four at a time.
    static func weightedGram(
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
enum ProcessInfoCache {
    static let activeProcessorCount: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
}
