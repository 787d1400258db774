import ArgumentParser
import FeatureExtraction
import Foundation

/// `mood extract AUDIO…`: DEAM-format feature files from the user's own audio.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute DEAM-compatible openSMILE features from audio files.",
        discussion: """
            Runs openSMILE's ComParE 2016 low-level descriptors (65 LLDs and their deltas) \
            and summarises them over 1 s windows every 0.5 s, as DEAM's features/<id>.csv files are. \
            WAV is read directly; MP3, FLAC, OGG and others need ffmpeg. openSMILE is found through \
            --opensmile-lib, OPENSMILE_LIB, or an installed `opensmile` Python package (pip install opensmile).
            """)

    @Argument(help: "Audio files (WAV; MP3/FLAC/OGG with ffmpeg).")
    var audio: [String]

    @Option(help: "Folder for the feature files (default: next to each audio file).")
    var out: String?

    @Option(name: .customLong("opensmile-lib"), help: "Path to libSMILEapi.so.")
    var openSMILELibrary: String?

    @Option(help: "Files processed at once (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        let library = try OpenSMILELibrary.locate(explicitPath: openSMILELibrary)
        let extractor = AudioFeatureExtractor(library: library, cacheDirectory: nil)
        let files = audio.map { URL(fileURLWithPath: $0) }
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        }
        let bar = ProgressBar(total: files.count, label: "extracting")
        let results = extractor.extractAll(files, parallelism: jobs) { done, _ in bar.update(done) }
        bar.finish()
        var failures = 0
        for (file, result) in zip(files, results) {
            switch result {
            case .success(let features):
                let folder = out.map { URL(fileURLWithPath: $0) } ?? file.deletingLastPathComponent()
                let target = folder.appendingPathComponent(file.deletingPathExtension().lastPathComponent + ".csv")
                do {
                    try features.frames.write(to: target)
                    print("\(file.path) -> \(target.path) (\(features.frames.frameTimes.count) frames)")
                } catch {
                    failures += 1
                    printError("Error: \(target.path): \(error)")
                }
            case .failure(let error):
                failures += 1
                printError("Error: \(error)")
            }
        }
        if failures > 0 { throw ExitCode(failures == files.count ? ExitStatus.badInput.rawValue : ExitStatus.partial.rawValue) }
    }
}
