import DEAMData
import Numerics
/// Dropout probabilities used while training (inverted dropout: kept values are
/// scaled by 1/(1−p), so inference needs no rescaling).
struct CNNDropoutRates: Sendable {
    /// After every convolution block's pooling.
    var convolution: Float
    /// After the hidden dense layer's ReLU.
    var hidden: Float
}

extension CNNNetwork {
    /// One sample's forward pass; leaves every activation in `workspace` for `backward`.
    /// With `dropout` nil (inference), no randomness is drawn.
    func forward(_ x: UnsafePointer<Float>, workspace ws: CNNWorkspace, dropout: CNNDropoutRates?,
                 generator: inout SeededGenerator) {
        let blocks = ws.shape.blocks
        ws.blockInput[0].update(from: x, count: inputLength)
        for i in blocks.indices {
            let b = blocks[i]
            convolutions[i].forward(ws.blockInput[i], inputLength: b.inLength, into: ws.convOutput[i], scratch: ws.scratch)
            CNNKernels.relu(ws.convOutput[i], b.convCount)
            pool.forward(ws.convOutput[i], channels: b.outChannels, inputLength: b.convLength,
                         into: ws.blockInput[i + 1], argmax: ws.argmax[i])
            if let p = dropout?.convolution, p > 0 {
                CNNNetwork.applyDropout(ws.blockInput[i + 1], mask: ws.dropoutMask[i], count: b.pooledCount,
                                        probability: p, generator: &generator)
            }
        }
        hidden.forward(ws.blockInput[blocks.count], into: ws.hidden)
        CNNKernels.relu(ws.hidden, ws.shape.hiddenUnits)
        if let p = dropout?.hidden, p > 0 {
            CNNNetwork.applyDropout(ws.hidden, mask: ws.hiddenMask, count: ws.shape.hiddenUnits,
                                    probability: p, generator: &generator)
        }
        output.forward(ws.hidden, into: ws.output)
    }

    /// One sample's backward pass from `workspace.outputGradient`, after `forward` with
    /// the same `dropout`; adds the parameter gradient to `workspace.gradientBuffer`.
    func backward(workspace ws: CNNWorkspace, dropout: CNNDropoutRates?) {
        let shape = ws.shape
        let blocks = shape.blocks
        let n = blocks.count
        let g = ws.gradientBuffer
        let offsets = shape.slotOffsets
        output.backward(input: ws.hidden, outputGradient: ws.outputGradient, inputGradient: ws.hiddenGradient,
                        weightGradient: g + offsets[2 * n + 2], biasGradient: g + offsets[2 * n + 3])
        // ReLU then dropout: a zero activation means either was closed.
        CNNKernels.keepWherePositive(ws.hiddenGradient, ws.hidden, shape.hiddenUnits)
        if (dropout?.hidden ?? 0) > 0 {
            CNNKernels.multiply(ws.hiddenGradient, ws.hiddenMask, into: ws.hiddenGradient, shape.hiddenUnits)
        }
        hidden.backward(input: ws.blockInput[n], outputGradient: ws.hiddenGradient, inputGradient: ws.blockInputGradient[n],
                        weightGradient: g + offsets[2 * n], biasGradient: g + offsets[2 * n + 1])
        let useConvMask = (dropout?.convolution ?? 0) > 0
        for i in stride(from: n - 1, through: 0, by: -1) {
            let b = blocks[i]
            var pooledGradient = UnsafePointer(ws.blockInputGradient[i + 1])
            if useConvMask {
                CNNKernels.multiply(ws.blockInputGradient[i + 1], ws.dropoutMask[i], into: ws.pooledGradient[i], b.pooledCount)
                pooledGradient = UnsafePointer(ws.pooledGradient[i])
            }
            pool.backward(outputGradient: pooledGradient, argmax: ws.argmax[i], outputCount: b.pooledCount,
                          inputGradient: ws.convGradient[i], inputCount: b.convCount)
            let cg = ws.convGradient[i]
            CNNKernels.keepWherePositive(cg, ws.convOutput[i], b.convCount)
            convolutions[i].backward(input: ws.blockInput[i], inputLength: b.inLength, outputGradient: cg,
                                     inputGradient: i > 0 ? ws.blockInputGradient[i] : nil,
                                     weightGradient: g + offsets[2 * i], biasGradient: g + offsets[2 * i + 1],
                                     scratch: ws.scratch)
        }
    }

    /// Draws a keep/drop mask (two 32-bit draws per 64-bit random number) and applies it.
    static func applyDropout(_ x: UnsafeMutablePointer<Float>, mask: UnsafeMutablePointer<Float>, count: Int,
                             probability p: Float, generator: inout SeededGenerator) {
        let threshold = UInt64(Double(p) * 4_294_967_296.0)
        let keep = 1 / (1 - p)
        var j = 0
        while j < count {
            let r = generator.next()
            mask[j] = (r & 0xFFFF_FFFF) >= threshold ? keep : 0
            if j + 1 < count { mask[j + 1] = (r >> 32) >= threshold ? keep : 0 }
            j += 2
        }
        CNNKernels.multiply(x, mask, into: x, count)
    }
}
