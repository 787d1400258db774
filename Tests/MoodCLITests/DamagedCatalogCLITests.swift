import Foundation
import MoodTestSupport
import XCTest

/// Issue 26, item 7: a damaged catalog, or a file that is not one, is refused by every command
/// with a message naming the file; `catalog build` refuses a foreign target before training.
final class DamagedCatalogCLITests: HardeningCLITestCase {
    /// Every command that reads or writes the catalog at `path`.
    private func commands(on path: String) throws -> [(String, [String])] {
        let features = try FeatureFiles.write(to: directory.appendingPathComponent("song.csv"))
        return [
            ("catalog info", ["catalog", "info", "--db", path]),
            ("catalog list", ["catalog", "list", "--db", path]),
            ("catalog filter", ["catalog", "filter", "--quadrant", "joy", "-n", "2000", "--db", path]),
            ("catalog filter --near", ["catalog", "filter", "--near", "5,5", "--radius", "12", "-n", "2000", "--db", path]),
            ("recommend", ["recommend", "samples/sad.xspf", "--db", path]),
            ("recommend --view predicted", ["recommend", "samples/upbeat.m3u8", "--view", "predicted", "-n", "500", "--db", path]),
            ("analyze", ["analyze", "samples/calm.pls", "--db", path]),
            ("playlist", ["playlist", "--mood", "sad", "--from", "all", "--db", path]),
            ("catalog add", ["catalog", "add", features.path, "--db", path]),
            ("catalog remove", ["catalog", "remove", "1", "--db", path]),
            ("catalog prune", ["catalog", "prune", "--db", path]),
            ("catalog export-starter", ["catalog", "export-starter", "--out", directory.appendingPathComponent("s.csv").path, "--db", path]),
        ]
    }

    func testEveryCommandRefusesADamagedCatalogNamingIt() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: db))
        XCTAssertGreaterThan(original.count, 64 * 4096)
        // Damage: the pages after the schema overwritten with noise (the header and schema page intact),
        // so SQLite opens the file and meets the damage only when it reads the tracks.
        var damaged = original
        var state: UInt32 = 12345
        for offset in stride(from: 2 * 4096, to: damaged.count, by: 1) where (offset / 4096) % 3 != 0 {
            state = state &* 1664525 &+ 1013904223
            damaged[offset] = UInt8(truncatingIfNeeded: state >> 24)
        }
        for (name, arguments) in try commands(on: db) {
            try damaged.write(to: URL(fileURLWithPath: db))
            let result = try CLI.run(arguments)
            assertPlainError(result, naming: db, name)
            XCTAssertFalse(result.stderr.contains("SQLite error") && !result.stderr.contains(db), "\(name): \(result.stderr)")
        }
    }

    func testATextFileIsNotACatalogForAnyCommand() throws {
        let text = directory.appendingPathComponent("notes.sqlite").path
        try String(repeating: "shopping list: milk, eggs\n", count: 400).write(toFile: text, atomically: true, encoding: .utf8)
        for (name, arguments) in try commands(on: text) {
            let result = try CLI.run(arguments)
            assertPlainError(result, naming: text, name)
            XCTAssertEqual(result.status, 65, "\(name): \(result.stderr)")
        }
        XCTAssertEqual(try String(contentsOfFile: text, encoding: .utf8), String(repeating: "shopping list: milk, eggs\n", count: 400))
    }

    func testBuildRefusesAForeignTargetBeforeTraining() throws {
        let deam = try DataTestSupport.requireDEAM()
        let text = directory.appendingPathComponent("notes.sqlite").path
        try "not a catalog\n".write(toFile: text, atomically: true, encoding: .utf8)
        let start = Date()
        let build = try CLI.run(["catalog", "build", "--deam", deam.path, "--db", text])
        let seconds = Date().timeIntervalSince(start)
        assertPlainError(build, naming: text, "catalog build")
        XCTAssertEqual(build.status, 65, build.stderr)
        // Cross-fitting takes about a minute; refusing the target comes first.
        XCTAssertLessThan(seconds, 15, "catalog build trained before checking its target")
        XCTAssertFalse(build.stderr.contains("cross-fitting"), build.stderr)
    }
}
