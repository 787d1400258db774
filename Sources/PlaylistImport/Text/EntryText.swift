import Foundation

/// The text of one field of a playlist entry: absent, an owned `String`, or UTF-8 bytes lent by
/// the playlist's text while an entry is handed on.
///
/// Lent bytes are valid only during the call that hands the entry on (`PlaylistImporter.streamPlaylist`'s
/// callback), which is why neither this type nor `StreamedEntry` leaves the module; `string` makes an owned copy that may be kept. The bytes are always valid UTF-8 (the
/// importer validates or re-encodes the text first), so `withUTF8` gives what `string` would hold.
struct EntryText {
    // One enum of 17 bytes, not two optionals (40 bytes): XSPF and PLS keep every entry until it is mapped.
    enum Storage {
        case none
        case owned(String)
        case lent(UnsafeBufferPointer<UInt8>)
    }

    let storage: Storage

    /// No text.
    static var none: EntryText { EntryText(nil) }

    /// `string`'s text; `.none` for nil.
    init(_ string: String?) {
        storage = string.map { .owned($0) } ?? .none
    }

    /// Bytes lent for the duration of one callback (valid UTF-8).
    init(lending bytes: UnsafeBufferPointer<UInt8>) {
        storage = .lent(bytes)
    }

    /// True when there is no text (an empty text is still text).
    var isNone: Bool {
        if case .none = storage { return true }
        return false
    }

    /// True when there is no text or the text is empty.
    var isEmpty: Bool {
        switch storage {
        case .none: return true
        case let .owned(text): return text.isEmpty
        case let .lent(bytes): return bytes.isEmpty
        }
    }

    /// The text as an owned `String`, nil when there is none.
    var string: String? {
        switch storage {
        case .none: return nil
        case let .owned(text): return text
        case let .lent(bytes): return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Calls `body` with the text's UTF-8 bytes, without a copy; nil (and `body` is not called) when there is none.
    func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        switch storage {
        case .none: return nil
        case let .lent(bytes): return try body(bytes)
        case let .owned(text):
            var text = text
            return try text.withUTF8(body)
        }
    }

    /// True when the text holds the byte `byte` (found with `memchr`).
    func contains(byte: UInt8) -> Bool {
        withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        } ?? false
    }
}

/// One entry as `PlaylistImporter.streamPlaylist` hands it on: `PlaylistEntry`'s fields, with the text
/// fields possibly lent by the playlist's bytes (see `EntryText`), so that a stream can use an entry
/// without a `String` per field. Valid only during the callback; `PlaylistEntry(_:)` keeps one.
struct StreamedEntry {
    /// Where the entry is in `file`.
    var position: EntryPosition
    /// The playlist file that holds the entry (the top file, or a nested one).
    var file: String
    /// Nesting depth: 0 for the imported file, 1 for a playlist it references, …
    var depth: Int
    /// The location exactly as written (XSPF: the first `<location>`); `.none` if there is none.
    var location: EntryText
    /// Further XSPF `<location>`s.
    var alternateLocations: [String]
    /// XSPF `<identifier>`s.
    var identifiers: [String]
    /// Track title, artist and album, as `PlaylistEntry` describes them.
    var title: EntryText
    var artist: EntryText
    var album: EntryText
    /// Duration in seconds when given and non-negative.
    var duration: Double?
    /// What the entry maps to.
    var reference: TrackReference
    /// Where the location resolved; nil with `resolvedLocal`: to the local path that rule makes of the location,
    /// made a string only when the entry is kept.
    var resolved: ResolvedTarget?
    var resolvedLocal: LocalPath?

    /// How a plain location became the local path it resolved to (see `LocationResolver.plainPath` and `plainFileURI`).
    enum LocalPath {
        /// `prefix + location`, dot segments removed (`""`: an absolute path; the playlist's folder: a relative one).
        case joined(prefix: String)
        /// A `file:///` URI's path, percent-decoded or as written, dot segments removed.
        case fileURI(decoded: Bool)

        /// The path `location` resolved to.
        func path(of location: String) -> String {
            switch self {
            case let .joined(prefix): return URIReference.removeDotSegments(prefix + location)
            case let .fileURI(decoded):
                let path = String(location.utf8.dropFirst(7))!  // after "file://": the lane takes ASCII only
                return URIReference.removeDotSegments(decoded ? URIReference.percentDecoded(path) ?? path : path)
            }
        }
    }
}

extension PlaylistEntry {
    /// An owned copy of a streamed entry (its texts made strings), with the contents of a followed playlist.
    init(_ entry: StreamedEntry) {
        self.init(entry, nested: nil)
    }

    init(_ entry: StreamedEntry, nested: ImportedPlaylist?) {
        let location = entry.location.string
        self.init(position: entry.position, file: entry.file, depth: entry.depth, location: location,
                  alternateLocations: entry.alternateLocations, identifiers: entry.identifiers,
                  title: entry.title.string, artist: entry.artist.string, album: entry.album.string, duration: entry.duration,
                  resolved: entry.resolvedLocal.flatMap { rule in location.map { .file(rule.path(of: $0)) } } ?? entry.resolved,
                  reference: entry.reference, nested: nested)
    }
}
