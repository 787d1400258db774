import Foundation
import MERModel
import DEAMData
import Numerics
import XCTest

/// Tests of the tree models on small generated problems (no DEAM data).
final class TreeModelTests: XCTestCase {
    /// A generated regression problem: y depends nonlinearly on the first features.
    private func syntheticProblem(rows: Int, features: Int = 6, noise: Double = 0.1, seed: UInt64) -> (Matrix, Matrix) {
        var rng = SeededGenerator(seed: seed)
        var x = Matrix(rows: rows, columns: features)
        var y = Matrix(rows: rows, columns: 2)
        for i in 0..<rows {
            for j in 0..<features { x[i, j] = rng.nextUnit() * 2 - 1 }
            y[i, 0] = 5 + 2 * sin(3 * x[i, 0]) + x[i, 1] * x[i, 2] + noise * rng.nextGaussian()
            y[i, 1] = 5 + (x[i, 0] > 0.2 ? 1.5 : -1) + x[i, 3] * x[i, 3] + noise * rng.nextGaussian()
        }
        return (x, y)
    }

    private func meanSquaredError(_ a: Matrix, _ b: Matrix) -> Double {
        zip(a.storage, b.storage).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(a.storage.count)
    }

    private func meanPredictionError(_ y: Matrix) -> Double {
        var total = 0.0
        for k in 0..<y.columns {
            let c = y.column(k), m = c.reduce(0, +) / Double(c.count)
            total += c.map { ($0 - m) * ($0 - m) }.reduce(0, +)
        }
        return total / Double(y.storage.count)
    }

    func testTreeFitsStepFunctionExactly() throws {
        // y = 1 below 0.3, 4 from 0.3 to 0.7, 2 above; second output the negation.
        let xs = (0..<50).map { Double($0) / 49 }
        let step = { (v: Double) -> Double in v < 0.3 ? 1 : (v < 0.7 ? 4 : 2) }
        let x = Matrix(xs.map { [$0] })
        let y = Matrix(xs.map { [step($0), -step($0)] })
        var tree = DecisionTreeRegressor()
        try tree.fit(x, y)
        XCTAssertEqual(tree.predict(x), y)
        XCTAssertEqual(tree.tree?.leafCount, 3, "three steps need exactly three leaves")
        // Between training points the split sits halfway.
        let probe = Matrix([[0.29], [0.31], [0.68], [0.71], [-5], [5]])
        XCTAssertEqual(tree.predict(probe).column(0), [1, 4, 4, 2, 1, 2])
    }

    func testTreeRespectsDepthAndLeafLimits() throws {
        let (x, y) = syntheticProblem(rows: 300, seed: 3)
        var shallow = DecisionTreeRegressor(configuration: .init(maxDepth: 3))
        try shallow.fit(x, y)
        XCTAssertLessThanOrEqual(shallow.tree!.depth, 3)
        XCTAssertLessThanOrEqual(shallow.tree!.leafCount, 8)
        var bigLeaves = DecisionTreeRegressor(configuration: .init(minSamplesLeaf: 40))
        try bigLeaves.fit(x, y)
        XCTAssertLessThanOrEqual(bigLeaves.tree!.leafCount, 300 / 40)
    }

    func testSampleWeightsMoveLeafValues() throws {
        // One leaf (depth limit below any split): the prediction is the weighted mean.
        let x = Matrix([[0], [1], [2], [3]])
        let y = Matrix([[1, 0], [2, 0], [3, 0], [10, 0]])
        var stump = DecisionTreeRegressor(configuration: .init(minSamplesLeaf: 3))
        try stump.fit(x, y, weights: [1, 1, 1, 3])
        XCTAssertEqual(stump.predict(Matrix([[0]]))[0, 0], 36.0 / 6, accuracy: 1e-6)
    }

    func testForestBeatsTheMeanOnNonlinearProblem() throws {
        let (x, y) = syntheticProblem(rows: 600, seed: 1)
        let (xTest, yTest) = syntheticProblem(rows: 300, seed: 2)
        var forest = ForestRegressor(configuration: .init(splitter: .best, treeCount: 50, seed: 7))
        try forest.fit(x, y)
        let mse = meanSquaredError(forest.predict(xTest), yTest)
        let baseline = meanPredictionError(yTest)
        XCTAssertLessThan(mse, 0.3 * baseline, "forest MSE \(mse) vs predicting the mean \(baseline)")

        var extra = ForestRegressor(configuration: .init(splitter: .random, treeCount: 50, seed: 7))
        try extra.fit(x, y)
        XCTAssertLessThan(meanSquaredError(extra.predict(xTest), yTest), 0.3 * baseline)
    }

