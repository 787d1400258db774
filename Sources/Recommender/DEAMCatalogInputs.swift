import MERModel
import DEAMData
import Numerics
import MoodCore

/// Anything that turns song feature vectors (rows of `features`, columns in
/// `featureNames` order) into circumplex points, with a version string stored beside
/// every prediction. `MoodModel` is the production predictor.
public protocol TrackPredictor {
    /// A version string identifying the model (stored in the catalog per track).
    var predictorVersion: String { get }
    /// The feature names the predictor expects, in column order.
    var predictorFeatureNames: [String] { get }
    /// One point per row of `features`.
    func predictPoints(_ features: Matrix) throws -> [MoodPoint]
    /// The spread of each prediction (nil: the predictor has no calibrated confidence).
    func predictSpreads(_ features: Matrix) throws -> [PlacementSpread?]?
}

extension TrackPredictor {
    public func predictSpreads(_ features: Matrix) throws -> [PlacementSpread?]? { nil }
}

extension CatalogTrackInput {
    /// Catalog inputs for every song of `dataset`: `predictions` (one per song, in
    /// `dataset.songIDs` order) from a model of version `modelVersion`, the static DEAM
    /// annotation, and artist/title/genre from DEAM's metadata.
    public static func fromDEAM(_ dataset: DEAMDataset, predictions: [MoodPoint], modelVersion: String,
                                spreads: [PlacementSpread?]? = nil) -> [CatalogTrackInput] {
        precondition(predictions.count == dataset.count, "one prediction per DEAM song")
        return dataset.songIDs.enumerated().map { row, id in
            let meta = dataset.metadata[id]
            return .deam(id: id, predicted: predictions[row], modelVersion: modelVersion,
                         annotation: MoodPoint(valence: dataset.targets[row, 0], arousal: dataset.targets[row, 1]),
                         artist: meta?.artist.nonEmpty, title: meta?.title.nonEmpty, genre: meta?.genre?.nonEmpty,
                         spread: spreads?[row] ?? nil)
        }
    }

    /// `starter` inputs (predictions only) enriched with DEAM's annotations and metadata
    /// where `dataset` has the song.
    public static func enrich(_ starter: [CatalogTrackInput], with dataset: DEAMDataset) -> [CatalogTrackInput] {
        starter.map { track in
            guard let id = track.deamID, let row = dataset.index(ofSong: id) else { return track }
            var enriched = track
            let meta = dataset.metadata[id]
            enriched.annotation = MoodPoint(valence: dataset.targets[row, 0], arousal: dataset.targets[row, 1])
            enriched.artist = meta?.artist.nonEmpty
            enriched.title = meta?.title.nonEmpty
            enriched.genre = meta?.genre?.nonEmpty
            return enriched
        }
    }
}
