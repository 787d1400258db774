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

/// A playlist as read from the file, before any mapping.
struct RawPlaylist {
    var format: PlaylistFormat
    var title: String?
    var xspfVersion: Int?
    var entries: [RawEntry] = []
    var warnings: [(position: EntryPosition?, message: String)] = []

    mutating func warn(_ position: EntryPosition?, _ message: String) {
        warnings.append((position, message))
    }
}