    func testSameSeedGivesIdenticalPredictionsSerialOrParallel() throws {
        let (x, y) = syntheticProblem(rows: 400, seed: 4)
        let (xTest, _) = syntheticProblem(rows: 100, seed: 5)
        func forest(seed: UInt64, parallel: Bool) throws -> Matrix {
            var m = ForestRegressor(configuration: .init(splitter: .best, treeCount: 24, maxFeatures: .sqrt, seed: seed, parallel: parallel))
            try m.fit(x, y)
            return m.predict(xTest)
        }
        let a = try forest(seed: 11, parallel: true)
        XCTAssertEqual(a, try forest(seed: 11, parallel: true))
        XCTAssertEqual(a, try forest(seed: 11, parallel: false))
        XCTAssertNotEqual(a, try forest(seed: 12, parallel: true))

        func extra(parallel: Bool) throws -> Matrix {
            var m = ForestRegressor(configuration: .init(splitter: .random, treeCount: 16, seed: 3, parallel: parallel))
            try m.fit(x, y)
            return m.predict(xTest)
        }
        XCTAssertEqual(try extra(parallel: true), try extra(parallel: false))

        func boosted(parallel: Bool) throws -> Matrix {
            var m = GradientBoostingRegressor(configuration: .init(maxIterations: 30, subsample: 0.7, columnSubsample: 0.8,
                                                                   seed: 5, parallel: parallel))
            try m.fit(x, y)
            return m.predict(xTest)
        }
        XCTAssertEqual(try boosted(parallel: true), try boosted(parallel: false))
    }

    func testBoostingLowersTrainingLossEveryIteration() throws {
        let (x, y) = syntheticProblem(rows: 500, seed: 6)
        var gbm = GradientBoostingRegressor(configuration: .init(learningRate: 0.1, maxIterations: 80, maxLeafNodes: 15,
                                                                 minSamplesLeaf: 10))
        try gbm.fit(x, y)
        XCTAssertEqual(gbm.trainingLoss.count, 2)
        for losses in gbm.trainingLoss {
            XCTAssertEqual(losses.count, 80)
            for t in 1..<losses.count {
                XCTAssertLessThan(losses[t], losses[t - 1], "loss rose at iteration \(t)")
            }
        }
        // The recorded loss is the loss of the model's own predictions.
        let p = gbm.predict(x)
        let valenceLoss = (0..<x.rows).map { (p[$0, 0] - y[$0, 0]) * (p[$0, 0] - y[$0, 0]) }.reduce(0, +) / Double(x.rows)
        XCTAssertEqual(valenceLoss, gbm.trainingLoss[0].last!, accuracy: 1e-9)
        // Staged predictions: more iterations fit the training data better.
        XCTAssertLessThan(meanSquaredError(gbm.predict(x, iterations: 80), y), meanSquaredError(gbm.predict(x, iterations: 10), y))
    }

    func testBoostingGeneralisesOnNonlinearProblem() throws {
        let (x, y) = syntheticProblem(rows: 600, seed: 1)
        let (xTest, yTest) = syntheticProblem(rows: 300, seed: 2)
        var gbm = GradientBoostingRegressor(configuration: .init(learningRate: 0.1, maxIterations: 200, maxLeafNodes: 8,
                                                                 minSamplesLeaf: 5, subsample: 0.8))
        try gbm.fit(x, y)
        XCTAssertLessThan(meanSquaredError(gbm.predict(xTest), yTest), 0.3 * meanPredictionError(yTest))
    }

