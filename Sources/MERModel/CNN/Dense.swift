import DEAMData
import Numerics
/// A fully connected layer `y = W x + b` for one sample at a time.
///
/// Weights are `[outputs][inputs]`, row-major. The pointer-based
/// `forward`/`backward` are the allocation-free hot path; the array-based
/// overloads are conveniences for tests and one-off use.
public struct Dense: Codable, Sendable, Hashable {
    /// Input width.
    public let inputs: Int
    /// Output width.
    public let outputs: Int
    /// `outputs * inputs` weights.
    public var weights: [Float]
    /// One bias per output.
    public var bias: [Float]

    /// A layer with He-normal weights (std `sqrt(2 / inputs)`) and zero biases.
    public init(inputs: Int, outputs: Int, generator: inout SeededGenerator) {
        precondition(inputs > 0 && outputs > 0, "Dense dimensions must be positive")
        self.inputs = inputs
        self.outputs = outputs
        let std = (2.0 / Double(inputs)).squareRoot()
        self.weights = (0..<(inputs * outputs)).map { _ in Float(generator.nextGaussian() * std) }
        self.bias = Array(repeating: 0, count: outputs)
    }

    /// A layer with the given weights and biases.
    public init(inputs: Int, outputs: Int, weights: [Float], bias: [Float]) {
        precondition(weights.count == inputs * outputs, "Dense weight count mismatch")
        precondition(bias.count == outputs, "Dense bias count mismatch")
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.bias = bias
    }

    /// Writes `outputs` values for one sample of `inputs` values.
    public func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let n = inputs
        weights.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                for o in 0..<outputs {
                    let row = w.baseAddress! + o * n
                    output[o] = CNNKernels.dot(row, input, n) + b[o]
                }
            }
        }
    }

    /// Back-propagates `outputGradient` for one sample. Adds to `weightGradient`
    /// and `biasGradient`; overwrites `inputGradient` when it is not nil.
    public func backward(input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                         inputGradient: UnsafeMutablePointer<Float>?,
                         weightGradient: UnsafeMutablePointer<Float>,
                         biasGradient: UnsafeMutablePointer<Float>) {
        let n = inputs
        if let dIn = inputGradient { dIn.update(repeating: 0, count: n) }
        weights.withUnsafeBufferPointer { w in
            for o in 0..<outputs {
                let g = outputGradient[o]
                biasGradient[o] += g
                if g == 0 { continue }
                let dwRow = weightGradient + o * n
                CNNKernels.axpy(g, input, dwRow, n)
                if let dIn = inputGradient { CNNKernels.axpy(g, w.baseAddress! + o * n, dIn, n) }
            }
        }
    }

    /// Gradients of one backward pass.
    public struct Gradients: Sendable, Hashable {
        /// With respect to the input.
        public var input: [Float]
        /// With respect to the weights, same layout as `weights`.
        public var weights: [Float]
        /// With respect to the biases.
        public var bias: [Float]
    }

    /// The output for one sample (array convenience).
    public func forward(_ input: [Float]) -> [Float] {
        precondition(input.count == inputs, "Dense input has \(input.count) values, expected \(inputs)")
        var out = [Float](repeating: 0, count: outputs)
        input.withUnsafeBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in forward(i.baseAddress!, into: o.baseAddress!) }
        }
        return out
    }

    /// Gradients for one sample given the gradient of the loss with respect to the output (array convenience).
    public func backward(input: [Float], outputGradient: [Float]) -> Gradients {
        precondition(input.count == inputs && outputGradient.count == outputs, "Dense gradient size mismatch")
        var g = Gradients(input: [Float](repeating: 0, count: inputs),
                          weights: [Float](repeating: 0, count: weights.count),
                          bias: [Float](repeating: 0, count: outputs))
        input.withUnsafeBufferPointer { i in
            outputGradient.withUnsafeBufferPointer { og in
                g.input.withUnsafeMutableBufferPointer { di in
                    g.weights.withUnsafeMutableBufferPointer { dw in
                        g.bias.withUnsafeMutableBufferPointer { db in
                            backward(input: i.baseAddress!, outputGradient: og.baseAddress!, inputGradient: di.baseAddress!,
                                     weightGradient: dw.baseAddress!, biasGradient: db.baseAddress!)
                        }
                    }
                }
            }
        }
        return g
    }
}
