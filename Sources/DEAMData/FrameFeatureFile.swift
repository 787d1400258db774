import Foundation
import MoodIO
import Numerics

/// A song-level feature vector: names and values in the same order.
public struct SongFeatureVector: Hashable, Codable, Sendable {
    /// Feature names (for DEAM files: `DEAMFeatureNames.all`).
    public var names: [String]
    /// One value per name.
    public var values: [Double]

    public init(names: [String], values: [Double]) {
        self.names = names
        self.values = values
    }

    /// The values reordered to `order` (for example a model's feature names), or nil if a name is missing.
    public func values(orderedAs order: [String]) -> [Double]? {
        if order == names { return values }
        var position = [String: Int](minimumCapacity: names.count)
        for (i, name) in names.enumerated() { position[name] = i }
        var result = [Double]()
        result.reserveCapacity(order.count)
        for name in order {
            guard let i = position[name], i < values.count else { return nil }
            result.append(values[i])
        }
        return result
    }
}

/// DEAM's per-frame openSMILE file, `features/<song_id>.csv`.
///
/// Format: `;`-separated, a header row, first column `frameTime` (seconds, 0.5 s steps), then
/// 260 columns: for each of the 130 descriptors of `DEAMFeatureNames.all`, its `_stddev` column
/// then its `_amean` column. Columns are found by name, so their order may differ.
/// The song vector is the mean over all frames of each `_amean` column — the quantity DEAM's
/// `derived/specteral_data.csv` holds, so a model trained on that table applies unchanged.
public struct FrameFeatureFile: Sendable {
    /// The time of each frame in seconds.
    public var frameTimes: [Double]
    /// frames × 130: the `_amean` columns, in `DEAMFeatureNames.all` order.
    public var amean: Matrix
    /// frames × 130: the `_stddev` columns, in the same order.
    public var stddev: Matrix

    /// The column names of the file, `frameTime` first.
    public static var header: [String] { ["frameTime"] + DEAMFeatureNames.frameColumns }

    /// Frames to write or inspect.
    /// - Throws: `DataFileError.invalidValues` if the shapes disagree or a value is not finite.
    public init(frameTimes: [Double], amean: Matrix, stddev: Matrix) throws {
        let width = DEAMFeatureNames.all.count
        guard amean.rows == frameTimes.count, stddev.rows == frameTimes.count,
              amean.columns == width, stddev.columns == width else {
            throw DataFileError.invalidValues(
                file: "(frame features)",
                reason: "expected \(frameTimes.count) frame times and two \(frameTimes.count)×\(width) matrices, got amean \(amean.rows)×\(amean.columns) and stddev \(stddev.rows)×\(stddev.columns)")
        }
        guard frameTimes.allSatisfy(\.isFinite), amean.storage.allSatisfy(\.isFinite), stddev.storage.allSatisfy(\.isFinite) else {
            throw DataFileError.invalidValues(file: "(frame features)", reason: "every value must be a finite number")
        }
        self.frameTimes = frameTimes
        self.amean = amean
        self.stddev = stddev
    }

    /// Frames at 0, 0.5, 1, … s.
    public init(amean: Matrix, stddev: Matrix) throws {
        try self.init(frameTimes: (0..<amean.rows).map { Double($0) * 0.5 }, amean: amean, stddev: stddev)
    }

    /// The song vector: each `_amean` column's mean over all frames.
    public var songVector: SongFeatureVector {
        let width = amean.columns
        var sums = [Double](repeating: 0, count: width)
        amean.storage.withUnsafeBufferPointer { values in
            for r in 0..<amean.rows {
                let row = r * width
                for c in 0..<width { sums[c] += values[row + c] }
            }
        }
        let n = Double(amean.rows)
        return SongFeatureVector(names: DEAMFeatureNames.all, values: sums.map { $0 / n })
    }

    // MARK: Reading

    /// Reads a whole file (all 260 feature columns are required).
    /// - Throws: `DataFileError` naming file, line and column.
    public static func read(contentsOf url: URL) throws -> FrameFeatureFile {
        try read(DelimitedText(contentsOf: url, separator: UInt8(ascii: ";")))
    }

    /// Parses a per-frame file from delimited text (`;`-separated).
    public static func read(_ text: DelimitedText) throws -> FrameFeatureFile {
        let names = DEAMFeatureNames.all
        var times = [Double]()
        var means = [Double]()
        var stds = [Double]()
        try scan(text, wanted: names + names.map(DEAMFeatureNames.stddevName(for:))) { time, values in
            times.append(time)
            means.append(contentsOf: values[0..<names.count])
            stds.append(contentsOf: values[names.count...])
        }
        let frames = times.count
        return FrameFeatureFile(uncheckedTimes: times,
                                amean: Matrix(rows: frames, columns: names.count, storage: means),
                                stddev: Matrix(rows: frames, columns: names.count, storage: stds))
    }

