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

    /// A location may hold a line feed (XSPF `&#10;`, `%0A` in a URI); the reasons quoting it stay on one line.
    func testAReasonQuotingALocationCannotForgeLines() throws {
        let directory = try CLI.temporaryDirectory(self)
        let playlist = directory.appendingPathComponent("forge.xspf")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <playlist version="1" xmlns="http://xspf.org/ns/0/"><trackList>
            <track><location>/no/such/a&#10;FORGED 1 deam 2.mp3</location></track>
            <track><location>file:///no/such/b%0AFORGED%202.mp3</location></track>
            </trackList></playlist>
            """.write(to: playlist, atomically: true, encoding: .utf8)
        let result = try CLI.run(["import", playlist.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("unresolved"), result.stdout)
        XCTAssertFalse(result.stdout.split(separator: "\n").contains { $0.hasPrefix("FORGED") }, result.stdout)
    }

    /// A nested "playlist" that is a link to a system file is not read: its lines never appear as locations.
    func testANestedLinkToAFileThatIsNoPlaylistIsNotFollowed() throws {
        let directory = try CLI.temporaryDirectory(self)
        let secret = directory.appendingPathComponent("secret.txt")
        try "root:x:0:0:secret-line:/root:/bin/bash\n".write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("evil.m3u").path,
                                                   withDestinationPath: secret.path)
        let playlist = directory.appendingPathComponent("outer.m3u8")
        try "#EXTM3U\nevil.m3u\n".write(to: playlist, atomically: true, encoding: .utf8)
        for format in ["table", "json"] {
            let result = try CLI.run(["import", playlist.path, "--format", format])
            XCTAssertFalse(result.stdout.contains("secret-line"), "\(format): \(result.stdout)")
            XCTAssertTrue(result.stdout.contains("not a playlist"), "\(format): \(result.stdout)")
        }
    }
}
