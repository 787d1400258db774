import Foundation
import MoodIO

/// Writes playlists: M3U8 with `#EXTINF`, and XSPF version 1 that passes the
/// strict validator. Reading a written playlist back yields the same tracks.
public struct PlaylistWriter: Sendable {
    /// One track to write.
    public struct Track: Hashable, Sendable {
        /// The location as it should be read back: `deam:1234`, an absolute path, or a URL.
        public var location: String
        /// Extra identifiers (XSPF `<identifier>`; ignored in M3U).
        public var identifiers: [String]
        public var title: String?
        public var artist: String?
        public var album: String?
        /// Seconds.
        public var duration: Double?

        public init(location: String, identifiers: [String] = [], title: String? = nil, artist: String? = nil,
                    album: String? = nil, duration: Double? = nil) {
            self.location = location
            self.identifiers = identifiers
            self.title = title
            self.artist = artist
            self.album = album
            self.duration = duration
        }

        /// A DEAM song, written as `deam:<id>` (location and, in XSPF, identifier).
        public static func deam(id: Int, title: String? = nil, artist: String? = nil, duration: Double? = nil) -> Track {
            Track(location: "deam:\(id)", identifiers: ["deam:\(id)"], title: title, artist: artist, duration: duration)
        }

        /// The track an imported entry stands for: its DEAM id, its resolved file, or its raw location.
        public init(entry: PlaylistEntry) {
            let location: String
            if case let .deam(id) = entry.reference {
                location = "deam:\(id)"
            } else if let url = entry.resolvedURL {
                location = url.isFileURL ? url.path : url.absoluteString
            } else {
                location = entry.location ?? ""
            }
            self.init(location: location, identifiers: entry.identifiers, title: entry.title, artist: entry.artist,
                      album: entry.album, duration: entry.duration)
        }
    }

    /// The playlist's title.
    public var title: String?
    /// The playlist's author (XSPF `<creator>`).
    public var creator: String?

    public init(title: String? = nil, creator: String? = nil) {
        self.title = title
        self.creator = creator
    }

    /// Text in `format` (M3U is written as M3U8: UTF-8 with `#EXTM3U`; PLS is not written).
    public func text(for tracks: [Track], format: PlaylistFormat) -> String {
        switch format {
        case .m3u, .pls: return m3u8(tracks)
        case .xspf: return xspf(tracks)
        }
    }

    /// Writes `tracks` to `url` as M3U8 or XSPF, by `format` or else the file extension.
    public func write(_ tracks: [Track], to url: URL, format: PlaylistFormat? = nil) throws {
        let chosen = format ?? (url.pathExtension.lowercased() == "xspf" ? .xspf : .m3u)
        try AtomicFile.write(text(for: tracks, format: chosen), to: url)
    }

    /// Extended M3U in UTF-8: `#EXTM3U`, `#PLAYLIST`, then per track `#EXTINF:<secs>,<artist - title>`,
    /// `#EXTART`/`#EXTALB` when known, and the location. Line breaks in titles become spaces and a
    /// NUL becomes U+FFFD. A location holding a line break or another control character cannot
    /// be one M3U line: it is written percent-encoded (absolute paths as `file://` URIs), which
    /// the reader decodes back to the same file. A track with neither location nor identifier
    /// cannot be expressed in M3U and is skipped.
    public func m3u8(_ tracks: [Track]) -> String {
        var out = "#EXTM3U\n"
        if let title = Self.oneLine(title), !title.isEmpty { out += "#PLAYLIST:\(title)\n" }
        for track in tracks {
            // M3U has no identifiers: a track without a location is written by its first identifier, or skipped.
            guard let written = [track.location, track.identifiers.first ?? ""].first(where: { !$0.isEmpty }) else { continue }
            let seconds = track.duration.map { Int($0.rounded()) } ?? -1
            let title = Self.oneLine(track.title) ?? ""
            let artist = Self.oneLine(track.artist)
            let display = [artist, title.isEmpty ? nil : title].compactMap { $0 }.joined(separator: " - ")
            out += "#EXTINF:\(seconds),\(display)\n"
            if let artist, !artist.isEmpty { out += "#EXTART:\(artist)\n" }
            if let album = Self.oneLine(track.album), !album.isEmpty { out += "#EXTALB:\(album)\n" }
            var location = Self.m3uLocation(written)
            if location.hasPrefix("#") { location = "./" + location }  // would read as a comment
            out += location + "\n"
        }
        return out
    }

