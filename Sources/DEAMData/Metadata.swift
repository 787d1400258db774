import Foundation

/// What DEAM's metadata says about one song.
public struct SongMetadata: Hashable, Codable, Sendable {
    /// The DEAM song id.
    public var id: Int
    /// The artist ("" when the file has none).
    public var artist: String
    /// The song title ("" when the file has none).
    public var title: String
    /// The album, when known (2014 and 2015 sets; `n/a` reads as nil).
    public var album: String?
    /// The genre, when known (2014: hyphen-joined Free Music Archive genres such as `Blues-SoulRB-Rock`).
    public var genre: String?
    /// Further labels: last.fm tags (2014) or extra genres (2015), in file order.
    public var tags: [String]

    public init(id: Int, artist: String, title: String, album: String? = nil, genre: String? = nil, tags: [String] = []) {
        self.id = id
        self.artist = artist
        self.title = title
        self.album = album
        self.genre = genre
        self.tags = tags
    }
}

/// The column layout of one of DEAM's three metadata files (the cleaned copy in `metadata/`).
public enum MetadataLayout: String, CaseIterable, Sendable {
    /// `metadata_2013.csv`: the header says `song_id,album,artist,title,Genre` but the columns
    /// hold song id, file name (`2.mp3`), artist, title, genre.
    case deam2013
    /// `metadata_2014.csv`: song id, artist, album, title, genre, then last.fm tags.
    case deam2014
    /// `metadata_2015.csv`: song id, title, artist, album, genre, then more genres.
    case deam2015

    /// The first five header names as they appear in the file.
    public var headerNames: [String] {
        switch self {
        case .deam2013: return ["song_id", "album", "artist", "title", "Genre"]
        case .deam2014: return ["song_id", "artist", "album", "title", "Genre"]
        case .deam2015: return ["song_id", "title", "artist", "album", "Genre"]
        }
    }

    /// The layout whose header starts with these names (ignoring case and spaces), if any.
    /// The 2013 file's true column names (`song_id,file_name,artist,title,genre`) are accepted too.
    public static func detect(headerNames names: [String]) -> MetadataLayout? {
        let first5 = names.prefix(5).map(HeaderRow.normalized)
        if first5 == ["song_id", "file_name", "artist", "title", "genre"] { return .deam2013 }
        return allCases.first { $0.headerNames.map(HeaderRow.normalized) == first5 }
    }
}

/// One DEAM metadata file, read with its quirks handled.
///
/// - Values are trimmed of the tabs and spaces the original DEAM files keep.
/// - 2013: the mislabelled header is mapped to the real columns (id, file name, artist, title, genre).
/// - 2014: some rows contain an unquoted comma in the artist, album or title (`Baby, Please Don't Go`),
///   which splits one value in two and shifts the rest. The genre column is found as the first
///   column holding hyphen-joined Free Music Archive genres; the text columns before it are rejoined
///   where a piece starts with a space (the text after ", "), then assigned to artist, album and
///   title. Every such repair, and every row whose genre cannot be found, is recorded in `warnings`.
/// - 2015: `n/a` means unknown.
public struct MetadataFile: Sendable {
    /// The songs in file order.
    public var songs: [SongMetadata]
    /// Rows that needed repair or could not be fully understood.
    public var warnings: [DataWarning]
    /// The 1-based line of each song, parallel to `songs`.
    public var lines: [Int]
    /// The layout found from the header.
    public var layout: MetadataLayout
    /// The file's path.
    public var file: String

    /// The genre names used in the 2014 file's hyphen-joined genre column.
    public static let genreVocabulary: Set<String> = [
        "Blues", "Classical", "Country", "Electronic", "Experimental", "Folk", "Hip-Hop", "Instrumental",
        "International", "Jazz", "Old-Time", "Historic", "Pop", "Rock", "SoulRB", "Soul-RnB", "Spoken",
    ]

    /// Reads one metadata file; the layout is recognised from its header.
    /// - Throws: `DataFileError` naming file, line and column.
    public static func load(contentsOf url: URL) throws -> MetadataFile {
        try parse(DelimitedText(contentsOf: url))
    }

