import CTagLib
import Foundation

/// The tags of one audio file: the common fields from TagLib (C API, `libtagc0-dev`),
/// MusicBrainz ids (and what TagLib's C API cannot reach) from ffprobe's JSON.
///
/// TagLib 1.13's C API offers the common fields (title, artist, album, genre, year,
/// track number) and the audio properties (length in whole seconds), but it has no
/// property map (so no MusicBrainz ids) and for WAV it reads only an ID3v2 tag, not the
/// RIFF INFO chunk most WAV taggers (and ffmpeg) write. ffprobe fills those gaps.
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

    /// Whether no field is set.
    public var isEmpty: Bool { self == AudioTags() }
}

/// Reads tags with TagLib. Safe to call from several threads: TagLib's per-file objects
/// are independent, and the C API's global string bookkeeping is turned off (each string
/// is freed as soon as it is copied).
public enum AudioTagReader {
    private static let setUp: Void = {
        taglib_set_strings_unicode(1)
        taglib_set_string_management_enabled(0)
    }()

    /// The tags of `url`, or nil when TagLib cannot open the file as audio (unknown
    /// type, unreadable or corrupt header).
    public static func read(_ url: URL) -> AudioTags? {
        _ = setUp
        guard let file = taglib_file_new(url.path) else { return nil }
        defer { taglib_file_free(file) }
        guard taglib_file_is_valid(file) != 0 else { return nil }
        var tags = AudioTags()
        if let tag = taglib_file_tag(file) {
            tags.title = take(taglib_tag_title(tag))
            tags.artist = take(taglib_tag_artist(tag))
            tags.album = take(taglib_tag_album(tag))
            tags.genre = take(taglib_tag_genre(tag))
            let year = taglib_tag_year(tag), track = taglib_tag_track(tag)
            tags.year = year > 0 ? Int(year) : nil
            tags.trackNumber = track > 0 ? Int(track) : nil
        }
        if let properties = taglib_file_audioproperties(file) {
            let length = taglib_audioproperties_length(properties)
            tags.duration = length > 0 ? Double(length) : nil
        }
        return tags
    }

    /// TagLib's tags completed from ffprobe (`ffprobe` on PATH, or nil to skip): MusicBrainz
    /// ids, and any common field TagLib left empty. Nil when neither can read the file.
    public static func readAll(_ url: URL, ffprobe: String?) -> AudioTags? {
        var tags = read(url)
        guard let ffprobe, let probed = FFprobeTags.read(url, ffprobe: ffprobe) else { return tags }
        var merged = tags ?? AudioTags()
        merged.title = merged.title ?? probed["title"]
        merged.artist = merged.artist ?? probed["artist"]
        merged.album = merged.album ?? probed["album"]
        merged.genre = merged.genre ?? probed["genre"]
        merged.trackNumber = merged.trackNumber ?? probed["track"].flatMap { Int($0.split(separator: "/").first ?? "") }
        merged.year = merged.year ?? probed["date"].flatMap { Int($0.prefix(4)) }
        merged.duration = merged.duration ?? probed[FFprobeTags.durationKey].flatMap(Double.init)
        merged.musicBrainzRecordingID = probed["musicbrainztrackid"] ?? probed["musicbrainzrecordingid"]
        merged.musicBrainzReleaseID = probed["musicbrainzalbumid"] ?? probed["musicbrainzreleaseid"]
        merged.musicBrainzArtistID = probed["musicbrainzartistid"]
        tags = merged
        return tags
    }

    /// Copies and frees a TagLib string; empty strings become nil.
    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { taglib_free(pointer) }
        let text = String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}

/// Tags as ffprobe reports them (format and audio-stream tags: Vorbis comments of Ogg
/// files are stream tags), keys lower-cased without spaces, `_` or `-`.
public enum FFprobeTags {
    /// The key under which the container's duration (seconds) is returned.
    public static let durationKey = "@duration"

    /// The path of `ffprobe` on PATH, if installed.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/ffprobe" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The tags of `url`, or nil when ffprobe fails.
    public static func read(_ url: URL, ffprobe: String) -> [String: String]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ffprobe)
        process.arguments = ["-v", "error", "-print_format", "json", "-show_entries", "format=duration:format_tags:stream_tags",
                             "-select_streams", "a:0", "--", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        var out = [String: String]()
        func add(_ tags: Any?) {
            guard let tags = tags as? [String: Any] else { return }
            for (key, value) in tags {
                guard let text = (value as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { continue }
                let name = key.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" }
                if out[name] == nil { out[name] = text }
            }
        }
        let format = json["format"] as? [String: Any]
        add(format?["tags"])
        for stream in json["streams"] as? [[String: Any]] ?? [] { add(stream["tags"]) }
        if let duration = format?["duration"] as? String { out[durationKey] = duration }
        return out
    }
}
