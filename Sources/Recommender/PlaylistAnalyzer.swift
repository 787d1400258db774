import Foundation
import MoodIO
import MERModel
import DEAMData
import Numerics
import MoodCore
import PlaylistImport

/// Places the entries of an imported playlist on the circumplex.
///
/// - DEAM songs take their coordinates from the catalog (the same coordinates the
///   recommendations are ranked by): the prediction, or with the annotated view the human
///   rating where known.
/// - Feature files are predicted by `predictor` (the catalog's copy of the same file, found
///   by path or content hash, is excluded from recommendations and names an untitled entry).
/// - Anything else stays unresolved with the importer's reason.
/// - With a library `scale`, the model's placements of the user's songs (feature files and
///   audio) are mapped onto it, spread included; DEAM songs keep their coordinates.
public struct PlaylistAnalyzer {
    public var catalog: Catalog
    public var predictor: TrackPredictor?
    public var view: CoordinateView
    /// The library-relative scale for the user's songs (nil: the absolute scale).
    public var scale: LibraryScale?

    public init(catalog: Catalog, predictor: TrackPredictor?, view: CoordinateView = .predicted, scale: LibraryScale? = nil) {
        self.catalog = catalog
        self.predictor = predictor
        self.view = view
        self.scale = scale
    }

    /// The analysis of `playlist`, named `name`.
    public func analyze(_ playlist: ImportedPlaylist, name: String) throws -> PlaylistAnalysis {
        let entries = playlist.tracks
        let deamTracks = try catalog.tracks(deamIDs: Array(Set(entries.compactMap { $0.reference.deamID })))

        // Predict every feature file in one batch.
        var featureRows = [Int: Int]()
        var featureValues = [Double]()
        var featureProblems = [Int: String]()
        if let predictor {
            for (index, entry) in entries.enumerated() {
                guard let features = entry.reference.features else { continue }
                guard let values = features.values(orderedAs: predictor.predictorFeatureNames) else {
                    featureProblems[index] = "the song's features lack some the model needs"
                    continue
                }
                featureRows[index] = featureRows.count
                featureValues += values
            }
        }
        var predictions = [MoodPoint]()
        var spreads = [PlacementSpread?]()
        if let predictor, !featureRows.isEmpty {
            let matrix = Matrix(rows: featureRows.count, columns: predictor.predictorFeatureNames.count, storage: featureValues)
            predictions = try predictor.predictPoints(matrix)
            spreads = try predictor.predictSpreads(matrix) ?? Array(repeating: nil, count: predictions.count)
        }

        var tracks = [AnalyzedTrack]()
        for (index, entry) in entries.enumerated() {
            let location = entry.location ?? entry.identifiers.first ?? "(no location)"
            var track = AnalyzedTrack(index: index + 1, location: location, status: .unresolved,
                                      artist: entry.artist, title: entry.title)
            switch entry.reference {
            case let .deam(id):
                track.deamID = id
                if let stored = deamTracks[id] {
                    track.status = .catalog
                    track.catalogID = stored.id
                    track.point = stored.point(in: view)
                    track.source = stored.placementSource(in: view)
                    track.spread = track.source == .model ? stored.spread : nil
                    track.artist = stored.artist ?? entry.artist
                    track.title = stored.title ?? entry.title
                    if view == .annotated && stored.annotation == nil { track.detail = "no human rating; using the prediction" }
                } else {
                    track.detail = "DEAM song \(id) is not in the catalog"
                }
            case let .featureFile(url, _):
                try place(&track, row: featureRows[index], problem: featureProblems[index], predictions: predictions, spreads: spreads,
                          source: "feature file", url: url, contentHash: nil)
            case let .audio(url, _, contentHash):
                try place(&track, row: featureRows[index], problem: featureProblems[index], predictions: predictions, spreads: spreads,
                          source: "audio", url: url, contentHash: contentHash)
            case let .unresolved(reason):
                track.detail = reason.description
            }
            tracks.append(track)
        }
        return try PlaylistAnalysis(name: name, tracks: tracks)
    }

    /// Fills in a predicted entry (feature file or audio) and finds its catalog copy, if any.
    private func place(_ track: inout AnalyzedTrack, row: Int?, problem: String?, predictions: [MoodPoint], spreads: [PlacementSpread?],
                       source: String, url: URL, contentHash: String?) throws {
        guard let row else {
            track.detail = problem ?? "no model to predict \(source) entries"
            return
        }
        track.status = .predicted
        track.point = predictions[row]
        track.source = .model
        track.spread = row < spreads.count ? spreads[row] : nil
        if let scale, let placement = track.placement {
            let mapped = scale.map(placement)
            track.point = mapped.point
            track.spread = mapped.distribution.map(PlacementSpread.init)
        }
        track.detail = "\(source) predicted by \(predictor?.predictorVersion ?? "the model")"
        var stored = try catalog.track(path: url.path)
        if stored == nil, let hash = contentHash ?? (try? Data(contentsOf: url)).map(SHA256.hex) {
            stored = try catalog.tracks(contentHash: hash).first
        }
        if let stored {
            // The catalog's copy: excluded from recommendations, and its tags name an untitled entry.
            track.catalogID = stored.id
            if track.title?.nonEmpty == nil {
                track.title = stored.title
                track.artist = track.artist ?? stored.artist
            }
        }
    }
}
