import Foundation
import MoodCore
import MoodTestSupport
import Recommender
import Reporting
import XCTest

/// The HTML report as a browser shows it: headless Chromium loads it without console errors,
/// and its screenshot is not blank.
final class HTMLReportBrowserTests: XCTestCase {
    private func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 90) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let dir = FileManager.default.temporaryDirectory
        let outURL = dir.appendingPathComponent("chromium-out-\(UUID().uuidString)"), errURL = dir.appendingPathComponent("chromium-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { process.terminate(); process.waitUntilExit(); XCTFail("\(executable) timed out") }
        try out.close()
        try err.close()
        return (process.terminationStatus, try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8))
    }

    private func chromiumArguments(profile: URL) -> [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--hide-scrollbars",
         "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0"]
    }

    /// Width, height and size of a PNG file (from its IHDR chunk).
    private func pngInfo(_ url: URL) throws -> (width: Int, height: Int, bytes: Int) {
        let data = try Data(contentsOf: url)
        XCTAssertEqual(Array(data.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "not a PNG")
        func be32(_ offset: Int) -> Int { data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20), data.count)
    }

    func testReportLoadsInChromiumWithoutConsoleErrorsAndIsNotBlank() throws {
        let chromium = try SystemTools.require("chromium", install: "apt-get install chromium")
        let dir = try DataTestSupport.temporaryDirectory(for: self)
        let analysis = try PlotReadabilityTests.tightAnalysis()
        let target = MoodTarget(point: MoodPoint(valence: 7, arousal: 7), label: "Joy")
        let waypoints = (0..<5).map { i in MoodPoint(valence: 3.4 + 0.9 * Double(i), arousal: 3.3 + 0.92 * Double(i)) }
        let report = HTMLReport(analysis: analysis, recommendations: PlotReadabilityTests.recommendations(around: target.point, n: 10, waypoints: waypoints),
                                target: target, notes: ["made by a test"], ratingArrows: true)
        let page = dir.appendingPathComponent("report.html")
        try report.write(to: page)
        XCTAssertTrue(try String(contentsOf: page, encoding: .utf8).contains("<h1>sad.xspf → Joy in 5 steps</h1>"))

        // The DOM after scripts ran, and the console.
        let dom = try run(chromium, chromiumArguments(profile: dir.appendingPathComponent("profile-dom")) + ["--dump-dom", page.absoluteString])
        XCTAssertEqual(dom.status, 0, dom.stderr)
        XCTAssertTrue(dom.stdout.contains(#"class="circumplex""#), "the plot is in the DOM")
        XCTAssertTrue(dom.stdout.contains("hover-card"))
        let consoleLines = dom.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        XCTAssertTrue(consoleLines.isEmpty, "console messages: \(consoleLines.joined(separator: "\n"))")
        let network = dom.stderr.split(separator: "\n").filter { $0.contains("net::ERR") }
        XCTAssertTrue(network.isEmpty, "network errors: \(network.joined(separator: "\n"))")

        // A screenshot, against one of an empty page of the same size: a blank page compresses to almost nothing.
        let shot = dir.appendingPathComponent("report.png"), blankShot = dir.appendingPathComponent("blank.png")
        let blankPage = dir.appendingPathComponent("blank.html")
        try "<!DOCTYPE html><html><body></body></html>".write(to: blankPage, atomically: true, encoding: .utf8)
        for (url, png) in [(page, shot), (blankPage, blankShot)] {
            let result = try run(chromium, chromiumArguments(profile: dir.appendingPathComponent("profile-\(png.lastPathComponent)"))
                                 + ["--screenshot=\(png.path)", "--window-size=1280,1600", url.absoluteString])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let info = try pngInfo(shot), blank = try pngInfo(blankShot)
        XCTAssertEqual(info.width, 1280)
        XCTAssertEqual(info.height, 1600)
        XCTAssertGreaterThan(info.bytes, 20 * blank.bytes, "the screenshot looks blank (\(info.bytes) bytes vs \(blank.bytes) for an empty page)")
    }
}
