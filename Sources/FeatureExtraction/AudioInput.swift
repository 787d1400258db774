import Foundation
import MoodIO
#if canImport(Glibc)
import Glibc
#endif

/// Turns an audio file into a WAV that openSMILE's wave source reads: PCM or
/// float WAV is used as it is; anything else (MP3, FLAC, OGG, …) is converted
/// with `ffmpeg` when it is installed.
public struct AudioInput: Sendable {
    /// The `ffmpeg` executable, if one was found.
    public let ffmpegPath: String?
    /// The `ffprobe` executable (ffmpeg's companion, for durations), if one was found.
    public let ffprobePath: String?

    /// Looks `ffmpeg` and `ffprobe` up on `PATH` unless paths are given
    /// (`ffprobe` defaults to the one beside a given `ffmpeg`).
    public init(ffmpegPath: String? = nil, ffprobePath: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        func find(_ name: String) -> String? {
            (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
                .map { String($0) + "/" + name }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        self.ffmpegPath = ffmpegPath ?? find("ffmpeg")
        if let ffprobePath {
            self.ffprobePath = ffprobePath
        } else if let ffmpegPath {
            let beside = URL(fileURLWithPath: ffmpegPath).deletingLastPathComponent().appendingPathComponent("ffprobe").path
            self.ffprobePath = FileManager.default.isExecutableFile(atPath: beside) ? beside : find("ffprobe")
        } else {
            self.ffprobePath = find("ffprobe")
        }
    }

    /// File extensions treated as audio.
    public static let audioExtensions: Set<String> = ["wav", "wave", "mp3", "flac", "ogg", "oga", "opus", "m4a", "aac", "aif", "aiff", "wma"]

    /// Files smaller than this are refused without starting a tool: no audio file mood reads
    /// holds a second of sound in fewer bytes (a WAV header alone is 44), and starting ffprobe
    /// for each of 1000 empty files took 71 s.
    public static let minimumAudioBytes = 64

    /// Checks that `url` is a readable file big enough to hold audio, before any tool runs.
    /// - Throws: `FeatureExtractionError.unreadableAudio` naming the file and the reason in plain
    ///   words: no such file, a folder, empty, too small, or not readable.
    public static func checkFile(_ url: URL) throws {
        func refuse(_ reason: String) -> FeatureExtractionError { .unreadableAudio(file: url.path, reason: reason) }
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw refuse(errno == ENOENT || errno == ENOTDIR ? "no such file" : SystemErrorText.errnoText(errno))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw refuse("it is a folder, not an audio file") }
        if info.st_size == 0 { throw refuse("the file is empty (0 bytes)") }
        if (info.st_mode & S_IFMT) == S_IFREG, info.st_size < minimumAudioBytes {
            throw refuse("\(info.st_size) bytes is too small to hold audio")
        }
        guard access(url.path, R_OK) == 0 else { throw refuse(SystemErrorText.errnoText(errno)) }
    }

    /// A tool's standard error as one line for a message: its lines joined with "; ", each without
    /// the file name the tool put in front (the message names the file itself), cut to 300 characters.
    static func toolMessage(_ data: Data, file: String) -> String {
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map { line -> String in
            let text = line.trimmingCharacters(in: .whitespaces)
            return text.hasPrefix(file + ": ") ? String(text.dropFirst(file.count + 2)) : text
        }.filter { !$0.isEmpty }
        return MessageText.excerpt(lines.joined(separator: "; "), limit: 300)
    }

    /// Whether `url` names an audio file by its extension.
    public static func isAudioFile(_ url: URL) -> Bool {
        audioExtensions.contains(url.pathExtension.lowercased())
    }

    /// The format of a WAV file from its header: sample format, bytes per
    /// second and the size of its `data` chunk.
    struct WAVHeader {
        var format: Int
        var byteRate: Int
        var dataBytes: Int?
        var readable: Bool { format == 1 || format == 3 || format == 0xFFFE }
    }

    static func wavHeader(_ url: URL) -> WAVHeader? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 4096), header.count >= 22 else { return nil }
        let bytes = [UInt8](header)
        guard bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x41, 0x56, 0x45] else { return nil }
        func le(_ offset: Int, _ count: Int) -> Int {
            (0..<count).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        // Walk the chunks: "fmt " then "data".
        var offset = 12
        var result: WAVHeader?
        while offset + 8 <= bytes.count {
            let size = le(offset + 4, 4)
            let id = bytes[offset..<(offset + 4)]
            if id == [0x66, 0x6d, 0x74, 0x20], offset + 20 <= bytes.count {
                result = WAVHeader(format: le(offset + 8, 2), byteRate: le(offset + 16, 4), dataBytes: nil)
            } else if id == [0x64, 0x61, 0x74, 0x61] {
                result?.dataBytes = size
                break
            }
            offset += 8 + size + (size & 1)
        }
        return result
    }

    /// Whether the bytes start a RIFF/WAVE file with PCM (1), IEEE float (3)
    /// or extensible (0xFFFE) samples.
    public static func isReadableWAV(_ url: URL) -> Bool {
        wavHeader(url)?.readable ?? false
    }

    /// The length of the audio in seconds: from the header of a WAV file,
    /// otherwise from `ffprobe`; nil when neither can tell (the file is then
    /// analysed whole).
    /// - Throws: `FeatureExtractionError.unreadableAudio` naming the file when
    ///   it is missing or `ffprobe` finds no audio in it.
    public func duration(of url: URL) throws -> Double? {
        try AudioInput.checkFile(url)
        if let header = AudioInput.wavHeader(url), header.readable {
            guard let data = header.dataBytes, header.byteRate > 0 else { return nil }
            // A streamed WAV may carry a 0 or 0xFFFFFFFF placeholder size.
            if data == 0 || data == 0xFFFF_FFFF { return nil }
            return Double(data) / Double(header.byteRate)
        }
        guard let ffprobePath else { return nil }
        let (status, output, errors) = try Self.runTool(ffprobePath, [
            "-v", "error", "-select_streams", "a:0", "-show_entries", "format=duration:stream=codec_type",
            "-of", "default=noprint_wrappers=1", url.path,
        ], file: url.path)
        let text = String(decoding: output, as: UTF8.self)
        guard status == 0, text.contains("codec_type=audio") else {
            let message = AudioInput.toolMessage(errors, file: url.path)
            throw FeatureExtractionError.unreadableAudio(
                file: url.path, reason: message.isEmpty ? "no audio stream found (ffprobe exit \(status))" : message)
        }
        let value = text.split(separator: "\n").first { $0.hasPrefix("duration=") }
            .flatMap { Double($0.dropFirst("duration=".count)) }
        return value.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
    }

    /// Runs a tool and returns its exit status, standard output and standard error.
    static func runTool(_ executable: String, _ arguments: [String], file: String) throws -> (Int32, Data, Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw FeatureExtractionError.conversionFailed(file: file, reason: "cannot run \(executable): \(error)")
        }
        // Read standard error on another thread so neither pipe can fill up and block the tool.
        let errorData = ErrorReader(errors.fileHandleForReading)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, outputData, errorData.wait())
    }

    /// A WAV openSMILE can read for `url` (or for one excerpt of it), and a
    /// cleanup to call when done (it deletes a temporary conversion). A WAV file
    /// analysed whole is used as it is; anything else is decoded by ffmpeg,
    /// which seeks to an excerpt and decodes only it (`-ss`/`-t` before `-i`).
    public func readableWAV(for url: URL, excerpt: AudioExcerpt = .wholeFile) throws -> (wav: URL, cleanup: () -> Void) {
        try AudioInput.checkFile(url)
        if excerpt.isWholeFile, AudioInput.isReadableWAV(url) { return (url, {}) }
        guard let ffmpegPath else { throw FeatureExtractionError.ffmpegMissing(file: url.path) }
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("mood-\(UUID().uuidString).wav")
        var arguments = ["-nostdin", "-v", "error", "-y"]
        if !excerpt.isWholeFile {
            arguments += ["-ss", String(format: "%.3f", excerpt.start)]
            if let seconds = excerpt.seconds { arguments += ["-t", String(format: "%.3f", seconds)] }
        }
        // 16-bit PCM at DEAM's 44.1 kHz; openSMILE mixes channels down itself.
        arguments += ["-i", url.path, "-vn", "-acodec", "pcm_s16le", "-ar", "44100", temporary.path]
        let (status, _, message) = try Self.runTool(ffmpegPath, arguments, file: url.path)
        guard status == 0, AudioInput.isReadableWAV(temporary) else {
            try? FileManager.default.removeItem(at: temporary)
            let text = AudioInput.toolMessage(message, file: url.path)
            throw FeatureExtractionError.conversionFailed(file: url.path, reason: text.isEmpty ? "exit \(status)" : text)
        }
        return (temporary, { try? FileManager.default.removeItem(at: temporary) })
    }
}

/// Reads a pipe to its end on a background thread.
private final class ErrorReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)
    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }
    func wait() -> Data {
        done.wait()
        return data
    }
}
