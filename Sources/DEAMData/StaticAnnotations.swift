import Foundation

/// One song's averaged static rating on DEAM's 1–9 scale.
public struct StaticAnnotation: Hashable, Codable, Sendable {
    /// The DEAM song id.
    public var songID: Int
    /// Mean valence over raters.
    public var valenceMean: Double
    /// Standard deviation of valence over raters.
    public var valenceStd: Double
    /// Mean arousal over raters.
    public var arousalMean: Double
    /// Standard deviation of arousal over raters.
    public var arousalStd: Double

    public init(songID: Int, valenceMean: Double, valenceStd: Double, arousalMean: Double, arousalStd: Double) {
        self.songID = songID
        self.valenceMean = valenceMean
        self.valenceStd = valenceStd
        self.arousalMean = arousalMean
        self.arousalStd = arousalStd
    }
}

/// DEAM's `static_annotations_averaged_songs_*.csv` files.
///
/// Columns are found by name, ignoring spaces and case, so the leading spaces of
/// DEAM's header (`song_id, valence_mean, …`) and the typo `valence_ max_mean`
/// of the 2000–2058 file do not matter; values may be padded with spaces; CRLF is fine.
/// Every cell of every column must be a finite number.
public struct StaticAnnotations: Sendable {
    /// The rows in file order.
    public var annotations: [StaticAnnotation]
    /// The 1-based line of each row, parallel to `annotations`.
    public var lines: [Int]
    /// The file's path.
    public var file: String

    /// The columns every static annotation file must have.
    public static let requiredColumns = ["song_id", "valence_mean", "valence_std", "arousal_mean", "arousal_std"]

    /// Reads one static annotation file.
    /// - Throws: `DataFileError` naming file, line and column.
    public static func load(contentsOf url: URL) throws -> StaticAnnotations {
        try parse(DelimitedText(contentsOf: url))
    }

    /// Parses static annotations from delimited text.
    public static func parse(_ text: DelimitedText) throws -> StaticAnnotations {
        var header: HeaderRow?
        var columns = [Int]()
        var result = StaticAnnotations(annotations: [], lines: [], file: text.file)
        var ids = SongIDRegistry(capacity: 2048)
        try text.forEachRow(header: { record in
            let h = HeaderRow(record)
            try h.expect("song_id", at: 0)
            columns = try requiredColumns.map { try h.require($0) }
            header = h
        }, row: { record in
            guard let h = header else { return }
            let id = try ids.songID(of: record, columns: h.names.count, file: text.file)
            var values = [Double](repeating: 0, count: record.count)
            for i in 1..<record.count { values[i] = try record.double(i, columnName: h.name(i)) }
            result.annotations.append(StaticAnnotation(
                songID: id, valenceMean: values[columns[1]], valenceStd: values[columns[2]],
                arousalMean: values[columns[3]], arousalStd: values[columns[4]]))
            result.lines.append(record.line)
        })
        return result
    }
}
