import Foundation
import DEAMData
import XCTest

/// Helpers shared by the data-loading tests.
public enum DataTestSupport {
    /// The real DEAM folder: $DEAM_DIR, else ../shared/data/deam beside the package.
    public static var deamDirectoryCandidate: URL {
        if let env = ProcessInfo.processInfo.environment["DEAM_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent("../shared/data/deam", isDirectory: true).standardizedFileURL
    }

    /// The real DEAM folder, or nil after recording a failure (tests that need DEAM must fail, not skip, without it).
    public static func requireDEAM(file: StaticString = #filePath, line: UInt = #line) -> URL? {
        let url = deamDirectoryCandidate
        let table = url.appendingPathComponent(DEAMDirectory.featureTable)
        guard FileManager.default.fileExists(atPath: table.path) else {
            XCTFail("DEAM data is missing: expected \(table.path). Set DEAM_DIR or put DEAM at ../shared/data/deam.", file: file, line: line)
            return nil
        }
        return url
    }

    /// The real dataset, loaded once per test process.
    public static let realDataset: Result<DEAMDataset, Error>? = {
        let url = deamDirectoryCandidate
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent(DEAMDirectory.featureTable).path) else { return nil }
        return Result { try DEAMDataset.load(from: url) }
    }()

    /// The real dataset or nil after recording a failure.
    public static func requireRealDataset(file: StaticString = #filePath, line: UInt = #line) -> DEAMDataset? {
        guard requireDEAM(file: file, line: line) != nil else { return nil }
        switch realDataset {
        case .success(let dataset)?: return dataset
        case .failure(let error)?: XCTFail("loading DEAM failed: \(error)", file: file, line: line); return nil
        case nil: XCTFail("DEAM data is missing", file: file, line: line); return nil
        }
    }

    /// A fresh temporary directory, removed when the test ends.
    public static func temporaryDirectory(for test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mood-data-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A DEAM-format per-frame feature file (the columns every model reads) with two frames,
    /// written to `name` in `directory`; another `variant` gives other values (another song).
    public static func frameFeatureFile(_ name: String = "song.csv", in directory: URL, variant: Int = 0) throws -> URL {
        let columns = DEAMFeatureNames.frameColumns
        var text = "frameTime;" + columns.joined(separator: ";") + "\n"
        for (frame, time) in ["0.0", "0.5"].enumerated() {
            text += time + ";" + columns.indices.map { String(1 + Double(($0 + frame + variant) % 7) / 10 + Double(variant) / 50) }
                .joined(separator: ";") + "\n"
        }
        return try write(text, to: name, in: directory)
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
