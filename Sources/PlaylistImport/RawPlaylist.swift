import Foundation

/// A location as written in a playlist, with the base it is relative to.
struct RawLocation {
    /// The text as written (trimmed of surrounding whitespace).
    var text: String
    /// For XSPF: the absolute base URI in effect (document URI + `xml:base`s). Nil: the playlist's folder.
    var baseURI: String?
}

/// A playlist entry as read from the file, before any mapping.
struct RawEntry {
    var position: EntryPosition
    var locations: [RawLocation] = []
    var identifiers: [String] = []
    var title: String?
    var artist: String?
    var album: String?
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

/// One M3U entry in 48 bytes: its line, duration and fields as ranges of the file's text.
struct CompactRecord {
    var line: Int32
    var duration: Double  // NaN: none
    var location: CompactField
    var title: CompactField
    var artist: CompactField
    var album: CompactField
}

/// The entries of a playlist: a plain list (XSPF, PLS) or compact records over the text (M3U).
struct RawEntries {
    enum Storage {
        case list([RawEntry])
        case compact(text: [UInt8], records: [CompactRecord], side: [String])
    }

    var storage: Storage = .list([])

    var count: Int {
        switch storage {
        case let .list(list): return list.count
        case let .compact(_, records, _): return records.count
        }
    }

    subscript(index: Int) -> RawEntry {
        switch storage {
        case let .list(list): return list[index]
        case let .compact(text, records, side):
            let record = records[index]
            func string(_ field: CompactField) -> String? {
                if field.start == -1 { return nil }
                if field.start < -1 { return side[Int(-field.start - 2)] }
                return text.withUnsafeBufferPointer { buffer in
                    String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(field.start)..<Int(field.end)]), as: UTF8.self)
                }
            }
            var entry = RawEntry(position: .line(Int(record.line)))
            if let location = string(record.location) { entry.locations = [RawLocation(text: location, baseURI: nil)] }
            entry.title = string(record.title)
            entry.artist = string(record.artist)
            entry.album = string(record.album)
            entry.duration = record.duration.isNaN ? nil : record.duration
            return entry
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
    var warnings: [(position: EntryPosition?, message: String)] = []

    init(format: PlaylistFormat) {
        self.format = format
    }

    mutating func warn(_ position: EntryPosition?, _ message: String) {
        warnings.append((position, message))
    }
}
