import XCTest
import MERModel
import DEAMData
import Numerics

/// Tests of the 1-D CNN: layer gradients against finite differences, training
/// behaviour, determinism and persistence. All data here is generated.
final class CNNTests: XCTestCase {

    // MARK: helpers

    private func randomFloats(_ n: Int, _ g: inout SeededGenerator, scale: Double = 1) -> [Float] {
        (0..<n).map { _ in Float(g.nextGaussian() * scale) }
    }

    /// Σ r·f, accumulated in Double.
    private func weightedSum(_ f: [Float], _ r: [Float]) -> Double {
        zip(f, r).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// Central finite difference of `loss` with respect to each entry of `values`.
    private func numericGradient(_ values: [Float], eps: Float, _ loss: ([Float]) -> Double) -> [Double] {
        values.indices.map { i in
            var plus = values, minus = values
            plus[i] += eps
            minus[i] -= eps
            return (loss(plus) - loss(minus)) / Double(plus[i] - minus[i])
        }
    }

    private func assertClose(_ analytic: [Float], _ numeric: [Double], tolerance: Double = 2e-3,
                             _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(analytic.count, numeric.count, what, file: file, line: line)
        for (i, (a, n)) in zip(analytic, numeric).enumerated() {
            let err = abs(Double(a) - n) / max(1, abs(n))
            XCTAssertLessThan(err, tolerance, "\(what)[\(i)]: analytic \(a), numeric \(n)", file: file, line: line)
        }
    }

    private func r2(_ predicted: [Double], _ actual: [Double]) -> Double {
        let mean = actual.reduce(0, +) / Double(actual.count)
        let ssRes = zip(predicted, actual).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let ssTot = actual.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return 1 - ssRes / ssTot
    }

    /// Generated regression data: `rows` × `features` standard normals (shifted and scaled
    /// per column so standardisation matters) and targets on a DEAM-like 1–9 scale.
    private func syntheticData(rows: Int, features: Int, seed: UInt64, noise: Double = 0.1) -> (Matrix, Matrix) {
        var g = SeededGenerator(seed: seed)
        var z = Matrix(rows: rows, columns: features)
        for i in 0..<rows { for j in 0..<features { z[i, j] = g.nextGaussian() } }
        var x = z
        for i in 0..<rows { for j in 0..<features { x[i, j] = 10 * Double(j + 1) + Double(j % 5 + 1) * z[i, j] } }
        var y = Matrix(rows: rows, columns: 2)
        for i in 0..<rows {
            let v = sin(z[i, 0]) + 0.5 * z[i, 1] + 0.5 * max(0, z[i, 2])
            let a = z[i, 3] - 0.3 * z[i, 4] * z[i, 4] + 0.4 * z[i, 5]
            y[i, 0] = 5 + v + noise * g.nextGaussian()
            y[i, 1] = 5 + a + noise * g.nextGaussian()
        }
        return (x, y)
    }

    private func smallConfiguration(epochs: Int = 60, seed: UInt64 = 7) -> CNNRegressor.Configuration {
        CNNRegressor.Configuration(filters: [8, 16], kernelSizes: [3, 3], hiddenUnits: 32,
                                   epochs: epochs, batchSize: 16, learningRate: 3e-3, earlyStopping: nil, seed: seed)
    }

    // MARK: layers

    func testConv1DKnownAnswer() {
        let conv = Conv1D(inChannels: 1, outChannels: 1, kernelSize: 3, weights: [1, 0, -1], bias: [0.5])
        XCTAssertEqual(conv.forward([1, 2, 3], inputLength: 3), [-1.5, -1.5, 2.5])
    }

    func testConv1DGradientsMatchFiniteDifferences() {
        var g = SeededGenerator(seed: 1)
        for (kernel, padding) in [(3, 1), (4, 1), (1, 0), (5, 0)] {
            let (inC, outC, length) = (2, 3, 9)
            let conv = Conv1D(inChannels: inC, outChannels: outC, kernelSize: kernel, padding: padding,
                              weights: randomFloats(outC * inC * kernel, &g), bias: randomFloats(outC, &g))
            let input = randomFloats(inC * length, &g)
            let r = randomFloats(outC * conv.outputLength(inputLength: length), &g)
            let grads = conv.backward(input: input, inputLength: length, outputGradient: r)
            let what = "k\(kernel)p\(padding)"
            assertClose(grads.input, numericGradient(input, eps: 1e-2) { weightedSum(conv.forward($0, inputLength: length), r) }, "\(what) input")
            assertClose(grads.weights, numericGradient(conv.weights, eps: 1e-2) { w in
                let c = Conv1D(inChannels: inC, outChannels: outC, kernelSize: kernel, padding: padding, weights: w, bias: conv.bias)
                return weightedSum(c.forward(input, inputLength: length), r)
            }, "\(what) weights")
            assertClose(grads.bias, numericGradient(conv.bias, eps: 1e-2) { b in
                let c = Conv1D(inChannels: inC, outChannels: outC, kernelSize: kernel, padding: padding, weights: conv.weights, bias: b)
                return weightedSum(c.forward(input, inputLength: length), r)
            }, "\(what) bias")
        }
    }

    func testMaxPoolForwardAndGradient() {
        let pool = MaxPool1D(poolSize: 3)
        // Two channels of 10 distinct values; the 10th position of each does not fill a window.
        let input: [Float] = [0.1, 0.9, 0.3, 0.5, 0.4, 0.2, 0.6, 0.8, 0.7, 5.0,
                              -0.1, -0.9, -0.3, 0.0, 0.2, -0.5, 0.4, 0.3, 0.35, 9.0]
        let (out, argmax) = pool.forward(input, channels: 2, inputLength: 10)
        XCTAssertEqual(out, [0.9, 0.5, 0.8, -0.1, 0.2, 0.4])
        XCTAssertEqual(argmax, [1, 3, 7, 10, 14, 16])
        let r: [Float] = [1.5, -2, 0.25, 3, -1, 0.5]
        let analytic = pool.backward(outputGradient: r, argmax: argmax, channels: 2, inputLength: 10)
        let numeric = numericGradient(input, eps: 1e-3) { weightedSum(pool.forward($0, channels: 2, inputLength: 10).output, r) }
        assertClose(analytic, numeric, "pool input")
    }

    func testDenseGradientsMatchFiniteDifferences() {
        var g = SeededGenerator(seed: 2)
        let dense = Dense(inputs: 13, outputs: 4, weights: randomFloats(52, &g), bias: randomFloats(4, &g))
        XCTAssertEqual(Dense(inputs: 2, outputs: 1, weights: [2, -1], bias: [0.5]).forward([3, 4]), [2.5])
        let input = randomFloats(13, &g)
        let r = randomFloats(4, &g)
        let grads = dense.backward(input: input, outputGradient: r)
        assertClose(grads.input, numericGradient(input, eps: 1e-2) { weightedSum(dense.forward($0), r) }, "dense input")
        assertClose(grads.weights, numericGradient(dense.weights, eps: 1e-2) { w in
            weightedSum(Dense(inputs: 13, outputs: 4, weights: w, bias: dense.bias).forward(input), r)
        }, "dense weights")
        assertClose(grads.bias, numericGradient(dense.bias, eps: 1e-2) { b in
            weightedSum(Dense(inputs: 13, outputs: 4, weights: dense.weights, bias: b).forward(input), r)
        }, "dense bias")
    }

    func testWholeNetworkGradientMatchesFiniteDifferences() throws {
        var g = SeededGenerator(seed: 3)
        let network = try XCTUnwrap(CNNNetwork(inputLength: 14, filters: [3, 4], kernelSizes: [3, 5], poolSize: 2,
                                               hiddenUnits: 5, outputs: 2, generator: &g))
        let count = 3
        let inputs = randomFloats(count * 14, &g)
        let targets = randomFloats(count * 2, &g)
        let (_, analytic) = network.lossAndGradient(inputs: inputs, targets: targets, count: count)
        let numeric = numericGradient(network.parameters, eps: 1e-3) { p in
            var n = network
            n.parameters = p
            return n.lossAndGradient(inputs: inputs, targets: targets, count: count).loss
        }
        XCTAssertEqual(analytic.count, network.parameterCount)
        assertClose(analytic, numeric, tolerance: 1e-2, "network parameters")
        XCTAssertGreaterThan(analytic.map { abs($0) }.max() ?? 0, 1e-3, "gradient must not be trivially zero")
    }

    func testAdamDecoupledAndL2WeightDecay() {
        // One step from w = 1 with gradient 0: AdamW shrinks by lr·λ; L2 moves by lr (Adam normalises g = λw).
        var w: [Float] = [1]
        let zero: [Float] = [0]
        var adamW = Adam(configuration: .init(learningRate: 0.1, weightDecay: 0.5, weightDecayMode: .decoupled), slotSizes: [1])
        adamW.beginStep()
        zero.withUnsafeBufferPointer { adamW.update(&w, gradient: $0.baseAddress!, slot: 0, decay: true) }
        XCTAssertEqual(w[0], 0.95, accuracy: 1e-6)
        var v: [Float] = [1]
        var adamL2 = Adam(configuration: .init(learningRate: 0.1, weightDecay: 0.5, weightDecayMode: .l2), slotSizes: [1])
        adamL2.beginStep()
        zero.withUnsafeBufferPointer { adamL2.update(&v, gradient: $0.baseAddress!, slot: 0, decay: true) }
        XCTAssertEqual(v[0], 0.9, accuracy: 1e-5)
    }

    // MARK: training

    func testOverfitsTinyDataset() throws {
        let (x, y) = syntheticData(rows: 24, features: 20, seed: 11, noise: 1.0)
        var config = smallConfiguration(epochs: 400)
        config.convolutionDropout = 0
        config.hiddenDropout = 0
        config.weightDecay = 0
        config.batchSize = 8
        var model = CNNRegressor(configuration: config)
        try model.fit(x, y)
        let losses = model.history.trainingLoss
        XCTAssertEqual(losses.count, 400)
        XCTAssertLessThan(losses.last!, 0.02 * losses.first!, "training loss should collapse: \(losses.first!) → \(losses.last!)")
        let p = model.predict(x)
        XCTAssertGreaterThan(r2(p.column(0), y.column(0)), 0.95)
        XCTAssertGreaterThan(r2(p.column(1), y.column(1)), 0.95)
    }

    func testSameSeedSamePredictionsDifferentSeedDifferent() throws {
        let (x, y) = syntheticData(rows: 120, features: 24, seed: 12)
        var config = smallConfiguration(epochs: 15)
        config.earlyStopping = .init(validationFraction: 0.2, patience: 5)
        var a = CNNRegressor(configuration: config), b = CNNRegressor(configuration: config)
        try a.fit(x, y)
        try b.fit(x, y)
        XCTAssertEqual(a.predict(x), b.predict(x))
        XCTAssertEqual(a.network, b.network)
        XCTAssertEqual(a.history.trainingLoss, b.history.trainingLoss)
        config.seed = 8
        var c = CNNRegressor(configuration: config)
        try c.fit(x, y)
        XCTAssertNotEqual(a.predict(x), c.predict(x))
    }

    func testCodableRoundTripGivesIdenticalPredictions() throws {
        let (x, y) = syntheticData(rows: 80, features: 16, seed: 13)
        var model = CNNRegressor(configuration: smallConfiguration(epochs: 10))
        try model.fit(x, y)
        let data = try JSONEncoder().encode(model)
        let decoded = try JSONDecoder().decode(CNNRegressor.self, from: data)
        XCTAssertEqual(decoded.configuration, model.configuration)
        XCTAssertEqual(decoded.network, model.network)
        XCTAssertEqual(decoded.predict(x), model.predict(x))
        XCTAssertEqual(decoded.featureMean, model.featureMean)
        XCTAssertEqual(decoded.targetScale, model.targetScale)
    }

    func testLearnsSyntheticFunctionBetterThanTheMean() throws {
        let (x, y) = syntheticData(rows: 600, features: 32, seed: 14)
        let train = Array(0..<450), test = Array(450..<600)
        var config = smallConfiguration(epochs: 150)
        config.earlyStopping = .init(validationFraction: 0.15, patience: 25)
        var model = CNNRegressor(configuration: config)
        try model.fit(x.selectingRows(train), y.selectingRows(train))
        let yTest = y.selectingRows(test)
        let p = model.predict(x.selectingRows(test))
        let r2v = r2(p.column(0), yTest.column(0)), r2a = r2(p.column(1), yTest.column(1))
        // Predicting the training mean scores R² ≤ 0 on held-out rows.
        XCTAssertGreaterThan(r2v, 0.6, "valence R² \(r2v)")
        XCTAssertGreaterThan(r2a, 0.6, "arousal R² \(r2a)")
        XCTAssertFalse(model.history.validationLoss.isEmpty)
        XCTAssertNotNil(model.history.bestEpoch)
    }

    func testEarlyStoppingStopsAndKeepsBestEpoch() throws {
        // Pure-noise targets: validation loss cannot keep improving.
        var g = SeededGenerator(seed: 15)
        let x = Matrix(rows: 100, columns: 12, storage: (0..<1200).map { _ in g.nextGaussian() })
        let y = Matrix(rows: 100, columns: 2, storage: (0..<200).map { _ in 5 + g.nextGaussian() })
        var config = smallConfiguration(epochs: 300)
        config.earlyStopping = .init(validationFraction: 0.25, patience: 10)
        var model = CNNRegressor(configuration: config)
        try model.fit(x, y)
        let h = model.history
        XCTAssertTrue(h.stoppedEarly)
        let best = try XCTUnwrap(h.bestEpoch)
        XCTAssertEqual(h.validationLoss.count, best + 11)
        XCTAssertEqual(h.validationLoss.min(), h.validationLoss[best])
    }

    func testSampleWeightsOfZeroIgnoreRows() throws {
        // Half the rows carry contradictory targets with weight 0: the fit must follow the rest.
        let (x, y) = syntheticData(rows: 200, features: 16, seed: 16)
        var yBad = y
        for i in 100..<200 { yBad[i, 0] = 18 - y[i, 0]; yBad[i, 1] = 18 - y[i, 1] }
        let weights = (0..<200).map { $0 < 100 ? 1.0 : 0.0 }
        var model = CNNRegressor(configuration: smallConfiguration(epochs: 80))
        try model.fit(x, yBad, weights: weights)
        let p = model.predict(x.selectingRows(0..<100))
        XCTAssertGreaterThan(r2(p.column(0), y.selectingRows(0..<100).column(0)), 0.5)
    }

    func testEveryBatchSizeAndRemainderTrains() throws {
        // 21 rows: batch sizes 1…25 give every kind of final partial batch and empty gradient shard.
        let (x, y) = syntheticData(rows: 21, features: 12, seed: 17)
        for batch in 1...25 {
            var config = smallConfiguration(epochs: 2)
            config.batchSize = batch
            var model = CNNRegressor(configuration: config)
            try model.fit(x, y)
            XCTAssertTrue(model.predict(x).storage.allSatisfy(\.isFinite), "batch \(batch)")
        }
    }

    func testInvalidInputsThrowNamedErrors() {
        let x = Matrix(rows: 4, columns: 16, repeating: 1)
        var model = CNNRegressor(configuration: smallConfiguration())
        XCTAssertThrowsError(try model.fit(x, Matrix(rows: 4, columns: 3))) {
            XCTAssertEqual($0 as? EstimatorError,
                           .shapeMismatch(model: "CNNRegressor", detail: "targets must have 2 columns (valence, arousal), got 3"))
        }
        XCTAssertThrowsError(try model.fit(x, Matrix(rows: 3, columns: 2))) {
            XCTAssertEqual($0 as? EstimatorError, .shapeMismatch(model: "CNNRegressor", detail: "4 feature rows but 3 target rows"))
        }
        var nan = x
        nan[2, 5] = .nan
        XCTAssertThrowsError(try model.fit(nan, Matrix(rows: 4, columns: 2))) {
            guard case let .nonFiniteValue(model, input, row, column, value) = $0 as? EstimatorError else { return XCTFail("\($0)") }
            XCTAssertEqual([model, input], ["CNNRegressor", "features"])
            XCTAssertEqual([row, column], [2, 5])
            XCTAssertTrue(value.isNaN)
            XCTAssertTrue("\($0)".contains("row 2, column 5"))
        }
        XCTAssertThrowsError(try model.fit(x, Matrix(rows: 4, columns: 2), weights: [1, -1, 1, 1])) {
            XCTAssertEqual($0 as? EstimatorError, .invalidWeight(model: "CNNRegressor", index: 1, value: -1))
        }
        var deep = CNNRegressor(configuration: .init(filters: [4, 4, 4, 4, 4], kernelSizes: [3, 3, 3, 3, 3]))
        XCTAssertThrowsError(try deep.fit(x, Matrix(rows: 4, columns: 2))) {
            guard case .invalidHyperparameter(model: "CNNRegressor", name: "kernelSizes", _, _) = $0 as? EstimatorError else {
                return XCTFail("\($0)")
            }
            XCTAssertTrue("\($0)".hasPrefix("CNNRegressor: "), "\($0)")
            XCTAssertFalse("\($0)".contains("--"), "messages name no CLI flags: \($0)")
        }
        XCTAssertFalse(deep.isFitted)
    }
}

#if canImport(Glibc)
import Glibc
#endif
