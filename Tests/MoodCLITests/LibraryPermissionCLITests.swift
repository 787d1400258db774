import Foundation
import MoodTestSupport
import XCTest

/// A library some of whose folders the user cannot read, run as an ordinary user (`nobody` when
/// the tests run as root, as under CI, for whom every folder is readable): the unreadable folder is reported
/// (exit 2), and `catalog prune` keeps the songs in it — they are not missing, only unchecked.
final class LibraryPermissionCLITests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try CLI.temporaryDirectory(self)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory.path)
    }

    private func runUnprivileged(_ arguments: [String]) throws -> CLIResult {
        try CLI.runUnprivileged(arguments, in: directory)
    }

    func testUnreadableFoldersAreReportedAndPruneKeepsTheirSongs() throws {
        let music = directory.appendingPathComponent("Music")
        try FeatureFiles.write(to: music.appendingPathComponent("open/a.csv"), seed: 1)
        try FeatureFiles.write(to: music.appendingPathComponent("closed/b.csv"), seed: 2)
        for sub in ["", "open", "closed"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: music.appendingPathComponent(sub).path)
        }
        let db = directory.appendingPathComponent("catalog.sqlite").path
        let add = try runUnprivileged(["catalog", "add", music.path, "--db", db])
        XCTAssertEqual(add.status, 0, add.stderr)
        XCTAssertTrue(add.stdout.contains("2 added"), add.stdout)

        // Closed to everyone but root: the user can no longer look inside.
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: music.appendingPathComponent("closed").path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: music.appendingPathComponent("closed").path) }
        let again = try runUnprivileged(["catalog", "add", music.path, "--db", db])
        XCTAssertEqual(again.status, 2, again.stdout + again.stderr)
        XCTAssertTrue(again.stderr.contains("skipped \(music.path)/closed: cannot read the folder: permission denied"), again.stderr)

        let prune = try runUnprivileged(["catalog", "prune", "--db", db])
        XCTAssertEqual(prune.status, 2, prune.stdout + prune.stderr)
        XCTAssertTrue(prune.stdout.contains("0 missing files removed"), prune.stdout)
        XCTAssertTrue(prune.stdout.contains("2 tracks"), prune.stdout)
        XCTAssertTrue(prune.stderr.contains("kept \(music.path)/closed/b.csv: cannot check the file: permission denied"), prune.stderr)
    }
}
