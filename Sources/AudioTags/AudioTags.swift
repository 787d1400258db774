import Foundation
import TagLibShim

/// The tags of one audio file, read in-process with TagLib (`libtagc0-dev`, which brings
/// `libtag`): title, artist, album, genre, year, track number, length, MusicBrainz ids.
///
/// TagLib 1.13's C API offers only the common fields and, for WAV, only an ID3v2 tag; it
/// has no property map, so MusicBrainz ids and RIFF INFO tags are out of its reach. A
/// one-function C++ shim (`TagLibShim`) reads TagLib's unified property map instead.
public struct AudioTags: Equatable, Sendable, Codable {
    public var title: String?
    public var artist: String?
    public var album: String?
    public var genre: String?
    public var year: Int?
    public var trackNumber: Int?
    /// Length in seconds (TagLib reports whole seconds).
    public var duration: Double?
    /// MusicBrainz recording ("track") id, release ("album") id and artist id.
    public var musicBrainzRecordingID: String?
    public var musicBrainzReleaseID: String?
    public var musicBrainzArtistID: String?

    public init(title: String? = nil, artist: String? = nil, album: String? = nil, genre: String? = nil,
                year: Int? = nil, trackNumber: Int? = nil, duration: Double? = nil) {
        self.title = title
        self.artist = artist
        self.album = album
        self.genre = genre
        self.year = year
        self.trackNumber = trackNumber
        self.duration = duration
    }

    /// Tags from a TagLib property map (keys upper case, first value each).
    public init(properties: [String: String], duration: Double?) {
        func text(_ key: String) -> String? {
            guard let value = properties[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        self.init(title: text("TITLE"), artist: text("ARTIST") ?? text("ALBUMARTIST"), album: text("ALBUM"), genre: text("GENRE"),
                  year: text("DATE").flatMap { Int($0.prefix(4)) },
                  trackNumber: text("TRACKNUMBER").flatMap { Int($0.split(separator: "/").first ?? "") },
                  duration: duration)
        musicBrainzRecordingID = text("MUSICBRAINZ_TRACKID")
        musicBrainzReleaseID = text("MUSICBRAINZ_ALBUMID")
        musicBrainzArtistID = text("MUSICBRAINZ_ARTISTID")
    }
}

/// Reads tags with TagLib; safe to call from several threads (each call opens its own file).
public enum AudioTagReader {
    /// Collects the properties TagLib reports.
    private final class Collector {
        var properties = [String: String]()
    }

    /// The tags of `url`, or nil when TagLib cannot open the file as audio (unknown type,
    /// unreadable or corrupt).
    public static func read(_ url: URL) -> AudioTags? {
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        let length = withExtendedLifetime(collector) {
            mood_taglib_read(url.path, { context, key, value in
                guard let context, let key, let value else { return }
                let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
                collector.properties[String(cString: key).uppercased()] = String(cString: value)
            }, context)
        }
        guard length >= 0 else { return nil }
        return AudioTags(properties: collector.properties, duration: length > 0 ? Double(length) : nil)
    }
}
