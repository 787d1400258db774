import Foundation

/// A delimited file's header row: its names, trimmed, with lookup that tolerates DEAM's stray spaces.
struct HeaderRow {
    /// The file's path, for error messages.
    let file: String
    /// The 1-based line of the header.
    let line: Int
    /// The names, trimmed of surrounding spaces, tabs and carriage returns.
    let names: [String]

    init(_ record: DelimitedRecord) {
        file = record.file
        line = record.line
        names = (0..<record.count).map { record.trimmedString($0) }
    }

    /// A name with every space and tab removed and lowercased: `" valence_ max_mean"` → `"valence_max_mean"`.
    static func normalized(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != " " && $0 != "\t" })
    }

    /// The 0-based index of the column whose normalized name equals `name`'s.
    func index(of name: String) -> Int? {
        let wanted = HeaderRow.normalized(name)
        return names.firstIndex { HeaderRow.normalized($0) == wanted }
    }

    /// Like `index(of:)`, throwing `DataFileError.missingColumn` when absent.
    func require(_ name: String) throws -> Int {
        guard let i = index(of: name) else { throw DataFileError.missingColumn(file: file, line: line, name: name) }
        return i
    }

    /// Checks that column `i` (0-based) is `name` (after normalization).
    func expect(_ name: String, at i: Int) throws {
        let found = i < names.count ? names[i] : "(no column)"
        guard HeaderRow.normalized(found) == HeaderRow.normalized(name) else {
            throw DataFileError.badHeader(file: file, line: line, column: i + 1, expected: name, found: found)
        }
    }

    /// The name of column `i` (0-based) for messages.
    func name(_ i: Int) -> String { i < names.count ? names[i] : "column \(i + 1)" }
}

/// Remembers the line of each song id to report duplicates.
struct SongIDRegistry {
    private var lines: [Int: Int] = [:]

    init(capacity: Int = 0) { lines.reserveCapacity(capacity) }

    /// Records `id` first seen on `line` of `file`.
    /// - Throws: `DataFileError.duplicateID` when the id was seen before.
    mutating func register(_ id: Int, line: Int, file: String) throws {
        if let first = lines.updateValue(line, forKey: id) {
            throw DataFileError.duplicateID(file: file, line: line, id: id, firstFile: file, firstLine: first)
        }
    }

    /// The song id in the first column of `record`, registered, once the record is checked to
    /// have exactly `columns` fields (or at most, when `upTo` — trailing cells may be missing).
    /// - Throws: `DataFileError.raggedRow`, `.badID` or `.duplicateID`.
    mutating func songID(of record: DelimitedRecord, columns: Int, upTo: Bool = false, file: String) throws -> Int {
        guard upTo ? record.count <= columns : record.count == columns else {
            throw DataFileError.raggedRow(file: file, line: record.line, expectedColumns: columns, foundColumns: record.count)
        }
        let id = try record.songID(0)
        try register(id, line: record.line, file: file)
        return id
    }
}

extension DelimitedText {
    /// Calls `header` with the first record and `row` with every later one.
    /// - Throws: `DataFileError.emptyFile` if there is no header, or no data row when `requireRows`.
    func forEachRow(requireRows: Bool = true, header: (DelimitedRecord) throws -> Void,
                    row: (DelimitedRecord) throws -> Void) throws {
        var sawHeader = false
        var rows = 0
        try forEachRecord { record in
            if sawHeader {
                rows += 1
                try row(record)
            } else {
                sawHeader = true
                try header(record)
            }
        }
        if !sawHeader { throw DataFileError.emptyFile(file: file, reason: "no header row") }
        if requireRows, rows == 0 { throw DataFileError.emptyFile(file: file, reason: "a header but no data rows") }
    }
}
