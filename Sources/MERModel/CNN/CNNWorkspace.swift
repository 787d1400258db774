import DEAMData
import Numerics
/// Activation geometry of a `CNNNetwork`: per-block channel counts and lengths,
/// and the offset of every parameter tensor in a flat gradient vector.
struct CNNShape: Sendable {
    struct Block: Sendable {
        let inChannels: Int, inLength: Int, outChannels: Int, convLength: Int, pooledLength: Int
        var inCount: Int { inChannels * inLength }
        var convCount: Int { outChannels * convLength }
        var pooledCount: Int { outChannels * pooledLength }
    }
    let inputLength: Int
    let blocks: [Block]
    let flatCount: Int
    let hiddenUnits: Int
    let outputs: Int
    /// Start of each parameter tensor (slot order of `CNNNetwork.slotSizes`) in the gradient vector.
    let slotOffsets: [Int]
    let parameterCount: Int
    /// Scratch values the largest convolution needs.
    let scratchCount: Int

    init(network: CNNNetwork) {
        var blocks: [Block] = []
        var channels = 1, length = network.inputLength
        var scratch = 0
        for conv in network.convolutions {
            scratch = max(scratch, conv.scratchCount(inputLength: length))
            let convLength = conv.outputLength(inputLength: length)
            let pooled = network.pool.outputLength(inputLength: convLength)
            blocks.append(Block(inChannels: channels, inLength: length, outChannels: conv.outChannels,
                                convLength: convLength, pooledLength: pooled))
            channels = conv.outChannels
            length = pooled
        }
        self.inputLength = network.inputLength
        self.blocks = blocks
        self.flatCount = channels * length
        self.hiddenUnits = network.hidden.outputs
        self.outputs = network.output.outputs
        var offsets: [Int] = []
        var total = 0
        for size in network.slotSizes {
            offsets.append(total)
            total += size
        }
        self.slotOffsets = offsets
        self.parameterCount = total
        self.scratchCount = scratch
    }
}

/// Preallocated buffers for one thread's forward and backward passes, one sample at a
/// time, plus that thread's gradient accumulator. Never shared between threads.
final class CNNWorkspace: @unchecked Sendable {
    let shape: CNNShape
    /// Block inputs; index `blocks.count` is the flattened input of the hidden layer.
    let blockInput: [UnsafeMutablePointer<Float>]
    /// Gradient with respect to each block input (index 0 unused) and the flat vector.
    let blockInputGradient: [UnsafeMutablePointer<Float>]
    /// Convolution outputs after ReLU.
    let convOutput: [UnsafeMutablePointer<Float>]
    let convGradient: [UnsafeMutablePointer<Float>]
    /// Pooled gradients (before dropout is undone).
    let pooledGradient: [UnsafeMutablePointer<Float>]
    /// Inverted-dropout multipliers (0 or 1/(1−p)) per pooled value.
    let dropoutMask: [UnsafeMutablePointer<Float>]
    let argmax: [UnsafeMutablePointer<Int32>]
    /// Hidden activations after ReLU and dropout, their mask and gradient.
    let hidden: UnsafeMutablePointer<Float>
    let hiddenMask: UnsafeMutablePointer<Float>
    let hiddenGradient: UnsafeMutablePointer<Float>
    /// Network outputs and the loss gradient with respect to them.
    let output: UnsafeMutablePointer<Float>
    let outputGradient: UnsafeMutablePointer<Float>
    /// Scratch for the convolutions' padded copies.
    let scratch: UnsafeMutablePointer<Float>
    /// Accumulated parameter gradient, `shape.parameterCount` values in slot order.
    let gradientBuffer: UnsafeMutablePointer<Float>

    private let floatArena: UnsafeMutablePointer<Float>
    private let intArena: UnsafeMutablePointer<Int32>

    init(shape: CNNShape) {
        self.shape = shape
        let blocks = shape.blocks
        var floatCount = shape.scratchCount + shape.parameterCount + 3 * shape.hiddenUnits + 2 * shape.outputs + 2 * shape.flatCount
        var intCount = 0
        for b in blocks {
            floatCount += 2 * b.inCount + 2 * b.convCount + 2 * b.pooledCount
            intCount += b.pooledCount
        }
        floatArena = .allocate(capacity: floatCount)
        floatArena.initialize(repeating: 0, count: floatCount)
        intArena = .allocate(capacity: max(1, intCount))
        intArena.initialize(repeating: 0, count: max(1, intCount))
        var cursor = floatArena
        func take(_ n: Int) -> UnsafeMutablePointer<Float> {
            defer { cursor += n }
            return cursor
        }
        var intCursor = intArena
        scratch = take(shape.scratchCount)
        gradientBuffer = take(shape.parameterCount)
        blockInput = blocks.map { take($0.inCount) } + [take(shape.flatCount)]
        blockInputGradient = blocks.map { take($0.inCount) } + [take(shape.flatCount)]
        convOutput = blocks.map { take($0.convCount) }
        convGradient = blocks.map { take($0.convCount) }
        pooledGradient = blocks.map { take($0.pooledCount) }
        dropoutMask = blocks.map { take($0.pooledCount) }
        argmax = blocks.map { b in
            defer { intCursor += b.pooledCount }
            return intCursor
        }
        hidden = take(shape.hiddenUnits)
        hiddenMask = take(shape.hiddenUnits)
        hiddenGradient = take(shape.hiddenUnits)
        output = take(shape.outputs)
        outputGradient = take(shape.outputs)
    }

    deinit {
        floatArena.deallocate()
        intArena.deallocate()
    }

    /// Sets the accumulated gradient to zero.
    func resetGradient() { gradientBuffer.update(repeating: 0, count: shape.parameterCount) }

    /// A copy of the accumulated gradient.
    var gradient: [Float] { Array(UnsafeBufferPointer(start: gradientBuffer, count: shape.parameterCount)) }
}
