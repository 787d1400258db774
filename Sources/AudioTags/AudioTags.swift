import CTagLib
import Foundation

/// The tags of one audio file, read with TagLib (C API, `libtagc0-dev`).
///
/// TagLib 1.13's C API offers the common fields (title, artist, album, genre, year,
/// track number) and the audio properties (length in whole seconds); it has no property
/// map, so MusicBrainz ids are not read (see the README).
public struct AudioTags: Equatable, Sendable, Codable {
    public var title: String?
    public var artist: String?
    public var album: String?
    public var genre: String?
    public var year: Int?
    public var trackNumber: Int?
    /// Length in seconds (TagLib reports whole seconds).
    public var duration: Double?

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

    /// Copies and frees a TagLib string; empty strings become nil.
    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { taglib_free(pointer) }
        let text = String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
