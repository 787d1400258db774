import Foundation
import XCTest

extension CLI {
    /// Runs `mood arguments…` in `directory` as an ordinary user: as user and group 65534 (nobody),
    /// through util-linux's `setpriv`, when this process is root (root reads every folder); as it
    /// is otherwise.
    /// - Throws: outside CI, `XCTSkip` when root lacks `setpriv`.
    public static func runUnprivileged(_ arguments: [String], in directory: URL) throws -> CLIResult {
        guard getuid() == 0 else { return try run(arguments, in: directory) }
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
