import Foundation
import MoodCore
import MoodIO
import Recommender

/// JSON of one analysed playlist entry (`tracks[]`). Keys are always present (null when unknown).
public struct TrackJSON: Encodable, Sendable {
    public var index: Int, location: String, status: String, detail: String?, deamId: Int?, artist: String?, title: String?
    /// Encoded flat: `valence`, `arousal`, `quadrant`, `subEmotion`, `intensity` (null when unplaced).
    public var point: MoodPoint?
    /// Encoded flat (`PlacementJSON.encodeFlat`).
    public var placement: PlacementJSON?

    public init(_ t: AnalyzedTrack) {
        (index, location, status, detail) = (t.index, t.location, t.status.rawValue, t.detail)
        (deamId, artist, title, point) = (t.deamID, t.artist, t.title, t.point)
        placement = t.placement.map(PlacementJSON.init)
    }

    /// The entry's own keys, each present (null when unknown).
    private struct Fields: Encodable {
        var index: Int, location: String, status: String
        var detail: NullableJSON<String>, deamId: NullableJSON<Int>, artist: NullableJSON<String>, title: NullableJSON<String>
    }

    public func encode(to encoder: Encoder) throws {
        try Fields(index: index, location: location, status: status, detail: .init(detail), deamId: .init(deamId),
                   artist: .init(artist), title: .init(title)).encode(to: encoder)
        try PointJSON.encodeFlat(point, to: encoder)
        try PlacementJSON.encodeFlat(placement, to: encoder)
    }
}

/// JSON of a profile (`profile`).
public struct ProfileJSON: Encodable, Sendable {
    public var tracks: Int
    public var valence: Double
    public var arousal: Double
    public var quadrant: String
    public var subEmotion: String
    public var intensity: Double
    /// `[[vv, va], [va, aa]]`.
    public var covariance: [[Double]]
    public var spread: Double
    public var coherence: Double
    public var coherenceLabel: String
    public var meanIntensity: Double
    public var meanAngle: Double?
    public var neutralTracks: Int
    public var quadrants: [MoodShare]
    public var subEmotions: [MoodShare]
    public var dominantQuadrant: String
    public var dominantSubEmotion: String

    public init(_ p: MoodProfile) {
        let c = p.centre
        (tracks, valence, arousal, quadrant, subEmotion, intensity) = (p.trackCount, c.valence, c.arousal, c.quadrant.name, c.subEmotion.name, c.intensity)
        (covariance, spread, coherence, coherenceLabel) = (p.covariance.rows, p.spread, p.coherence, p.coherenceLabel)
        (meanIntensity, meanAngle, neutralTracks) = (p.meanIntensity, p.meanAngle, p.neutralCount)
        (quadrants, subEmotions) = (p.quadrants, p.subEmotions)
        (dominantQuadrant, dominantSubEmotion) = (p.dominantQuadrant.name, p.dominantSubEmotion.name)
    }
}

/// JSON of one recommendation (`recommendations[]`).
public struct RecommendationJSON: Encodable, Sendable {
    public var rank: Int, catalogId: Int64, deamId: Int?, path: String?, title: String?, artist: String?
    /// Encoded flat: `valence`, `arousal`, `quadrant`, `subEmotion`, `intensity`.
    public var point: MoodPoint
    public var distance: Double, reason: String, step: Int?
    /// Encoded flat (`PlacementJSON.encodeFlat`).
    public var placement: PlacementJSON?

    public init(_ r: Recommendation, placement: Placement? = nil) {
        (rank, catalogId, deamId, path, title, artist) = (r.rank, r.track.id, r.track.deamID, r.track.path, r.track.title, r.track.artist)
        (point, distance, reason, step) = (r.point, r.distance, r.reason, r.step)
        self.placement = placement.map(PlacementJSON.init)
    }

    /// The recommendation's own keys: `path` and `step` only when known, the others always.
    private struct Fields: Encodable {
        var rank: Int, catalogId: Int64, deamId: NullableJSON<Int>, path: String?, title: NullableJSON<String>
        var artist: NullableJSON<String>, distance: Double, reason: String, step: Int?
    }

    public func encode(to encoder: Encoder) throws {
        try Fields(rank: rank, catalogId: catalogId, deamId: .init(deamId), path: path, title: .init(title), artist: .init(artist),
                   distance: distance, reason: reason, step: step).encode(to: encoder)
        try PointJSON.encodeFlat(point, to: encoder)
        try PlacementJSON.encodeFlat(placement, to: encoder)
    }
}

/// A value written as JSON `null` when absent (a synthesized encoder leaves absent optionals out),
/// so that every object of a list has the same keys.
struct NullableJSON<Wrapped: Encodable & Sendable>: Encodable, Sendable {
    var value: Wrapped?
    init(_ value: Wrapped?) { self.value = value }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value { try c.encode(value) } else { try c.encodeNil() }
    }
}

