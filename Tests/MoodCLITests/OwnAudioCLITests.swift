import FeatureExtraction
import Foundation
import MoodTestSupport
import XCTest

/// The user's own audio, end to end through the real binary: generated WAV files
/// (nothing from DEAM) in a playlist, analysed, added to a catalog and recommended for.
/// Needs openSMILE (`pip install --no-deps opensmile`, done by `.ci/run`): without it these are
/// skipped with that command outside CI and fail under CI.
final class OwnAudioCLITests: XCTestCase {
    override func setUpWithError() throws {
        if (try? OpenSMILELibrary.locate()) == nil {
            try SystemTools.missing("openSMILE's library is not installed", install: "python3 -m pip install --no-deps opensmile")
        }
    }

    private func writeWAV(_ samples: [Double], to url: URL) throws {
        try WAVFile.write(samples, sampleRate: 44_100, to: url)
    }

    /// Loud, fast, bright: bursts of a high chord with noise. Quiet, slow, dark: a soft low swell.
    private func makeAudio(in directory: URL) throws -> (loud: URL, quiet: URL) {
        let rate = 44_100.0, n = Int(rate * 6)
        var state: UInt64 = 1
        let loud = (0..<n).map { i -> Double in
            let t = Double(i) / rate
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(state >> 11) / Double(1 << 53) * 2 - 1
            let s = 0.3 * sin(2 * .pi * 1760 * t) + 0.25 * sin(2 * .pi * 2217 * t) + 0.25 * noise
            return t.truncatingRemainder(dividingBy: 0.25) < 0.12 ? s : 0.1 * s
        }
        let quiet = (0..<n).map { i -> Double in
            let t = Double(i) / rate
            return (0.05 * sin(2 * .pi * 110 * t) + 0.04 * sin(2 * .pi * 164.8 * t)) * (0.6 + 0.4 * sin(2 * .pi * t / 4))
        }
        let urls = (directory.appendingPathComponent("my loud song.wav"), directory.appendingPathComponent("my quiet song.wav"))
        try writeWAV(loud, to: urls.0)
        try writeWAV(quiet, to: urls.1)
        return urls
    }

    func testPlaylistOfOwnAudioIsAnalysedAndRecommendedFor() throws {
        let directory = try CLI.temporaryDirectory(self)
        _ = try makeAudio(in: directory)
        let playlist = directory.appendingPathComponent("mine.m3u8")
        try "#EXTM3U\n#EXTINF:6,Me - Loud\nmy loud song.wav\n#EXTINF:6,Me - Quiet\nmy%20quiet%20song.wav\n".write(to: playlist, atomically: true, encoding: .utf8)
        let db = directory.appendingPathComponent("catalog.sqlite").path
        // A catalog from the committed starter predictions (no DEAM needed).
        let build = try CLI.run(["catalog", "build", "--starter", "--db", db])
        XCTAssertEqual(build.status, 0, build.stderr)

        let analysis = try CLI.run(["analyze", playlist.path, "--db", db, "--format", "json"])
        XCTAssertEqual(analysis.status, 0, analysis.stderr)
        let tracks = try XCTUnwrap(try analysis.json()["tracks"] as? [[String: Any]])
        XCTAssertEqual(tracks.count, 2)
        let arousal = tracks.map { $0["arousal"] as? Double ?? .nan }
        XCTAssertTrue(arousal.allSatisfy(\.isFinite), "\(tracks)")
        // The loud, fast, bright track is placed at higher arousal than the quiet, slow, dark one.
        XCTAssertGreaterThan(arousal[0], arousal[1])
        // Features were cached beside the catalog, keyed by content hash.
        let cache = directory.appendingPathComponent("features")
        let cached = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".csv") }
        XCTAssertEqual(cached.count, 2)
        // `<sha256>.<feature set>.<analysis policy>.csv`: features of another configuration or policy are never reused.
        XCTAssertTrue(cached.allSatisfy { $0.split(separator: ".").first?.count == 64 && $0.contains(".is13.") }, "\(cached)")

        let recommend = try CLI.run(["recommend", playlist.path, "--db", db, "--format", "json", "-n", "5"])
        XCTAssertEqual(recommend.status, 0, recommend.stderr)
        let recommendations = try XCTUnwrap(try recommend.json()["recommendations"] as? [[String: Any]])
        XCTAssertEqual(recommendations.count, 5)
        XCTAssertTrue(recommendations.allSatisfy { $0["deamId"] as? Int != nil })
    }

    func testCatalogAddTakesAudioAndExtractWritesDEAMFeatureFiles() throws {
        let directory = try CLI.temporaryDirectory(self)
        let audio = try makeAudio(in: directory)
        let db = directory.appendingPathComponent("catalog.sqlite").path
        XCTAssertEqual(try CLI.run(["catalog", "build", "--starter", "--db", db]).status, 0)
        let add = try CLI.run(["catalog", "add", audio.loud.path, audio.quiet.path, "--db", db])
        XCTAssertEqual(add.status, 0, add.stderr)
        XCTAssertTrue(add.stdout.contains("2 added"), add.stdout)
        let again = try CLI.run(["catalog", "add", audio.loud.path, "--db", db])
        // Unchanged (same path, size and modification time): skipped without reading it.
        XCTAssertTrue(again.stdout.contains("0 added, 0 updated, 0 moved, 1 unchanged"), again.stdout)

        let out = directory.appendingPathComponent("features")
        let extract = try CLI.run(["extract", audio.loud.path, audio.quiet.path, "--out", out.path])
        XCTAssertEqual(extract.status, 0, extract.stderr)
        let header = try String(contentsOf: out.appendingPathComponent("my loud song.csv"), encoding: .utf8)
            .split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertTrue(header.hasPrefix("frameTime;F0final_sma_stddev;F0final_sma_amean;"), header)
        XCTAssertEqual(header.split(separator: ";").count, 261)

        let missing = try CLI.run(["extract", directory.appendingPathComponent("nope.wav").path])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("nope.wav"), missing.stderr)
    }
}
