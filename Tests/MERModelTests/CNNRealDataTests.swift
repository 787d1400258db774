import XCTest
import Foundation
import MERModel
import DEAMData
import Numerics
import MoodCore
import MoodTestSupport

/// The CNN on the real DEAM song-level features (read in place from `DEAM_DIR` or
/// ../shared/data/deam with `DEAMDataset`); skipped without them (failed under CI), see
/// `DataTestSupport.requireDEAM`.
final class CNNRealDataTests: XCTestCase {

    private struct SongTable {
        var features: Matrix
        var targets: Matrix
    }

    private func loadSongs() throws -> SongTable {
        let deam = try DataTestSupport.requireRealDataset()
        return SongTable(features: deam.features, targets: deam.targets)
    }

    private func r2(_ p: Matrix, _ y: Matrix, column j: Int) -> Double {
        let actual = y.column(j), predicted = p.column(j)
        let mean = actual.reduce(0, +) / Double(actual.count)
        let ssRes = zip(predicted, actual).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let ssTot = actual.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return 1 - ssRes / ssTot
    }

    /// User + system CPU seconds of this process (wall time is noisy on a shared machine).
    private func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private func shuffledIndices(_ n: Int, seed: UInt64) -> [Int] {
        var g = SeededGenerator(seed: seed)
        return Array(0..<n).shuffled(using: &g)
    }

    /// Seeded 80/20 split with the default configuration: the CNN must clearly beat the mean.
    func testEightyTwentySplitOnDEAM() throws {
        let songs = try loadSongs()
        XCTAssertEqual(songs.features.rows, 1802)
        XCTAssertEqual(songs.features.columns, 130)
        let order = shuffledIndices(songs.features.rows, seed: 2024)
        let cut = songs.features.rows * 4 / 5
        let train = Array(order[..<cut]), test = Array(order[cut...])
        var model = CNNRegressor()
        let cpu = cpuSeconds()
        try model.fit(songs.features.selectingRows(train), songs.targets.selectingRows(train))
        let trainCPU = cpuSeconds() - cpu
        let yTest = songs.targets.selectingRows(test)
        let p = model.predict(songs.features.selectingRows(test))
        let rv = r2(p, yTest, column: 0), ra = r2(p, yTest, column: 1)
        print("CNN 80/20: R² valence \(rv), arousal \(ra), mean \((rv + ra) / 2); "
              + "epochs \(model.history.trainingLoss.count), best \(model.history.bestEpoch ?? -1), "
              + "train \(model.history.seconds) s wall, \(trainCPU) s CPU")
        XCTAssertGreaterThan((rv + ra) / 2, 0.4)
    }

    /// The default configuration with overrides from the environment (CNN_FILTERS="8,16,32",
    /// CNN_KERNELS, CNN_HIDDEN, CNN_EPOCHS, CNN_BATCH, CNN_LR, CNN_WD, CNN_WD_MODE, CNN_CONV_DROPOUT,
    /// CNN_HIDDEN_DROPOUT, CNN_PATIENCE (0 = no early stopping), CNN_SEED), for the opt-in report.
}