    func testCodableRoundTripGivesIdenticalPredictions() throws {
        let (x, y) = syntheticProblem(rows: 300, seed: 8)
        let (xTest, _) = syntheticProblem(rows: 80, seed: 9)
        var forest = ForestRegressor(configuration: .init(splitter: .best, treeCount: 10, maxFeatures: .fraction(0.5), seed: 1))
        try forest.fit(x, y)
        var extra = ForestRegressor(configuration: .init(splitter: .random, treeCount: 10, seed: 1))
        try extra.fit(x, y)
        var gbm = GradientBoostingRegressor(configuration: .init(maxIterations: 40, maxLeafNodes: 7))
        try gbm.fit(x, y)
        var ensemble = BlendRegressor(members: [RegressorModel.gbm(gbm), .forest(extra), .forest(forest)].map {
            ModelPipeline(standardize: false, regressor: $0)
        }, configuration: .init(weights: [2, 1, 1]))
        try ensemble.fit(x, y)

        func roundTrip<M: Regressor & Codable>(_ model: M) throws {
            let data = try JSONEncoder().encode(model)
            let decoded = try JSONDecoder().decode(M.self, from: data)
            XCTAssertEqual(decoded.predict(xTest), model.predict(xTest), "\(M.self)")
        }
        try roundTrip(forest)
        try roundTrip(extra)
        try roundTrip(gbm)
        try roundTrip(ensemble)
        // The ensemble is the weighted mean of its members.
        let members = [gbm.predict(xTest), extra.predict(xTest), forest.predict(xTest)]
        let expected = (0..<members[0].storage.count).map { 0.5 * members[0].storage[$0] + 0.25 * members[1].storage[$0] + 0.25 * members[2].storage[$0] }
        for (a, b) in zip(ensemble.predict(xTest).storage, expected) { XCTAssertEqual(a, b, accuracy: 1e-9) }
    }

    func testCorruptModelFileIsRejected() throws {
        let (x, y) = syntheticProblem(rows: 100, seed: 8)
        var forest = ForestRegressor(configuration: .init(treeCount: 2))
        try forest.fit(x, y)
        var json = String(decoding: try JSONEncoder().encode(forest), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"link\":[", with: "\"link\":[99999,")
        XCTAssertThrowsError(try JSONDecoder().decode(ForestRegressor.self, from: Data(json.utf8)))
    }

    func testInvalidInputsThrowTypedErrors() {
        var forest = ForestRegressor()
        XCTAssertThrowsError(try forest.fit(Matrix(rows: 0, columns: 3), Matrix(rows: 0, columns: 2))) { error in
            XCTAssertEqual(error as? EstimatorError, .emptyInput(model: "ForestRegressor (random forest)", input: "features"))
        }
        let x = Matrix([[1, 2], [3, .nan]])
        XCTAssertThrowsError(try forest.fit(x, Matrix([[1, 1], [2, 2]]))) { error in
            guard case let .nonFiniteValue(_, input, row, column, _) = error as? EstimatorError else { return XCTFail("\(error)") }
            XCTAssertEqual(input, "features")
            XCTAssertEqual([row, column], [1, 1])
        }
        // Finite in double precision but not as the trees compare it (single precision).
        XCTAssertThrowsError(try forest.fit(Matrix([[1], [1e300]]), Matrix([[1, 1], [2, 2]]))) { error in
            guard case .nonFiniteValue(_, "features (single precision)", 1, 0, _) = error as? EstimatorError else {
                return XCTFail("\(error)")
            }
        }
        XCTAssertThrowsError(try forest.fit(Matrix([[1], [2]]), Matrix([[1, 1]])))
        var bad = GradientBoostingRegressor(configuration: .init(learningRate: 0))
        XCTAssertThrowsError(try bad.fit(Matrix([[1], [2]]), Matrix([[1, 1], [2, 2]])))
    }

    func testMaxFeaturesParsing() {
        XCTAssertEqual(MaxFeatures("all"), .all)
        XCTAssertEqual(MaxFeatures("sqrt"), .sqrt)
        XCTAssertEqual(MaxFeatures("12"), .count(12))
        XCTAssertEqual(MaxFeatures("0.33"), .fraction(0.33))
        XCTAssertNil(MaxFeatures("1.5"))
        XCTAssertNil(MaxFeatures("0"))
        XCTAssertEqual(MaxFeatures.sqrt.resolved(featureCount: 130), 11)
        XCTAssertEqual(MaxFeatures.fraction(0.5).resolved(featureCount: 130), 65)
        XCTAssertEqual(MaxFeatures.count(500).resolved(featureCount: 130), 130)
    }
}
