import Foundation
import MERModel
import DEAMData
import Numerics
import MoodCore
import MoodIO

// Helpers for `mood bench forest` and `mood bench trees` (the full evaluation is `mood evaluate`).

/// R² and quadrant accuracy of held-out predictions (MERModel's `Evaluation`), on one line.
struct TreeBenchScore: CustomStringConvertible {
    var evaluation: Evaluation

    init(truth: Matrix, predicted: Matrix) {
        evaluation = Evaluation(truth: truth, predicted: predicted)
    }

    var description: String {
        let r = evaluation.regression
        return "R² valence \(NumberText.fixed(r.r2Valence, 3))  arousal \(NumberText.fixed(r.r2Arousal, 3))  "
            + "mean \(NumberText.fixed(r.r2Mean, 3))  quadrant acc. \(NumberText.fixed(evaluation.quadrant.accuracy, 3))"
    }
}

/// Out-of-fold predictions for the benchmarks, on `CrossValidation`'s folds (the same folds as
/// `mood evaluate` for the same seed), one fold after another.
func treeBenchCrossValidate(_ data: DEAMDataset, folds: Int, seed: UInt64, weights: [Double]? = nil,
                            makeModel: () -> any Regressor) throws -> Matrix {
    var predicted = Matrix(rows: data.features.rows, columns: 2)
    for fold in try CrossValidation(.kFold(folds: folds), seed: seed).folds(count: data.features.rows) {
        var model = makeModel()
        try model.fit(data.features.selectingRows(fold.train), data.targets.selectingRows(fold.train),
                      weights: weights.map { w in fold.train.map { w[$0] } })
        let p = model.predict(data.features.selectingRows(fold.test))
        for (r, i) in fold.test.enumerated() { predicted[i, 0] = p[r, 0]; predicted[i, 1] = p[r, 1] }
    }
    return predicted
}
