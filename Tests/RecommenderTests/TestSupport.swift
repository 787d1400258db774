import Foundation
import MERModel
import DEAMData
import Numerics
import MoodCore
import Recommender
import XCTest

/// Generated test data: random DEAM-like tracks (not real DEAM songs).
enum Synthetic {
    /// `count` DEAM-source tracks with ids 1…count, predictions spread over the 1–9 scale
    /// (clustered near the centre like real data), every third annotated, artists cycling.
    static func deamTracks(_ count: Int, seed: UInt64 = 1, modelVersion: String = "test-model-1", artists: Int = 7) -> [CatalogTrackInput] {
        var rng = SeededGenerator(seed: seed)
        return (1...count).map { id in
            let predicted = MoodPoint(valence: clamp(5 + 1.4 * rng.nextGaussian()), arousal: clamp(5 + 1.4 * rng.nextGaussian()))
            let annotation = id % 3 == 0 ? MoodPoint(valence: clamp(predicted.valence + 0.5 * rng.nextGaussian()),
                                                      arousal: clamp(predicted.arousal + 0.5 * rng.nextGaussian())) : nil
            return .deam(id: id, predicted: predicted, modelVersion: modelVersion, annotation: annotation,
                         artist: "Artist \(id % artists)", title: "Song \(id)", genre: "Test")
        }
    }

    static func clamp(_ x: Double) -> Double { min(9, max(1, x)) }

    /// A fresh temporary directory, removed at the end of the test.
    static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mood-rec-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}

/// Runs the `mood` executable built beside this test bundle.
enum MoodBinary {
    /// The package root (this file is Tests/RecommenderTests/TestSupport.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func executable() throws -> URL {
        var directories = [Bundle.main.bundleURL.deletingLastPathComponent(), URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        directories += Bundle.allBundles.filter { $0.bundlePath.hasSuffix(".xctest") }.map { $0.bundleURL.deletingLastPathComponent() }
        for directory in directories {
            let candidate = directory.appendingPathComponent("mood")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue { return candidate }
        }
        XCTFail("the mood binary was not found beside the test bundle (looked in \(directories.map(\.path)))")
        throw CocoaError(.fileNoSuchFile)
    }

    /// Runs `mood arguments…` in the package root; output is captured through files.
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mood-rec-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: out), as: UTF8.self),
                String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}
