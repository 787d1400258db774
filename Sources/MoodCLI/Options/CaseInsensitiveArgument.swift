import ArgumentParser
import MoodCore

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
    /// Quadrant names and Q1–Q4.
    static let quadrants: [String] = Quadrant.allCases.map(\.name) + ["Q1", "Q2", "Q3", "Q4"]
    /// The twelve sub-emotion names.
    static let subEmotions: [String] = SubEmotion.allCases.map(\.name)
    /// Everything `--target-mood` accepts: sub-emotions and quadrants.
    static let moods: [String] = subEmotions + quadrants
}