/// JSON of a point (target, waypoints, anchor).
public struct PointJSON: Encodable, Sendable {
    public var valence: Double, arousal: Double, quadrant: String, subEmotion: String

    public init(_ p: MoodPoint) {
        (valence, arousal, quadrant, subEmotion) = (p.valence, p.arousal, p.quadrant.name, p.subEmotion.name)
    }

    private enum FlatKeys: String, CodingKey { case valence, arousal, quadrant, subEmotion, intensity }

    /// Writes a point's keys — `valence`, `arousal`, `quadrant`, `subEmotion`, `intensity` — beside the
    /// enclosing object's own (flat), each null when `point` is nil.
    public static func encodeFlat(_ point: MoodPoint?, to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: FlatKeys.self)
        try c.encode(point?.valence, forKey: .valence)
        try c.encode(point?.arousal, forKey: .arousal)
        try c.encode(point?.quadrant.name, forKey: .quadrant)
        try c.encode(point?.subEmotion.name, forKey: .subEmotion)
        try c.encode(point?.intensity, forKey: .intensity)
    }
}

/// The JSON document of a recommendation (`recommend --format json`, the server's answer).
public struct RecommendationResultJSON: Encodable, Sendable {
    public var playlist: String, view: String, scale: String, profile: ProfileJSON, target: PointJSON?, targetLabel: String?
    public var waypoints: [PointJSON], recommendations: [RecommendationJSON]

    public init(_ analysis: PlaylistAnalysis, _ result: RecommendationResult, request: RecommendationRequest,
                view: CoordinateView, libraryScale: Bool) {
        playlist = analysis.name
        self.view = view.rawValue
        scale = libraryScale ? "library" : "absolute"
        profile = ProfileJSON(analysis.profile)
        target = request.target.map { PointJSON($0.point) }
        targetLabel = request.target?.label
        waypoints = result.waypoints.map(PointJSON.init)
        recommendations = result.recommendations.map { RecommendationJSON($0, placement: $0.placement) }
    }
}

/// The CSV of a recommendation: a header and one line per song.
public enum RecommendationCSV {
    public static let header = "rank,catalogId,deamId,artist,title,valence,arousal,quadrant,subEmotion,distance,step,reason,view,scale,"
        + PlacementCSV.header

    public static func row(_ r: Recommendation, view: CoordinateView, libraryScale: Bool) -> String {
        [
            "\(r.rank)", "\(r.track.id)", r.track.deamID.map(String.init) ?? "", CSVText.field(r.track.artist ?? ""), CSVText.field(r.track.title ?? ""),
            NumberText.fixed(r.point.valence, 4), NumberText.fixed(r.point.arousal, 4), r.point.quadrant.name, r.point.subEmotion.name,
            NumberText.fixed(r.distance, 4), r.step.map(String.init) ?? "", CSVText.field(r.reason),
            view.rawValue, libraryScale ? "library" : "absolute", PlacementCSV.row(r.placement),
        ].joined(separator: ",")
    }
}

/// The JSON document of a playlist analysis (`analyze --format json`, the server's answer).
public struct AnalysisJSON: Encodable, Sendable {
    public var playlist: String, view: String, scale: String, catalog: String, tracks: [TrackJSON], profile: ProfileJSON

    public init(_ analysis: PlaylistAnalysis, view: CoordinateView, libraryScale: Bool, catalog: String) {
        playlist = analysis.name
        self.view = view.rawValue
        scale = libraryScale ? "library" : "absolute"
        self.catalog = catalog
        tracks = analysis.tracks.map(TrackJSON.init)
        profile = ProfileJSON(analysis.profile)
    }
}

/// The CSV of a playlist analysis: a header and one line per entry.
public enum AnalysisCSV {
    public static let header = "index,location,status,deamId,artist,title,valence,arousal,quadrant,subEmotion,intensity,detail,"
        + PlacementCSV.header

    public static func row(_ t: AnalyzedTrack) -> String {
        let p = t.point
        return [
            "\(t.index)", CSVText.field(t.location), t.status.rawValue, t.deamID.map(String.init) ?? "",
            CSVText.field(t.artist ?? ""), CSVText.field(t.title ?? ""),
            p.map { NumberText.fixed($0.valence, 4) } ?? "", p.map { NumberText.fixed($0.arousal, 4) } ?? "",
            p?.quadrant.name ?? "", p?.subEmotion.name ?? "", p.map { NumberText.fixed($0.intensity, 4) } ?? "",
            CSVText.field(t.detail ?? ""), PlacementCSV.row(t.placement),
        ].joined(separator: ",")
    }
}
