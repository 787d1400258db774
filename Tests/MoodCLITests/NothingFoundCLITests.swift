import Foundation
import MoodTestSupport
import XCTest

/// Issue 26, item 14: finding nothing is an answer, not a runtime failure.
final class NothingFoundCLITests: HardeningCLITestCase {
    func testRecommendAndStrictPlaylistExitZeroWhenNothingMatches() throws {
        // Only the user's own songs, of which the catalog has none.
        for format in ["table", "json", "csv"] {
            let result = try CLI.run(["recommend", "samples/sad.xspf", "--from", "library", "--format", format, "--db", db])
            XCTAssertEqual(result.status, 0, "\(format): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("no catalog song matches"), result.stderr)
            if format == "json" { XCTAssertEqual((try result.json()["recommendations"] as? [Any])?.count, 0, result.stdout) }
        }
        let strictOut = directory.appendingPathComponent("none.m3u8").path
        // One own song, far from "angry": nothing lies inside the region.
        let features = try FeatureFiles.write(to: directory.appendingPathComponent("song.csv"))
        XCTAssertEqual(try CLI.run(["catalog", "add", features.path, "--db", db]).status, 0)
        let strict = try CLI.run(["playlist", "--mood", "angry", "--strict", "--out", strictOut, "--db", db])
        XCTAssertEqual(strict.status, 0, strict.stderr)
        XCTAssertTrue(strict.stderr.contains("none of 1 songs is angry"), strict.stderr)
        XCTAssertFalse(strict.stderr.contains("Error"), strict.stderr)
        XCTAssertTrue(try CLI.run(["recommend", "--help"]).stdout.contains("exits 0"))
        XCTAssertTrue(try CLI.run(["playlist", "--help"]).stdout.contains("exits 0"))
    }
}
