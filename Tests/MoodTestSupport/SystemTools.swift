import Foundation
import XCTest

/// Tools and libraries from outside the package that some tests need (ffmpeg, espeak-ng,
/// openSMILE). `.ci/run` installs them, and under CI (`CI=true`) a missing one fails the test.
/// Elsewhere — `swift test` on a fresh machine — the test is skipped with the exact command
/// that installs what is missing, never a bare failure. DEAM's data follows the same rule
/// (`DataTestSupport.requireDEAM`).
public enum SystemTools {
    /// Whether the tests run under CI, where nothing may be skipped.
    public static var underCI: Bool {
        ["true", "1", "yes"].contains((ProcessInfo.processInfo.environment["CI"] ?? "").lowercased())
    }

    /// The path of executable `name` on PATH.
    /// - Throws: `XCTSkip` naming `install` (outside CI), or fails the test and throws (under CI).
    public static func require(_ name: String, install: String? = nil,
                               file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        if let path { return path }
        try missing("\(name) is not installed", install: install ?? "apt-get install \(name)", file: file, line: line)
        return ""
    }

    /// Reports a missing tool: skips outside CI, fails under CI. Always throws.
    public static func missing(_ what: String, install: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try unavailable("\(what); install it with `\(install)` (bash .ci/run does)", file: file, line: line)
    }

    /// The one rule for anything from outside the package a test needs (a tool, DEAM's data):
    /// outside CI the test is skipped with `message`, which must say how to provide it;
    /// under CI the test fails with `message`. Always throws.
    public static func unavailable(_ message: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
        if underCI {
            XCTFail(message, file: file, line: line)
            throw MissingTool(message: message)
        }
        throw XCTSkip(message, file: file, line: line)
    }

    /// The error thrown after a CI failure for something missing.
    public struct MissingTool: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
