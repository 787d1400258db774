import ArgumentParser
import FeatureExtraction
import Foundation

/// `mood extract AUDIO…`: DEAM-format feature files from the user's own audio.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Compute DEAM-compatible openSMILE features from audio files.",
        discussion: """
            Runs openSMILE's IS13_ComParE low-level descriptors (65 LLDs and their deltas; the \
            configuration DEAM's features come from) and summarises them over 1 s windows every \
            0.5 s, partial end windows included, as DEAM's features/<id>.csv files are. \
            Like DEAM's 45 s clips, a song longer than 60 s is analysed through a 45 s excerpt from \
            its middle (--excerpts N for more, --whole-song for all of it). Files are processed in \
            parallel (--jobs); a file that cannot be read is reported and skipped, and the exit \
            status is 2 if some failed (65 if all did). WAV is read directly; MP3, FLAC, OGG and others need ffmpeg. \
            openSMILE is found through --opensmile-lib, OPENSMILE_LIB, or an installed `opensmile` \
            Python package (pip install opensmile).
            """)

    @Argument(help: "Audio files (WAV; MP3/FLAC/OGG with ffmpeg).")
    var audio: [String]

    @Option(help: "Folder for the feature files (default: next to each audio file).")
    var out: String?

    @Option(name: .customLong("opensmile-lib"), help: "Path to libSMILEapi.so.")
    var openSMILELibrary: String?

    @OptionGroup var jobsOption: JobsOption

    /// Files processed at once.
    var jobs: Int { jobsOption.count }

    @OptionGroup var analysis: AnalysisOptions

    func validate() throws {
        try analysis.validate()
    }

    func run() throws {
        try reportingErrors(extract)
    }

    private func extract() throws {
        let library = try OpenSMILELibrary.locate(explicitPath: openSMILELibrary)
        let extractor = AudioFeatureExtractor(library: library, cacheDirectory: nil, policy: analysis.policy)
        let files = audio.map { URL(fileURLWithPath: $0) }
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        }
        let start = Date()
        let bar = ProgressBar(total: files.count, label: "extracting")
        let results = extractor.extractAll(files, parallelism: jobs) { done, _ in bar.update(done) }
        bar.finish()
        let elapsed = Date().timeIntervalSince(start)
        var failures = 0
        var music = 0.0
        for (file, result) in zip(files, results) {
            switch result {
            case .success(let features):
                music += features.duration ?? 0
                let folder = out.map { URL(fileURLWithPath: $0) } ?? file.deletingLastPathComponent()
                let target = folder.appendingPathComponent(file.deletingPathExtension().lastPathComponent + ".csv")
                do {
                    try features.frames.write(to: target)
                    let parts = features.excerpts.map(\.description).joined(separator: ", ")
                    print("\(file.path) -> \(target.path) (\(features.frames.frameTimes.count) frames; \(parts))")
                } catch {
                    failures += 1
                    printError("Error: \(errorMessage(error))")
                }
            case .failure(let error):
                failures += 1
                printError("skipped \(errorMessage(error))")
            }
        }
        printError(String(format: "%d of %d files in %.1f s: %.0f s of music, %.1f× real time (%@, %d job%@)",
                          files.count - failures, files.count, elapsed, music, music / max(elapsed, 1e-9),
                          analysis.policy.description, jobs, jobs == 1 ? "" : "s"))
        if failures > 0 {
            printError("\(failures) file\(failures == 1 ? "" : "s") failed")
            throw ExitCode(failures == files.count ? ExitStatus.badInput.rawValue : ExitStatus.partial.rawValue)
        }
    }
}

/// How much of each song is analysed: the DEAM-like excerpt policy or the whole song.
struct AnalysisOptions: ParsableArguments {
    @Flag(name: .customLong("whole-song"),
          help: "Analyse every song whole instead of DEAM-like 45 s excerpts (slower; statistics unlike DEAM's clips).")
    var wholeSong = false

    @Option(parsing: .unconditional, help: "45 s excerpts per song longer than 60 s, centred at evenly spaced points (1: the middle).")
    var excerpts: Int = AnalysisPolicy.default.excerptCount

    func validate() throws {
        guard excerpts >= 1 else { throw ValidationError("--excerpts must be at least 1 (use --whole-song for whole songs)") }
    }

    var policy: AnalysisPolicy {
        wholeSong ? .wholeSong : AnalysisPolicy(excerptCount: excerpts)
    }
}
