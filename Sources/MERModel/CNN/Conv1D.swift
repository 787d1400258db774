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

    /// Output positions `t` that read input position `t + k - padding` inside the input, for kernel tap `k`.
    @inline(__always)
    func validRange(tap k: Int, inputLength: Int, outputLength: Int) -> (start: Int, end: Int) {
        let start = max(0, padding - k)
        let end = min(outputLength, inputLength + padding - k)
        return (start, max(start, end))
    }

    /// Writes `outChannels × outputLength` values to `output` for one sample of `inChannels × inputLength` values.
    public func forward(_ input: UnsafePointer<Float>, inputLength: Int, into output: UnsafeMutablePointer<Float>) {
        let outLen = outputLength(inputLength: inputLength)
        let inC = inChannels, kSize = kernelSize, pad = padding
        weights.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                for o in 0..<outChannels {
                    let outRow = output + o * outLen
                    let bo = b[o]
                    for t in 0..<outLen { outRow[t] = bo }
                    for c in 0..<inC {
                        let inRow = input + c * inputLength
                        let wRow = w.baseAddress! + (o * inC + c) * kSize
                        for k in 0..<kSize {
                            let wk = wRow[k]
                            let (start, end) = validRange(tap: k, inputLength: inputLength, outputLength: outLen)
                            let shifted = inRow + (k - pad)
                            CNNKernels.axpy(wk, shifted + start, outRow + start, end - start)
                        }
                    }
                }
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
        let outLen = outputLength(inputLength: inputLength)
        let inC = inChannels, kSize = kernelSize, pad = padding
        if let dIn = inputGradient { dIn.update(repeating: 0, count: inC * inputLength) }
        weights.withUnsafeBufferPointer { w in
            for o in 0..<outChannels {
                let gRow = outputGradient + o * outLen
                biasGradient[o] += CNNKernels.sum(gRow, outLen)
                for c in 0..<inC {
                    let inRow = input + c * inputLength
                    let wRow = w.baseAddress! + (o * inC + c) * kSize
                    let dwRow = weightGradient + (o * inC + c) * kSize
                    for k in 0..<kSize {
                        let (start, end) = validRange(tap: k, inputLength: inputLength, outputLength: outLen)
                        let shifted = inRow + (k - pad)
                        dwRow[k] += CNNKernels.dot(gRow + start, shifted + start, end - start)
                        if let dIn = inputGradient {
                            let dShifted = dIn + c * inputLength + (k - pad)
                            CNNKernels.axpy(wRow[k], gRow + start, dShifted + start, end - start)
                        }
                    }
                }
            }
        }
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
