import Foundation
import XCTest
import Numerics
import MERModel

/// The ensemble's dedicated model of V − A inside `BlendRegressor`.
final class BlendDifferenceTests: XCTestCase {
    /// Generated data: V + A linear in feature 0; V − A a step in feature 1 that linear members miss.
    private func data(rows: Int, seed: UInt64) -> (Matrix, Matrix) {
        var state = seed
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / 9007199254740992
        }
        var x = Matrix(rows: rows, columns: 3), y = Matrix(rows: rows, columns: 2)
        for i in 0..<rows {
            for j in 0..<3 { x[i, j] = 2 * uniform() - 1 }
            let sum = 10 + 3 * x[i, 0] + 0.3 * (uniform() - 0.5)
            let difference = (x[i, 1] > 0 ? 1.5 : -1.5) + 0.3 * (uniform() - 0.5)
            y[i, 0] = (sum + difference) / 2
            y[i, 1] = (sum - difference) / 2
        }
        return (x, y)
    }

    private func blend(difference: BlendRegressor.DifferenceModel?) -> BlendRegressor {
        BlendRegressor(members: [ModelPipeline(standardize: true, regressor: .ridge(RidgeRegression(alpha: 1)))],
                       configuration: .init(weights: [1], difference: difference))
    }

    private var smallBoosting: GradientBoostingRegressor.Configuration {
        var c = GradientBoostingRegressor.Configuration.tunedForDEAM
        c.maxIterations = 40
        c.learningRate = 0.2
        c.minSamplesLeaf = 5
        return c
    }

    func testDifferenceModelKeepsTheMembersSumAndMixesTheDifference() throws {
        let (x, y) = data(rows: 400, seed: 4)
        var plain = blend(difference: nil)
        try plain.fit(x, y, weights: nil)
        var mixed = blend(difference: .init(weight: 0.5, boosting: smallBoosting))
        try mixed.fit(x, y, weights: nil)
        let booster = try XCTUnwrap(mixed.differenceBooster)
        let p = plain.predict(x), m = mixed.predict(x), d = booster.predict(x)
        XCTAssertEqual(d.columns, 1)
        for r in 0..<x.rows {
            XCTAssertEqual(m[r, 0] + m[r, 1], p[r, 0] + p[r, 1], accuracy: 1e-9)
            XCTAssertEqual(m[r, 0] - m[r, 1], 0.5 * (p[r, 0] - p[r, 1]) + 0.5 * d[r, 0], accuracy: 1e-9)
        }
        // The step in V − A is what the linear member misses and the booster finds.
        let (xTest, yTest) = data(rows: 400, seed: 9)
        XCTAssertGreaterThan(RegressionMetrics(truth: yTest, predicted: mixed.predict(xTest)).r2Mean,
                             RegressionMetrics(truth: yTest, predicted: plain.predict(xTest)).r2Mean + 0.05)
    }

    func testDifferenceWeightOutsideZeroToOneIsRefused() {
        let (x, y) = data(rows: 50, seed: 1)
        var bad = blend(difference: .init(weight: 1.5, boosting: smallBoosting))
        XCTAssertThrowsError(try bad.fit(x, y, weights: nil))
    }

    func testFilesWithADamagedDifferenceModelAreRefused() throws {
        let (x, y) = data(rows: 200, seed: 2)
        var specification = try ModelKind.ensemble.specification()
        specification.regressor = .ensemble(blend(difference: .init(weight: 0.5, boosting: smallBoosting)))
        var model = MoodModel(specification: specification, featureNames: ["a", "b", "c"])
        try model.fit(x, y, data: "synthetic")
        let data = try model.encoded()
        XCTAssertNoThrow(try MoodModel.decode(data, file: "ok"))

        func damaged(_ change: (inout [String: Any]) -> Void) throws -> Data {
            var json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
            var pipeline = try XCTUnwrap(json["pipeline"] as? [String: Any])
            var regressor = try XCTUnwrap(pipeline["regressor"] as? [String: Any])
            var blend = try XCTUnwrap(regressor["model"] as? [String: Any])
            change(&blend)
            regressor["model"] = blend
            pipeline["regressor"] = regressor
            json["pipeline"] = pipeline
            return try JSONSerialization.data(withJSONObject: json)
        }
        let cases: [(String, (inout [String: Any]) -> Void)] = [
            ("pipeline.regressor.model.differenceBooster", { $0["differenceBooster"] = nil }),
            ("pipeline.regressor.model.configuration.difference.weight", { blend in
                var configuration = blend["configuration"] as! [String: Any]
                var difference = configuration["difference"] as! [String: Any]
                difference["weight"] = 2.0
                configuration["difference"] = difference
                blend["configuration"] = configuration
            }),
            ("pipeline.regressor.model.differenceBooster", { blend in
                var configuration = blend["configuration"] as! [String: Any]
                configuration["difference"] = nil
                blend["configuration"] = configuration
            }),
            // A two-output booster where the difference needs one.
            ("pipeline.regressor.model.differenceBooster.baselines", { blend in
                var booster = blend["differenceBooster"] as! [String: Any]
                booster["baselines"] = (booster["baselines"] as! [Any]) + (booster["baselines"] as! [Any])
                blend["differenceBooster"] = booster
            }),
        ]
        for (path, change) in cases {
            XCTAssertThrowsError(try MoodModel.decode(try damaged(change), file: "bad")) { error in
                guard case .invalid(_, let found, _) = error as? ModelFileError else {
                    return XCTFail("expected ModelFileError.invalid at \(path), got \(error)")
                }
                XCTAssertEqual(found, path)
            }
        }
    }
}
