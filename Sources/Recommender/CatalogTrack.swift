import Foundation
import MoodCore

/// Where a catalog track came from.
public enum TrackSource: String, Codable, Sendable, CaseIterable {
    /// A DEAM song, keyed by its DEAM id.
    case deam
    /// A DEAM-format per-frame feature file the user added.
    case featureFile = "feature-file"
    /// An audio file analysed directly (reserved for a later audio front end).
    case audio
}

/// Which coordinates a query reads.
///
/// - `predicted`: the model's prediction (what a user's own songs would get); every track has one.
/// - `annotated` (CLI and outputs: `human`): the human DEAM rating where one is known, otherwise the prediction.
public enum CoordinateView: String, Codable, Sendable, CaseIterable {
    case predicted
    case annotated = "human"
}

/// A track's fields: what is written into the catalog (the catalog assigns the id).
/// A stored `CatalogTrack` is this plus its id.
public struct CatalogTrackInput: Equatable, Sendable, Codable {
    public var source: TrackSource
    /// DEAM song id, for DEAM tracks.
    public var deamID: Int?
    /// File path, for feature-file and audio tracks.
    public var path: String?
    /// Hex content hash of the file, for change detection and de-duplication.
    public var contentHash: String?
    public var artist: String?
    public var title: String?
    public var genre: String?
    /// The model's prediction.
    public var predicted: MoodPoint
    /// The version string of the model that made `predicted`.
    public var modelVersion: String
    /// The human (DEAM) annotation, where known.
    public var annotation: MoodPoint?
    /// The spread of the model's prediction (nil for a model without confidence).
    public var spread: PlacementSpread?

    public init(source: TrackSource, deamID: Int? = nil, path: String? = nil, contentHash: String? = nil,
                artist: String? = nil, title: String? = nil, genre: String? = nil,
                predicted: MoodPoint, modelVersion: String, annotation: MoodPoint? = nil, spread: PlacementSpread? = nil) {
        self.spread = spread
        self.source = source
        self.deamID = deamID
        self.path = path
        self.contentHash = contentHash
        self.artist = artist
        self.title = title
        self.genre = genre
        self.predicted = predicted
        self.modelVersion = modelVersion
        self.annotation = annotation
    }

    /// A DEAM song.
    public static func deam(id: Int, predicted: MoodPoint, modelVersion: String, annotation: MoodPoint? = nil,
                            artist: String? = nil, title: String? = nil, genre: String? = nil,
                            spread: PlacementSpread? = nil) -> CatalogTrackInput {
        CatalogTrackInput(source: .deam, deamID: id, artist: artist, title: title, genre: genre,
                          predicted: predicted, modelVersion: modelVersion, annotation: annotation, spread: spread)
    }

    /// The coordinates a query in `view` uses.
    public func point(in view: CoordinateView) -> MoodPoint {
        switch view {
        case .predicted: return predicted
        case .annotated: return annotation ?? predicted
        }
    }
}

/// A track stored in the catalog: its fields (`input`) plus the catalog's row id. The
/// fields read through directly (`track.artist`, `track.deamID`, …).
@dynamicMemberLookup
public struct CatalogTrack: Equatable, Sendable, Codable {
    /// The catalog's row id (stable across idempotent rebuilds).
    public var id: Int64
    /// The stored fields.
    public var input: CatalogTrackInput

    public init(id: Int64, _ input: CatalogTrackInput) {
        self.id = id
        self.input = input
    }

    /// All fields spelled out.
    public init(id: Int64, source: TrackSource, deamID: Int?, path: String?, contentHash: String?,
                artist: String?, title: String?, genre: String?,
                predicted: MoodPoint, modelVersion: String, annotation: MoodPoint?) {
        self.init(id: id, CatalogTrackInput(source: source, deamID: deamID, path: path, contentHash: contentHash,
                                            artist: artist, title: title, genre: genre, predicted: predicted,
                                            modelVersion: modelVersion, annotation: annotation))
    }

    public subscript<T>(dynamicMember field: WritableKeyPath<CatalogTrackInput, T>) -> T {
        get { input[keyPath: field] }
        set { input[keyPath: field] = newValue }
    }

    private enum CodingKeys: String, CodingKey { case id }

    /// Encoded flat: `id` beside the input's fields.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try input.encode(to: encoder)
    }

    public init(from decoder: Decoder) throws {
        id = try decoder.container(keyedBy: CodingKeys.self).decode(Int64.self, forKey: .id)
        input = try CatalogTrackInput(from: decoder)
    }

    /// The coordinates a query in `view` uses.
    public func point(in view: CoordinateView) -> MoodPoint { input.point(in: view) }

    /// A short human label: "Artist – Title", the DEAM id, or the file name.
    public var displayName: String {
        switch (input.artist?.nonEmpty, input.title?.nonEmpty) {
        case let (artist?, title?): return "\(artist) – \(title)"
        case let (nil, title?): return title
        default:
            if let deamID = input.deamID { return "DEAM \(deamID)" }
            if let path = input.path { return URL(fileURLWithPath: path).lastPathComponent }
            return "track \(id)"
        }
    }
}

/// A catalog track found by a query, with its distance to the query point where one was given.
public struct CatalogHit: Equatable, Sendable, Codable {
    public var track: CatalogTrack
    /// The coordinates the query used (predicted or annotated view).
    public var point: MoodPoint
    /// Distance to the query point under the query's metric (0 when the query had no point).
    public var distance: Double

    public init(track: CatalogTrack, point: MoodPoint, distance: Double) {
        self.track = track
        self.point = point
        self.distance = distance
    }
}

extension String {
    /// nil for an empty or all-whitespace string.
    var nonEmpty: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
