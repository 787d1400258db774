import Foundation

/// A playlist file format.
public enum PlaylistFormat: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// M3U and M3U8 (plain or extended).
    case m3u
    /// XSPF ("spiff"), XML Shareable Playlist Format, versions 0 and 1.
    case xspf
    /// Winamp/SHOUTcast PLS.
    case pls

    public var description: String { rawValue }
}

/// Where an entry sits in its playlist file.
public enum EntryPosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 1-based line of the entry's location (M3U, PLS) or of an XML construct.
    case line(Int)
    /// The 1-based index of an XSPF `<track>` in its `<trackList>`.
    case track(Int)

    public var description: String {
        switch self {
        case let .line(n): return "line \(n)"
        case let .track(n): return "track \(n)"
        }
    }
}

/// One entry of a playlist, with what it maps to.
public struct PlaylistEntry: Sendable {
    /// Where the entry is in `file`.
    public var position: EntryPosition
    /// The playlist file that holds the entry (the top file, or a nested one).
    public var file: String
    /// Nesting depth: 0 for the imported file, 1 for a playlist it references, …
    public var depth: Int
    /// The location exactly as written (XSPF: the first `<location>`), nil if none.
    public var location: String?
    /// Further XSPF `<location>`s (alternatives; only one is rendered).
    public var alternateLocations: [String]
    /// XSPF `<identifier>`s.
    public var identifiers: [String]
    /// Track title from `#EXTINF`, `TitleN` or `<title>`.
    public var title: String?
    /// Artist from `#EXTART`, an `Artist - Title` EXTINF split is not attempted; XSPF `<creator>`.
    public var artist: String?
    /// Album from `#EXTALB` or `<album>`.
    public var album: String?
    /// Duration in seconds when given and non-negative (`-1` in M3U/PLS means unknown).
    public var duration: Double?
    /// The location resolved to a URL (local file or network), when it could be.
    /// Stored as a path or URL string and made a `URL` only when asked for (compact storage).
    public var resolvedURL: URL? {
        get {
            switch resolved {
            case let .file(path): return URL(fileURLWithPath: path, isDirectory: false)
            case let .url(text): return URL(string: text)
            case let .foundation(url): return url
            case nil: return nil
            }
        }
        set { resolved = newValue.map { .foundation($0) } }
    }
    /// The resolved location without building a `URL`.
    var resolved: ResolvedTarget?
    /// The local path the entry resolved to, if any (no `URL` is built).
    public var resolvedPath: String? {
        switch resolved {
        case let .file(path): return path
        case let .foundation(url): return url.isFileURL ? url.path : nil
        default: return nil
        }
    }
    /// What the entry maps to.
    public var reference: TrackReference
    /// When the entry is itself a playlist that was followed: its contents.
    public var nested: ImportedPlaylist?

    public init(position: EntryPosition, file: String, depth: Int = 0, location: String?,
                alternateLocations: [String] = [], identifiers: [String] = [],
                title: String? = nil, artist: String? = nil, album: String? = nil, duration: Double? = nil,
                resolvedURL: URL? = nil, reference: TrackReference, nested: ImportedPlaylist? = nil) {
        self.init(position: position, file: file, depth: depth, location: location, alternateLocations: alternateLocations,
                  identifiers: identifiers, title: title, artist: artist, album: album, duration: duration,
                  resolved: resolvedURL.map { .foundation($0) }, reference: reference, nested: nested)
    }

    /// Every field at once, the resolved location as text (the importer's one construction of an entry).
    init(position: EntryPosition, file: String, depth: Int, location: String?, alternateLocations: [String],
         identifiers: [String], title: String?, artist: String?, album: String?, duration: Double?,
         resolved: ResolvedTarget?, reference: TrackReference, nested: ImportedPlaylist?) {
        self.position = position
        self.file = file
        self.depth = depth
        self.location = location
        self.alternateLocations = alternateLocations
        self.identifiers = identifiers
        self.title = title
        self.artist = artist
        self.album = album
        self.duration = duration
        self.resolved = resolved
        self.reference = reference
        self.nested = nested
    }
}

/// Where an entry's location resolved to, kept as text until a `URL` is asked for.
enum ResolvedTarget: Sendable {
    case file(String)
    case url(String)
    case foundation(URL)
}

/// The result of importing a playlist: every entry with its outcome, plus warnings.
public struct ImportedPlaylist: Sendable {
    /// The imported file's path (or a label for in-memory input).
    public var file: String
    /// The detected (or requested) format.
    public var format: PlaylistFormat
    /// The text encoding the bytes were decoded with.
    public var encoding: TextEncodingKind
    /// The playlist's own title (`#PLAYLIST:`, XSPF `<title>`), if any.
    public var title: String?
    /// The XSPF `version` attribute (0 or 1), nil for other formats.
    public var xspfVersion: Int?
    /// Every entry, in order. Entries that are followed playlists carry their contents in `nested`.
    public var entries: [PlaylistEntry]
    /// Problems that did not stop the import (including those of nested playlists).
    public var warnings: [ImportWarning]

    public init(file: String, format: PlaylistFormat, encoding: TextEncodingKind, title: String? = nil,
                xspfVersion: Int? = nil, entries: [PlaylistEntry], warnings: [ImportWarning]) {
        self.file = file
        self.format = format
        self.encoding = encoding
        self.title = title
        self.xspfVersion = xspfVersion
        self.entries = entries
        self.warnings = warnings
    }

    /// Every track entry in playing order, with followed nested playlists expanded in place.
    public var tracks: [PlaylistEntry] {
        var result = [PlaylistEntry]()
        func walk(_ playlist: ImportedPlaylist) {
            for entry in playlist.entries {
                if let nested = entry.nested { walk(nested) } else { result.append(entry) }
            }
        }
        walk(self)
        return result
    }

    /// The tracks that resolved to a DEAM song or a feature file.
    public var resolvedTracks: [PlaylistEntry] { tracks.filter { $0.reference.isResolved } }

    /// The DEAM song ids of the resolved tracks, in order (duplicates kept).
    public var deamIDs: [Int] { tracks.compactMap { $0.reference.deamID } }
}
