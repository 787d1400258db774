import Foundation

/// Russell's circumplex as defined in `docs/circumplex.md` (kept beside the
/// project in `../shared/docs/circumplex.md`): DEAM's 1–9 valence/arousal
/// scale, four quadrants and twelve 30° sub-emotion sectors.
public enum Circumplex {
    /// The neutral centre of the 1–9 scale.
    public static let centre: Double = 5
    /// Half the width of the scale: centred coordinates lie in [-4, 4].
    public static let radius: Double = 4
    /// Intensity below which a point is reported as neutral.
    public static let defaultNeutralThreshold: Double = 0.05
    /// The valid range of the DEAM scale.
    public static let scale: ClosedRange<Double> = 1...9
}

/// A position on the circumplex, in DEAM's 1–9 scale.
public struct MoodPoint: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Valence (pleasure–displeasure), 1–9.
    public var valence: Double
    /// Arousal (calm–excited), 1–9.
    public var arousal: Double

    public init(valence: Double, arousal: Double) {
        self.valence = valence
        self.arousal = arousal
    }

    /// Centred valence `v = V - 5`.
    public var centredValence: Double { valence - Circumplex.centre }
    /// Centred arousal `a = A - 5`.
    public var centredArousal: Double { arousal - Circumplex.centre }

    /// `θ = atan2(a, v)` in degrees, normalised to [0, 360).
    public var angle: Double {
        let degrees = atan2(centredArousal, centredValence) * 180 / .pi
        let normalised = degrees < 0 ? degrees + 360 : degrees
        return normalised >= 360 ? 0 : normalised
    }

    /// `sqrt(v² + a²) / 4`, clamped to [0, 1].
    public var intensity: Double {
        min(1, max(0, (centredValence * centredValence + centredArousal * centredArousal).squareRoot() / Circumplex.radius))
    }

    /// The quadrant; boundaries are inclusive on the high side (`V >= 5` is high valence).
    public var quadrant: Quadrant {
        switch (valence >= Circumplex.centre, arousal >= Circumplex.centre) {
        case (true, true): return .joy
        case (false, true): return .fear
        case (false, false): return .sadness
        case (true, false): return .contentment
        }
    }

    /// The 30° sector `floor(θ / 30)`.
    public var subEmotion: SubEmotion {
        // The quadrant rule and the angle rule agree except where a coordinate
        // sits exactly on an axis; the docs give axis points to the sector that
        // starts there, which is what floor(θ/30) does.
        SubEmotion(rawValue: min(11, Int((angle / 30).rounded(.down))))!
    }

    /// Whether the point is too close to the centre for its angle to mean much.
    public func isNeutral(threshold: Double = Circumplex.defaultNeutralThreshold) -> Bool {
        intensity < threshold
    }

    /// Euclidean distance in (V, A) on the 1–9 scale.
    public func distance(to other: MoodPoint) -> Double {
        let dv = valence - other.valence, da = arousal - other.arousal
        return (dv * dv + da * da).squareRoot()
    }

    /// The point at `angle` degrees and `intensity` (0–1) from the centre.
    public init(angle: Double, intensity: Double) {
        let r = intensity * Circumplex.radius
        let radians = angle * .pi / 180
        self.init(valence: Circumplex.centre + r * cos(radians), arousal: Circumplex.centre + r * sin(radians))
    }

    public var description: String {
        String(format: "V %.2f, A %.2f", valence, arousal)
    }
}

/// The four main emotions (quadrants of the circumplex).
public enum Quadrant: Int, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case joy = 1, fear, sadness, contentment

    /// The emotion's name: Joy, Fear, Sadness, Contentment.
    public var name: String {
        switch self {
        case .joy: return "Joy"
        case .fear: return "Fear"
        case .sadness: return "Sadness"
        case .contentment: return "Contentment"
        }
    }

    /// `Q1` … `Q4`.
    public var code: String { "Q\(rawValue)" }

    /// The three sub-emotions of the quadrant, in angle order.
    public var subEmotions: [SubEmotion] { SubEmotion.allCases.filter { $0.quadrant == self } }

    /// The angle range [start, end) in degrees.
    public var angleRange: Range<Double> {
        let start = Double(rawValue - 1) * 90
        return start..<(start + 90)
    }

    /// Whether valence is high (≥ 5) in this quadrant.
    public var highValence: Bool { self == .joy || self == .contentment }
    /// Whether arousal is high (≥ 5) in this quadrant.
    public var highArousal: Bool { self == .joy || self == .fear }

    /// Parses `Joy`, `q1`, `1` … case-insensitively.
    public init?(name: String) {
        let key = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let match = Quadrant.allCases.first(where: {
            $0.name.lowercased() == key || $0.code.lowercased() == key || String($0.rawValue) == key
        }) else { return nil }
        self = match
    }

    public var description: String { name }
}

/// The twelve 30° sectors of the circumplex.
public enum SubEmotion: Int, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case elation = 0, enthusiasm, excitement
    case terror, anger, hostility
    case disgust, melancholy, boredom
    case calmness, relaxation, serenity

    /// The sector's name as in the docs (e.g. `Melancholy`).
    public var name: String {
        switch self {
        case .elation: return "Elation"
        case .enthusiasm: return "Enthusiasm"
        case .excitement: return "Excitement"
        case .terror: return "Terror"
        case .anger: return "Anger"
        case .hostility: return "Hostility"
        case .disgust: return "Disgust"
        case .melancholy: return "Melancholy"
        case .boredom: return "Boredom"
        case .calmness: return "Calmness"
        case .relaxation: return "Relaxation"
        case .serenity: return "Serenity"
        }
    }

    /// The quadrant that holds the sector.
    public var quadrant: Quadrant { Quadrant(rawValue: rawValue / 3 + 1)! }

    /// The angle range [30k, 30k + 30) in degrees.
    public var angleRange: Range<Double> {
        let start = Double(rawValue) * 30
        return start..<(start + 30)
    }

    /// The sector's middle angle in degrees.
    public var centreAngle: Double { Double(rawValue) * 30 + 15 }

    /// Parses a sector name case-insensitively.
    public init?(name: String) {
        let key = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let match = SubEmotion.allCases.first(where: { $0.name.lowercased() == key }) else { return nil }
        self = match
    }

    /// All names, for error messages and help.
    public static var allNames: [String] { allCases.map(\.name) }

    public var description: String { name }
}
