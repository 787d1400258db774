import Foundation

/// An import as a document: every track in playing order (nested playlists expanded in place) with its
/// outcome, then the playlist's file, format, encoding, title and warnings. Encoded by `JSONEncoder` with
/// `.prettyPrinted`, `.sortedKeys` and `.withoutEscapingSlashes` it is the document that
/// `PlaylistImporter.writeReport(at:to:)` writes while it imports (and `mood import --format json` prints).
public struct ImportReport: Encodable, Sendable {
    /// One track of the document; absent values are left out.
    public struct Entry: Encodable, Sendable {
        public var file: String
        /// The entry's line (M3U, PLS) or `<track>` index (XSPF).
        public var line: Int?
        public var track: Int?
        public var depth: Int
        public var location: String?
        public var title: String?
        public var artist: String?
        public var album: String?
        public var duration: Double?
        /// `TrackReference.kind`.
        public var outcome: String
        public var deamID: Int?
        /// The feature file or own audio file the track resolved to.
        public var featureFile: String?
        /// Why the track is unresolved.
        public var reason: String?

        enum CodingKeys: String, CodingKey {
            case file, line, track, depth, location, title, artist, album, duration, outcome, featureFile, reason
            case deamID = "deamId"
        }

        public init(_ entry: PlaylistEntry) {
            file = entry.file
            depth = entry.depth
            location = entry.location
            title = entry.title
            artist = entry.artist
            album = entry.album
            duration = entry.duration
            outcome = entry.reference.kind
            switch entry.position {
            case let .line(n): line = n
            case let .track(n): track = n
            }
            switch entry.reference {
            case let .deam(id): deamID = id
            case let .featureFile(url, _), let .audio(url, _, _): featureFile = url.path
            case let .unresolved(why): reason = why.description
            }
        }
    }

    public var file: String
    public var format: PlaylistFormat
    public var encoding: TextEncodingKind
    public var title: String?
    public var entries: [Entry]
    public var warnings: [String]

    public init(_ playlist: ImportedPlaylist) {
        file = playlist.file
        format = playlist.format
        encoding = playlist.encoding
        title = playlist.title
        entries = playlist.tracks.map(Entry.init)
        warnings = playlist.warnings.map(\.description)
    }
}
