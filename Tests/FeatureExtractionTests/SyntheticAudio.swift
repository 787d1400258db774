import Foundation
import FeatureExtraction

/// Generated test audio (nothing here comes from DEAM): tones, noise and
/// chords written as 16-bit PCM WAV files.
enum SyntheticAudio {
    static let sampleRate = 44_100

    /// Writes mono 16-bit PCM samples (clipped to [-1, 1]) as a WAV file.
    static func writeWAV(_ samples: [Double], to url: URL, sampleRate: Int = sampleRate) throws {
        try WAVFile.write(samples, sampleRate: sampleRate, to: url)
    }

    /// A sine tone.
    static func tone(frequency: Double, amplitude: Double, seconds: Double) -> [Double] {
        let n = Int(seconds * Double(sampleRate))
        return (0..<n).map { amplitude * sin(2 * .pi * frequency * Double($0) / Double(sampleRate)) }
    }

    /// Seeded white noise.
    static func noise(amplitude: Double, seconds: Double, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<Int(seconds * Double(sampleRate))).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return amplitude * (Double(state >> 11) / Double(1 << 53) * 2 - 1)
        }
    }

    /// A loud, fast, bright signal: short bursts of a high chord with noise, 4 per second.
    static func energetic(seconds: Double) -> [Double] {
        let chord = zip(zip(tone(frequency: 1760, amplitude: 0.3, seconds: seconds), tone(frequency: 2217, amplitude: 0.25, seconds: seconds)).map(+),
                        noise(amplitude: 0.25, seconds: seconds, seed: 7)).map(+)
        return chord.enumerated().map { i, s in
            let t = Double(i) / Double(sampleRate)
            return t.truncatingRemainder(dividingBy: 0.25) < 0.12 ? s : s * 0.1
        }
    }

    /// A quiet, slow, dark signal: a soft low chord swelling once every 4 s.
    static func gentle(seconds: Double) -> [Double] {
        let chord = zip(tone(frequency: 110, amplitude: 0.05, seconds: seconds), tone(frequency: 164.8, amplitude: 0.04, seconds: seconds)).map(+)
        return chord.enumerated().map { i, s in
            let t = Double(i) / Double(sampleRate)
            return s * (0.6 + 0.4 * sin(2 * .pi * t / 4))
        }
    }
}
