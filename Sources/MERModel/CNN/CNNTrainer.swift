import DEAMData
import Numerics
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The mini-batch training loop behind `CNNRegressor.fit`, on standardised `Float` data.
struct CNNTrainer {
    /// Mini-batch gradients are summed over this many shards, in shard order, so that
    /// results do not depend on the number of cores.
    static let gradientShards = 4

    let configuration: CNNRegressor.Configuration
    var network: CNNNetwork
    let inputs: [Float]
    let targets: [Float]
    /// Row weights rescaled to mean 1 (all 1 without weights).
    let weights: [Float]
    let trainRows: [Int]
    let validationRows: [Int]
    var shuffleGenerator: SeededGenerator
    let dropoutGenerator: SeededGenerator

    init(configuration: CNNRegressor.Configuration, network: CNNNetwork, inputs: [Float], targets: [Float],
         rows: Int, weights: [Double]?, generator: inout SeededGenerator) {
        self.configuration = configuration
        self.network = network
        self.inputs = inputs
        self.targets = targets
        if let weights {
            let mean = weights.reduce(0, +) / Double(rows)
            self.weights = weights.map { Float($0 / mean) }
        } else {
            self.weights = [Float](repeating: 1, count: rows)
        }
        var splitGenerator = generator.derived(2)
        self.shuffleGenerator = generator.derived(3)
        self.dropoutGenerator = generator.derived(4)
        var order = Array(0..<rows)
        if let early = configuration.earlyStopping {
            order.shuffle(using: &splitGenerator)
            let held = Int((early.validationFraction * Double(rows)).rounded())
            if held >= 1 && held < rows {
                validationRows = Array(order[..<held]).sorted()
                trainRows = Array(order[held...]).sorted()
                return
            }
        }
        validationRows = []
        trainRows = Array(0..<rows)
    }

    struct Result {
        var network: CNNNetwork
        var history: CNNRegressor.TrainingHistory
    }

