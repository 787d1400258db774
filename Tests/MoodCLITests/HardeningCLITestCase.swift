import Foundation
import MoodTestSupport
import XCTest

/// The second hardening pass (issue 26) through the real binary: damaged catalogs, partial
/// output, raw system texts, negative numbers and long words, "nothing found" and a library
/// too small to scale. Every message starts with `Error:` (or `skipped`) and names its file.
class HardeningCLITestCase: XCTestCase {
    var directory: URL!
    /// A starter catalog (the 1802 DEAM songs, no own songs).
    var db: String!

    override func setUpWithError() throws {
        directory = try CLI.temporaryDirectory(self)
        db = directory.appendingPathComponent("catalog.sqlite").path
        let build = try CLI.run(["catalog", "build", "--starter", "--db", db])
        XCTAssertEqual(build.status, 0, build.stderr)
    }

    /// Asserts that `result` failed with one plain message: `Error:` first, `file` named, no raw system text.
    func assertPlainError(_ result: CLIResult, naming file: String, _ what: String, file source: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotEqual(result.status, 0, "\(what) exited 0: \(result.stdout.prefix(300))", file: source, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("Error: "), "\(what): \(result.stderr)", file: source, line: line)
        XCTAssertTrue(result.stderr.contains(file), "\(what) does not name \(file): \(result.stderr)", file: source, line: line)
        for raw in ["NSCocoaErrorDomain", "Error Domain=", "UserInfo="] {
            XCTAssertFalse(result.stderr.contains(raw), "\(what): raw Foundation text: \(result.stderr)", file: source, line: line)
        }
    }
}
