import XCTest
import Foundation
import MERModel

/// The CNN on the real DEAM song-level features (read in place from `DEAM_DIR` or
/// ../shared/data/deam). Uses a minimal private CSV reader so that it does not depend
/// on the project's loader; skipped when the data is absent.
final class CNNRealDataTests: XCTestCase {

    private struct SongTable {
        var features: Matrix
        var targets: Matrix
    }

    private func deamDirectory() throws -> URL {
        let path = ProcessInfo.processInfo.environment["DEAM_DIR"] ?? "../shared/data/deam"
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("derived/specteral_data.csv").path) else {
            throw XCTSkip("DEAM data not found at \(url.path)")
        }
        return url
    }

    /// Rows of a comma-separated file as trimmed cells (handles CRLF and leading-space headers).
    private func csvRows(_ url: URL) throws -> [[String]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { $0.count > 1 }
    }

    private func loadSongs() throws -> SongTable {
        let dir = try deamDirectory()
        var targets: [Int: (Double, Double)] = [:]
        for name in ["static_annotations_averaged_songs_1_2000.csv", "static_annotations_averaged_songs_2000_2058.csv"] {
            let rows = try csvRows(dir.appendingPathComponent("annotations/\(name)"))
            let header = rows[0]
            let v = try XCTUnwrap(header.firstIndex(of: "valence_mean")), a = try XCTUnwrap(header.firstIndex(of: "arousal_mean"))
            for row in rows.dropFirst() {
                let id = try XCTUnwrap(Int(row[0]))
                targets[id] = (try XCTUnwrap(Double(row[v])), try XCTUnwrap(Double(row[a])))
            }
        }
        let rows = try csvRows(dir.appendingPathComponent("derived/specteral_data.csv"))
        var features: [Double] = [], ys: [Double] = []
        var count = 0
        for row in rows.dropFirst() {
            let id = try XCTUnwrap(Int(row[0]))
            guard let t = targets[id] else { continue }
            features += try row.dropFirst().map { try XCTUnwrap(Double($0)) }
            ys += [t.0, t.1]
            count += 1
        }
        return SongTable(features: Matrix(rows: count, columns: features.count / count, storage: features),
                         targets: Matrix(rows: count, columns: 2, storage: ys))
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
        XCTAssertGreaterThan((rv + ra) / 2, 0.3)
    }

    /// The default configuration with overrides from the environment (CNN_FILTERS="8,16,32",
    /// CNN_KERNELS, CNN_HIDDEN, CNN_EPOCHS, CNN_BATCH, CNN_LR, CNN_WD, CNN_WD_MODE, CNN_CONV_DROPOUT,
    /// CNN_HIDDEN_DROPOUT, CNN_PATIENCE (0 = no early stopping), CNN_SEED), for the opt-in report.
    private func reportConfiguration() -> CNNRegressor.Configuration {
        let env = ProcessInfo.processInfo.environment
        func ints(_ key: String) -> [Int]? { env[key].map { $0.split(separator: ",").compactMap { Int($0) } } }
        var c = CNNRegressor.Configuration()
        if let v = ints("CNN_FILTERS") { c.filters = v }
        if let v = ints("CNN_KERNELS") { c.kernelSizes = v }
        if let v = env["CNN_HIDDEN"].flatMap(Int.init) { c.hiddenUnits = v }
        if let v = env["CNN_EPOCHS"].flatMap(Int.init) { c.epochs = v }
        if let v = env["CNN_BATCH"].flatMap(Int.init) { c.batchSize = v }
        if let v = env["CNN_LR"].flatMap(Double.init) { c.learningRate = v }
        if let v = env["CNN_WD"].flatMap(Double.init) { c.weightDecay = v }
        if let v = env["CNN_WD_MODE"].flatMap(Adam.WeightDecayMode.init(rawValue:)) { c.weightDecayMode = v }
        if let v = env["CNN_CONV_DROPOUT"].flatMap(Double.init) { c.convolutionDropout = v }
        if let v = env["CNN_HIDDEN_DROPOUT"].flatMap(Double.init) { c.hiddenDropout = v }
        if let v = env["CNN_PATIENCE"].flatMap(Int.init) { c.earlyStopping = v > 0 ? .init(patience: v) : nil }
        if let v = env["CNN_SEED"].flatMap(UInt64.init) { c.seed = v }
        return c
    }

    /// Shuffled k-fold report (not an assertion): set CNN_CV_FOLDS (e.g. 10, or 5 for
    /// a quick look) to run it; CNN_* variables override the configuration.
    func testCrossValidationReport() throws {
        guard let folds = ProcessInfo.processInfo.environment["CNN_CV_FOLDS"].flatMap(Int.init), folds > 1 else {
            throw XCTSkip("set CNN_CV_FOLDS to run the k-fold report")
        }
        let configuration = reportConfiguration()
        let songs = try loadSongs()
        let n = songs.features.rows
        let order = shuffledIndices(n, seed: 2024)
        var predictions = Matrix(rows: n, columns: 2)
        var seconds = 0.0, epochs = 0
        let cpu = cpuSeconds()
        for f in 0..<folds {
            let test = order.enumerated().filter { $0.offset % folds == f }.map(\.element)
            let testSet = Set(test)
            let train = order.filter { !testSet.contains($0) }
            var model = CNNRegressor(configuration: configuration)
            try model.fit(songs.features.selectingRows(train), songs.targets.selectingRows(train))
            let p = model.predict(songs.features.selectingRows(test))
            for (k, i) in test.enumerated() { predictions[i, 0] = p[k, 0]; predictions[i, 1] = p[k, 1] }
            seconds += model.history.seconds
            epochs += model.history.trainingLoss.count
        }
        let rv = r2(predictions, songs.targets, column: 0), ra = r2(predictions, songs.targets, column: 1)
        print("CNN \(folds)-fold \(configuration)")
        print("CNN \(folds)-fold: R² valence \(rv), arousal \(ra), mean \((rv + ra) / 2); "
              + "mean epochs \(Double(epochs) / Double(folds)), total train \(seconds) s wall, \(cpuSeconds() - cpu) s CPU")
    }
}
