import Foundation
import MoodCore

/// Everyday mood words (happy, chill, sad, …) mapped to regions of the circumplex: an
/// angle range (0° pure pleasure, 90° pure excitement, as in docs/circumplex) and a least
/// intensity. A word is accepted wherever a sub-emotion or quadrant is: as a target it is
/// the middle of its range at intensity 0.6; as a sub-emotion or quadrant it is the sector
/// or quadrant of that point. The table is printed by `mood emotions` and in the README.
public struct EverydayMood: Equatable, Sendable {
    public let word: String
    /// Degrees, counter-clockwise from pure pleasure; `from < to` (may pass 360).
    public let from: Double, to: Double
    /// What the word means here.
    public let gloss: String

    /// Songs weaker than this lie too close to the neutral centre to carry a mood.
    public static let minIntensity = 0.1
    /// The intensity of the word's target point.
    public static let targetIntensity = 0.6

    public static let all: [EverydayMood] = [
        EverydayMood(word: "happy", from: 10, to: 60, gloss: "pleasant, lively"),
        EverydayMood(word: "upbeat", from: 30, to: 75, gloss: "pleasant and energetic"),
        EverydayMood(word: "excited", from: 55, to: 90, gloss: "aroused, pleasant"),
        EverydayMood(word: "energetic", from: 60, to: 110, gloss: "high arousal, any valence near neutral"),
        EverydayMood(word: "aggressive", from: 95, to: 135, gloss: "high arousal, unpleasant"),
        EverydayMood(word: "angry", from: 105, to: 150, gloss: "unpleasant, aroused"),
        EverydayMood(word: "tense", from: 120, to: 170, gloss: "unpleasant, restless"),
        EverydayMood(word: "gloomy", from: 190, to: 235, gloss: "unpleasant, subdued"),
        EverydayMood(word: "sad", from: 200, to: 250, gloss: "unpleasant, low energy"),
        EverydayMood(word: "melancholic", from: 215, to: 260, gloss: "wistful, low energy"),
        EverydayMood(word: "dreamy", from: 255, to: 295, gloss: "very calm, valence near neutral"),
        EverydayMood(word: "calm", from: 270, to: 315, gloss: "low arousal, mildly pleasant"),
        EverydayMood(word: "peaceful", from: 280, to: 320, gloss: "calm and pleasant"),
        EverydayMood(word: "chill", from: 295, to: 340, gloss: "relaxed, pleasant, unhurried"),
        EverydayMood(word: "relaxed", from: 300, to: 345, gloss: "pleasant, low arousal"),
    ]

    /// The word's mood, case-insensitively and ignoring surrounding white space (as sub-emotion
    /// and quadrant names are read).
    public init?(word: String) {
        let word = word.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let found = EverydayMood.all.first(where: { $0.word.caseInsensitiveCompare(word) == .orderedSame }) else { return nil }
        self = found
    }

    private init(word: String, from: Double, to: Double, gloss: String) {
        self.word = word
        self.from = from
        self.to = to
        self.gloss = gloss
    }

    /// The middle angle of the range.
    public var centreAngle: Double { ((from + to) / 2).truncatingRemainder(dividingBy: 360) }

    /// The target point: the middle angle at `targetIntensity`.
    public var centre: MoodPoint { MoodPoint(angle: centreAngle, intensity: EverydayMood.targetIntensity) }

    /// Whether `point` lies in the region.
    public func contains(_ point: MoodPoint) -> Bool {
        guard point.intensity >= EverydayMood.minIntensity else { return false }
        var angle = point.angle
        while angle < from { angle += 360 }
        return angle < to
    }

    /// The words, for messages and completion.
    public static var words: [String] { all.map(\.word) }
}
