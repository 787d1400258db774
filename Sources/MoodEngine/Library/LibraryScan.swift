import DEAMData
import FeatureExtraction
import Foundation
import MoodIO
import Recommender
#if canImport(Glibc)
import Glibc
#endif

/// A file's size and modification time (what a re-scan compares).
public struct FileStamp: Equatable, Sendable {
    public var size: Int64
    public var modified: Double

    public init(size: Int64, modified: Double) {
        self.size = size
        self.modified = modified
    }

    /// The stamp of the file at `path`; nil when it cannot be read.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }
}

/// The files a library sync looks at: audio and feature files under the paths given.
public struct LibraryScan: Sendable {
    /// Audio and feature files, sorted by path.
    public var files: [URL]
    /// Other files seen and skipped.
    public var skipped: Int
    /// Paths given that do not exist, as given.
    public var missing: [String]

    public init(files: [URL], skipped: Int, missing: [String]) {
        self.files = files
        self.skipped = skipped
        self.missing = missing
    }

    /// Audio and feature files under `paths` (folders recursively, hidden entries skipped).
    public static func collect(_ paths: [String]) -> LibraryScan {
        var files = Set<URL>(), skipped = 0, missing = [String]()
        func take(_ url: URL) {
            if isWanted(url) { files.insert(url) } else { skipped += 1 }
        }
        for path in paths {
            let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { missing.append(path); continue }
            guard isDirectory.boolValue else { take(url); continue }
            let keys: [URLResourceKey] = [.isRegularFileKey]
            guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles]) else { continue }
            for case let file as URL in walker {
                guard (try? file.resourceValues(forKeys: Set(keys)).isRegularFile) == true else { continue }
                take(file.standardizedFileURL)
            }
        }
        return LibraryScan(files: files.sorted { $0.path < $1.path }, skipped: skipped, missing: missing)
    }

    /// Audio by extension, or a `.csv` feature file.
    public static func isWanted(_ url: URL) -> Bool {
        AudioInput.isAudioFile(url) || url.pathExtension.lowercased() == "csv"
    }

    /// SHA-256 of each file (nil where unreadable), `parallelism` at a time; `progress` gets the count done.
    static func hashAll(_ urls: [URL], parallelism: Int, progress: @escaping @Sendable (Int) -> Void = { _ in }) -> [String?] {
        let slots = ConcurrentSlots<String?>(count: urls.count, initial: nil)
        let workers = max(1, min(parallelism, urls.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < urls.count {
                progress(slots.set(index, try? SHA256.hex(ofFileAt: urls[index])))
                index += workers
            }
        }
        return slots.values
    }

    /// What one file's analysis gives: its song-level features, content hash and kind.
    typealias Analysed = (vector: SongFeatureVector, hash: String, source: TrackSource)

    /// The song-level features of each file: audio through `extractor.extractAll` (on
    /// `parallelism` cores), feature files read directly.
    static func features(of urls: [URL], extractor: AudioFeatureExtractor?, parallelism: Int,
                         progress: @escaping @Sendable (Int, Int) -> Void) -> [Result<Analysed, Error>] {
        var results = [Result<Analysed, Error>?](repeating: nil, count: urls.count)
        let audio = urls.indices.filter { AudioInput.isAudioFile(urls[$0]) }
        let others = urls.indices.filter { !AudioInput.isAudioFile(urls[$0]) }
        for (n, index) in others.enumerated() {
            results[index] = Result {
                (try FrameFeatureFile.songVector(contentsOf: urls[index]), try SHA256.hex(ofFileAt: urls[index]), .featureFile)
            }
            progress(n + 1, urls.count)
        }
        if let extractor, !audio.isEmpty {
            let base = others.count
            let extracted = extractor.extractAll(audio.map { urls[$0] }, parallelism: parallelism) { done, _ in progress(base + done, urls.count) }
            for (index, result) in zip(audio, extracted) {
                results[index] = result.map { ($0.songVector, $0.contentHash, .audio) }
            }
        }
        return results.map { $0 ?? .failure(FeatureExtractionError.unreadableAudio(file: "", reason: "not analysed")) }
    }
}

/// Results written by worker threads, one slot each.
final class ConcurrentSlots<T>: @unchecked Sendable {
    private var storage: [T]
    private let lock = NSLock()
    private var filled = 0
    init(count: Int, initial: T) { storage = Array(repeating: initial, count: count) }
    /// Stores a value; returns how many have been stored so far.
    @discardableResult
    func set(_ index: Int, _ value: T) -> Int {
        lock.lock(); defer { lock.unlock() }
        storage[index] = value
        filled += 1
        return filled
    }
    var values: [T] {
        lock.lock(); defer { lock.unlock() }
        return storage
    }
}
