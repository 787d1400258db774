import Foundation

/// Turns an audio file into a WAV that openSMILE's wave source reads: PCM or
/// float WAV is used as it is; anything else (MP3, FLAC, OGG, …) is converted
/// with `ffmpeg` when it is installed.
public struct AudioInput: Sendable {
    /// The `ffmpeg` executable, if one was found.
    public let ffmpegPath: String?

    /// Looks `ffmpeg` up on `PATH` unless a path is given.
    public init(ffmpegPath: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let ffmpegPath {
            self.ffmpegPath = ffmpegPath
        } else {
            self.ffmpegPath = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
                .map { String($0) + "/ffmpeg" }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
        }
    }

    /// File extensions treated as audio.
    public static let audioExtensions: Set<String> = ["wav", "wave", "mp3", "flac", "ogg", "oga", "opus", "m4a", "aac", "aif", "aiff", "wma"]

    /// Whether `url` names an audio file by its extension.
    public static func isAudioFile(_ url: URL) -> Bool {
        audioExtensions.contains(url.pathExtension.lowercased())
    }

    /// Whether the bytes start a RIFF/WAVE file with PCM (1), IEEE float (3)
    /// or extensible (0xFFFE) samples.
    public static func isReadableWAV(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 4096), header.count >= 22 else { return false }
        let bytes = [UInt8](header)
        guard bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x41, 0x56, 0x45] else { return false }
        // Walk the chunks to "fmt ".
        var offset = 12
        while offset + 8 <= bytes.count {
            let size = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
            if bytes[offset..<(offset + 4)] == [0x66, 0x6d, 0x74, 0x20], offset + 10 <= bytes.count {
                let format = Int(bytes[offset + 8]) | Int(bytes[offset + 9]) << 8
                return format == 1 || format == 3 || format == 0xFFFE
            }
            offset += 8 + size + (size & 1)
        }
        return false
    }

    /// A WAV openSMILE can read for `url`, and a cleanup to call when done
    /// (it deletes a temporary conversion).
    public func readableWAV(for url: URL) throws -> (wav: URL, cleanup: () -> Void) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw FeatureExtractionError.unreadableAudio(file: url.path, reason: "no such file")
        }
        if AudioInput.isReadableWAV(url) { return (url, {}) }
        guard let ffmpegPath else { throw FeatureExtractionError.ffmpegMissing(file: url.path) }
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("mood-\(UUID().uuidString).wav")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ffmpegPath)
        // 16-bit PCM at DEAM's 44.1 kHz; openSMILE mixes channels down itself.
        process.arguments = ["-nostdin", "-v", "error", "-y", "-i", url.path, "-vn", "-acodec", "pcm_s16le", "-ar", "44100", temporary.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw FeatureExtractionError.conversionFailed(file: url.path, reason: "\(error)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw FeatureExtractionError.conversionFailed(file: url.path, reason: text.isEmpty ? "exit \(process.terminationStatus)" : text)
        }
        return (temporary, { try? FileManager.default.removeItem(at: temporary) })
    }
}
