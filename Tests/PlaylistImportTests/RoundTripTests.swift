import Foundation
import XCTest
import PlaylistImport
import DEAMData
import Numerics

/// Export → re-import: the same tracks come back, and exported XSPF passes strict validation.
final class RoundTripTests: XCTestCase {
    /// Generated tracks exercising escaping: commas, quotes, markup characters, Unicode, `#`, `%`, spaces.
    private func generatedTracks(in dir: URL) throws -> [PlaylistWriter.Track] {
        let featurePath = dir.appendingPathComponent("feature files/Café #1 100%.csv").path
        // A generated DEAM per-frame file (one frame of zeros).
        let zeros = Matrix(rows: 1, columns: DEAMFeatureNames.all.count, storage: [Double](repeating: 0, count: DEAMFeatureNames.all.count))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("feature files"), withIntermediateDirectories: true)
        try FrameFeatureFile.write(amean: zeros, stddev: zeros, to: URL(fileURLWithPath: featurePath))
        return [
            .deam(id: 2, title: "Plain", artist: "Someone", duration: 45),
            .deam(id: 1234, title: "Commas, \"quotes\" & <markup>", artist: "A, B & C", duration: 207),
            .deam(id: 2058, title: "Sigur Rós – Hoppípolla 春", artist: nil, duration: nil),
            .deam(id: 17, title: nil, artist: "Only Artist", duration: 0),
            PlaylistWriter.Track(location: featurePath, title: "# not a comment", artist: "x", album: "An Album", duration: 12),
            PlaylistWriter.Track(location: dir.appendingPathComponent("missing dir/100% #2.mp3").path, title: "Missing"),
            PlaylistWriter.Track(location: "http://example.com/stream?a=1&b=2", title: "Stream"),
        ]
    }

    private func assertSameTracks(_ playlist: ImportedPlaylist, _ tracks: [PlaylistWriter.Track], format: String,
                                  file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(playlist.entries.count, tracks.count, format, file: file, line: line)
        for (entry, track) in zip(playlist.entries, tracks) {
            XCTAssertEqual(entry.title, track.title, format, file: file, line: line)
            XCTAssertEqual(entry.artist, track.artist, format, file: file, line: line)
            XCTAssertEqual(entry.album, track.album, format, file: file, line: line)
            XCTAssertEqual(entry.duration, track.duration, format, file: file, line: line)
            if track.location.hasPrefix("deam:") {
                XCTAssertEqual(entry.reference, .deam(id: Int(track.location.dropFirst(5))!), format, file: file, line: line)
            } else if track.location.hasPrefix("/") {
                XCTAssertEqual(entry.resolvedURL?.path, track.location, format, file: file, line: line)
            } else {
                XCTAssertEqual(entry.resolvedURL?.absoluteString, track.location, format, file: file, line: line)
            }
        }
    }

    func testM3U8RoundTrip() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let tracks = try generatedTracks(in: dir)
        let url = dir.appendingPathComponent("export.m3u8")
        try PlaylistWriter(title: "Mood: calm").write(tracks, to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("#EXTM3U\n#PLAYLIST:Mood: calm\n#EXTINF:45,Someone - Plain\n"), text)
        let playlist = try PlaylistImporter().importPlaylist(at: url)
        XCTAssertEqual(playlist.title, "Mood: calm")
        XCTAssertEqual(playlist.format, .m3u)
        assertSameTracks(playlist, tracks, format: "m3u8")
        XCTAssertEqual(playlist.entries[4].reference.kind, "features")
        XCTAssertEqual(playlist.entries[5].reference.outcomeName, "missingFile")
    }

    func testXSPFRoundTripIsStrictlyValid() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        var tracks = try generatedTracks(in: dir)
        tracks.append(PlaylistWriter.Track(location: "C:\\DEAM\\1500.wav", title: "Line one\nline two", artist: "Tab\there"))
        let url = dir.appendingPathComponent("export.xspf")
        try PlaylistWriter(title: "Mood & more", creator: "mood").write(tracks, to: url)
        let playlist = try PlaylistImporter(options: .init(strict: true)).importPlaylist(at: url)
        XCTAssertEqual(playlist.warnings, [])
        XCTAssertEqual(playlist.title, "Mood & more")
        var withoutLast = playlist
        withoutLast.entries.removeLast()
        assertSameTracks(withoutLast, Array(tracks.dropLast()), format: "xspf")
        XCTAssertEqual(playlist.entries.last?.reference, .deam(id: 1500))
        XCTAssertEqual(playlist.entries.last?.title, "Line one\nline two")
        XCTAssertEqual(playlist.entries[1].identifiers, ["deam:1234"])
    }

    /// Re-exporting imported real-world playlists keeps every entry's outcome.
    func testReexportingFixturesKeepsOutcomes() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        for path in ["m3u-parser-kotlin/wiki_simple.m3u", "playlistsnet/Playlist2.pls", "navidrome/pls-with-name.m3u", "xspf2csv-lastfm/example.xspf",
                     "iptv-playlist-parser/base.m3u", "playlistsnet/PlaylistVLC.m3u"] {
            let original = try PlaylistImporter().importPlaylist(at: try TestSupport.fixture(path))
            let tracks = original.tracks.map(PlaylistWriter.Track.init(entry:))
            // M3U cannot hold identifier-only entries (a Last.fm export): XSPF only there.
            for ext in path.hasSuffix(".xspf") ? ["xspf"] : ["m3u8", "xspf"] {
                let url = dir.appendingPathComponent(UUID().uuidString + "." + ext)
                try PlaylistWriter(title: original.title).write(tracks, to: url)
                let again = try PlaylistImporter(options: .init(strict: ext == "xspf")).importPlaylist(at: url)
                XCTAssertEqual(again.entries.count, original.tracks.count, "\(path) → \(ext)")
                XCTAssertEqual(again.entries.map(\.reference.outcomeName), original.tracks.map(\.reference.outcomeName), "\(path) → \(ext)")
                XCTAssertEqual(again.entries.map(\.title), original.tracks.map(\.title), "\(path) → \(ext)")
                XCTAssertEqual(again.entries.map(\.identifiers), original.tracks.map(\.identifiers), "\(path) → \(ext)")
            }
        }
    }
}
