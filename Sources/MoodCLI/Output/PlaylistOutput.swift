import ArgumentParser
import Foundation
import MoodIO
import PlaylistImport
import Recommender

/// Catalog songs written as a playable playlist (`--out FILE.m3u8|.m3u|.xspf`).
enum PlaylistOutput {
    /// The playlist format for `path`'s extension.
    /// - Throws: `ValidationError` (a usage error) for any other extension.
    static func format(for path: String) throws -> PlaylistFormat {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "m3u8", "m3u": return .m3u
        case "xspf": return .xspf
        default: throw ValidationError("--out \(path): a playlist must end in .m3u8, .m3u or .xspf")
        }
    }

    /// Checks `path`'s extension before any work is done.
    static func check(_ path: String) throws { _ = try format(for: path) }

    /// Writes `tracks` to `path` atomically: DEAM songs as `deam:` ids, the user's own songs by
    /// their absolute file path (what VLC and mpv open) with album and duration from `files`
    /// (the catalog's file records, by track id) where known.
    static func write(_ tracks: [CatalogTrack], files: [Int64: LibraryFile] = [:], to path: String, title: String) throws {
        let entries = tracks.map { track -> PlaylistWriter.Track in
            if let id = track.deamID { return .deam(id: id, title: track.title, artist: track.artist) }
            let file = files[track.id]
            return PlaylistWriter.Track(location: track.path ?? "", title: track.title, artist: track.artist,
                                        album: file?.album, duration: file?.duration)
        }
        let text = PlaylistWriter(title: title, creator: "mood").text(for: entries, format: try format(for: path))
        try AtomicFile.write(text, to: URL(fileURLWithPath: path))
    }
}