    /// Parses metadata from delimited text.
    public static func parse(_ text: DelimitedText) throws -> MetadataFile {
        var result = MetadataFile(songs: [], warnings: [], lines: [], layout: .deam2013, file: text.file)
        var ids = SongIDRegistry(capacity: 1024)
        var columnCount = 0
        // A header with no rows is allowed: metadata is optional per song.
        try text.forEachRow(requireRows: false, header: { record in
            let header = HeaderRow(record)
            guard let layout = MetadataLayout.detect(headerNames: header.names) else {
                // Name the first column that matches none of the layouts.
                for i in 0..<5 {
                    let found = i < header.names.count ? header.names[i] : "(no column)"
                    let fits = MetadataLayout.allCases.contains { $0.headerNames.count > i && HeaderRow.normalized($0.headerNames[i]) == HeaderRow.normalized(found) }
                    if !fits {
                        throw DataFileError.badHeader(file: text.file, line: header.line, column: i + 1,
                                                      expected: MetadataLayout.allCases.map { $0.headerNames[i] }
                                                          .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                                                          .joined(separator: "' or '"),
                                                      found: found)
                    }
                }
                throw DataFileError.badHeader(file: text.file, line: header.line, column: 1,
                                              expected: "a DEAM metadata header", found: header.names.joined(separator: ","))
            }
            result.layout = layout
            columnCount = header.names.count
        }, row: { record in
            let minimum = result.layout == .deam2014 ? 2 : 5
            if result.layout == .deam2013 ? record.count != columnCount : record.count < minimum {
                throw DataFileError.raggedRow(file: text.file, line: record.line,
                                              expectedColumns: result.layout == .deam2013 ? columnCount : minimum,
                                              foundColumns: record.count)
            }
            let id = try record.songID(0)
            try ids.register(id, line: record.line, file: text.file)
            let song: SongMetadata
            switch result.layout {
            case .deam2013:
                song = SongMetadata(id: id, artist: record.trimmedString(2), title: record.trimmedString(3),
                                    genre: nonEmpty(record.trimmedString(4)))
            case .deam2015:
                let tags = (5..<record.count).map { record.trimmedString($0) }.filter { !$0.isEmpty && $0 != "n/a" }
                song = SongMetadata(id: id, artist: record.trimmedString(2), title: record.trimmedString(1),
                                    album: known(record.trimmedString(3)), genre: known(record.trimmedString(4)), tags: tags)
            case .deam2014:
                song = parse2014Row(record, id: id, warnings: &result.warnings)
            }
            result.songs.append(song)
            result.lines.append(record.line)
        })
        return result
    }

    /// True when `text` is one or more vocabulary genres joined by hyphens (`Blues-SoulRB-Rock`).
    public static func isGenreList(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        var i = 0
        while i < parts.count {
            // Names with a hyphen of their own (Hip-Hop, Old-Time) take two parts.
            if i + 1 < parts.count, genreVocabulary.contains(parts[i] + "-" + parts[i + 1]) {
                i += 2
            } else if genreVocabulary.contains(String(parts[i])) {
                i += 1
            } else {
                return false
            }
        }
        return !parts.isEmpty
    }

    private static func parse2014Row(_ record: DelimitedRecord, id: Int, warnings: inout [DataWarning]) -> SongMetadata {
        let count = record.count
        // The genre column: normally column 5 (index 4); search a little either side.
        var genreIndex: Int?
        for g in 2..<min(count, 8) where !record.startsWithSpace(g) && isGenreList(record.trimmedString(g)) {
            genreIndex = g
            break
        }
        guard let g = genreIndex else {
            let field = { (i: Int) in i < count ? record.trimmedString(i) : "" }
            warnings.append(DataWarning(file: record.file, line: record.line,
                                        message: "song \(id): no genre column found; columns 2–4 kept as artist, album, title"))
            let tags = (min(4, count)..<count).map { record.trimmedString($0) }.filter { !$0.isEmpty }
            return SongMetadata(id: id, artist: field(1), title: field(3), album: nonEmpty(field(2)), genre: nil, tags: tags)
        }
        // Rejoin pieces split by an unquoted ", ".
        var text = [String]()
        var rejoined = 0
        for i in 1..<g {
            let piece = record.trimmedString(i)
            if record.startsWithSpace(i), !text.isEmpty {
                text[text.count - 1] += ", " + piece
                rejoined += 1
            } else {
                text.append(piece)
            }
        }
        let artist: String, album: String?, title: String
        switch text.count {
        case 0: (artist, album, title) = ("", nil, "")
        case 1: (artist, album, title) = (text[0], nil, "")
        case 2: (artist, album, title) = (text[0], nil, text[1])
        case 3: (artist, album, title) = (text[0], nonEmpty(text[1]), text[2])
        default: (artist, album, title) = (text[0], text[1..<(text.count - 1)].joined(separator: ", "), text[text.count - 1])
        }
        if rejoined > 0 || text.count != 3 {
            warnings.append(DataWarning(
                file: record.file, line: record.line,
                message: "song \(id): unquoted comma in artist/album/title; read as artist '\(artist)', album \(album.map { "'\($0)'" } ?? "none"), title '\(title)'"))
        }
        let tags = ((g + 1)..<count).map { record.trimmedString($0) }.filter { !$0.isEmpty }
        return SongMetadata(id: id, artist: artist, title: title, album: album, genre: record.trimmedString(g), tags: tags)
    }

    private static func nonEmpty(_ s: String) -> String? { s.isEmpty ? nil : s }
    private static func known(_ s: String) -> String? { s.isEmpty || s.lowercased() == "n/a" ? nil : s }
}
