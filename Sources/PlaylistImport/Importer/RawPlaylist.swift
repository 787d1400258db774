import Foundation

/// A location as written in a playlist, with the base it is relative to.
struct RawLocation {
    /// The text as written (trimmed of surrounding whitespace); M3U lends it from the playlist's bytes.
    var text: EntryText
    /// For XSPF: the absolute base URI in effect (document URI + `xml:base`s). Nil: the playlist's folder.
    var baseURI: String?
}

/// A playlist entry as read from the file, before any mapping. M3U entries lend their texts from
/// the playlist's bytes (`EntryText`) and are valid only while they are handed on.
struct RawEntry {
    var position: EntryPosition
    var locations: [RawLocation] = []
    var identifiers: [String] = []
    var title = EntryText.none
    var artist = EntryText.none
    var album = EntryText.none
    var duration: Double?
}

/// A field of a compact M3U record: a byte range of the text, a string kept aside, or nothing.
struct CompactField {
    /// `start >= 0`: bytes `start..<end` of the text. `start == -1`: none. `start < -1`: side string `-start - 2`.
    var start: Int32
    var end: Int32

    static let none = CompactField(start: -1, end: 0)
    static func bytes(_ range: Range<Int>) -> CompactField { CompactField(start: Int32(range.lowerBound), end: Int32(range.upperBound)) }
    static func side(_ index: Int) -> CompactField { CompactField(start: Int32(-index - 2), end: 0) }
}

/// One M3U entry as the scanner hands it on: its line, duration and fields as ranges of the file's text.
struct CompactRecord {
    var line: Int32
    var duration: Double  // NaN: none
    var location: CompactField
    var title: CompactField
    var artist: CompactField
    var album: CompactField
}

/// The entries of a playlist: a plain list (XSPF, PLS) or, for M3U, the text they are read from.
struct RawEntries {
    enum Storage {
        case list([RawEntry])
        /// The M3U text `reader` validated and counted; scanned again on each pass over the entries.
        case m3u(text: [UInt8], reader: M3UReader, count: Int)
    }

    var storage: Storage = .list([])

    var count: Int {
        switch storage {
        case let .list(list): return list.count
        case let .m3u(_, _, count): return count
        }
    }

    /// Every entry, in order; returns the warnings found on the way (M3U reports its warnings here, in
    /// `RawPlaylist.warnings` the other formats).
    func forEach(_ body: (RawEntry) throws -> Void) throws -> [(position: EntryPosition?, message: String)] {
        switch storage {
        case let .list(list):
            for entry in list { try body(entry) }
            return []
        case let .m3u(text, reader, _):
            return try reader.forEachEntry(in: text, body)
        }
    }

    mutating func append(_ entry: RawEntry) {
        if case var .list(list) = storage {
            storage = .list([])
            list.append(entry)
            storage = .list(list)
        }
    }
}

/// A playlist as read from the file, before any mapping.
struct RawPlaylist {
    var format: PlaylistFormat
    var title: String?
    var xspfVersion: Int?
    var entries = RawEntries()
    /// The warnings found while reading (M3U's come with its entries: `RawEntries.forEach`).
    var warnings: [(position: EntryPosition?, message: String)] = []

    init(format: PlaylistFormat) {
        self.format = format
    }

    mutating func warn(_ position: EntryPosition?, _ message: String) {
        warnings.append((position, message))
    }
}
