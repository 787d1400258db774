import MoodCore

/// One playlist entry after placing it on the circumplex.
public struct AnalyzedTrack: Codable, Equatable, Sendable {
    /// How the entry got its coordinates.
    public enum Status: String, Codable, Sendable {
        /// A DEAM song whose coordinates come from the catalog.
        case catalog
        /// A feature file the model predicted.
        case predicted
        /// The entry could not be placed (see `detail`).
        case unresolved
    }

    /// 1-based position in the playlist.
    public var index: Int
    /// The entry's location as written in the playlist.
    public var location: String
    public var status: Status
    /// Why an entry is unresolved, or a note on how it was resolved.
    public var detail: String?
    public var deamID: Int?
    /// The catalog row of the same song, when there is one (it is never recommended back).
    public var catalogID: Int64?
    public var artist: String?
    public var title: String?
    /// The coordinates (nil when unresolved).
    public var point: MoodPoint?
    /// The entry's weight in the profile (1 unless the playlist says otherwise).
    public var weight: Double
    /// `human` (a DEAM rating) or `model` (a prediction); nil when unresolved.
    public var source: PlacementSource?
    /// The spread of a model placement (nil for human ratings and uncalibrated models).
    public var spread: PlacementSpread?

    /// The entry's placement (nil when unresolved).
    public var placement: Placement? {
        guard let point, let source else { return nil }
        return Placement(point: point, source: source, distribution: source == .model ? spread?.distribution(at: point) : nil)
    }

    public init(index: Int, location: String, status: Status, detail: String? = nil, deamID: Int? = nil,
                catalogID: Int64? = nil, artist: String? = nil, title: String? = nil, point: MoodPoint? = nil,
                weight: Double = 1) {
        self.index = index
        self.location = location
        self.status = status
        self.detail = detail
        self.deamID = deamID
        self.catalogID = catalogID
        self.artist = artist
        self.title = title
        self.point = point
        self.weight = weight
    }

    /// "Artist – Title", else "DEAM id", else the location.
    public var displayName: String {
        switch (artist?.nonEmpty, title?.nonEmpty) {
        case let (artist?, title?): return "\(artist) – \(title)"
        case let (nil, title?): return title
        default: return deamID.map { "DEAM \($0)" } ?? location
        }
    }
}

/// A playlist's tracks and, when any could be placed, its profile.
public struct PlaylistAnalysis: Codable, Equatable, Sendable {
    /// The playlist's name (file name or title).
    public var name: String
    public var tracks: [AnalyzedTrack]
    public var profile: MoodProfile

    /// Profiles the placed tracks; throws `PlaylistAnalysisError` when there are none.
    public init(name: String, tracks: [AnalyzedTrack]) throws {
        self.name = name
        self.tracks = tracks
        let placed = tracks.filter { $0.point != nil }
        if tracks.isEmpty { throw PlaylistAnalysisError.empty(playlist: name) }
        if placed.isEmpty {
            throw PlaylistAnalysisError.nothingPlaced(
                playlist: name, entries: tracks.count,
                reasons: tracks.prefix(5).map { "entry \($0.index) (\($0.location)): \($0.detail ?? "unresolved")" })
        }
        profile = try MoodProfile(points: placed.compactMap(\.point), weights: placed.map(\.weight))
    }

    /// Tracks that were placed.
    public var placedTracks: [AnalyzedTrack] { tracks.filter { $0.point != nil } }

    /// Catalog ids of the playlist's own songs (to exclude from recommendations).
    public var catalogIDs: Set<Int64> { Set(tracks.compactMap(\.catalogID)) }
}

/// Why a playlist cannot be profiled.
public enum PlaylistAnalysisError: Error, CustomStringConvertible, Equatable {
    /// The playlist has no entries.
    case empty(playlist: String)
    /// No entry could be placed on the circumplex.
    case nothingPlaced(playlist: String, entries: Int, reasons: [String])

    public var description: String {
        switch self {
        case .empty(let playlist):
            return "the playlist \(playlist) is empty: it has no entries to place on the circumplex"
        case let .nothingPlaced(playlist, entries, reasons):
            return "none of the \(entries) entries of \(playlist) could be placed on the circumplex "
                + "(entries must be DEAM songs in the catalog or DEAM feature files):\n  "
                + reasons.joined(separator: "\n  ") + (entries > reasons.count ? "\n  …" : "")
        }
    }
}
