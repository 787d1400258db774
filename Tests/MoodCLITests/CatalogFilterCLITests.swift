import Foundation
import MoodTestSupport
import XCTest

/// `mood catalog filter … --out FILE`: the songs found become a playlist that imports back.
final class CatalogFilterCLITests: XCTestCase {
    func testFilterWritesAPlaylistOfTheSongsItFound() throws {
        let directory = try CLI.temporaryDirectory(self)
        let db = directory.appendingPathComponent("catalog.sqlite").path
        XCTAssertEqual(try CLI.run(["catalog", "build", "--starter", "--db", db]).status, 0)
        for name in ["calm.m3u8", "calm.xspf"] {
            let out = directory.appendingPathComponent(name).path
            let found = try CLI.run(["catalog", "filter", "--sub-emotion", "melancholy", "-n", "5", "--db", db, "--format", "json", "--out", out])
            XCTAssertEqual(found.status, 0, found.stderr)
            let ids = try XCTUnwrap(found.json()["tracks"] as? [[String: Any]]).compactMap { $0["deamId"] as? Int }
            XCTAssertEqual(ids.count, 5)
            let imported = try CLI.run(["import", out, "--format", "json"])
            XCTAssertEqual(imported.status, 0, imported.stderr)
            XCTAssertEqual(imported.stdout.components(separatedBy: "deam:").count - 1 >= 5, true, imported.stdout)
            for id in ids { XCTAssertTrue(imported.stdout.contains("deam:\(id)"), "\(name): \(id)") }
        }
        let refused = try CLI.run(["catalog", "filter", "--quadrant", "joy", "--db", db, "--out", directory.appendingPathComponent("x.txt").path])
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.txt").path))
    }
}
