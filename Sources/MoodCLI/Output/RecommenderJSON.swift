import Foundation
import MoodCore
import Recommender

/// JSON of one analysed playlist entry (`tracks[]`). Keys are always present (null when unknown).
struct TrackJSON: Encodable {
    var index: Int
    var location: String
    var status: String
    var detail: String?
    var deamId: Int?
    var artist: String?
    var title: String?
    var valence: Double?
    var arousal: Double?
    var quadrant: String?
    var subEmotion: String?
    var intensity: Double?
    var placement: PlacementJSON?

    init(_ t: AnalyzedTrack) {
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

    func encode(to encoder: Encoder) throws {
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
struct ProfileJSON: Encodable {
    var tracks: Int
    var valence: Double
    var arousal: Double
    var quadrant: String
    var subEmotion: String
    var intensity: Double
    /// `[[vv, va], [va, aa]]`.
    var covariance: [[Double]]
    var spread: Double
    var coherence: Double
    var coherenceLabel: String
    var meanIntensity: Double
    var meanAngle: Double?
    var neutralTracks: Int
    var quadrants: [MoodShare]
    var subEmotions: [MoodShare]
    var dominantQuadrant: String
    var dominantSubEmotion: String

    init(_ p: MoodProfile) {
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
struct RecommendationJSON: Encodable {
    var rank: Int
    var catalogId: Int64
    var deamId: Int?
    var path: String?
    var title: String?
    var artist: String?
    var valence: Double
    var arousal: Double
    var quadrant: String
    var subEmotion: String
    var intensity: Double
    var distance: Double
    var reason: String
    var step: Int?
    var placement: PlacementJSON?

    init(_ r: Recommendation, placement: Placement? = nil) {
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

    func encode(to encoder: Encoder) throws {
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
struct PointJSON: Encodable {
    var valence: Double
    var arousal: Double
    var quadrant: String
    var subEmotion: String

    init(_ p: MoodPoint) {
        valence = p.valence
        arousal = p.arousal
        quadrant = p.quadrant.name
        subEmotion = p.subEmotion.name
    }
}

/// Text for the profile block of `analyze`, `recommend` and `demo`.
enum ProfileText {
    /// The profile in plain words; `detail` adds the statistics behind it (covariance, coherence).
    static func lines(_ p: MoodProfile, detail: Bool = false) -> [String] {
        let c = p.covariance
        func share(_ s: MoodShare) -> String { "\(s.name) \(s.count) (\(Int((s.share * 100).rounded()))%)" }
        var lines = [
            "centre        \(p.centre.description)  → \(p.centre.quadrant.name) / \(p.centre.subEmotion.name), intensity \(fixed(p.centre.intensity))",
            "mostly        \(p.dominantQuadrant.name) (\(Int((p.share(of: p.dominantQuadrant) * 100).rounded()))%) / \(p.dominantSubEmotion.name) (\(Int((p.share(of: p.dominantSubEmotion) * 100).rounded()))%)",
            "quadrants     " + p.quadrants.map(share).joined(separator: ", "),
            "sub-emotions  " + p.subEmotions.filter { $0.count > 0 }.sorted { $0.share > $1.share }.prefix(4).map(share).joined(separator: ", "),
            "spread        \(fixed(p.spread)) (typical distance of a track from the centre, on the 1–9 scale)",
        ]
        if detail {
            lines += [
                "covariance    [[\(fixed(c.vv, 3)), \(fixed(c.va, 3))], [\(fixed(c.va, 3)), \(fixed(c.aa, 3))]]",
                "coherence     \(fixed(p.coherence)) (\(p.coherenceLabel); 1 = every track points the same way from neutral)",
            ]
        }
        return lines
    }
}
