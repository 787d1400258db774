import Foundation

/// The text of one field of a playlist entry: absent, an owned `String`, or UTF-8 bytes lent by
/// the playlist's text while an entry is handed on.
///
/// Lent bytes are valid only during the call that hands the entry on (`PlaylistImporter.streamPlaylist`'s
/// callback); `string` makes an owned copy that may be kept. The bytes are always valid UTF-8 (the
/// importer validates or re-encodes the text first), so `withUTF8` gives what `string` would hold.
public struct EntryText {
    // Two optionals, not an enum with payloads: copying and destroying an entry's texts stays a check and a retain.
    /// The lent bytes; nil unless lent.
    @usableFromInline let lent: UnsafeBufferPointer<UInt8>?
    /// The owned text; nil unless owned.
    @usableFromInline let owned: String?

    /// No text.
    public static let none = EntryText(nil)

    /// `string`'s text; `.none` for nil.
    public init(_ string: String?) {
        lent = nil
        owned = string
    }

    /// Bytes lent for the duration of one callback (valid UTF-8).
    init(lending bytes: UnsafeBufferPointer<UInt8>) {
        lent = bytes
        owned = nil
    }

    /// True when there is no text (an empty text is still text).
    public var isNone: Bool { lent == nil && owned == nil }

    /// True when there is no text or the text is empty.
    public var isEmpty: Bool {
        if let lent { return lent.isEmpty }
        return owned?.isEmpty ?? true
    }

    /// The text as an owned `String`, nil when there is none.
    public var string: String? {
        if let lent { return String(decoding: lent, as: UTF8.self) }
        return owned
    }

    /// Calls `body` with the text's UTF-8 bytes, without a copy; nil (and `body` is not called) when there is none.
    @inlinable
    public func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        if let lent { return try body(lent) }
        guard var owned else { return nil }
        return try owned.withUTF8(body)
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
public struct StreamedEntry {
    /// Where the entry is in `file`.
    public var position: EntryPosition
    /// The playlist file that holds the entry (the top file, or a nested one).
    public var file: String
    /// Nesting depth: 0 for the imported file, 1 for a playlist it references, …
    public var depth: Int
    /// The location exactly as written (XSPF: the first `<location>`); `.none` if there is none.
    public var location: EntryText
    /// Further XSPF `<location>`s.
    public var alternateLocations: [String]
    /// XSPF `<identifier>`s.
    public var identifiers: [String]
    /// Track title, artist and album, as `PlaylistEntry` describes them.
    public var title: EntryText
    public var artist: EntryText
    public var album: EntryText
    /// Duration in seconds when given and non-negative.
    public var duration: Double?
    /// What the entry maps to.
    public var reference: TrackReference
    /// Where the location resolved; nil with `resolvedAsWritten`: to `location` itself (a plain local path).
    var resolved: ResolvedTarget?
    var resolvedAsWritten: Bool
}

extension PlaylistEntry {
    /// An owned copy of a streamed entry (its texts made strings), with the contents of a followed playlist.
    public init(_ entry: StreamedEntry) {
        self.init(entry, nested: nil)
    }

    init(_ entry: StreamedEntry, nested: ImportedPlaylist?) {
        let location = entry.location.string
        self.init(position: entry.position, file: entry.file, depth: entry.depth, location: location,
                  alternateLocations: entry.alternateLocations, identifiers: entry.identifiers,
                  title: entry.title.string, artist: entry.artist.string, album: entry.album.string, duration: entry.duration,
                  resolved: entry.resolvedAsWritten ? location.map { .file($0) } : entry.resolved,
                  reference: entry.reference, nested: nested)
    }
}
