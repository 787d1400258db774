import FeatureExtraction
import Foundation
import MoodTestSupport
import XCTest

/// A music folder end to end through the real binary: tagged FLAC/MP3/WAV files in nested
/// folders (tones generated and tagged by ffmpeg), a corrupt file among them, `catalog
/// add` of the folder, incremental re-scans, moves, list/remove/prune, `recommend --from
/// library` and `playlist --mood`. Needs ffmpeg and openSMILE (`bash .ci/run` installs both).
final class LibraryCLITests: XCTestCase {
    private var ffmpeg = ""

    override func setUpWithError() throws {
        ffmpeg = try SystemTools.require("ffmpeg")
        if (try? OpenSMILELibrary.locate()) == nil {
            try SystemTools.missing("openSMILE's library is not installed", install: "python3 -m pip install --no-deps opensmile")
        }
    }

    /// Writes a tagged tone with ffmpeg.
    private func tone(_ url: URL, frequency: Int, title: String, artist: String, album: String? = nil, noise: Bool = false,
                      extra: [String] = []) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let source = noise ? "anoisesrc=d=5:c=pink:a=0.5" : "sine=frequency=\(frequency):duration=5"
        var arguments = ["-loglevel", "error", "-y", "-f", "lavfi", "-i", source, "-metadata", "title=\(title)", "-metadata", "artist=\(artist)"]
        if let album { arguments += ["-metadata", "album=\(album)"] }
        for tag in extra { arguments += ["-metadata", tag] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ffmpeg)
        process.arguments = arguments + [url.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "ffmpeg failed for \(url.lastPathComponent)")
    }

    /// A library: Music/Rock/Album/one.flac, Music/Rock/two.mp3, Music/Quiet/Deep/three.wav,
    /// a corrupt Music/Quiet/broken.mp3 and a text file.
    private func makeLibrary(in directory: URL) throws -> URL {
        let music = directory.appendingPathComponent("Music")
        try tone(music.appendingPathComponent("Rock/Album/one.flac"), frequency: 440, title: "First Light", artist: "The Ones", album: "Dawn",
                 extra: ["MUSICBRAINZ_TRACKID=8f3471b5-7e6a-48da-86a9-c1c07a0f47ae", "track=4"])
        try tone(music.appendingPathComponent("Rock/two.mp3"), frequency: 0, title: "Second Wind", artist: "Two Tone", noise: true)
        try tone(music.appendingPathComponent("Quiet/Deep/three.wav"), frequency: 220, title: "Third Stone", artist: "Trio")
        try Data((0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) }).write(to: music.appendingPathComponent("Quiet/broken.mp3"))
        try Data("liner notes\n".utf8).write(to: music.appendingPathComponent("Quiet/notes.txt"))
        return music
    }

    private func songs(_ db: URL) throws -> [[String: Any]] {
        let list = try CLI.run(["catalog", "list", "--db", db.path, "--format", "json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]], list.stdout)
    }

    func testFolderIsAddedWithTagsRescannedIncrementallyAndKeptInStep() throws {
        let directory = try CLI.temporaryDirectory(self)
        let music = try makeLibrary(in: directory)
        let db = directory.appendingPathComponent("catalog.sqlite")

        // One command adds the nested folder; the corrupt file is reported and skipped (exit 2).
        let add = try CLI.run(["catalog", "add", music.path, "--db", db.path])
        XCTAssertEqual(add.status, 2, add.stdout + add.stderr)
        XCTAssertTrue(add.stderr.contains("broken.mp3"), add.stderr)
        XCTAssertTrue(add.stdout.contains("3 added"), add.stdout)
        XCTAssertTrue(add.stdout.contains("1 other files skipped"), add.stdout)
        XCTAssertTrue(add.stdout.contains("1 failed"), add.stdout)
        var listed = try songs(db)
        XCTAssertEqual(Set(listed.compactMap { $0["title"] as? String }), ["First Light", "Second Wind", "Third Stone"])
        XCTAssertEqual(Set(listed.compactMap { $0["artist"] as? String }), ["The Ones", "Two Tone", "Trio"])
        let first = try XCTUnwrap(listed.first { $0["title"] as? String == "First Light" })
        XCTAssertEqual(first["album"] as? String, "Dawn")
        XCTAssertEqual(first["duration"] as? Double, 5)
        XCTAssertEqual(first["trackNumber"] as? Int, 4)
        XCTAssertEqual(first["musicBrainzRecordingId"] as? String, "8f3471b5-7e6a-48da-86a9-c1c07a0f47ae")
        XCTAssertEqual(first["path"] as? String, music.appendingPathComponent("Rock/Album/one.flac").path)

        // A second run adds nothing; without the corrupt file it succeeds.
        let again = try CLI.run(["catalog", "add", music.path, "--db", db.path])
        XCTAssertTrue(again.stdout.contains("0 added, 0 updated, 0 moved, 3 unchanged"), again.stdout)
        try FileManager.default.removeItem(at: music.appendingPathComponent("Quiet/broken.mp3"))
        let clean = try CLI.run(["catalog", "add", music.path, "--db", db.path])
        XCTAssertEqual(clean.status, 0, clean.stderr)
        XCTAssertTrue(clean.stdout.contains("0 added"), clean.stdout)

        // A moved file is found by its content: same id, new path, nothing extracted.
        let oldID = try XCTUnwrap(listed.first { $0["title"] as? String == "Third Stone" }?["id"] as? Int)
        let moved = music.appendingPathComponent("Moved/three.wav")
        try FileManager.default.createDirectory(at: moved.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: music.appendingPathComponent("Quiet/Deep/three.wav"), to: moved)
        let move = try CLI.run(["catalog", "add", music.path, "--db", db.path])
        XCTAssertEqual(move.status, 0, move.stderr)
        XCTAssertTrue(move.stdout.contains("0 added, 0 updated, 1 moved, 2 unchanged"), move.stdout)
        listed = try songs(db)
        XCTAssertEqual(listed.first { $0["id"] as? Int == oldID }?["path"] as? String, moved.path)
        XCTAssertEqual(listed.count, 3)

        // The table fits 100 columns.
        let table = try CLI.run(["catalog", "list", "--db", db.path])
        XCTAssertEqual(table.status, 0, table.stderr)
        for line in table.stdout.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 100, String(line)) }
        let csv = try CLI.run(["catalog", "list", "--db", db.path, "--format", "csv", "--scale", "library"])
        XCTAssertEqual(csv.stdout.split(separator: "\n").count, 4, csv.stdout)
        XCTAssertTrue(csv.stderr.contains("relative"), csv.stderr)

        // Remove by folder and by id; prune what is gone; unknown targets are "not found".
        let byFolder = try CLI.run(["catalog", "remove", music.appendingPathComponent("Rock").path, "--db", db.path])
        XCTAssertEqual(byFolder.status, 0, byFolder.stderr)
        XCTAssertTrue(byFolder.stdout.hasPrefix("2 removed"), byFolder.stdout)
        let byID = try CLI.run(["catalog", "remove", String(oldID), "--db", db.path])
        XCTAssertTrue(byID.stdout.hasPrefix("1 removed"), byID.stdout)
        XCTAssertEqual(try songs(db).count, 0)
        XCTAssertEqual(try CLI.run(["catalog", "remove", "/no/such/song.mp3", "--db", db.path]).status, 66)

        XCTAssertEqual(try CLI.run(["catalog", "add", music.path, "--db", db.path]).status, 0)
        try FileManager.default.removeItem(at: music.appendingPathComponent("Rock/two.mp3"))
        let prune = try CLI.run(["catalog", "prune", "--db", db.path])
        XCTAssertEqual(prune.status, 0, prune.stderr)
        XCTAssertTrue(prune.stdout.contains("two.mp3"), prune.stdout)
        XCTAssertEqual(Set(try songs(db).compactMap { $0["title"] as? String }), ["First Light", "Third Stone"])
    }

    func testRecommendFromLibraryAndMoodPlaylistWithRealPaths() throws {
        let directory = try CLI.temporaryDirectory(self)
        let music = try makeLibrary(in: directory)
        try FileManager.default.removeItem(at: music.appendingPathComponent("Quiet/broken.mp3"))
        let db = directory.appendingPathComponent("catalog.sqlite")
        XCTAssertEqual(try CLI.run(["catalog", "build", "--starter", "--db", db.path]).status, 0)
        let add = try CLI.run(["catalog", "add", music.path, "--db", db.path])
        XCTAssertEqual(add.status, 0, add.stderr)

        let seed = directory.appendingPathComponent("seed.m3u8")
        try Data((music.appendingPathComponent("Rock/Album/one.flac").path + "\n").utf8).write(to: seed)
        let own = try CLI.run(["recommend", seed.path, "--from", "library", "-n", "5", "--format", "csv", "--db", db.path])
        XCTAssertEqual(own.status, 0, own.stderr)
        let ownRows = own.stdout.split(separator: "\n").dropFirst()
        XCTAssertEqual(ownRows.count, 2, own.stdout) // the two songs not in the seed playlist
        for row in ownRows { XCTAssertEqual(row.split(separator: ",", omittingEmptySubsequences: false)[2], "", String(row)) }
        let deam = try CLI.run(["recommend", seed.path, "--from", "DEAM", "-n", "3", "--format", "csv", "--db", db.path])
        for row in deam.stdout.split(separator: "\n").dropFirst() { XCTAssertNotEqual(row.split(separator: ",", omittingEmptySubsequences: false)[2], "", String(row)) }
        // Everyday words are accepted wherever a mood is.
        XCTAssertEqual(try CLI.run(["recommend", seed.path, "--target-mood", "chill", "-n", "2", "--db", db.path]).status, 0)
        XCTAssertEqual(try CLI.run(["catalog", "filter", "--sub-emotion", "Chill", "-n", "2", "--db", db.path]).status, 0)
        XCTAssertTrue(try CLI.run(["emotions"]).stdout.contains("chill"))
        // On the library scale, filter shows only your own songs (relative positions).
        let scaled = try CLI.run(["catalog", "filter", "--near", "5,5", "-n", "50", "--scale", "library", "--format", "json", "--db", db.path])
        XCTAssertEqual(scaled.status, 0, scaled.stderr)
        let tracks = try XCTUnwrap(try scaled.json()["tracks"] as? [[String: Any]])
        XCTAssertEqual(tracks.count, 3)
        XCTAssertTrue(tracks.allSatisfy { ($0["path"] as? String)?.hasPrefix(music.path) == true }, "\(tracks)")

        // analyze and recommend on the library scale: your songs at the same relative points as
        // `catalog list --scale library` shows them; the absolute scale stays the default.
        let listedScaled = try CLI.run(["catalog", "list", "--db", db.path, "--format", "json", "--scale", "library"])
        let relative = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(listedScaled.stdout.utf8)) as? [[String: Any]])
        func listed(_ path: String?) -> (Double, Double)? {
            relative.first { $0["path"] as? String == path }.flatMap { row in
                (row["valence"] as? Double).flatMap { v in (row["arousal"] as? Double).map { (v, $0) } }
            }
        }
        let analyzed = try CLI.run(["analyze", seed.path, "--scale", "library", "--format", "json", "--db", db.path])
        XCTAssertEqual(analyzed.status, 0, analyzed.stderr)
        XCTAssertTrue(analyzed.stderr.contains("library scale (relative)"), analyzed.stderr)
        let analysis = try analyzed.json()
        XCTAssertEqual(analysis["scale"] as? String, "library")
        let seedTrack = try XCTUnwrap((analysis["tracks"] as? [[String: Any]])?.first)
        let seedPoint = try XCTUnwrap(listed(music.appendingPathComponent("Rock/Album/one.flac").path))
        XCTAssertEqual(try XCTUnwrap(seedTrack["valence"] as? Double), seedPoint.0, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(seedTrack["arousal"] as? Double), seedPoint.1, accuracy: 1e-9)
        let absoluteAnalysis = try CLI.run(["analyze", seed.path, "--format", "json", "--db", db.path]).json()
        XCTAssertEqual(absoluteAnalysis["scale"] as? String, "absolute")
        let table = try CLI.run(["analyze", seed.path, "--scale", "library", "--db", db.path])
        XCTAssertTrue(table.stdout.contains("scale: library, RELATIVE"), table.stdout)
        for line in table.stdout.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 100, String(line)) }

        let recommended = try CLI.run(["recommend", seed.path, "--scale", "library", "--from", "library", "--format", "json", "--db", db.path])
        XCTAssertEqual(recommended.status, 0, recommended.stderr)
        let recommendations = try XCTUnwrap(try recommended.json()["recommendations"] as? [[String: Any]])
        XCTAssertEqual(recommendations.count, 2, recommended.stdout)
        for r in recommendations {
            let expected = try XCTUnwrap(listed(r["path"] as? String), "\(r)")
            XCTAssertEqual(try XCTUnwrap(r["valence"] as? Double), expected.0, accuracy: 1e-9)
            XCTAssertEqual(try XCTUnwrap(r["arousal"] as? Double), expected.1, accuracy: 1e-9)
        }

        // A mood mix without a seed: real absolute paths with tags as titles.
        let out = directory.appendingPathComponent("chill.m3u8")
        let mix = try CLI.run(["playlist", "--mood", "chill", "-n", "30", "--out", out.path, "--db", db.path])
        XCTAssertEqual(mix.status, 0, mix.stderr)
        let text = try String(contentsOf: out, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("#EXTM3U"), text)
        XCTAssertTrue(text.contains("#EXTINF:5,The Ones - First Light"), text)
        let locations = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(locations.count, 3, text)
        for location in locations {
            XCTAssertTrue(location.hasPrefix("/"), String(location))
            XCTAssertTrue(FileManager.default.fileExists(atPath: String(location)), String(location))
        }
        let xspf = directory.appendingPathComponent("chill.xspf")
        XCTAssertEqual(try CLI.run(["playlist", "--mood", "chill", "--out", xspf.path, "--db", db.path, "--scale", "library"]).status, 0)
        let xml = try String(contentsOf: xspf, encoding: .utf8)
        XCTAssertTrue(xml.contains("<creator>The Ones</creator>") && xml.contains("<album>Dawn</album>") && xml.contains("<duration>5000</duration>"), xml)
        XCTAssertEqual(try CLI.run(["playlist", "--mood", "grumpy", "--db", db.path]).status, 64)
    }
}
