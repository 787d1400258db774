import Foundation
import MoodTestSupport
import XCTest

/// Tables fit a 100-column terminal: every line of every listing command's table output.
final class TableWidthTests: XCTestCase {
    func testTablesFitOneHundredColumns() throws {
        let directory = try CLI.temporaryDirectory(self)
        let db = directory.appendingPathComponent("catalog.sqlite").path
        XCTAssertEqual(try CLI.run(["catalog", "build", "--starter", "--db", db]).status, 0)
        // A long title must be cut with an ellipsis, not widen the table.
        let playlist = directory.appendingPathComponent("long.m3u8")
        try "#EXTM3U\n#EXTINF:10,\(String(repeating: "Very Long Artist Name ", count: 6)) - \(String(repeating: "An Extremely Long Title ", count: 6))\n/MEMD_audio/2.mp3\n#EXTINF:10,x\n/nowhere/song.flac\n"
            .write(to: playlist, atomically: true, encoding: .utf8)
        let commands: [[String]] = [
            ["analyze", "samples/sad.xspf", "--db", db],
            ["analyze", "samples/sad.xspf", "--db", db, "--detail", "--view", "predicted"],
            ["analyze", playlist.path, "--db", db],
            ["recommend", "samples/sad.xspf", "--db", db, "-n", "5", "--explain"],
            ["recommend", "samples/sad.xspf", "--db", db, "--target-mood", "joy", "--path", "3", "-n", "6"],
            ["catalog", "filter", "--sub-emotion", "anger", "--db", db, "-n", "5"],
            ["catalog", "filter", "--quadrant", "joy", "--near", "7,7", "--db", db, "-n", "5"],
            ["catalog", "info", "--db", db],
            ["catalog", "list", "--db", db],
            ["emotions"],
        ]
        for arguments in commands {
            let result = try CLI.run(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            for line in result.stdout.split(separator: "\n") {
                XCTAssertLessThanOrEqual(line.count, 100, "\(arguments.prefix(3)): \(line)")
            }
        }
    }
}
