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
///
/// Folders are walked recursively as players do: symbolic links are followed (to files and to
/// folders), a folder reached twice — a link loop, or two links to one folder — is walked once, and
/// a file reached twice (by its device and inode) is taken once, under the first path found. Hidden
/// entries (names starting with ".") are skipped. What cannot be walked or taken is reported in
/// `problems`, never dropped silently: unreadable folders, dangling links, names that are not UTF-8.
public struct LibraryScan: Sendable {
    /// Audio and feature files, sorted by path.
    public var files: [URL]
    /// Other files seen and skipped.
    public var skipped: Int
    /// Paths given that do not exist, as given.
    public var missing: [String]
    /// Entries that could not be walked or taken, with the reason.
    public var problems: [LibrarySync.Failure]

    public init(files: [URL], skipped: Int, missing: [String], problems: [LibrarySync.Failure] = []) {
        self.files = files
        self.skipped = skipped
        self.missing = missing
        self.problems = problems
    }

    /// Audio and feature files under `paths` (folders recursively).
    public static func collect(_ paths: [String]) -> LibraryScan {
        var walk = Walk()
        for path in paths {
            let expanded = (path as NSString).expandingTildeInPath
            let absolute = URL(fileURLWithPath: expanded).standardizedFileURL.path
            switch FileStatus.of(absolute) {
            case .missing:
                if FileStatus.isLink(absolute) {
                    walk.problems.append(.init(path: absolute, reason: "a symbolic link to nothing (dangling)"))
                } else {
                    walk.missing.append(path)
                }
            case .unknown(let reason):
                walk.problems.append(.init(path: absolute, reason: reason))
            case .present(let info):
                if info.isDirectory { walk.folder(absolute, info) } else { walk.file(absolute, info) }
            }
        }
        return LibraryScan(files: walk.files.sorted { $0.path < $1.path }, skipped: walk.skipped, missing: walk.missing,
                           problems: walk.problems.sorted { $0.path < $1.path })
    }

    /// The state of one walk: what was found, and the folders and files already taken.
    private struct Walk {
        var files = [URL](), skipped = 0, missing = [String](), problems = [LibrarySync.Failure]()
        var folders = Set<FileStatus.Identity>(), taken = Set<FileStatus.Identity>()
        /// Bounds the depth of a walk (a loop is caught by identity long before; this guards the stack).
        static let maxDepth = 64

        mutating func file(_ path: String, _ info: FileStatus.Info) {
            guard info.isRegularFile else { return }
            let url = URL(fileURLWithPath: path)
            guard LibraryScan.isWanted(url) else { skipped += 1; return }
            if taken.insert(info.identity).inserted { files.append(url) }
        }

        mutating func folder(_ path: String, _ info: FileStatus.Info, depth: Int = 0) {
            guard folders.insert(info.identity).inserted else { return }
            guard depth < Walk.maxDepth else {
                problems.append(.init(path: path, reason: "folders nested more than \(Walk.maxDepth) deep are not walked"))
                return
            }
            let names: [[UInt8]]
            do { names = try FileStatus.entries(of: path) } catch {
                problems.append(.init(path: path, reason: "cannot read the folder: \(error)"))
                return
            }
            // In byte order, so that a folder or file reached by two paths is always taken under the same one.
            for bytes in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) where bytes.first != UInt8(ascii: ".") {
                guard let name = String(validating: bytes, as: UTF8.self) else {
                    let shown = String(decoding: bytes, as: UTF8.self)
                    problems.append(.init(path: path + "/" + shown, reason: "the name is not valid UTF-8 (rename the file to add it)"))
                    continue
                }
                let child = path == "/" ? "/" + name : path + "/" + name
                switch FileStatus.of(child) {
                case .present(let childInfo):
                    if childInfo.isDirectory { folder(child, childInfo, depth: depth + 1) } else { file(child, childInfo) }
                case .missing:
                    problems.append(.init(path: child, reason: "a symbolic link to nothing (dangling)"))
                case .unknown(let reason):
                    problems.append(.init(path: child, reason: reason))
                }
            }
        }
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
