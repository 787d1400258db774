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
        // Another user can run the binary only when every folder above it lets others through
        // (a checkout inside a private folder, such as one from mktemp -d, does not).
        var folder = try executable().deletingLastPathComponent()
        while folder.path != "/" {
            let mode = ((try? FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions]) as? Int) ?? 0
            if mode & 0o001 == 0 {
                throw XCTSkip("\(folder.path) is closed to other users, so the build cannot be run as another user; check out the project in a folder others may enter")
            }
            folder.deleteLastPathComponent()
        }
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
