import Foundation

/// One stretch of a song that openSMILE analyses on its own.
public struct AudioExcerpt: Sendable, Hashable, CustomStringConvertible {
    /// Start in seconds from the beginning of the file.
    public var start: Double
    /// Length in seconds, or nil for "to the end of the file".
    public var seconds: Double?

    public init(start: Double, seconds: Double?) {
        self.start = start
        self.seconds = seconds
    }

    /// The whole file.
    public static let wholeFile = AudioExcerpt(start: 0, seconds: nil)

    public var isWholeFile: Bool { start == 0 && seconds == nil }

    public var description: String {
        guard let seconds else { return start == 0 ? "whole file" : String(format: "%.1f s–end", start) }
        return String(format: "%.1f–%.1f s", start, start + seconds)
    }
}

/// Which parts of a song are analysed.
///
/// DEAM's 2013 and 2014 songs (1,744 of its 1,802) are 45 s excerpts, and the
/// model learnt from the statistics of such excerpts: a song vector is the mean
/// over a clip's 1 s windows, and the mean over a whole 4-minute song (intro,
/// outro, quiet bridges, fades) is not distributed like a 45 s excerpt's. The
/// default policy therefore analyses a long song as DEAM would have: 45 s
/// excerpts from the middle of the song, each run through openSMILE on its own
/// (its own deltas and edge windows, like a DEAM clip), their windows pooled
/// into one feature file whose song vector is the mean of the excerpts'.
/// Songs of at most `wholeSongUpToSeconds` are analysed whole.
public struct AnalysisPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Number of excerpts of a long song; 0 analyses every song whole.
    public var excerptCount: Int
    /// Length of each excerpt (DEAM's clips are 45 s).
    public var excerptSeconds: Double
    /// Songs up to this length are analysed whole.
    public var wholeSongUpToSeconds: Double

    public init(excerptCount: Int, excerptSeconds: Double = 45, wholeSongUpToSeconds: Double = 60) {
        self.excerptCount = max(0, excerptCount)
        self.excerptSeconds = max(1, excerptSeconds)
        self.wholeSongUpToSeconds = max(wholeSongUpToSeconds, self.excerptSeconds)
    }

    /// DEAM-like: one 45 s excerpt from the middle of songs longer than 60 s.
    public static let deamExcerpt = AnalysisPolicy(excerptCount: 1)
    /// Every song analysed whole (slower, and statistics unlike DEAM's clips).
    public static let wholeSong = AnalysisPolicy(excerptCount: 0)
    /// The default.
    public static let `default` = deamExcerpt

    /// Whether every song is analysed whole.
    public var isWholeSong: Bool { excerptCount == 0 }

    /// The stretches analysed for a song of `duration` seconds (nil: unknown,
    /// analysed whole). Excerpts are centred at evenly spaced points of the
    /// song (one: its middle; two: its thirds; three: its quarters, …), moved
    /// inside the song when needed; a song too short for that many
    /// non-overlapping excerpts gets fewer.
    public func excerpts(forDuration duration: Double?) -> [AudioExcerpt] {
        guard excerptCount > 0, let duration, duration.isFinite, duration > wholeSongUpToSeconds else {
            return [.wholeFile]
        }
        let count = max(1, min(excerptCount, Int(duration / excerptSeconds)))
        return (1...count).map { k in
            let centre = duration * Double(k) / Double(count + 1)
            let start = min(max(0, centre - excerptSeconds / 2), duration - excerptSeconds)
            // Millisecond starts keep cache names and ffmpeg arguments stable.
            return AudioExcerpt(start: (start * 1000).rounded(.down) / 1000, seconds: excerptSeconds)
        }
    }

    /// A short, file-name-safe tag (part of the feature cache's key).
    public var tag: String {
        isWholeSong ? "whole" : "x\(excerptCount)-\(Int(excerptSeconds))s-over\(Int(wholeSongUpToSeconds))s"
    }

    public var description: String {
        isWholeSong ? "whole songs"
            : "\(excerptCount) × \(Int(excerptSeconds)) s excerpt\(excerptCount == 1 ? "" : "s") from the middle of songs longer than \(Int(wholeSongUpToSeconds)) s"
    }
}
