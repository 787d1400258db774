import Foundation
import Numerics

/// A song-level feature table: `song_id` then one numeric column per feature, one row per song
/// (DEAM's `derived/specteral_data.csv`: 1802 songs × 130 `_amean` features).
public struct FeatureTable: Sendable {
    /// Song ids in file order.
    public var songIDs: [Int]
    /// Feature names in file order.
    public var names: [String]
    /// One row per song (parallel to `songIDs`), one column per name.
    public var values: Matrix
    /// The 1-based line of each row, parallel to `songIDs`.
    public var lines: [Int]
    /// The file's path.
    public var file: String

    /// Reads a feature table. When `expectedNames` is given the header must list exactly those
    /// names after `song_id`, in that order.
    /// - Throws: `DataFileError` naming file, line and column.
    public static func load(contentsOf url: URL, expectedNames: [String]? = nil) throws -> FeatureTable {
        try parse(DelimitedText(contentsOf: url), expectedNames: expectedNames)
    }

    /// Parses a feature table from delimited text.
    public static func parse(_ text: DelimitedText, expectedNames: [String]? = nil) throws -> FeatureTable {
        var names = [String]()
        var storage = [Double]()
        var songIDs = [Int]()
        var lines = [Int]()
        var ids = SongIDRegistry(capacity: 2048)
        var header: HeaderRow?
        try text.forEachRow(header: { record in
            let h = HeaderRow(record)
            try h.expect("song_id", at: 0)
            if let expected = expectedNames {
                for (k, name) in expected.enumerated() {
                    if k + 1 >= h.names.count { throw DataFileError.missingColumn(file: text.file, line: h.line, name: name) }
                    if h.names[k + 1] != name {
                        throw DataFileError.badHeader(file: text.file, line: h.line, column: k + 2, expected: name, found: h.names[k + 1])
                    }
                }
                if h.names.count > expected.count + 1 {
                    throw DataFileError.badHeader(file: text.file, line: h.line, column: expected.count + 2,
                                                  expected: "(end of header)", found: h.names[expected.count + 1])
                }
            }
            names = Array(h.names.dropFirst())
            var seen = Set<String>()
            for (k, name) in names.enumerated() where !seen.insert(name).inserted {
                throw DataFileError.badHeader(file: text.file, line: h.line, column: k + 2, expected: "a name not used before", found: name)
            }
            storage.reserveCapacity(text.bytes.count / 10)
            header = h
        }, row: { record in
            guard let h = header else { return }
            let id = try ids.songID(of: record, columns: h.names.count, file: text.file)
            for i in 1..<record.count { storage.append(try record.double(i, columnName: h.names[i])) }
            songIDs.append(id)
            lines.append(record.line)
        })
        return FeatureTable(songIDs: songIDs, names: names,
                            values: Matrix(rows: songIDs.count, columns: names.count, storage: storage),
                            lines: lines, file: text.file)
    }
}
