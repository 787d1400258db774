import Foundation
import DEAMData
import XCTest

/// Helpers shared by the data-loading tests.
public enum DataTestSupport {
    /// The instruction every test that needs DEAM gives when it is missing.
    public static let deamInstruction = "set DEAM_DIR=/path/to/deam or place DEAM at ../shared/data/deam beside the repository"

    /// DEAM's data is not where the tests look (`message` says where, why, and how to provide it).
    public struct DEAMMissing: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// The real DEAM folder, found as `mood` finds it from the package root: `$DEAM_DIR`, else
    /// ../shared/data/deam beside the repository.
    /// - Throws: `DEAMMissing` naming the folder looked at and `deamInstruction`.
    public static func locateDEAM(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        do {
            return try DEAMDirectory.resolve(explicit: nil, environment: environment, currentDirectory: CLI.packageRoot.path)
        } catch let DataFileError.directoryNotFound(path, source, reason) {
            throw DEAMMissing(message: "DEAM data not found at \(path) (\(source): \(reason)); \(deamInstruction)")
        }
    }

    /// The real DEAM folder for a test that needs it. Without it the test is skipped with the
    /// instruction, and fails under CI (`SystemTools.unavailable`).
    public static func requireDEAM(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        do {
            return try locateDEAM()
        } catch let missing as DEAMMissing {
            try SystemTools.unavailable(missing.message, file: file, line: line)
        }
    }

    /// The real dataset, loaded once per test process.
    private static let realDataset = Result { try DEAMDataset.load(from: try locateDEAM()) }

    /// The real dataset for a test that needs it: skipped (failed under CI) without DEAM, failed if
    /// DEAM is present but does not load.
    public static func requireRealDataset(file: StaticString = #filePath, line: UInt = #line) throws -> DEAMDataset {
        _ = try requireDEAM(file: file, line: line)
        do {
            return try realDataset.get()
        } catch {
            XCTFail("loading DEAM failed: \(error)", file: file, line: line)
            throw error
        }
    }

    /// A fresh temporary directory, removed when the test ends.
    public static func temporaryDirectory(for test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mood-data-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Writes `text` (generated fixture content) to `name` inside `directory` and returns its URL.
    @discardableResult
    public static func write(_ text: String, to name: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Asserts that `body` throws a `DataFileError` whose description contains every fragment.
    public static func assertDataError<T>(_ body: @autoclosure () throws -> T, contains fragments: [String],
                                   file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try body()
            XCTFail("expected a DataFileError containing \(fragments)", file: file, line: line)
        } catch let error as DataFileError {
            let message = error.description
            for fragment in fragments where !message.contains(fragment) {
                XCTFail("error '\(message)' does not contain '\(fragment)'", file: file, line: line)
            }
        } catch {
            XCTFail("expected a DataFileError, got \(type(of: error)): \(error)", file: file, line: line)
        }
    }

    /// The raw text fields of the line of `url` that starts with `prefix` (split on `separator`, no quoting).
    public static func rawFields(of url: URL, lineStartingWith prefix: String, separator: Character = ",") throws -> [String] {
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).first(where: { $0.hasPrefix(prefix) }) else {
            throw NSError(domain: "DataTestSupport", code: 1, userInfo: [NSLocalizedDescriptionKey: "no line starting with \(prefix) in \(url.path)"])
        }
        return line.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    }

    /// A generated, minimal DEAM-shaped folder with the given song ids (every file present, tiny values).
    /// Generated for tests; not DEAM data.
    public static func makeMiniDEAM(in directory: URL, songIDs: [Int] = [2, 3, 2001],
                             featureRowIDs: [Int]? = nil) throws -> URL {
        let names = DEAMFeatureNames.all
        let excerpt = songIDs.filter { $0 <= 2000 }
        let full = songIDs.filter { $0 > 2000 }
        var s1 = "song_id, valence_mean, valence_std, arousal_mean, arousal_std\r\n"
        for id in excerpt { s1 += "\(id),\(Double(id % 7) + 2),1.0,\(Double(id % 5) + 3),0.5\r\n" }
        var s2 = "song_id, valence_mean, valence_std, valence_ max_mean, valence_max_std, valence_min_mean, valence_min_std, arousal_mean, arousal_std, arousal_max_mean, arousal_max_std, arousal_min_mean, arousal_min_std\r\n"
        for id in full { s2 += "\(id),6.0,0.5,7.0,0.5,5.0,0.5,4.0,1.0,5.0,1.0,3.0,1.0\r\n" }
        try write(s1, to: DEAMDirectory.staticAnnotations2000, in: directory)
        try write(s2, to: DEAMDirectory.staticAnnotations2058, in: directory)
        for name in [DEAMDirectory.dynamicArousal, DEAMDirectory.dynamicValence] {
            var d = "song_id,sample_15000ms,sample_15500ms,sample_16000ms\n"
            for id in songIDs { d += "\(id),0.1,0.2\n" }
            try write(d, to: name, in: directory)
        }
        var m13 = "song_id,album,artist,title,Genre\n"
        for id in excerpt where id <= 1000 { m13 += "\(id),\"\t\(id).mp3\",\"Artist \(id)\t\",\"\tTitle \(id)\t\",\"\tBlues\t\"\n" }
        var m14 = "song_id,artist,album,title,Genre,,,\n"
        for id in excerpt where id > 1000 { m14 += "\(id),Artist \(id),Album,Title \(id),Rock,tag,,\n" }
        var m15 = "song_id,title,artist,album,Genre,,\n"
        for id in full { m15 += "\(id),Title \(id),Artist \(id),n/a,Rock,,\n" }
        try write(m13, to: DEAMDirectory.metadataFiles[0], in: directory)
        try write(m14, to: DEAMDirectory.metadataFiles[1], in: directory)
        try write(m15, to: DEAMDirectory.metadataFiles[2], in: directory)
        var f = "song_id," + names.joined(separator: ",") + "\n"
        for id in featureRowIDs ?? songIDs {
            f += "\(id)," + names.indices.map { "\(Double(id) + Double($0) / 100)" }.joined(separator: ",") + "\n"
        }
        try write(f, to: DEAMDirectory.featureTable, in: directory)
        return directory
    }
}
