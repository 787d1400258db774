import Foundation
import MoodIO
import DEAMData
import MoodCore

/// The features of one audio file in DEAM's layout.
public struct ExtractedFeatures: Sendable {
    /// The audio file.
    public var source: URL
    /// SHA-256 of the audio file's bytes (the cache key).
    public var contentHash: String
    /// The per-window features (DEAM's per-frame file layout).
    public var frames: FrameFeatureFile
    /// Whether they came from the cache rather than a fresh run of openSMILE.
    public var fromCache: Bool

    /// The 130-value song vector, as for DEAM's own files.
    public var songVector: SongFeatureVector { frames.songVector }
}

/// Extracts DEAM-compatible features from audio files with openSMILE, caching
/// them by content hash so that a re-run is instant.
public struct AudioFeatureExtractor: Sendable {
    /// Runs openSMILE.
    public let extractor: OpenSMILEExtractor
    /// Converts non-WAV input.
    public let input: AudioInput
    /// Where cached feature files live (`<sha256>.csv`), or nil for no cache.
    public let cacheDirectory: URL?

    public init(library: OpenSMILELibrary, input: AudioInput = AudioInput(), cacheDirectory: URL?) {
        self.extractor = OpenSMILEExtractor(library: library)
        self.input = input
        self.cacheDirectory = cacheDirectory
    }

    /// Features of one file: from the cache when its content was seen before.
    public func extract(_ audio: URL) throws -> ExtractedFeatures {
        guard FileManager.default.fileExists(atPath: audio.path) else {
            throw FeatureExtractionError.unreadableAudio(file: audio.path, reason: "no such file")
        }
        let hash: String
        do { hash = try SHA256.hex(ofFileAt: audio) } catch {
            throw FeatureExtractionError.unreadableAudio(file: audio.path, reason: "\(error)")
        }
        if let cached = cachedFrames(hash: hash) {
            return ExtractedFeatures(source: audio, contentHash: hash, frames: cached, fromCache: true)
        }
        let (wav, cleanup) = try input.readableWAV(for: audio)
        defer { cleanup() }
        let lld = try extractor.lowLevelDescriptors(ofWAV: wav)
        let frames = try DEAMWindowing.frames(from: lld, file: audio.path)
        guard !frames.frameTimes.isEmpty else {
            throw FeatureExtractionError.tooShort(file: audio.path, seconds: Double(lld.frameCount) * lld.frameStep)
        }
        if let cacheDirectory {
            // A failed cache write only costs a re-extraction later.
            try? FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
            try? frames.write(to: cacheDirectory.appendingPathComponent(hash + ".csv"))
        }
        return ExtractedFeatures(source: audio, contentHash: hash, frames: frames, fromCache: false)
    }

    /// Features of many files, `parallelism` at a time; results keep the input
    /// order. `progress` is called (from worker threads, serialised) after each file.
    public func extractAll(_ files: [URL], parallelism: Int = ProcessInfo.processInfo.activeProcessorCount,
                           progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) -> [Result<ExtractedFeatures, Error>] {
        let results = ResultSlots(count: files.count)
        let workers = max(1, min(parallelism, files.count))
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take(below: files.count) {
                let result = Result { try extract(files[index]) }
                let done = results.set(index, result)
                progress?(done, files.count)
            }
        }
        return results.values
    }

    private func cachedFrames(hash: String) -> FrameFeatureFile? {
        guard let cacheDirectory else { return nil }
        return try? FrameFeatureFile.read(contentsOf: cacheDirectory.appendingPathComponent(hash + ".csv"))
    }
}

/// Hands out indices to worker threads.
private final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

/// Results written by worker threads.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<ExtractedFeatures, Error>?]
    private var done = 0
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: Result<ExtractedFeatures, Error>) -> Int {
        lock.lock(); defer { lock.unlock() }
        slots[index] = result
        done += 1
        return done
    }
    var values: [Result<ExtractedFeatures, Error>] { slots.map { $0! } }
}
