import Foundation
import MoodIO

/// Writes 16-bit PCM WAV files (for generated audio in benchmarks and tests).
public enum WAVFile {
    /// Writes mono samples in [-1, 1] (clipped) as 16-bit PCM, atomically.
    public static func write(_ samples: [Double], sampleRate: Int, to url: URL) throws {
        var data = Data(capacity: 44 + samples.count * 2)
        func le32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func le16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); le32(UInt32(36 + samples.count * 2))
        data.append(contentsOf: Array("WAVE".utf8))
        data.append(contentsOf: Array("fmt ".utf8)); le32(16); le16(1); le16(1)
        le32(UInt32(sampleRate)); le32(UInt32(sampleRate * 2)); le16(2); le16(16)
        data.append(contentsOf: Array("data".utf8)); le32(UInt32(samples.count * 2))
        for s in samples { le16(UInt16(bitPattern: Int16((max(-1, min(1, s)) * 32767).rounded()))) }
        try AtomicFile.write(data, to: url)
    }
}
