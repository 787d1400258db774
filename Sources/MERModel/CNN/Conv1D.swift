import DEAMData
import Numerics
/// A 1-D convolution over a multi-channel sequence (cross-correlation, as in
/// PyTorch's `Conv1d`), stride 1, zero padding.
///
/// Layout of one sample: channel-major, `[channel][position]`, contiguous.
/// Weights are `[outChannels][inChannels][kernelSize]`, row-major.
/// The pointer-based `forward`/`backward` are the allocation-free hot path;
/// the array-based overloads are conveniences for tests and one-off use.
public struct Conv1D: Codable, Sendable, Hashable {
    /// Input channels.
    public let inChannels: Int
    /// Output channels (filters).
    public let outChannels: Int
    /// Kernel width.
    public let kernelSize: Int
    /// Zeros added at each end of the sequence; `(kernelSize - 1) / 2` keeps odd kernels "same".
    public let padding: Int
    /// `outChannels * inChannels * kernelSize` weights.
    public var weights: [Float]
    /// One bias per output channel.
    public var bias: [Float]

    /// A layer with He-normal weights (std `sqrt(2 / (inChannels * kernelSize))`) and zero biases.
    public init(inChannels: Int, outChannels: Int, kernelSize: Int, padding: Int? = nil,
                generator: inout SeededGenerator) {
        precondition(inChannels > 0 && outChannels > 0 && kernelSize > 0, "Conv1D dimensions must be positive")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.padding = padding ?? (kernelSize - 1) / 2
        let std = (2.0 / Double(inChannels * kernelSize)).squareRoot()
        self.weights = (0..<(outChannels * inChannels * kernelSize)).map { _ in Float(generator.nextGaussian() * std) }
        self.bias = Array(repeating: 0, count: outChannels)
    }

    /// A layer with the given weights and biases.
    public init(inChannels: Int, outChannels: Int, kernelSize: Int, padding: Int? = nil,
                weights: [Float], bias: [Float]) {
        precondition(weights.count == outChannels * inChannels * kernelSize, "Conv1D weight count mismatch")
        precondition(bias.count == outChannels, "Conv1D bias count mismatch")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.padding = padding ?? (kernelSize - 1) / 2
        self.weights = weights
        self.bias = bias
    }

    /// Output positions for an input of `inputLength` positions.
    @inlinable
    public func outputLength(inputLength: Int) -> Int {
        max(0, inputLength + 2 * padding - kernelSize + 1)
    }

    /// Row stride of the zero-padded copies used by the kernels (room for SIMD overrun).
    @inline(__always)
    func paddedStride(inputLength: Int) -> Int {
        CNNKernels.roundUp8(max(inputLength, outputLength(inputLength: inputLength))) + 2 * kernelSize + 8
    }

    /// `Float`s of scratch space that `forward`/`backward` with `scratch:` need.
    func scratchCount(inputLength: Int) -> Int {
        (inChannels + outChannels) * paddedStride(inputLength: inputLength) + inChannels * outChannels * kernelSize
    }

