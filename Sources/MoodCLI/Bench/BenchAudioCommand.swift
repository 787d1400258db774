import ArgumentParser
import FeatureExtraction
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `mood bench audio`: seconds of real music analysed per second of wall time,
/// on one core and on all cores, with the default excerpt policy (and, with
/// `--compare-whole`, whole-song analysis too).
struct BenchAudio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio",
        abstract: "Measure feature extraction speed on real music, on one core and on all cores.",
        discussion: """
            Uses the audio files of the given folders (recursively), by default the free game music \
            Debian packages that .ci/run installs (singularity-music, planetblupi-music-ogg, asc-music, \
            hyperrogue-music). Reports seconds of music per second of wall time and per second of CPU \
            time (this process and its ffmpeg/ffprobe children), so a loaded machine can be told apart.
            """)

    /// Folders of free music that Debian packages install (see `.ci/run`).
    static let debianMusicFolders = [
        "/usr/share/games/singularity/music",
        "/usr/share/games/asc/music",
        "/usr/share/hyperrogue/music",
        "/usr/share/planetblupi/music",
    ]

    @Option(name: .customLong("folder"), help: "Folder of music (repeatable; default: Debian's game music folders).")
    var folders: [String] = []

    @Option(help: "Use at most this many files (sorted by path; 0: all).")
    var limit: Int = 16

    @Option(help: "Skip files longer than this many seconds (planetblupi's 10–30 minute medleys are not songs; 0: no limit).")
    var maxSeconds: Double = 900

    @Flag(help: "Also measure whole-song analysis (slow).")
    var compareWhole = false

    @Option(name: .customLong("opensmile-lib"), help: "Path to libSMILEapi.so.")
    var openSMILELibrary: String?

    @OptionGroup var analysis: AnalysisOptions

    func run() throws {
        let library = try OpenSMILELibrary.locate(explicitPath: openSMILELibrary)
        let input = AudioInput()
        let roots = folders.isEmpty ? Self.debianMusicFolders.filter { FileManager.default.fileExists(atPath: $0) } : folders
        var files = roots.flatMap { Self.audioFiles(under: URL(fileURLWithPath: $0)) }
        var durations: [URL: Double] = [:]
        for file in files { durations[file] = (try? input.duration(of: file)) ?? nil }
        if maxSeconds > 0 { files = files.filter { (durations[$0] ?? 0) <= maxSeconds } }
        if limit > 0 { files = Array(files.prefix(limit)) }
        guard !files.isEmpty else {
            throw ValidationError("no music found in \(roots.joined(separator: ", ")); install Debian's singularity-music (see .ci/run) or pass --folder")
        }
        let music = files.reduce(0) { $0 + (durations[$1] ?? 0) }
        print(String(format: "%d files, %.0f s of music (%.1f min) from %@", files.count, music, music / 60, roots.joined(separator: ", ")))
        print(String(format: "load average before: %@", Self.loadAverage()))
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var policies = [analysis.policy]
        if compareWhole && !analysis.policy.isWholeSong { policies.append(.wholeSong) }
        for policy in policies {
            let extractor = AudioFeatureExtractor(library: library, input: input, cacheDirectory: nil, policy: policy)
            for parallelism in Array(Set([1, cores])).sorted() {
                let cpuBefore = Self.cpuSeconds()
                let start = Date()
                let results = extractor.extractAll(files, parallelism: parallelism)
                let elapsed = Date().timeIntervalSince(start)
                let cpu = Self.cpuSeconds() - cpuBefore
                let failures = results.filter { if case .failure = $0 { return true } else { return false } }
                for case .failure(let error) in failures { printError("failed: \(error)") }
                print(String(format: "%@, %d job%@: %.0f s of music in %.1f s wall = %.1f× real time; %.1f s CPU = %.1f s of music per CPU second; load %@",
                             policy.description, parallelism, parallelism == 1 ? "" : "s", music, elapsed, music / elapsed,
                             cpu, music / max(cpu, 1e-9), Self.loadAverage()))
            }
        }
    }

    /// Audio files under `folder`, recursively, sorted by path.
    static func audioFiles(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter(AudioInput.isAudioFile).sorted { $0.path < $1.path }
    }

    /// User + system CPU seconds of this process and its finished children.
    static func cpuSeconds() -> Double {
        var total = 0.0
        for who in [RUSAGE_SELF, RUSAGE_CHILDREN] {
            var usage = rusage()
            getrusage(__rusage_who_t(who.rawValue), &usage)
            total += Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
                + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        }
        return total
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))
            .map { $0.split(separator: " ").prefix(3).joined(separator: " ") } ?? "?"
    }
}
