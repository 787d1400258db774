import DEAMData
import Numerics
/// The seed study's 1-D CNN: blocks of Conv1D → ReLU → MaxPool1D → Dropout over a
/// one-channel sequence, then Flatten → Dense → ReLU → Dropout → Dense (the outputs).
///
/// This is the low-level network on already-standardised `Float` inputs; use
/// `CNNRegressor` to train on feature matrices. All parameters live in the layers
/// as plain arrays, so the network is `Codable` as-is.
public struct CNNNetwork: Codable, Sendable, Hashable {
    /// Positions in the input sequence (one channel).
    public let inputLength: Int
    /// One convolution per block, in order.
    public var convolutions: [Conv1D]
    /// The pooling applied after every block's ReLU.
    public let pool: MaxPool1D
    /// Flatten → hidden layer (followed by ReLU and dropout).
    public var hidden: Dense
    /// Hidden → outputs (linear).
    public var output: Dense

    /// A He-initialised network. `filters[i]` and `kernelSizes[i]` describe block `i`.
    /// Returns nil when the blocks would pool the sequence down to nothing.
    public init?(inputLength: Int, filters: [Int], kernelSizes: [Int], poolSize: Int,
                 hiddenUnits: Int, outputs: Int, generator: inout SeededGenerator) {
        guard inputLength > 0, !filters.isEmpty, filters.count == kernelSizes.count, poolSize > 0,
              hiddenUnits > 0, outputs > 0, filters.allSatisfy({ $0 > 0 }), kernelSizes.allSatisfy({ $0 > 0 })
        else { return nil }
        var channels = 1
        var length = inputLength
        var convolutions: [Conv1D] = []
        let pool = MaxPool1D(poolSize: poolSize)
        for (f, k) in zip(filters, kernelSizes) {
            let conv = Conv1D(inChannels: channels, outChannels: f, kernelSize: k, generator: &generator)
            length = pool.outputLength(inputLength: conv.outputLength(inputLength: length))
            guard length > 0 else { return nil }
            convolutions.append(conv)
            channels = f
        }
        self.inputLength = inputLength
        self.convolutions = convolutions
        self.pool = pool
        self.hidden = Dense(inputs: channels * length, outputs: hiddenUnits, generator: &generator)
        self.output = Dense(inputs: hiddenUnits, outputs: outputs, generator: &generator)
    }

    /// Number of outputs per sample.
    public var outputCount: Int { output.outputs }

    /// Geometry of the activations, derived from the layers.
    var shape: CNNShape { CNNShape(network: self) }

    /// Sizes of the parameter tensors in slot order: for each convolution its weights
    /// then bias, then the hidden layer's, then the output layer's.
    public var slotSizes: [Int] {
        convolutions.flatMap { [$0.weights.count, $0.bias.count] }
            + [hidden.weights.count, hidden.bias.count, output.weights.count, output.bias.count]
    }

    /// Total number of trainable parameters.
    public var parameterCount: Int { slotSizes.reduce(0, +) }

    /// All parameters flattened in slot order (see `slotSizes`).
    public var parameters: [Float] {
        get {
            convolutions.flatMap { $0.weights + $0.bias } + hidden.weights + hidden.bias + output.weights + output.bias
        }
        set {
            precondition(newValue.count == parameterCount, "expected \(parameterCount) parameters, got \(newValue.count)")
            var offset = 0
            func take(_ n: Int) -> [Float] {
                defer { offset += n }
                return Array(newValue[offset..<(offset + n)])
            }
            for i in convolutions.indices {
                convolutions[i].weights = take(convolutions[i].weights.count)
                convolutions[i].bias = take(convolutions[i].bias.count)
            }
            hidden.weights = take(hidden.weights.count)
            hidden.bias = take(hidden.bias.count)
            output.weights = take(output.weights.count)
            output.bias = take(output.bias.count)
        }
    }

    /// Outputs (`count × outputCount`, row-major) for `count` samples of `inputLength`
    /// values each, without dropout. Samples are spread over cores; the result does not
    /// depend on how.
    public func predict(_ inputs: [Float], count: Int) -> [Float] {
        precondition(inputs.count == count * inputLength, "expected \(count)×\(inputLength) inputs, got \(inputs.count)")
        let outs = outputCount
        var result = [Float](repeating: 0, count: count * outs)
        guard count > 0 else { return result }
        let shape = self.shape
        let chunk = 64
        let chunks = (count + chunk - 1) / chunk
        let network = self
        inputs.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { r in
                let xBase = x.baseAddress!, rBase = r.baseAddress!
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let workspace = CNNWorkspace(shape: shape)
                    var unused = SeededGenerator(seed: 0)
                    for s in (c * chunk)..<min(count, (c + 1) * chunk) {
                        network.forward(xBase + s * network.inputLength, workspace: workspace,
                                        dropout: nil, generator: &unused)
                        for j in 0..<outs { rBase[s * outs + j] = workspace.output[j] }
                    }
                }
            }
        }
        return result
    }

    /// Mean squared error over all samples and outputs, and its gradient with respect
    /// to `parameters`, without dropout. Meant for checks; training uses the same
    /// per-sample passes.
    public func lossAndGradient(inputs: [Float], targets: [Float], count: Int) -> (loss: Double, gradient: [Float]) {
        precondition(inputs.count == count * inputLength && targets.count == count * outputCount, "size mismatch")
        let workspace = CNNWorkspace(shape: shape)
        var unused = SeededGenerator(seed: 0)
        var loss = 0.0
        let outs = outputCount
        let scale = Float(2.0 / Double(count * outs))
        inputs.withUnsafeBufferPointer { x in
            for s in 0..<count {
                forward(x.baseAddress! + s * inputLength, workspace: workspace, dropout: nil, generator: &unused)
                for j in 0..<outs {
                    let diff = workspace.output[j] - targets[s * outs + j]
                    loss += Double(diff) * Double(diff)
                    workspace.outputGradient[j] = scale * diff
                }
                backward(workspace: workspace, dropout: nil)
            }
        }
        return (loss / Double(count * outs), workspace.gradient)
    }
}

import Dispatch
