import Foundation
import MoodIO
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class AtomicFileTests: XCTestCase {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mood-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testWriteReplacesTheFileAndLeavesNothingElse() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("out.txt")
        try AtomicFile.write("first", to: url)
        try AtomicFile.write("second", to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "second")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["out.txt"])
    }

    /// A write that runs out of room (here: the file-size limit, as a full disk would) fails with
    /// the system's reason, keeps the old file and leaves no temporary file behind.
    func testAFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("report.html")
        try AtomicFile.write("old", to: url)
        var saved = rlimit()
        XCTAssertEqual(getrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved), 0)
        let previousHandler = signal(SIGXFSZ, SIG_IGN)
        var small = saved
        small.rlim_cur = 4096
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &small), 0)
        defer {
            _ = setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
            _ = signal(SIGXFSZ, previousHandler)
        }
        XCTAssertThrowsError(try AtomicFile.write(Data(repeating: 65, count: 100_000), to: url)) { error in
            let failure = error as? FileWriteError
            XCTAssertEqual(failure?.path, url.path)
            XCTAssertEqual(failure?.reason, String(cString: strerror(EFBIG)))
        }
        _ = setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["report.html"])
    }

    func testAMissingFolderIsAClearError() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/x.svg")
        XCTAssertThrowsError(try AtomicFile.write("x", to: url)) { error in
            XCTAssertEqual("\(error)", "cannot write \(url.path): No such file or directory")
        }
    }
}
