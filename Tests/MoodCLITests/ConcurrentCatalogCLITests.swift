import Foundation
import MoodTestSupport
import XCTest

/// Four `catalog add` processes creating the same new catalog at once, 40 times: none fails (one
/// creates the schema under the write lock, the others find it done), and every file is added.
final class ConcurrentCatalogCLITests: XCTestCase {
    func testFourConcurrentAddsOnANewCatalogNeverFail() throws {
        let directory = try CLI.temporaryDirectory(self)
        let songs = try (1...4).map { try FeatureFiles.write(to: directory.appendingPathComponent("music/song\($0).csv"), seed: $0) }
        let executable = try CLI.executable()
        for round in 1...40 {
            let db = directory.appendingPathComponent("round\(round)/catalog.sqlite").path
            let processes = try songs.map { song -> (Process, Pipe) in
                let process = Process(), err = Pipe()
                process.executableURL = executable
                process.arguments = ["catalog", "add", song.path, "--db", db, "-j", "1"]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = err
                try process.run()
                return (process, err)
            }
            for (process, err) in processes {
                let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                XCTAssertEqual(process.terminationStatus, 0, "round \(round): \(stderr)")
            }
            let list = try CLI.run(["catalog", "list", "--db", db, "--format", "csv"])
            XCTAssertEqual(list.stdout.split(separator: "\n").count, 5, "round \(round): \(list.stdout)")
        }
    }
}