    /// XSPF version 1, valid under the strict validator: locations and identifiers are
    /// written as URIs (paths become `file://` URIs), text is escaped, durations in ms.
    public func xspf(_ tracks: [Track]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n"
        if let title, !title.isEmpty { out += "  <title>\(XMLText.escape(Self.xmlSafe(title)))</title>\n" }
        if let creator, !creator.isEmpty { out += "  <creator>\(XMLText.escape(Self.xmlSafe(creator)))</creator>\n" }
        out += "  <trackList>\n"
        for track in tracks {
            out += "    <track>\n"
            if !track.location.isEmpty { out += "      <location>\(XMLText.escape(Self.uri(track.location)))</location>\n" }
            for identifier in track.identifiers where !identifier.isEmpty {
                out += "      <identifier>\(XMLText.escape(Self.uri(identifier)))</identifier>\n"
            }
            if let title = track.title, !title.isEmpty { out += "      <title>\(XMLText.escape(Self.xmlSafe(title)))</title>\n" }
            if let artist = track.artist, !artist.isEmpty { out += "      <creator>\(XMLText.escape(Self.xmlSafe(artist)))</creator>\n" }
            if let album = track.album, !album.isEmpty { out += "      <album>\(XMLText.escape(Self.xmlSafe(album)))</album>\n" }
            if let duration = track.duration, duration.isFinite, duration >= 0 {
                out += "      <duration>\(Int((duration * 1000).rounded()))</duration>\n"
            }
            out += "    </track>\n"
        }
        out += "  </trackList>\n</playlist>\n"
        return out
    }

    /// A location as a URI: absolute POSIX paths and Windows drive paths become `file:` URIs;
    /// other text keeps valid `%XX` escapes and percent-encodes anything a URI cannot hold.
    static func uri(_ location: String) -> String {
        if location.hasPrefix("/") { return "file://" + URIReference.percentEncodedPath(location) }
        if LocationResolver.isWindowsDrivePath(location) {
            return "file:///" + URIReference.percentEncodedPath(location.replacingOccurrences(of: "\\", with: "/"))
        }
        if URIReference.isValidReference(location) { return location }
        var result = ""
        let bytes = Array(location.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            let isEscape = byte == 0x25 && i + 2 < bytes.count && isHex(bytes[i + 1]) && isHex(bytes[i + 2])
            if isEscape || (byte < 0x80 && allowed.contains(byte)) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
            i += 1
        }
        // A second '#' cannot appear in a URI.
        if let first = result.firstIndex(of: "#") {
            let tail = result[result.index(after: first)...].replacingOccurrences(of: "#", with: "%23")
            result = String(result[...first]) + tail
        }
        return result
    }

    private static let allowed: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=".utf8))

    private static func isHex(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// Text safe for a single M3U line (metadata: line breaks become spaces, NUL becomes U+FFFD).
    private static func oneLine(_ text: String?) -> String? {
        text.map {
            $0.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
                .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
        }
    }

    /// A location as one M3U line that reads back as the same file: written as is when it holds
    /// no control character and no edge white space, else percent-encoded (`file://` for absolute paths).
    static func m3uLocation(_ location: String) -> String {
        let needsEncoding = location.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
            || location.trimmed() != location
        guard needsEncoding else { return location }
        if location.hasPrefix("/") { return "file://" + URIReference.percentEncodedPath(location) }
        if LocationResolver.isWindowsDrivePath(location) || location.contains("://") || location.hasPrefix("deam:") {
            return uri(location)
        }
        return URIReference.percentEncodedPath(location)
    }

    /// Text XML 1.0 can hold: other control characters (NUL, ESC, …) become U+FFFD.
    static func xmlSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0.value == 0xFFFE || $0.value == 0xFFFF }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map {
            ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0.value == 0xFFFE || $0.value == 0xFFFF ? "\u{FFFD}" : $0
        }))
    }
}