    /// Writes `outChannels × outputLength` values to `output` for one sample of `inChannels × inputLength` values.
    public func forward(_ input: UnsafePointer<Float>, inputLength: Int, into output: UnsafeMutablePointer<Float>) {
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount(inputLength: inputLength))
        defer { scratch.deallocate() }
        forward(input, inputLength: inputLength, into: output, scratch: scratch)
    }

    /// Copies `channels` rows of `length` values into zero-filled rows of `stride`, starting at `offset`.
    @inline(__always)
    private func padRows(_ source: UnsafePointer<Float>, channels: Int, length: Int,
                         into destination: UnsafeMutablePointer<Float>, stride: Int, offset: Int) {
        destination.update(repeating: 0, count: channels * stride)
        for c in 0..<channels { (destination + c * stride + offset).update(from: source + c * length, count: length) }
    }

    /// `forward` using caller-provided scratch of `scratchCount(inputLength:)` values.
    func forward(_ input: UnsafePointer<Float>, inputLength: Int, into output: UnsafeMutablePointer<Float>,
                 scratch: UnsafeMutablePointer<Float>) {
        precondition(padding < kernelSize, "Conv1D padding must be smaller than the kernel")
        let stride = paddedStride(inputLength: inputLength)
        padRows(input, channels: inChannels, length: inputLength, into: scratch, stride: stride, offset: padding)
        weights.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                CNNKernels.correlate(source: scratch, sourceStride: stride, sourceChannels: inChannels,
                                     weights: w.baseAddress!, kernelSize: kernelSize, bias: b.baseAddress!,
                                     output: output, outputChannels: outChannels,
                                     outputLength: outputLength(inputLength: inputLength))
            }
        }
    }

    /// Back-propagates `outputGradient` (`outChannels × outputLength`) for one sample.
    ///
    /// Adds to `weightGradient` and `biasGradient` (accumulating over samples);
    /// overwrites `inputGradient` (`inChannels × inputLength`) when it is not nil.
    public func backward(input: UnsafePointer<Float>, inputLength: Int,
                         outputGradient: UnsafePointer<Float>,
                         inputGradient: UnsafeMutablePointer<Float>?,
                         weightGradient: UnsafeMutablePointer<Float>,
                         biasGradient: UnsafeMutablePointer<Float>) {
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount(inputLength: inputLength))
        defer { scratch.deallocate() }
        backward(input: input, inputLength: inputLength, outputGradient: outputGradient, inputGradient: inputGradient,
                 weightGradient: weightGradient, biasGradient: biasGradient, scratch: scratch)
    }

    /// `backward` using caller-provided scratch of `scratchCount(inputLength:)` values.
    func backward(input: UnsafePointer<Float>, inputLength: Int,
                  outputGradient: UnsafePointer<Float>,
                  inputGradient: UnsafeMutablePointer<Float>?,
                  weightGradient: UnsafeMutablePointer<Float>,
                  biasGradient: UnsafeMutablePointer<Float>,
                  scratch: UnsafeMutablePointer<Float>) {
        precondition(padding < kernelSize, "Conv1D padding must be smaller than the kernel")
        let outLen = outputLength(inputLength: inputLength)
        let inC = inChannels, outC = outChannels, kSize = kernelSize
        let stride = paddedStride(inputLength: inputLength)
        let paddedInput = scratch
        let paddedGradient = scratch + inC * stride
        let flipped = paddedGradient + outC * stride
        // Input row c at offset `padding`: position t + k of a padded row feeds output t through tap k.
        padRows(input, channels: inC, length: inputLength, into: paddedInput, stride: stride, offset: padding)
        // Gradient row o at offset K−1−padding: input s receives Σ_k W[o,c,k]·g[o][s + padding − k].
        let gOffset = kSize - 1 - padding
        padRows(outputGradient, channels: outC, length: outLen, into: paddedGradient, stride: stride, offset: gOffset)
        let outChunks = CNNKernels.roundUp8(outLen)
        let rawInput = UnsafeRawPointer(paddedInput), rawGradient = UnsafeRawPointer(paddedGradient)
        @inline(__always) func load(_ raw: UnsafeRawPointer, _ index: Int) -> SIMD8<Float> {
            raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
        }
        for o in 0..<outC {
            let gRow = o * stride + gOffset  // g[o][t] = paddedGradient[gRow + t], zero for t ≥ outLen
            biasGradient[o] += CNNKernels.sum(paddedGradient + gRow, outChunks)
            for c in 0..<inC {
                let pRow = c * stride
                let dw = weightGradient + (o * inC + c) * kSize
                var k0 = 0
                while k0 < kSize {
                    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
                    var t = 0
                    while t < outChunks {
                        let g = load(rawGradient, gRow + t)
                        let i = pRow + t + k0
                        a0 += g * load(rawInput, i)
                        a1 += g * load(rawInput, i + 1)
                        a2 += g * load(rawInput, i + 2)
                        a3 += g * load(rawInput, i + 3)
                        t += 8
                    }
                    dw[k0] += a0.sum()
                    if k0 + 1 < kSize { dw[k0 + 1] += a1.sum() }
                    if k0 + 2 < kSize { dw[k0 + 2] += a2.sum() }
                    if k0 + 3 < kSize { dw[k0 + 3] += a3.sum() }
                    k0 += 4
                }
            }
        }
        guard let inputGradient else { return }
        // dIn[c][s] = Σ_o Σ_j Wflip[c,o,j] · paddedGradient[o][s + j], Wflip[c,o,j] = W[o,c,K−1−j].
        weights.withUnsafeBufferPointer { w in
            for c in 0..<inC {
                for o in 0..<outC {
                    for j in 0..<kSize { flipped[(c * outC + o) * kSize + j] = w[(o * inC + c) * kSize + kSize - 1 - j] }
                }
            }
        }
        CNNKernels.correlate(source: paddedGradient, sourceStride: stride, sourceChannels: outC,
                             weights: flipped, kernelSize: kSize, bias: nil,
                             output: inputGradient, outputChannels: inC, outputLength: inputLength)
    }

    /// Gradients of one backward pass.
    public struct Gradients: Sendable, Hashable {
        /// With respect to the input, `inChannels × inputLength`.
        public var input: [Float]
        /// With respect to the weights, same layout as `weights`.
        public var weights: [Float]
        /// With respect to the biases.
        public var bias: [Float]
    }

    /// The output for one sample of `inChannels × inputLength` values (array convenience).
    public func forward(_ input: [Float], inputLength: Int) -> [Float] {
        precondition(input.count == inChannels * inputLength, "Conv1D input has \(input.count) values, expected \(inChannels)×\(inputLength)")
        var out = [Float](repeating: 0, count: outChannels * outputLength(inputLength: inputLength))
        input.withUnsafeBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in forward(i.baseAddress!, inputLength: inputLength, into: o.baseAddress!) }
        }
        return out
    }

    /// Gradients for one sample given the gradient of the loss with respect to the output (array convenience).
    public func backward(input: [Float], inputLength: Int, outputGradient: [Float]) -> Gradients {
        precondition(input.count == inChannels * inputLength, "Conv1D input size mismatch")
        precondition(outputGradient.count == outChannels * outputLength(inputLength: inputLength), "Conv1D output gradient size mismatch")
        var g = Gradients(input: [Float](repeating: 0, count: input.count),
                          weights: [Float](repeating: 0, count: weights.count),
                          bias: [Float](repeating: 0, count: bias.count))
        input.withUnsafeBufferPointer { i in
            outputGradient.withUnsafeBufferPointer { og in
                g.input.withUnsafeMutableBufferPointer { di in
                    g.weights.withUnsafeMutableBufferPointer { dw in
                        g.bias.withUnsafeMutableBufferPointer { db in
                            backward(input: i.baseAddress!, inputLength: inputLength, outputGradient: og.baseAddress!,
                                     inputGradient: di.baseAddress!, weightGradient: dw.baseAddress!, biasGradient: db.baseAddress!)
                        }
                    }
                }
            }
        }
        return g
    }
}