    mutating func train() -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        let shape = network.shape
        let workspaces = (0..<CNNTrainer.gradientShards).map { _ in CNNWorkspace(shape: shape) }
        let adamConfiguration = Adam.Configuration(learningRate: configuration.learningRate,
                                                   weightDecay: configuration.weightDecay,
                                                   weightDecayMode: configuration.weightDecayMode)
        var adam = Adam(configuration: adamConfiguration, slotSizes: network.slotSizes)
        let dropout = CNNDropoutRates(convolution: Float(configuration.convolutionDropout),
                                      hidden: Float(configuration.hiddenDropout))
        var history = CNNRegressor.TrainingHistory()
        var order = trainRows
        var best: (loss: Double, network: CNNNetwork, epoch: Int)?
        var sampleCounter: UInt64 = 0
        for epoch in 0..<configuration.epochs {
            order.shuffle(using: &shuffleGenerator)
            var epochLoss = 0.0, epochWeight = 0.0
            var batchStart = 0
            while batchStart < order.count {
                let batch = Array(order[batchStart..<min(order.count, batchStart + configuration.batchSize)])
                batchStart += batch.count
                let (loss, weight) = accumulateGradient(batch: batch, workspaces: workspaces, dropout: dropout,
                                                        firstSample: sampleCounter)
                sampleCounter &+= UInt64(batch.count)
                epochLoss += loss
                epochWeight += weight
                applyGradient(workspaces[0], adam: &adam)
            }
            history.trainingLoss.append(epochLoss / max(epochWeight, .leastNormalMagnitude))
            if let early = configuration.earlyStopping, !validationRows.isEmpty {
                let loss = validationLoss()
                history.validationLoss.append(loss)
                if best == nil || loss < best!.loss {
                    best = (loss, network, epoch)
                } else if epoch - best!.epoch >= early.patience {
                    history.stoppedEarly = epoch + 1 < configuration.epochs
                    break
                }
            }
        }
        if let best {
            network = best.network
            history.bestEpoch = best.epoch
        }
        history.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(network: network, history: history)
    }

    /// Runs forward and backward passes for `batch`, leaving the summed gradient of the
    /// batch's weighted mean squared error in `workspaces[0]`. Returns the weighted sum of
    /// squared errors (per output, averaged over outputs) and the batch's total weight.
    func accumulateGradient(batch: [Int], workspaces: [CNNWorkspace], dropout: CNNDropoutRates,
                            firstSample: UInt64) -> (loss: Double, weight: Double) {
        let shards = workspaces.count
        let outs = network.outputCount
        let length = network.inputLength
        var batchWeight: Float = 0
        for r in batch { batchWeight += weights[r] }
        guard batchWeight > 0 else {
            workspaces[0].resetGradient()
            return (0, 0)
        }
        let gradientScale = 2 / (batchWeight * Float(outs))
        var shardLoss = [Double](repeating: 0, count: shards)
        let perShard = (batch.count + shards - 1) / shards
        let network = self.network
        inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { y in
                weights.withUnsafeBufferPointer { w in
                    shardLoss.withUnsafeMutableBufferPointer { lossOut in
                        let xBase = x.baseAddress!, yBase = y.baseAddress!, wBase = w.baseAddress!
                        let lossBase = lossOut.baseAddress!
                        DispatchQueue.concurrentPerform(iterations: shards) { s in
                            let ws = workspaces[s]
                            ws.resetGradient()
                            var loss = 0.0
                            for p in min(batch.count, s * perShard)..<min(batch.count, (s + 1) * perShard) {
                                let row = batch[p]
                                var generator = dropoutGenerator.derived(firstSample &+ UInt64(p))
                                network.forward(xBase + row * length, workspace: ws, dropout: dropout, generator: &generator)
                                let wr = wBase[row]
                                for j in 0..<outs {
                                    let diff = ws.output[j] - yBase[row * outs + j]
                                    loss += Double(wr) * Double(diff) * Double(diff)
                                    ws.outputGradient[j] = gradientScale * wr * diff
                                }
                                network.backward(workspace: ws, dropout: dropout)
                            }
                            lossBase[s] = loss
                        }
                    }
                }
            }
        }
        let total = workspaces[0].gradientBuffer
        let count = workspaces[0].shape.parameterCount
        for s in 1..<shards {
            let other = workspaces[s].gradientBuffer
            for i in 0..<count { total[i] += other[i] }
        }
        return (shardLoss.reduce(0, +) / Double(outs), Double(batchWeight))
    }

    /// One Adam step from the gradient in `workspace`; weights decay, biases do not.
    mutating func applyGradient(_ workspace: CNNWorkspace, adam: inout Adam) {
        adam.beginStep()
        let g = workspace.gradientBuffer
        let offsets = workspace.shape.slotOffsets
        let n = network.convolutions.count
        for i in 0..<n {
            adam.update(&network.convolutions[i].weights, gradient: g + offsets[2 * i], slot: 2 * i, decay: true)
            adam.update(&network.convolutions[i].bias, gradient: g + offsets[2 * i + 1], slot: 2 * i + 1, decay: false)
        }
        adam.update(&network.hidden.weights, gradient: g + offsets[2 * n], slot: 2 * n, decay: true)
        adam.update(&network.hidden.bias, gradient: g + offsets[2 * n + 1], slot: 2 * n + 1, decay: false)
        adam.update(&network.output.weights, gradient: g + offsets[2 * n + 2], slot: 2 * n + 2, decay: true)
        adam.update(&network.output.bias, gradient: g + offsets[2 * n + 3], slot: 2 * n + 3, decay: false)
    }

    /// Weighted mean squared error on the validation rows, without dropout.
    func validationLoss() -> Double {
        let length = network.inputLength, outs = network.outputCount
        var x = [Float](); x.reserveCapacity(validationRows.count * length)
        for r in validationRows { x.append(contentsOf: inputs[(r * length)..<((r + 1) * length)]) }
        let predictions = network.predict(x, count: validationRows.count)
        var loss = 0.0, weight = 0.0
        for (k, r) in validationRows.enumerated() {
            for j in 0..<outs {
                let d = Double(predictions[k * outs + j] - targets[r * outs + j])
                loss += Double(weights[r]) * d * d
            }
            weight += Double(weights[r])
        }
        return loss / (max(weight, .leastNormalMagnitude) * Double(outs))
    }
}
