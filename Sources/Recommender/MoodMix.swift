import Foundation
import MoodCore

/// A region of the circumplex a mix is drawn from: an everyday mood word, a sub-emotion, a
/// quadrant (each at least `EverydayMood.minIntensity` intense) or a disc of radius 1 around `V,A`.
public struct MoodRegion: Sendable {
    /// The name shown for it.
    public var label: String
    /// Its centre: songs inside are ranked by their distance to it.
    public var centre: MoodPoint
    /// Whether a point lies inside.
    public var contains: @Sendable (MoodPoint) -> Bool

    /// The region a word names (`EverydayMood`, a sub-emotion, a quadrant or `V,A`).
    /// - Throws: `MoodTargetError` for an unknown word or a point outside the scale.
    public init(_ text: String) throws {
        if let word = EverydayMood(word: text) {
            (label, centre, contains) = (word.word, word.centre, { word.contains($0) })
        } else if let sub = SubEmotion(name: text) {
            let centre = try MoodTarget.named(sub.name, intensity: EverydayMood.targetIntensity).point
            (label, self.centre, contains) = (sub.name, centre, { $0.subEmotion == sub && $0.intensity >= EverydayMood.minIntensity })
        } else if let quadrant = Quadrant(name: text) {
            let centre = try MoodTarget.named(quadrant.name, intensity: EverydayMood.targetIntensity).point
            (label, self.centre, contains) = (quadrant.name, centre, { $0.quadrant == quadrant && $0.intensity >= EverydayMood.minIntensity })
        } else if text.contains(",") {
            let target = try MoodTarget.point(text)
            let p = target.point
            (label, centre, contains) = (target.label, p, { hypot($0.valence - p.valence, $0.arousal - p.arousal) <= 1 })
        } else {
            throw MoodTargetError.unknownMood(text)
        }
    }
}

/// A mood mix: songs inside a region first, nearest its centre first (ties by catalog id); when
/// fewer than `count` lie inside, the nearest outside fill the mix unless `strict`.
public struct MoodMix: Sendable {
    /// One song of the mix.
    public struct Song: Sendable {
        public var track: CatalogTrack
        public var point: MoodPoint
        public var inside: Bool
        public var distance: Double
    }

    public var region: MoodRegion
    /// The songs chosen, in order.
    public var songs: [Song]
    /// How many songs of the pool lie inside the region.
    public var insideCount: Int
    /// How many songs the mix was drawn from.
    public var poolCount: Int

    /// The mix of `count` songs from `pool` (songs with the point they are ranked by).
    public init(region: MoodRegion, from pool: [(track: CatalogTrack, point: MoodPoint)], count: Int, strict: Bool) {
        let centre = region.centre
        let ranked = pool.map { song -> Song in
            Song(track: song.track, point: song.point, inside: region.contains(song.point),
                 distance: hypot(song.point.valence - centre.valence, song.point.arousal - centre.arousal))
        }.sorted { ($0.inside ? 0 : 1, $0.distance, $0.track.id) < ($1.inside ? 0 : 1, $1.distance, $1.track.id) }
        self.region = region
        insideCount = ranked.filter(\.inside).count
        poolCount = pool.count
        songs = Array(ranked.filter { !strict || $0.inside }.prefix(max(0, count)))
    }
}
