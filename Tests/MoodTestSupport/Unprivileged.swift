import Foundation
import XCTest

extension CLI {
    /// Runs `mood arguments…` in `directory` as user and group 65534 (nobody), through util-linux's
    /// `setpriv`: how tests see what an ordinary user sees (root reads every folder).
    /// - Throws: `XCTSkip` when not run as root (only root can drop privileges) or, outside CI,
    ///   when `setpriv` is missing.
    public static func runUnprivileged(_ arguments: [String], in directory: URL) throws -> CLIResult {
        guard getuid() == 0 else { throw XCTSkip("dropping privileges needs root (the tests run as root under CI)") }
        let setpriv = try SystemTools.require("setpriv", install: "apt-get install util-linux")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: setpriv)
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", try executable().path] + arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
    }
}