    /// Reads only what the song vector needs (the 130 `_amean` columns) and averages them over frames.
    /// - Throws: `DataFileError` naming file, line and column.
    public static func songVector(contentsOf url: URL) throws -> SongFeatureVector {
        try songVector(DelimitedText(contentsOf: url, separator: UInt8(ascii: ";")))
    }

    /// The song vector of per-frame text (`;`-separated).
    public static func songVector(_ text: DelimitedText) throws -> SongFeatureVector {
        let names = DEAMFeatureNames.all
        var sums = [Double](repeating: 0, count: names.count)
        var frames = 0
        try scan(text, wanted: names) { _, values in
            for c in 0..<values.count { sums[c] += values[c] }
            frames += 1
        }
        let n = Double(frames)
        return SongFeatureVector(names: names, values: sums.map { $0 / n })
    }

    private init(uncheckedTimes: [Double], amean: Matrix, stddev: Matrix) {
        frameTimes = uncheckedTimes
        self.amean = amean
        self.stddev = stddev
    }

    /// Validates the header and calls `frame` with each frame's time and the `wanted` columns' values.
    private static func scan(_ text: DelimitedText, wanted: [String],
                             frame: (Double, [Double]) throws -> Void) throws {
        var header: HeaderRow?
        var columns = [Int]()
        var values = [Double](repeating: 0, count: wanted.count)
        try text.forEachRow(header: { record in
            let h = HeaderRow(record)
            guard h.names.first == "frameTime" else {
                throw DataFileError.badHeader(file: text.file, line: h.line, column: 1, expected: "frameTime",
                                              found: h.names.first ?? "(no column)")
            }
            var position = [String: Int](minimumCapacity: h.names.count)
            for (i, name) in h.names.enumerated() where !name.isEmpty {
                if position.updateValue(i, forKey: name) != nil {
                    throw DataFileError.badHeader(file: text.file, line: h.line, column: i + 1,
                                                  expected: "a column name not used before", found: name)
                }
            }
            columns = try wanted.map { name in
                guard let i = position[name] else { throw DataFileError.missingColumn(file: text.file, line: h.line, name: name) }
                return i
            }
            header = h
        }, row: { record in
            guard let h = header else { return }
            // A trailing separator (an empty last column) is tolerated.
            let width = h.names.count
            let fits = record.count == width
                || (record.count == width + 1 && record.isBlank(width))
                || (record.count == width - 1 && h.names[width - 1].isEmpty)
            guard fits else {
                throw DataFileError.raggedRow(file: text.file, line: record.line, expectedColumns: width, foundColumns: record.count)
            }
            let time = try record.double(0, columnName: "frameTime")
            for (k, c) in columns.enumerated() { values[k] = try record.double(c, columnName: h.names[c]) }
            try frame(time, values)
        })
    }

    // MARK: Writing

    /// The file's text: header, then one row per frame, numbers in shortest round-trip form.
    public func encoded() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity((frameTimes.count + 1) * 261 * 14)
        out.append(contentsOf: FrameFeatureFile.header.joined(separator: ";").utf8)
        out.append(UInt8(ascii: "\n"))
        let width = amean.columns
        for r in 0..<frameTimes.count {
            out.append(contentsOf: "\(frameTimes[r])".utf8)
            for c in 0..<width {
                out.append(UInt8(ascii: ";"))
                out.append(contentsOf: "\(stddev.storage[r * width + c])".utf8)
                out.append(UInt8(ascii: ";"))
                out.append(contentsOf: "\(amean.storage[r * width + c])".utf8)
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// Writes the file atomically (a temporary file renamed into place).
    /// - Throws: `DataFileError.unwritable`.
    public func write(to url: URL) throws {
        do {
            try AtomicFile.write(Data(encoded()), to: url)
        } catch {
            throw DataFileError.unwritable(file: url.path, reason: SystemErrorText.reason(error))
        }
    }

    /// Writes frames (`frames`×130 `_amean` and `_stddev` matrices, in `DEAMFeatureNames.all` order) atomically.
    /// Frame times default to 0, 0.5, 1, … s.
    public static func write(amean: Matrix, stddev: Matrix, frameTimes: [Double]? = nil, to url: URL) throws {
        let times = frameTimes ?? (0..<amean.rows).map { Double($0) * 0.5 }
        try FrameFeatureFile(frameTimes: times, amean: amean, stddev: stddev).write(to: url)
    }
}
