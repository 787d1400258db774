import FeatureExtraction
import Foundation
import MoodEngine
#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error, with control characters from user-supplied text
/// (file names, titles) replaced as in `terminalSafe` — line feeds and tabs kept.
func printError(_ message: String) {
    let safe = message.split(separator: "\n", omittingEmptySubsequences: false).map { terminalSafe(String($0)) }.joined(separator: "\n")
    FileHandle.standardError.write(Data((safe + "\n").utf8))
}

/// A progress bar with elapsed time and ETA on standard error, drawn only when standard error
/// is a terminal (never into pipes, files or CI logs).
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private let lock = NSLock()
    private let start = Date()
    private var lastPercent = -1
    private var lastDrawn = Date.distantPast

    init(total: Int, label: String) {
        self.total = max(total, 1)
        self.label = label
        self.enabled = isatty(STDERR_FILENO) == 1
    }

    /// Shows `done` of `total`; cheap to call often (redraws when the percentage changes, or
    /// every half second so that the clock moves).
    func update(_ done: Int) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let done = min(max(done, 0), total)
        let percent = done * 100 / total
        let now = Date()
        guard percent != lastPercent || now.timeIntervalSince(lastDrawn) >= 0.5 else { return }
        lastPercent = percent
        lastDrawn = now
        let width = 24
        let filled = percent * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let elapsed = now.timeIntervalSince(start)
        let eta = done > 0 && done < total ? ", ETA " + ExtractionProgress.clock(elapsed * Double(total - done) / Double(done)) : ""
        let line = "\(label) [\(bar)] \(percent)% (\(done)/\(total)) \(ExtractionProgress.clock(elapsed))\(eta)"
        // Clear to the end of the line: a shorter line must not leave the tail of a longer one.
        FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
    }

    /// Ends the bar's line.
    func finish() {
        guard enabled, lastPercent >= 0 else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

/// One progress bar per phase of a multi-phase job, each started when its phase reports first
/// and ended when the next phase starts (or at `finish`).
final class PhaseBars<Phase: Hashable>: @unchecked Sendable {
    private let labels: [Phase: String]
    private let lock = NSLock()
    private var current: (phase: Phase, bar: ProgressBar)?

    init(labels: [Phase: String]) { self.labels = labels }

    func update(_ phase: Phase, _ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        if current?.phase != phase {
            current?.bar.finish()
            current = (phase, ProgressBar(total: total, label: labels[phase] ?? ""))
        }
        current?.bar.update(done)
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        current?.bar.finish()
        current = nil
    }
}
