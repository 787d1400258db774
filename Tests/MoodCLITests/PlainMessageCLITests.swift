import FeatureExtraction
import Foundation
import MoodTestSupport
import XCTest

/// Issue 26, item 12: system errors in plain words naming the file; empty and tiny audio files
/// are refused without starting ffmpeg.
final class PlainMessageCLITests: HardeningCLITestCase {
    private func runUnprivileged(_ arguments: [String]) throws -> CLIResult {
        try CLI.runUnprivileged(arguments, in: CLI.packageRoot)
    }

    func testUnreadableAndUnwritableFilesAreNamedInPlainWords() throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db)
        // A model file nobody may read (Foundation's Code=257).
        let model = directory.appendingPathComponent("model.json")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Sources/MERModel/Resources/default-model.json"), to: model)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: model.path)
        let analyze = try runUnprivileged(["analyze", "samples/sad.xspf", "--db", db, "--model", model.path])
        assertPlainError(analyze, naming: model.path, "analyze --model unreadable")
        XCTAssertTrue(analyze.stderr.contains("Permission denied"), analyze.stderr)
        // A catalog in a folder that cannot be created (Foundation's Code=513).
        let locked = directory.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        let features = try FeatureFiles.write(to: directory.appendingPathComponent("song.csv"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: features.path)
        let add = try runUnprivileged(["catalog", "add", features.path, "--db", locked.path + "/new/catalog.sqlite"])
        assertPlainError(add, naming: locked.path + "/new", "catalog add into an unwritable folder")
        XCTAssertTrue(add.stderr.contains("Permission denied"), add.stderr)
        // An audio file nobody may read.
        let song = directory.appendingPathComponent("secret.wav")
        try Data(repeating: 0, count: 10_000).write(to: song)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: song.path)
        let extract = try runUnprivileged(["extract", song.path, "--out", directory.path])
        XCTAssertNotEqual(extract.status, 0, extract.stderr)
        XCTAssertFalse(extract.stderr.contains("NSCocoaErrorDomain"), extract.stderr)
    }

    func testEmptyAndTinyAudioFilesAreRefusedWithoutFFmpeg() throws {
        _ = try SystemTools.require("ffmpeg")
        if (try? OpenSMILELibrary.locate()) == nil {
            try SystemTools.missing("openSMILE's library is not installed", install: "python3 -m pip install --no-deps opensmile")
        }
        let music = directory.appendingPathComponent("Music")
        try FileManager.default.createDirectory(at: music, withIntermediateDirectories: true)
        for i in 0..<300 { FileManager.default.createFile(atPath: music.appendingPathComponent("empty-\(i).mp3").path, contents: nil) }
        try Data(repeating: 0xFF, count: 40).write(to: music.appendingPathComponent("tiny.flac"))
        // A PATH whose ffmpeg and ffprobe record that they were started.
        let tools = directory.appendingPathComponent("tools")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        let marker = directory.appendingPathComponent("tool-started")
        for tool in ["ffmpeg", "ffprobe"] {
            let script = tools.appendingPathComponent(tool)
            try "#!/bin/sh\ntouch '\(marker.path)'\nexec /usr/bin/\(tool) \"$@\"\n".write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = tools.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let start = Date()
        let add = try CLI.run(["catalog", "add", music.path, "--db", db], environment: environment)
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(add.status, 65, add.stdout + add.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path), "ffmpeg or ffprobe was started for an empty file")
        XCTAssertLessThan(seconds, 20)
        let lines = add.stderr.split(separator: "\n").filter { !$0.hasPrefix("Error: nothing could be added") }
        XCTAssertEqual(lines.count, 301, add.stderr.prefix(2000).description)
        for line in lines {
            XCTAssertTrue(line.hasPrefix("skipped " + music.path + "/"), String(line))
        }
        XCTAssertTrue(add.stderr.contains("empty-7.mp3: not readable audio: the file is empty (0 bytes)"), add.stderr.prefix(2000).description)
        XCTAssertTrue(add.stderr.contains("tiny.flac: not readable audio: 40 bytes is too small to hold audio"), add.stderr.prefix(2000).description)
    }
}
