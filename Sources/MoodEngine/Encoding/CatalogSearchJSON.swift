import MoodCore
import MoodIO
import Recommender

/// The JSON document of a catalog search (`catalog filter --format json`, the server's song lists).
public struct CatalogSearchJSON: Encodable, Sendable {
    public var offset: Int, limit: Int, hasMore: Bool, view: String, region: String?
    public var tracks: [Hit]

    /// One song found; the placement's keys come from `PlacementJSON`.
    public struct Hit: Encodable, Sendable {
        public var catalogId: Int64, deamId: Int?, path: String?, artist: String?, title: String?
        public var valence: Double, arousal: Double, quadrant: String, subEmotion: String, intensity: Double, distance: Double?
        public var probability: Double?
        public var source: String, confidence: Double, unlikeDEAM: Bool
        public var quadrantProbabilities: [String: Double], sectorProbabilities: [String: Double]
        public var region80: PlacementJSON.Region?

        public init(_ row: CatalogSearch.Row) {
            let p = row.placement.point, j = PlacementJSON(row.placement)
            catalogId = row.track.id; deamId = row.track.deamID; path = row.track.path; artist = row.track.artist; title = row.track.title
            valence = p.valence; arousal = p.arousal; quadrant = p.quadrant.name; subEmotion = p.subEmotion.name
            intensity = p.intensity; distance = row.distance; probability = row.probability
            source = j.source; confidence = j.confidence; unlikeDEAM = j.unlikeDEAM
            quadrantProbabilities = j.quadrantProbabilities; sectorProbabilities = j.sectorProbabilities; region80 = j.region80
        }
    }

    public init(_ page: CatalogSearch.Page) {
        offset = page.search.offset
        limit = page.search.limit
        hasMore = page.hasMore
        view = page.search.view.rawValue
        region = page.region
        tracks = page.rows.map(Hit.init)
    }
}

/// The CSV of a catalog search: a header and one line per song.
public enum CatalogSearchCSV {
    public static let header = "catalogId,deamId,artist,title,valence,arousal,quadrant,subEmotion,intensity,distance,probability,view,"
        + PlacementCSV.header

    public static func row(_ row: CatalogSearch.Row, view: CoordinateView) -> String {
        let p = row.placement.point
        return [
            "\(row.track.id)", row.track.deamID.map(String.init) ?? "", CSVText.field(row.track.artist ?? ""), CSVText.field(row.track.title ?? ""),
            NumberText.fixed(p.valence, 4), NumberText.fixed(p.arousal, 4), p.quadrant.name, p.subEmotion.name,
            NumberText.fixed(p.intensity, 4), row.distance.map { NumberText.fixed($0, 4) } ?? "", row.probability.map { NumberText.fixed($0, 4) } ?? "",
            view.rawValue, PlacementCSV.row(row.placement),
        ].joined(separator: ",")
    }
}
