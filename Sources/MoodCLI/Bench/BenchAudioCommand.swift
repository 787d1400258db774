import ArgumentParser
import FeatureExtraction
import Foundation

/// `mood bench audio`: seconds of audio processed per second of wall time.
struct BenchAudio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio",
        abstract: "Measure feature extraction speed on generated audio, on one core and on all cores.")

    @Option(help: "Number of generated files.")
    var files: Int = 8

    @Option(help: "Seconds of audio per file.")
    var seconds: Double = 30

    @Option(name: .customLong("opensmile-lib"), help: "Path to libSMILEapi.so.")
    var openSMILELibrary: String?

    func run() throws {
        let library = try OpenSMILELibrary.locate(explicitPath: openSMILELibrary)
        let extractor = AudioFeatureExtractor(library: library, cacheDirectory: nil)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mood-bench-audio-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Generated signals: a chord with noise bursts, different per file.
        let sampleRate = 44_100
        var urls: [URL] = []
        for index in 0..<files {
            let n = Int(seconds * Double(sampleRate))
            var state = UInt64(index + 1)
            let samples: [Double] = (0..<n).map { i in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let t = Double(i) / Double(sampleRate)
                let noise = (Double(state >> 11) / Double(1 << 53) * 2 - 1) * 0.05
                return 0.2 * sin(2 * .pi * (220 + 20 * Double(index)) * t) + 0.1 * sin(2 * .pi * 330 * t) + noise
            }
            let url = folder.appendingPathComponent("bench-\(index).wav")
            try WAVFile.write(samples, sampleRate: sampleRate, to: url)
            urls.append(url)
        }
        let total = seconds * Double(files)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for parallelism in Array(Set([1, cores])).sorted() {
            let start = Date()
            let results = extractor.extractAll(urls, parallelism: parallelism)
            let elapsed = Date().timeIntervalSince(start)
            let failures = results.filter { if case .failure = $0 { return true } else { return false } }.count
            guard failures == 0 else { throw ValidationError("\(failures) of \(files) files failed") }
            print(String(format: "%d core%@: %.1f s of audio in %.2f s wall = %.1f× real time", parallelism, parallelism == 1 ? "" : "s", total, elapsed, total / elapsed))
        }
    }
}
