import Foundation
import MERModel
import MoodCore

/// A minimal DEAM reader for the tree benchmarks only (features + static
/// annotations). The product's loader is `DEAMDataset`; this stays internal
/// so the benchmark does not depend on it.
struct TreeBenchData {
    var features: Matrix
    var targets: Matrix
    var targetStd: Matrix

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    static func load(deam: URL) throws -> TreeBenchData {
        let featureRows = try table(deam.appendingPathComponent("derived/specteral_data.csv"))
        var annotations: [Int: [Double]] = [:]
        for name in ["static_annotations_averaged_songs_1_2000.csv", "static_annotations_averaged_songs_2000_2058.csv"] {
            let rows = try table(deam.appendingPathComponent("annotations/\(name)"))
            guard let header = rows.first else { throw LoadError(description: "\(name): empty file") }
            let wanted = ["song_id", "valence_mean", "valence_std", "arousal_mean", "arousal_std"]
            let columns = try wanted.map { key -> Int in
                guard let c = header.firstIndex(of: key) else { throw LoadError(description: "\(name): no \(key) column") }
                return c
            }
            for (line, row) in rows.dropFirst().enumerated() {
                let values = try columns.map { c -> Double in
                    guard c < row.count, let v = Double(row[c]) else {
                        throw LoadError(description: "\(name):\(line + 2): bad value in column \(c + 1)")
                    }
                    return v
                }
                annotations[Int(values[0])] = Array(values.dropFirst())
            }
        }
        var x = [Double](), y = [Double](), s = [Double]()
        var n = 0, width = 0
        for (line, row) in featureRows.dropFirst().enumerated() {
            guard let id = Int(row[0]), let a = annotations[id] else {
                throw LoadError(description: "specteral_data.csv:\(line + 2): unknown song id \(row[0])")
            }
            let values = try row.dropFirst().enumerated().map { (c, text) -> Double in
                guard let v = Double(text) else { throw LoadError(description: "specteral_data.csv:\(line + 2):\(c + 2): not a number") }
                return v
            }
            width = values.count
            x += values
            y += [a[0], a[2]]
            s += [a[1], a[3]]
            n += 1
        }
        return TreeBenchData(features: Matrix(rows: n, columns: width, storage: x),
                             targets: Matrix(rows: n, columns: 2, storage: y),
                             targetStd: Matrix(rows: n, columns: 2, storage: s))
    }

    /// Splits a small CSV file (no quoted fields) into trimmed cells, working on bytes.
    private static func table(_ url: URL) throws -> [[String]] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LoadError(description: "cannot read \(url.path)")
        }
        var rows = [[String]]()
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var row = [String]()
            var cellStart = 0
            func cell(_ end: Int) {
                var a = cellStart, b = end
                while a < b, bytes[a] == 0x20 || bytes[a] == 0x09 { a += 1 }
                while b > a, bytes[b - 1] == 0x20 || bytes[b - 1] == 0x09 || bytes[b - 1] == 0x0D { b -= 1 }
                row.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self))
            }
            for i in 0..<bytes.count {
                switch bytes[i] {
                case 0x2C: cell(i); cellStart = i + 1
                case 0x0A:
                    cell(i); cellStart = i + 1
                    if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                    row = []
                default: break
                }
            }
            if cellStart < bytes.count { cell(bytes.count); rows.append(row) }
        }
        return rows
    }
}

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
func treeBenchCrossValidate(_ data: TreeBenchData, folds: Int, seed: UInt64, weights: [Double]? = nil,
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

/// The DEAM folder: `--deam`, then `DEAM_DIR`, then `../shared/data/deam`.
func treeBenchDEAMDirectory(_ explicit: String?) -> URL {
    if let explicit { return URL(fileURLWithPath: explicit) }
    if let env = ProcessInfo.processInfo.environment["DEAM_DIR"] { return URL(fileURLWithPath: env) }
    return URL(fileURLWithPath: "../shared/data/deam")
}
