import Foundation
import MoodCore
import MoodIO
import Recommender

/// JSON of one analysed playlist entry (`tracks[]`). Keys are always present (null when unknown).
public struct TrackJSON: Encodable, Sendable {
    public var index: Int
    public var location: String
    public var status: String
    public var detail: String?
    public var deamId: Int?
    public var artist: String?
    public var title: String?
    public var valence: Double?
    public var arousal: Double?
    public var quadrant: String?
    public var subEmotion: String?
    public var intensity: Double?
    public var placement: PlacementJSON?

    public init(_ t: AnalyzedTrack) {
        placement = t.placement.map(PlacementJSON.init)
        index = t.index
        location = t.location
        status = t.status.rawValue
        detail = t.detail
        deamId = t.deamID
        artist = t.artist
        title = t.title
        valence = t.point?.valence
        arousal = t.point?.arousal
        quadrant = t.point?.quadrant.name
        subEmotion = t.point?.subEmotion.name
        intensity = t.point?.intensity
    }

    enum CodingKeys: String, CodingKey {
        case index, location, status, detail, deamId, artist, title, valence, arousal, quadrant, subEmotion, intensity
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(location, forKey: .location)
        try c.encode(status, forKey: .status)
        try c.encode(detail, forKey: .detail)
        try c.encode(deamId, forKey: .deamId)
        try c.encode(artist, forKey: .artist)
        try c.encode(title, forKey: .title)
        try c.encode(valence, forKey: .valence)
        try c.encode(arousal, forKey: .arousal)
        try c.encode(quadrant, forKey: .quadrant)
        try c.encode(subEmotion, forKey: .subEmotion)
        try c.encode(intensity, forKey: .intensity)
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
        tracks = p.trackCount
        valence = p.centre.valence
        arousal = p.centre.arousal
        quadrant = p.centre.quadrant.name
        subEmotion = p.centre.subEmotion.name
        intensity = p.centre.intensity
        covariance = p.covariance.rows
        spread = p.spread
        coherence = p.coherence
        coherenceLabel = p.coherenceLabel
        meanIntensity = p.meanIntensity
        meanAngle = p.meanAngle
        neutralTracks = p.neutralCount
        quadrants = p.quadrants
        subEmotions = p.subEmotions
        dominantQuadrant = p.dominantQuadrant.name
        dominantSubEmotion = p.dominantSubEmotion.name
    }
}

/// JSON of one recommendation (`recommendations[]`).
public struct RecommendationJSON: Encodable, Sendable {
    public var rank: Int
    public var catalogId: Int64
    public var deamId: Int?
    public var path: String?
    public var title: String?
    public var artist: String?
    public var valence: Double
    public var arousal: Double
    public var quadrant: String
    public var subEmotion: String
    public var intensity: Double
    public var distance: Double
    public var reason: String
    public var step: Int?
    public var placement: PlacementJSON?

    public init(_ r: Recommendation, placement: Placement? = nil) {
        self.placement = placement.map(PlacementJSON.init)
        rank = r.rank
        catalogId = r.track.id
        deamId = r.track.deamID
        path = r.track.path
        title = r.track.title
        artist = r.track.artist
        valence = r.point.valence
        arousal = r.point.arousal
        quadrant = r.point.quadrant.name
        subEmotion = r.point.subEmotion.name
        intensity = r.point.intensity
        distance = r.distance
        reason = r.reason
        step = r.step
    }

    enum CodingKeys: String, CodingKey {
        case rank, catalogId, deamId, path, title, artist, valence, arousal, quadrant, subEmotion, intensity, distance, reason, step
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rank, forKey: .rank)
        try c.encode(catalogId, forKey: .catalogId)
        try c.encode(deamId, forKey: .deamId)
        try c.encodeIfPresent(path, forKey: .path)
        try c.encode(title, forKey: .title)
        try c.encode(artist, forKey: .artist)
        try c.encode(valence, forKey: .valence)
        try c.encode(arousal, forKey: .arousal)
        try c.encode(quadrant, forKey: .quadrant)
        try c.encode(subEmotion, forKey: .subEmotion)
        try c.encode(intensity, forKey: .intensity)
        try c.encode(distance, forKey: .distance)
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(step, forKey: .step)
        try PlacementJSON.encodeFlat(placement, to: encoder)
    }
}

/// JSON of a point (target, waypoints, anchor).
public struct PointJSON: Encodable, Sendable {
    public var valence: Double
    public var arousal: Double
    public var quadrant: String
    public var subEmotion: String

    public init(_ p: MoodPoint) {
        valence = p.valence
        arousal = p.arousal
        quadrant = p.quadrant.name
        subEmotion = p.subEmotion.name
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
