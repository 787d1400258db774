import Foundation

/// DEAM's dynamic (per-0.5 s) ratings, `annotations/arousal.csv` or `valence.csv`.
///
/// Ratings start at 15 s and come every 0.5 s (2 Hz) on a −1…1 scale. The header is
/// `song_id, sample_15000ms, sample_15500ms, …`; rows are ragged: each song has as many
/// values as its excerpt is long (60 for the 45 s excerpts, up to 1224 for full songs),
/// and the remaining cells are absent or empty. A value after an empty cell is an error.
public struct DynamicAnnotations: Sendable {
    /// Time of the first rating, in seconds.
    public static let startTime = 15.0
    /// Time between ratings, in seconds.
    public static let interval = 0.5

    /// Song ids in file order.
    public private(set) var songIDs: [Int]
    /// All songs' ratings, concatenated in file order.
    private var values: [Double]
    /// `values[offsets[i]..<offsets[i + 1]]` are song `i`'s ratings.
    private var offsets: [Int]
    private var rowOfSong: [Int: Int]
    /// The file's path.
    public let file: String

    /// The ratings of song `id`, at `startTime + k * interval` seconds, or nil if it is not in the file.
    public func ratings(forSong id: Int) -> ArraySlice<Double>? {
        guard let row = rowOfSong[id] else { return nil }
        return values[offsets[row]..<offsets[row + 1]]
    }

    /// The time in seconds of rating `k` (0-based).
    public static func time(ofRating k: Int) -> Double { startTime + Double(k) * interval }

    /// The number of songs.
    public var count: Int { songIDs.count }

    /// Reads `arousal.csv` or `valence.csv`.
    /// - Throws: `DataFileError` naming file, line and column.
    public static func load(contentsOf url: URL) throws -> DynamicAnnotations {
        try parse(DelimitedText(contentsOf: url))
    }

    /// Parses dynamic annotations from delimited text.
    public static func parse(_ text: DelimitedText) throws -> DynamicAnnotations {
        var result = DynamicAnnotations(songIDs: [], values: [], offsets: [0], rowOfSong: [:], file: text.file)
        result.values.reserveCapacity(text.bytes.count / 9)
        var ids = SongIDRegistry(capacity: 2048)
        var header: HeaderRow?
        try text.forEachRow(header: { record in
            let h = HeaderRow(record)
            try h.expect("song_id", at: 0)
            guard h.names.count >= 2 else {
                throw DataFileError.missingColumn(file: text.file, line: h.line, name: "sample_15000ms")
            }
            for i in 1..<h.names.count {
                try h.expect("sample_\(15_000 + 500 * (i - 1))ms", at: i)
            }
            header = h
        }, row: { record in
            guard let h = header else { return }
            let id = try ids.songID(of: record, columns: h.names.count, upTo: true, file: text.file)
            var n = 1
            while n < record.count, !record.isBlank(n) {
                result.values.append(try record.double(n, columnName: h.name(n)))
                n += 1
            }
            if n == 1 {
                throw DataFileError.emptyCell(file: text.file, line: record.line, column: 2, columnName: h.name(1))
            }
            for k in n..<record.count where !record.isBlank(k) {
                // A value after a gap: report the empty cell.
                throw DataFileError.emptyCell(file: text.file, line: record.line, column: n + 1, columnName: h.name(n) + " (before a later value in column \(k + 1))")
            }
            result.rowOfSong[id] = result.songIDs.count
            result.songIDs.append(id)
            result.offsets.append(result.values.count)
        })
        return result
    }
}
