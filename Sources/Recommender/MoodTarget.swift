import Foundation
import MoodCore
import MoodIO

/// Errors from naming or parsing a mood on the command line.
public enum MoodTargetError: Error, CustomStringConvertible, Equatable {
    /// Not a sub-emotion or quadrant name.
    case unknownMood(String)
    /// Not a sub-emotion name.
    case unknownSubEmotion(String)
    /// Not a quadrant name.
    case unknownQuadrant(String)
    /// A `V,A` pair that does not parse or lies outside the 1–9 scale.
    case invalidPoint(String, reason: String)

    public var description: String {
        switch self {
        case .unknownMood(let name):
            return "unknown mood \(MessageText.quoted(name)). Valid sub-emotions: \(SubEmotion.allNames.joined(separator: ", ")); quadrants: \(Quadrant.allCases.map(\.name).joined(separator: ", ")) (or Q1–Q4); everyday words: \(EverydayMood.words.joined(separator: ", "))"
        case .unknownSubEmotion(let name):
            return "unknown sub-emotion \(MessageText.quoted(name)). Valid sub-emotions: \(SubEmotion.allNames.joined(separator: ", ")); everyday words: \(EverydayMood.words.joined(separator: ", "))"
        case .unknownQuadrant(let name):
            return "unknown quadrant \(MessageText.quoted(name)). Valid quadrants: \(Quadrant.allCases.map { "\($0.name) (\($0.code))" }.joined(separator: ", ")); everyday words: \(EverydayMood.words.joined(separator: ", "))"
        case let .invalidPoint(text, reason):
            return "invalid point \(MessageText.quoted(text)): \(reason) (expected V,A on the 1–9 scale, e.g. 6.5,3)"
        }
    }
}

/// A mood to steer toward: a point and a label for reasons and plots.
public struct MoodTarget: Equatable, Sendable, Codable {
    public var point: MoodPoint
    /// E.g. `Serenity`, `Joy` or `V 6.50, A 3.00`.
    public var label: String

    public init(point: MoodPoint, label: String) {
        self.point = point
        self.label = label
    }

    /// The intensity used for a named target when no profile gives one.
    public static let defaultIntensity = 0.5

    /// A target from a sub-emotion or quadrant name: the middle angle of the sector
    /// (or quadrant) at `intensity` (recommend uses the playlist's mean track intensity,
    /// so steering keeps the playlist's strength of feeling and changes its direction).
    public static func named(_ name: String, intensity: Double = defaultIntensity) throws -> MoodTarget {
        let r = min(1, max(0, intensity))
        if let sub = SubEmotion(name: name) {
            return MoodTarget(point: MoodPoint(angle: sub.centreAngle, intensity: r), label: sub.name)
        }
        if let quadrant = Quadrant(name: name) {
            return MoodTarget(point: MoodPoint(angle: quadrant.angleRange.lowerBound + 45, intensity: r), label: quadrant.name)
        }
        // An everyday word names its own region, intensity included.
        if let mood = EverydayMood(word: name) { return MoodTarget(point: mood.centre, label: mood.word) }
        throw MoodTargetError.unknownMood(name)
    }

    /// A target from `V,A` text.
    public static func point(_ text: String) throws -> MoodTarget {
        let point = try MoodTarget.parsePoint(text)
        return MoodTarget(point: point, label: String(format: "V %.2f, A %.2f", point.valence, point.arousal))
    }

    /// Parses `V,A` (1–9 each).
    public static func parsePoint(_ text: String) throws -> MoodPoint {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { throw MoodTargetError.invalidPoint(text, reason: "needs two numbers separated by a comma") }
        guard let v = Double(parts[0]), let a = Double(parts[1]), v.isFinite, a.isFinite else {
            throw MoodTargetError.invalidPoint(text, reason: "not numbers")
        }
        guard Circumplex.scale.contains(v), Circumplex.scale.contains(a) else {
            throw MoodTargetError.invalidPoint(text, reason: "outside the 1–9 scale")
        }
        return MoodPoint(valence: v, arousal: a)
    }
}

extension SubEmotion {
    /// Parses a sector name (or an everyday word: the sector of its centre) or throws an
    /// error listing the valid names.
    public static func parse(_ name: String) throws -> SubEmotion {
        if let mood = EverydayMood(word: name) { return mood.centre.subEmotion }
        guard let value = SubEmotion(name: name) else { throw MoodTargetError.unknownSubEmotion(name) }
        return value
    }
}

extension Quadrant {
    /// Parses a quadrant name/code (or an everyday word: the quadrant of its centre) or
    /// throws an error listing the valid ones.
    public static func parse(_ name: String) throws -> Quadrant {
        if let mood = EverydayMood(word: name) { return mood.centre.quadrant }
        guard let value = Quadrant(name: name) else { throw MoodTargetError.unknownQuadrant(name) }
        return value
    }
}
