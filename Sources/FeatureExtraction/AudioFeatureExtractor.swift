import Foundation
import MoodIO
import DEAMData
import MoodCore
import Numerics

/// The features of one audio file in DEAM's layout.
public struct ExtractedFeatures: Sendable {
    /// The audio file.
    public var source: URL
    /// SHA-256 of the audio file's bytes (the cache key).
    public var contentHash: String
    /// The per-window features (DEAM's per-frame file layout); with excerpts,
    /// the windows of every excerpt, each at its time in the song.
    public var frames: FrameFeatureFile
    /// Whether they came from the cache rather than a fresh run of openSMILE.
    public var fromCache: Bool
    /// The length of the file's audio in seconds, when it could be told.
    public var duration: Double?
    /// The stretches analysed (`[.wholeFile]` for a whole song).
    public var excerpts: [AudioExcerpt]
    /// The policy that chose them.
    public var policy: AnalysisPolicy

    /// The 130-value song vector, as for DEAM's own files (with excerpts: the
    /// mean over all their windows, i.e. the mean of the excerpts' vectors).
    public var songVector: SongFeatureVector { frames.songVector }

    /// Seconds of audio analysed by openSMILE.
    public var analysedSeconds: Double {
        excerpts.reduce(0) { $0 + ($1.seconds ?? (duration ?? Double(frames.frameTimes.count) * DEAMWindowing.hopSeconds)) }
    }
}

/// Extracts DEAM-compatible features from audio files with openSMILE, caching
/// them by content hash so that a re-run is instant.
public struct AudioFeatureExtractor: Sendable {
    /// Runs openSMILE.
    public let extractor: OpenSMILEExtractor
    /// Converts non-WAV input.
    public let input: AudioInput
    /// Where cached feature files live, or nil for no cache.
    public let cacheDirectory: URL?
    /// Which parts of a song are analysed (default: DEAM-like 45 s excerpt of long songs).
    public let policy: AnalysisPolicy

    public init(library: OpenSMILELibrary, input: AudioInput = AudioInput(), cacheDirectory: URL?,
                policy: AnalysisPolicy = .default) {
        self.extractor = OpenSMILEExtractor(library: library)
        self.input = input
        self.cacheDirectory = cacheDirectory
        self.policy = policy
    }

    /// The name of a cached feature file: content hash, feature set and what
    /// was analysed (`whole` when the whole file was, whatever the policy), so
    /// that features from another configuration or policy are never reused.
    public func cacheFileName(hash: String, excerpts: [AudioExcerpt]) -> String {
        let analysed = excerpts == [.wholeFile] ? AnalysisPolicy.wholeSong.tag : policy.tag
        return "\(hash).is13.\(analysed).csv"
    }

    /// Features of one file: from the cache when its content was seen before.
    /// - Throws: `FeatureExtractionError` naming the file (missing, unreadable
    ///   or corrupt audio, too short, openSMILE failure); never crashes on bad input.
    public func extract(_ audio: URL) throws -> ExtractedFeatures {
        // Missing, empty, tiny and unreadable files are refused before any tool starts.
        try AudioInput.checkFile(audio)
        let hash: String
        do { hash = try SHA256.hex(ofFileAt: audio) } catch {
            throw FeatureExtractionError.unreadableAudio(file: audio.path, reason: SystemErrorText.reason(error))
        }
        let duration = try input.duration(of: audio)
        // Excerpts are cut by ffmpeg; without it a WAV file is analysed whole.
        let excerpts = input.ffmpegPath == nil ? [.wholeFile] : policy.excerpts(forDuration: duration)
        if let cached = cachedFrames(fileName: cacheFileName(hash: hash, excerpts: excerpts)) {
            return ExtractedFeatures(source: audio, contentHash: hash, frames: cached, fromCache: true,
                                     duration: duration, excerpts: excerpts, policy: policy)
        }
        var parts: [FrameFeatureFile] = []
        var analysed = 0.0
        for excerpt in excerpts {
            let (wav, cleanup) = try input.readableWAV(for: audio, excerpt: excerpt)
            defer { cleanup() }
            let lld = try extractor.lowLevelDescriptors(ofWAV: wav, reportingAs: audio.path)
            analysed += Double(lld.frameCount) * lld.frameStep
            let part = try DEAMWindowing.frames(from: lld, file: audio.path, timeOffset: excerpt.start)
            if !part.frameTimes.isEmpty { parts.append(part) }
        }
        guard !parts.isEmpty else {
            throw FeatureExtractionError.tooShort(file: audio.path, seconds: analysed)
        }
        let frames = try Self.concatenate(parts, file: audio.path)
        if let cacheDirectory {
            // A failed cache write only costs a re-extraction later.
            try? FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
            try? frames.write(to: cacheDirectory.appendingPathComponent(cacheFileName(hash: hash, excerpts: excerpts)))
        }
        return ExtractedFeatures(source: audio, contentHash: hash, frames: frames, fromCache: false,
                                 duration: duration, excerpts: excerpts, policy: policy)
    }

    /// The windows of several excerpts, one after another.
    static func concatenate(_ parts: [FrameFeatureFile], file: String) throws -> FrameFeatureFile {
        if parts.count == 1 { return parts[0] }
        let width = parts[0].amean.columns
        let rows = parts.reduce(0) { $0 + $1.frameTimes.count }
        var amean = Matrix(rows: rows, columns: width), stddev = Matrix(rows: rows, columns: width)
        var row = 0
        for part in parts {
            for r in 0..<part.frameTimes.count {
                for c in 0..<width {
                    amean[row, c] = part.amean[r, c]
                    stddev[row, c] = part.stddev[r, c]
                }
                row += 1
            }
        }
        do {
            return try FrameFeatureFile(frameTimes: parts.flatMap(\.frameTimes), amean: amean, stddev: stddev)
        } catch {
            throw FeatureExtractionError.openSMILEFailed(file: file, stage: "joining excerpts", code: -1, message: "\(error)")
        }
    }

    /// Features of many files, `parallelism` at a time (one openSMILE run per
    /// worker; ffmpeg decodes beside it); results keep the input order and a
    /// failed file is a `.failure` naming it, the others go on. `progress` is
    /// called (from worker threads, serialised) after each file.
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

    private func cachedFrames(fileName: String) -> FrameFeatureFile? {
        guard let cacheDirectory else { return nil }
        return try? FrameFeatureFile.read(contentsOf: cacheDirectory.appendingPathComponent(fileName))
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
