import DEAMData
import Numerics
/// Non-overlapping 1-D max pooling per channel (stride = pool size, trailing
/// positions that do not fill a window are dropped, as in PyTorch's `MaxPool1d`).
///
/// Layout of one sample: `[channel][position]`, contiguous.
public struct MaxPool1D: Codable, Sendable, Hashable {
    /// Window width and stride.
    public let poolSize: Int

    /// A pooling layer with window and stride `poolSize`.
    public init(poolSize: Int) {
        precondition(poolSize > 0, "pool size must be positive")
        self.poolSize = poolSize
    }

    /// Output positions for an input of `inputLength` positions.
    @inlinable
    public func outputLength(inputLength: Int) -> Int { inputLength / poolSize }

    /// Pools `channels × inputLength` values into `channels × outputLength`; records each
    /// window's winning input index (within the sample) in `argmax` for `backward`.
    public func forward(_ input: UnsafePointer<Float>, channels: Int, inputLength: Int,
                        into output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>) {
        let outLen = outputLength(inputLength: inputLength)
        let size = poolSize
        for c in 0..<channels {
            let inRow = input + c * inputLength
            let outRow = output + c * outLen, argRow = argmax + c * outLen
            let rowStart = Int32(c * inputLength)
            if size == 2 {
                for t in 0..<outLen {
                    let a = inRow[2 * t], b = inRow[2 * t + 1]
                    let second = b > a
                    outRow[t] = second ? b : a
                    argRow[t] = rowStart &+ Int32(2 * t) &+ (second ? 1 : 0)
                }
                continue
            }
            for t in 0..<outLen {
                let base = t * size
                var best = inRow[base]
                var bestIndex = base
                for j in 1..<max(1, size) where inRow[base + j] > best {
                    best = inRow[base + j]
                    bestIndex = base + j
                }
                outRow[t] = best
                argRow[t] = rowStart &+ Int32(bestIndex)
            }
        }
    }

    /// Routes each output gradient to its window's winning input; overwrites
    /// `inputGradient` (`channels × inputLength`).
    public func backward(outputGradient: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, outputCount: Int,
                         inputGradient: UnsafeMutablePointer<Float>, inputCount: Int) {
        inputGradient.update(repeating: 0, count: inputCount)
        for i in 0..<outputCount { inputGradient[Int(argmax[i])] += outputGradient[i] }
    }

    /// The pooled output for one sample (array convenience).
    public func forward(_ input: [Float], channels: Int, inputLength: Int) -> (output: [Float], argmax: [Int32]) {
        precondition(input.count == channels * inputLength, "MaxPool1D input size mismatch")
        let n = channels * outputLength(inputLength: inputLength)
        var out = [Float](repeating: 0, count: n)
        var arg = [Int32](repeating: 0, count: n)
        guard n > 0 else { return (out, arg) }
        input.withUnsafeBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in
                arg.withUnsafeMutableBufferPointer { a in
                    forward(i.baseAddress!, channels: channels, inputLength: inputLength, into: o.baseAddress!, argmax: a.baseAddress!)
                }
            }
        }
        return (out, arg)
    }

    /// The input gradient for one sample (array convenience).
    public func backward(outputGradient: [Float], argmax: [Int32], channels: Int, inputLength: Int) -> [Float] {
        precondition(outputGradient.count == argmax.count, "MaxPool1D gradient/argmax size mismatch")
        var dIn = [Float](repeating: 0, count: channels * inputLength)
        guard !dIn.isEmpty else { return dIn }
        outputGradient.withUnsafeBufferPointer { g in
            argmax.withUnsafeBufferPointer { a in
                dIn.withUnsafeMutableBufferPointer { d in
                    guard let gBase = g.baseAddress, let aBase = a.baseAddress else { d.update(repeating: 0); return }
                    backward(outputGradient: gBase, argmax: aBase, outputCount: g.count, inputGradient: d.baseAddress!, inputCount: d.count)
                }
            }
        }
        return dIn
    }
}
