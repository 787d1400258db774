import ArgumentParser
import MoodCLI
import MoodTestSupport
import XCTest

/// `--plot`, `--timeline` and `report --out` refuse file names whose extension does not match
/// what would be written into them: a usage error (exit 64) before any work.
final class PlotOutputTests: XCTestCase {
    private func rejection(_ arguments: [String]) -> (message: String, code: Int32)? {
        do {
            _ = try Mood.parseAsRoot(arguments)
            return nil
        } catch {
            return (Mood.message(for: error), Mood.exitCode(for: error).rawValue)
        }
    }

    func testWrongOutputExtensionsAreUsageErrors() {
        let cases: [([String], String)] = [
            (["analyze", "p.m3u", "--plot", "x.png"], "--plot writes an SVG image, not .png"),
            (["analyze", "p.m3u", "--timeline", "t.pdf"], "--timeline writes an SVG image, not .pdf"),
            (["recommend", "p.m3u", "--plot", "x.png"], "--plot writes an SVG image, not .png"),
            (["report", "p.m3u", "--out", "r.pdf"], "--out writes an HTML page, not .pdf"),
            (["report", "p.m3u", "--out", "r.html", "--plot", "plot"], "--plot writes an SVG image, not a file without an extension"),
        ]
        for (arguments, expected) in cases {
            guard let rejected = rejection(arguments) else { XCTFail("\(arguments) was accepted"); continue }
            XCTAssertTrue(rejected.message.contains(expected), "\(arguments): \(rejected.message)")
            XCTAssertEqual(rejected.code, 64, "\(arguments)")
        }
        XCTAssertNil(rejection(["analyze", "p.m3u", "--plot", "x.SVG", "--timeline", "t.svg", "--rating-arrows"]))
        XCTAssertNil(rejection(["recommend", "p.m3u", "--plot", "x.svg", "--rating-arrows"]))
        XCTAssertNil(rejection(["report", "p.m3u", "--out", "r.html", "--plot", "x.svg"]))
    }
}
