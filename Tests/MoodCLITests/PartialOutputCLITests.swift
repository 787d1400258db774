import Foundation
import MoodTestSupport
import XCTest

/// Issue 26, item 8: a command with several outputs checks every destination before writing
/// any, so a failure leaves none of them behind.
final class PartialOutputCLITests: HardeningCLITestCase {
    func testNoOutputIsWrittenWhenAnotherDestinationIsUnwritable() throws {
        let missingFolder = directory.appendingPathComponent("no-such-folder").path
        let folderInTheWay = directory.appendingPathComponent("taken.svg")
        try FileManager.default.createDirectory(at: folderInTheWay, withIntermediateDirectories: true)
        let html = directory.appendingPathComponent("report.html").path
        let svg = directory.appendingPathComponent("plot.svg").path
        let timeline = directory.appendingPathComponent("timeline.svg").path
        let m3u = directory.appendingPathComponent("recs.m3u8").path
        let cases: [(String, [String], written: [String], bad: String)] = [
            ("report --plot", ["report", "samples/sad.xspf", "--out", html, "--plot", missingFolder + "/p.svg"], [html], missingFolder + "/p.svg"),
            ("report --out", ["report", "samples/sad.xspf", "--out", missingFolder + "/r.html", "--plot", svg], [svg], missingFolder + "/r.html"),
            ("analyze --timeline", ["analyze", "samples/sad.xspf", "--plot", svg, "--timeline", folderInTheWay.path], [svg], folderInTheWay.path),
            ("analyze --plot", ["analyze", "samples/sad.xspf", "--plot", missingFolder + "/p.svg", "--timeline", timeline], [timeline], missingFolder + "/p.svg"),
            ("recommend --out", ["recommend", "samples/sad.xspf", "--plot", svg, "--out", missingFolder + "/r.m3u8"], [svg], missingFolder + "/r.m3u8"),
            ("recommend --plot", ["recommend", "samples/sad.xspf", "--plot", folderInTheWay.path, "--out", m3u], [m3u], folderInTheWay.path),
        ]
        for (name, arguments, written, bad) in cases {
            let result = try CLI.run(arguments + ["--db", db])
            assertPlainError(result, naming: bad, name)
            XCTAssertEqual(result.status, 1, "\(name): \(result.stderr)")
            for path in written {
                XCTAssertFalse(FileManager.default.fileExists(atPath: path), "\(name) wrote \(path) before failing")
            }
        }
        // The same commands with good destinations write everything.
        let good = try CLI.run(["report", "samples/sad.xspf", "--out", html, "--plot", svg, "--db", db])
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: html) && FileManager.default.fileExists(atPath: svg))
    }
}
