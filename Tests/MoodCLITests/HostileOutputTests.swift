import Foundation
import MoodTestSupport
import XCTest

/// Titles and paths chosen by an attacker never reach the terminal or a spreadsheet raw.
final class HostileOutputTests: XCTestCase {
    func testControlCharactersAndFormulasAreNeutralised() throws {
        let directory = try CLI.temporaryDirectory(self)
        let db = directory.appendingPathComponent("catalog.sqlite").path
        let build = try CLI.run(["catalog", "build", "--starter", "--db", db])
        XCTAssertEqual(build.status, 0, build.stderr)
        // A file name with an escape sequence: refused as binary, and the error does not replay it.
        let binary = directory.appendingPathComponent("evil\u{1B}[31m.m3u8")
        try "#EXTM3U\n#EXTINF:10,\u{1B}[2JRed\n/MEMD_audio/2.mp3\n".write(to: binary, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["analyze", binary.path, "--db", db])
        XCTAssertEqual(refused.status, 65, refused.stderr)
        XCTAssertFalse(refused.stderr.contains("\u{1B}"), refused.stderr)
        XCTAssertTrue(refused.stderr.hasPrefix("Error: "), refused.stderr)
        let playlist = directory.appendingPathComponent("evil\u{202E}lmth.m3u8")
        let text = "#EXTM3U\n#EXTINF:10,=HYPERLINK(\"x\") - Red\u{202E}FORGED\n/MEMD_audio/2.mp3\n"
            + "#EXTINF:10,@SUM(1)\u{2066}txt\n/MEMD_audio/3.mp3\n"
        try text.write(to: playlist, atomically: true, encoding: .utf8)
        for format in ["table", "csv"] {
            let result = try CLI.run(["analyze", playlist.path, "--db", db, "--format", format])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertFalse(result.stdout.contains("\u{1B}"), "\(format): escape sequence printed raw")
            XCTAssertFalse(result.stdout.contains("\r"), "\(format): carriage return printed raw")
            XCTAssertFalse(result.stdout.contains("\u{202E}"), "\(format): bidi override printed raw")
            XCTAssertFalse(result.stdout.contains("\u{2066}"), "\(format): bidi isolate printed raw")
            XCTAssertFalse(result.stdout.split(separator: "\n").contains { $0.hasPrefix("FORGED") }, format)
            if format == "csv" {
                XCTAssertTrue(result.stdout.contains(",'=HYPERLINK") || result.stdout.contains("\"'=HYPERLINK"), result.stdout)
                XCTAssertTrue(result.stdout.contains("'@SUM(1)"), result.stdout)
            }
        }
    }
}
