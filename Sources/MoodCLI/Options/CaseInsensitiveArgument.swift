import ArgumentParser
import MoodCore
import Recommender

/// An option value named by one of a fixed set of words, matched case-insensitively
/// (`--format JSON` is `--format json`), with those words offered by shell completion.
protocol CaseInsensitiveArgument: ExpressibleByArgument, RawRepresentable, CaseIterable where RawValue == String {}

extension CaseInsensitiveArgument {
    init?(argument: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(argument) == .orderedSame }) else {
            return nil
        }
        self = match
    }

    static var allValueStrings: [String] { allCases.map(\.rawValue) }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

/// Words that completion offers for mood options.
enum MoodWords {
    /// Everyday mood words (happy, chill, …), accepted wherever a sub-emotion or quadrant is.
    static let everyday: [String] = EverydayMood.words
    /// Quadrant names and Q1–Q4, then the everyday words.
    static let quadrants: [String] = Quadrant.allCases.map(\.name) + ["Q1", "Q2", "Q3", "Q4"] + everyday
    /// The twelve sub-emotion names, then the everyday words.
    static let subEmotions: [String] = SubEmotion.allCases.map(\.name) + everyday
    /// Everything `--target-mood` and `playlist --mood` accept: sub-emotions, quadrants and everyday words.
    static let moods: [String] = SubEmotion.allCases.map(\.name) + Quadrant.allCases.map(\.name) + ["Q1", "Q2", "Q3", "Q4"] + everyday
}

extension TrackOrigin: ExpressibleByArgument {
    /// `library`, `deam` or `all`, in any case.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}
