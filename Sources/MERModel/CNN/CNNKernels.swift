import DEAMData
import Numerics
/// Small vector kernels for the CNN's hot loops, written with explicit SIMD so
/// that reductions vectorise (the compiler may not reassociate float sums).
/// Results are deterministic: the summation order depends only on `count`.
enum CNNKernels {
    /// `sum(a[i] * b[i])` for `i < count`.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 16 <= count {
            acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            acc1 += ra.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
            i += 16
        }
        if i + 8 <= count {
            acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var sum = (acc0 + acc1).sum()
        while i < count { sum += a[i] * b[i]; i += 1 }
        return sum
    }

    /// `y[i] += alpha * x[i]` for `i < count`.
    @inline(__always)
    static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
        var i = 0
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let a = SIMD8<Float>(repeating: alpha)
        while i + 8 <= count {
            let v = ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                + a * rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            ry.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { y[i] += alpha * x[i]; i += 1 }
    }

    /// `sum(a[i])` for `i < count`.
    @inline(__always)
    static func sum(_ a: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a)
        while i + 8 <= count {
            acc += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var s = acc.sum()
        while i < count { s += a[i]; i += 1 }
        return s
    }
}

extension CNNKernels {
    /// `x` rounded up to a multiple of 8.
    @inline(__always)
    static func roundUp8(_ x: Int) -> Int { (x + 7) & ~7 }

    /// Multi-channel correlation with a small kernel, register-blocked over 32 outputs:
    /// `output[o][t] = bias[o] + Σ_c Σ_k weights[(o·C + c)·K + k] · source[c·stride + t + k]`
    /// for `t < outputLength`, where `C = sourceChannels`, `K = kernelSize`.
    ///
    /// Every source row must be readable (and finite) up to `roundUp8(outputLength) + K − 1`.
    static func correlate(source: UnsafePointer<Float>, sourceStride: Int, sourceChannels: Int,
                          weights: UnsafePointer<Float>, kernelSize: Int, bias: UnsafePointer<Float>?,
                          output: UnsafeMutablePointer<Float>, outputChannels: Int, outputLength: Int) {
        let chunks = (outputLength + 7) / 8
        let k = kernelSize, cCount = sourceChannels
        let raw = UnsafeRawPointer(source)
        @inline(__always) func load(_ index: Int) -> SIMD8<Float> {
            raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
        }
        @inline(__always) func store(_ v: SIMD8<Float>, _ out: UnsafeMutablePointer<Float>, _ t: Int) {
            let n = outputLength - t
            if n >= 8 {
                UnsafeMutableRawPointer(out + t).storeBytes(of: v, as: SIMD8<Float>.self)
            } else {
                for j in 0..<n { out[t + j] = v[j] }
            }
        }
        for o in 0..<outputChannels {
            let out = output + o * outputLength
            let start = SIMD8<Float>(repeating: bias?[o] ?? 0)
            let w = weights + o * cCount * k
            var chunk = 0
            while chunk + 4 <= chunks {
                let t = chunk * 8
                var a0 = start, a1 = start, a2 = start, a3 = start
                for c in 0..<cCount {
                    let row = c * sourceStride + t
                    let wc = w + c * k
                    for j in 0..<k {
                        let wv = SIMD8<Float>(repeating: wc[j])
                        let i = row + j
                        a0 += wv * load(i)
                        a1 += wv * load(i + 8)
                        a2 += wv * load(i + 16)
                        a3 += wv * load(i + 24)
                    }
                }
                store(a0, out, t); store(a1, out, t + 8); store(a2, out, t + 16); store(a3, out, t + 24)
                chunk += 4
            }
            while chunk < chunks {
                let t = chunk * 8
                var a0 = start
                for c in 0..<cCount {
                    let row = c * sourceStride + t
                    let wc = w + c * k
                    for j in 0..<k { a0 += SIMD8<Float>(repeating: wc[j]) * load(row + j) }
                }
                store(a0, out, t)
                chunk += 1
            }
        }
    }
}

extension CNNKernels {
    /// `x[i] = max(x[i], 0)`.
    @inline(__always)
    static func relu(_ x: UnsafeMutablePointer<Float>, _ count: Int) {
        let raw = UnsafeMutableRawPointer(x)
        let zero = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            raw.storeBytes(of: v.replacing(with: zero, where: v .< zero), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { x[i] = max(x[i], 0); i += 1 }
    }

    /// `gradient[i] = activation[i] > 0 ? gradient[i] : 0` (ReLU backward from its output).
    @inline(__always)
    static func keepWherePositive(_ gradient: UnsafeMutablePointer<Float>, _ activation: UnsafePointer<Float>, _ count: Int) {
        let rg = UnsafeMutableRawPointer(gradient), ra = UnsafeRawPointer(activation)
        let zero = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            let g = rg.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let a = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            rg.storeBytes(of: g.replacing(with: zero, where: a .<= zero), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { if !(activation[i] > 0) { gradient[i] = 0 }; i += 1 }
    }

    /// `y[i] = x[i] * m[i]` (`y` may be `x`).
    @inline(__always)
    static func multiply(_ x: UnsafePointer<Float>, _ m: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ count: Int) {
        let rx = UnsafeRawPointer(x), rm = UnsafeRawPointer(m), ry = UnsafeMutableRawPointer(y)
        var i = 0
        while i + 8 <= count {
            let v = rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rm.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            ry.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { y[i] = x[i] * m[i]; i += 1 }
    }
}
