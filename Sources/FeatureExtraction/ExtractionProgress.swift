import Foundation

/// Progress of a batch of extractions as one line of text with an estimate of
/// the time left (from the mean time per finished file so far). Thread-safe;
/// drawing it (and only on a terminal) is the caller's business.
public final class ExtractionProgress: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let start: Date
    private let lock = NSLock()
    private var lastLine = Date.distantPast

    public init(total: Int, label: String = "extracting", start: Date = Date()) {
        self.total = max(total, 1)
        self.label = label
        self.start = start
    }

    /// The line for `done` finished files at time `now`, or nil when the last
    /// line was made less than `minimumInterval` ago (the final one always is).
    public func line(done: Int, now: Date = Date(), minimumInterval: TimeInterval = 0.2) -> String? {
        lock.lock(); defer { lock.unlock() }
        guard done >= total || now.timeIntervalSince(lastLine) >= minimumInterval else { return nil }
        lastLine = now
        return Self.format(label: label, done: done, total: total, elapsed: now.timeIntervalSince(start))
    }

    /// `label [█████·····] 5/10 files, 0:12 elapsed, ETA 0:12`.
    public static func format(label: String, done: Int, total: Int, elapsed: TimeInterval) -> String {
        let total = max(total, 1), done = min(max(done, 0), total)
        let width = 24
        let filled = done * width / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let eta: String
        if done == 0 {
            eta = "ETA --:--"
        } else if done == total {
            eta = "done"
        } else {
            eta = "ETA " + clock(elapsed / Double(done) * Double(total - done))
        }
        return "\(label) [\(bar)] \(done)/\(total) files, \(clock(elapsed)) elapsed, \(eta)"
    }

    /// `m:ss`, or `h:mm:ss` from an hour.
    public static func clock(_ seconds: TimeInterval) -> String {
        let s = Int(max(0, seconds).rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
