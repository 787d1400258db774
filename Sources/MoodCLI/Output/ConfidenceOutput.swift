import ArgumentParser
import Foundation
import MoodCore
import Recommender

extension CoordinateView: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { ["human", "predicted"] }
}

/// `--view human|predicted`: which coordinates place DEAM songs.
struct ViewOption: ParsableArguments {
    @Option(help: ArgumentHelp("human: DEAM songs at their human ratings, the model elsewhere (default); predicted: the model's (out-of-sample) placement for every song, with its confidence.", valueName: "human|predicted"))
    var view: CoordinateView = .annotated
}

/// The confidence fields of one placement in JSON: `source`, `confidence`, `unlikeDEAM`,
/// `quadrantProbabilities`, `sectorProbabilities`, `region80` (null for human ratings).
struct PlacementJSON: Encodable {
    var source: String
    var confidence: Double
    var unlikeDEAM: Bool
    var quadrantProbabilities: [String: Double]
    var sectorProbabilities: [String: Double]
    var region80: Region?

    struct Region: Encodable {
        /// Radius of the circle with the 80% ellipse's area; semi-axes and the major axis's angle (degrees).
        var radius: Double, major: Double, minor: Double, angle: Double
        var sdValence: Double, sdArousal: Double, correlation: Double
    }

    private enum CodingKeys: String, CodingKey {
        case source, confidence, unlikeDEAM, quadrantProbabilities, sectorProbabilities, region80
    }

    /// Writes the placement's keys beside the enclosing object's own (flat), each null when
    /// `placement` is nil — so every track and recommendation object has the same keys.
    static func encodeFlat(_ placement: PlacementJSON?, to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(placement?.source, forKey: .source)
        try c.encode(placement?.confidence, forKey: .confidence)
        try c.encode(placement?.unlikeDEAM, forKey: .unlikeDEAM)
        try c.encode(placement?.quadrantProbabilities, forKey: .quadrantProbabilities)
        try c.encode(placement?.sectorProbabilities, forKey: .sectorProbabilities)
        try c.encode(placement?.region80, forKey: .region80)
    }

    init(_ p: Placement) {
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

enum ConfidenceText {
    /// Table header cells for the confidence columns (18 columns wide).
    static let header = column("source", 7) + rightAligned("conf", 5) + rightAligned("±80%", 6)
    /// `human      –     –`, or `model    63%  1.21`, with ` !` when the input is unlike DEAM's music.
    static func cells(_ p: Placement?) -> String {
        guard let p else { return "" }
        if p.source == .human { return column("human", 7) + rightAligned("–", 5) + rightAligned("–", 6) }
        guard let d = p.distribution else { return column("model", 7) + rightAligned("?", 5) + rightAligned("?", 6) }
        return column("model", 7) + rightAligned("\(Int((p.confidence * 100).rounded()))%", 5) + rightAligned(fixed(d.regionRadius), 6)
            + (d.outOfDistribution ? " !" : "")
    }

    /// The footnote for ` !` cells, when any placement in `placements` is flagged.
    static func footnote(_ placements: [Placement?]) -> String? {
        placements.contains { $0?.distribution?.outOfDistribution ?? false }
            ? "! unlike DEAM's music: the model is unsure of this placement (its 80% region is wide)" : nil
    }

    /// "conf" and "±80%", explained once under a table.
    static let legend = "conf: probability of the song's quadrant; ±80%: radius of its 80% region (1–9 scale)"

    static let csvHeader = "source,confidence,region80Radius,unlikeDEAM,pJoy,pFear,pSadness,pContentment"
    static func csv(_ p: Placement?) -> String {
        guard let p else { return ",,,,,,," }
        let q = p.quadrantProbabilities
        return [p.source.rawValue, fixed(p.confidence, 4), p.distribution.map { fixed($0.regionRadius, 4) } ?? "",
                (p.distribution?.outOfDistribution ?? false) ? "true" : "false"].joined(separator: ",")
            + "," + q.map { fixed($0, 4) }.joined(separator: ",")
    }

    /// One line naming the view, for table headers.
    static func viewLine(_ view: CoordinateView, scale: LibraryScale? = nil) -> String {
        let line = view == .annotated
            ? "view: human — DEAM songs at their human ratings; other songs placed by the model (with confidence)"
            : "view: predicted — every song placed by the model (DEAM songs out-of-sample), with confidence"
        guard let scale else { return line }
        return line + "\nscale: library, RELATIVE — your \(scale.librarySize) songs mapped by rank onto \(scale.reference.rawValue)"
    }

    /// `absolute` or `library`, as JSON and CSV say it.
    static func scaleName(_ scale: LibraryScale?) -> String { scale == nil ? "absolute" : "library" }
}
