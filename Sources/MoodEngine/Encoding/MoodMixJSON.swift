import MoodCore
import MoodIO
import Recommender

/// The JSON document of a mood mix (`playlist --format json`).
public struct MoodMixJSON: Encodable, Sendable {
    public var mood: String, centre: PointJSON, scale: String, songs: [Item]

    public struct Item: Encodable, Sendable {
        public var rank: Int, id: Int64, path: String?, deamId: Int?, artist: String?, title: String?
        public var valence: Double, arousal: Double, subEmotion: String, inRegion: Bool, distance: Double
    }

    public init(_ mix: MoodMix, libraryScale: Bool) {
        mood = mix.region.label
        centre = PointJSON(mix.region.centre)
        scale = libraryScale ? "library" : "absolute"
        songs = mix.songs.enumerated().map { i, c in
            Item(rank: i + 1, id: c.track.id, path: c.track.path, deamId: c.track.deamID, artist: c.track.artist,
                 title: c.track.title, valence: c.point.valence, arousal: c.point.arousal,
                 subEmotion: c.point.subEmotion.name, inRegion: c.inside, distance: c.distance)
        }
    }
}

/// The CSV of a mood mix.
public enum MoodMixCSV {
    public static let header = "rank,id,path,deamId,artist,title,valence,arousal,subEmotion,inRegion,distance"

    public static func rows(_ mix: MoodMix) -> [String] {
        mix.songs.enumerated().map { i, c in
            ["\(i + 1)", "\(c.track.id)", CSVText.field(c.track.path ?? ""), c.track.deamID.map(String.init) ?? "",
             CSVText.field(c.track.artist ?? ""), CSVText.field(c.track.title ?? ""), NumberText.fixed(c.point.valence, 4),
             NumberText.fixed(c.point.arousal, 4), c.point.subEmotion.name, c.inside ? "yes" : "no", NumberText.fixed(c.distance, 4)]
                .joined(separator: ",")
        }
    }
}
