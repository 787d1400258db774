import DEAMData
import MoodCore
import Numerics

extension CrossValidation {
    /// Out-of-fold values for `count` rows: each fold's test rows get what `predict` returns for
    /// that fold (one value per test row, in the fold's test order). Folds are this
    /// cross-validation's (`folds(count:)`), so the same seed gives the same folds as everywhere
    /// else. `progress` gets (folds done, folds).
    public func outOfFold<Value>(count: Int, placeholder: Value, progress: ((Int, Int) -> Void)? = nil,
                                 _ predict: (Fold) throws -> [Value]) throws -> [Value] {
        let partitions = try folds(count: count)
        var values = [Value](repeating: placeholder, count: count)
        for (index, fold) in partitions.enumerated() {
            let predicted = try predict(fold)
            precondition(predicted.count == fold.test.count, "one value per test row")
            for (row, value) in zip(fold.test, predicted) { values[row] = value }
            progress?(index + 1, partitions.count)
        }
        return values
    }
}

extension MoodModel {
    /// Out-of-fold placements of DEAM's songs (K-fold cross-fitting): each fold is placed by a model
    /// of this model's kind and options trained on the other folds, so DEAM songs are placed out of
    /// sample, as a user's own songs are. The folds are `CrossValidation`'s for `seed` (the same as
    /// `mood evaluate`'s). Each fold model takes this model's quadrant decision (five numbers fitted
    /// on held-out predictions of all its training songs), as it takes its spread.
    public func crossFitted(on dataset: DEAMDataset, folds: Int, seed: UInt64,
                            progress: ((Int, Int) -> Void)? = nil) throws -> [MoodPoint] {
        let specification = try kind.specification(options)
        return try CrossValidation(.kFold(folds: folds), seed: seed)
            .outOfFold(count: dataset.count, placeholder: MoodPoint(valence: 5, arousal: 5), progress: progress) { fold in
                var foldModel = MoodModel(specification: specification, featureNames: dataset.featureNames)
                try foldModel.fit(dataset.features.selectingRows(fold.train), dataset.targets.selectingRows(fold.train),
                                  data: "DEAM \(DEAMDirectory.featureTable) + static annotations")
                foldModel.quadrantBalancing = quadrantBalancing
                return try foldModel.checkedPredict(dataset.features.selectingRows(fold.test),
                                                    rowNames: fold.test.map { "DEAM song \(dataset.songIDs[$0])" })
            }
    }
}
