import MoodCore
import MoodIO
import Recommender

/// The confidence fields of one placement in JSON: `source`, `confidence`, `unlikeDEAM`,
/// `quadrantProbabilities`, `sectorProbabilities`, `region80` (null for human ratings).
public struct PlacementJSON: Encodable, Sendable {
    public var source: String
    public var confidence: Double
    public var unlikeDEAM: Bool
    public var quadrantProbabilities: [String: Double]
    public var sectorProbabilities: [String: Double]
    public var region80: Region?

    public struct Region: Encodable, Sendable {
        /// Radius of the circle with the 80% ellipse's area; semi-axes and the major axis's angle (degrees).
        public var radius: Double, major: Double, minor: Double, angle: Double
        public var sdValence: Double, sdArousal: Double, correlation: Double
    }

    private enum CodingKeys: String, CodingKey {
        case source, confidence, unlikeDEAM, quadrantProbabilities, sectorProbabilities, region80
    }

    /// Writes the placement's keys beside the enclosing object's own (flat), each null when
    /// `placement` is nil — so every track and recommendation object has the same keys.
    public static func encodeFlat(_ placement: PlacementJSON?, to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(placement?.source, forKey: .source)
        try c.encode(placement?.confidence, forKey: .confidence)
        try c.encode(placement?.unlikeDEAM, forKey: .unlikeDEAM)
        try c.encode(placement?.quadrantProbabilities, forKey: .quadrantProbabilities)
        try c.encode(placement?.sectorProbabilities, forKey: .sectorProbabilities)
        try c.encode(placement?.region80, forKey: .region80)
    }

    public init(_ p: Placement) {
        source = p.source.rawValue
        confidence = p.confidence
        unlikeDEAM = p.distribution?.outOfDistribution ?? false
        let q = p.quadrantProbabilities, s = p.sectorProbabilities
        quadrantProbabilities = Dictionary(uniqueKeysWithValues: Quadrant.allCases.map { ($0.name, q[$0.rawValue - 1]) })
        sectorProbabilities = Dictionary(uniqueKeysWithValues: SubEmotion.allCases.map { ($0.name, s[$0.rawValue]) })
        region80 = p.distribution.map { d in
            let r = d.region
            return Region(radius: d.regionRadius, major: r.major, minor: r.minor, angle: r.angle,
                          sdValence: d.sdValence, sdArousal: d.sdArousal, correlation: d.correlation)
        }
    }
}

/// The confidence columns of one placement in CSV.
public enum PlacementCSV {
    public static let header = "source,confidence,region80Radius,unlikeDEAM,pJoy,pFear,pSadness,pContentment"
    public static func row(_ p: Placement?) -> String {
        guard let p else { return ",,,,,,," }
        let q = p.quadrantProbabilities
        return [p.source.rawValue, NumberText.fixed(p.confidence, 4), p.distribution.map { NumberText.fixed($0.regionRadius, 4) } ?? "",
                (p.distribution?.outOfDistribution ?? false) ? "true" : "false"].joined(separator: ",")
            + "," + q.map { NumberText.fixed($0, 4) }.joined(separator: ",")
    }

}
