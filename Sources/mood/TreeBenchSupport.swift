import Foundation
import MERModel
import DEAMData
import Numerics
import MoodCore

// Helpers for `mood bench forest` and `mood bench trees` (the full evaluation is `mood evaluate`).

/// R² and quadrant accuracy of out-of-fold predictions.
struct TreeBenchScore: CustomStringConvertible {
    var r2Valence: Double
    var r2Arousal: Double
    var quadrantAccuracy: Double
    var r2Mean: Double { (r2Valence + r2Arousal) / 2 }

    init(truth: Matrix, predicted: Matrix) {
        func r2(_ k: Int) -> Double {
            let t = truth.column(k), p = predicted.column(k)
            let mean = t.reduce(0, +) / Double(t.count)
            var ssRes = 0.0, ssTot = 0.0
            for i in t.indices { ssRes += (t[i] - p[i]) * (t[i] - p[i]); ssTot += (t[i] - mean) * (t[i] - mean) }
            return 1 - ssRes / ssTot
        }
        r2Valence = r2(0); r2Arousal = r2(1)
        let a = truth.moodPoints, b = predicted.moodPoints
        quadrantAccuracy = Double(zip(a, b).filter { $0.quadrant == $1.quadrant }.count) / Double(a.count)
    }

    var description: String {
        String(format: "R² valence %.3f  arousal %.3f  mean %.3f  quadrant acc. %.3f", r2Valence, r2Arousal, r2Mean, quadrantAccuracy)
    }
}

/// Shuffled k-fold cross-validation for the benchmarks: returns out-of-fold predictions.
func treeBenchCrossValidate(_ data: DEAMDataset, folds: Int, seed: UInt64, weights: [Double]? = nil,
                            makeModel: () -> any Regressor) throws -> Matrix {
    let n = data.features.rows
    var order = Array(0..<n)
    var rng = SeededGenerator(seed: seed)
    order.shuffle(using: &rng)
    var predicted = Matrix(rows: n, columns: 2)
    for fold in 0..<folds {
        let test = order.enumerated().filter { $0.offset % folds == fold }.map(\.element)
        let testSet = Set(test)
        let train = (0..<n).filter { !testSet.contains($0) }
        var model = makeModel()
        try model.fit(data.features.selectingRows(train), data.targets.selectingRows(train),
                      weights: weights.map { w in train.map { w[$0] } })
        let p = model.predict(data.features.selectingRows(test))
        for (r, i) in test.enumerated() { predicted[i, 0] = p[r, 0]; predicted[i, 1] = p[r, 1] }
    }
    return predicted
}
