import Foundation
import MoodCore

/// The library-relative scale (`--scale library`): each axis of the user's songs is
/// mapped through its own quantiles onto a reference distribution of DEAM ratings, so a
/// library that the model places in a narrow band near the centre spreads over the scale
/// as DEAM's songs do. The mapping is monotone per axis (order on each axis is kept), and
/// it is *relative*: a song's position says how it compares with the rest of the library,
/// not how a DEAM listener would rate it. The default (absolute) scale is the model's output.
public struct LibraryScale: Sendable {
    /// Where the reference distribution comes from.
    public enum Reference: String, Sendable, Codable {
        /// The human ratings of the catalog's DEAM songs (after `catalog build`).
        case deamAnnotations = "DEAM annotations in the catalog"
        /// The bundled starter predictions of the default model (when the catalog has no DEAM ratings).
        case starterPredictions = "bundled starter predictions"
    }

    public let reference: Reference
    /// How many library songs the quantiles come from.
    public let librarySize: Int
    private let libraryValence: [Double], libraryArousal: [Double]
    private let referenceValence: [Double], referenceArousal: [Double]

    /// A scale from the library's points onto the reference points (both non-empty).
    public init(library: [MoodPoint], reference points: [MoodPoint], kind: Reference) {
        precondition(!library.isEmpty && !points.isEmpty, "a library scale needs songs on both sides")
        reference = kind
        librarySize = library.count
        libraryValence = library.map(\.valence).sorted()
        libraryArousal = library.map(\.arousal).sorted()
        referenceValence = points.map(\.valence).sorted()
        referenceArousal = points.map(\.arousal).sorted()
    }

    /// The fewest own songs a library scale is made from. Quantiles of fewer songs say next
    /// to nothing: one song maps to the reference's median with a spread of nothing (the map is
    /// flat: a zero-size 80% region and a certain quadrant), and two are pinned to the reference's
    /// quartiles whatever their predictions; three give a lowest, a middle and a highest.
    public static let minimumLibrarySize = 3

    /// Why a catalog has no library scale (its own songs are then shown on the absolute scale).
    public enum Unavailable: Error, Equatable, Sendable {
        /// The catalog holds none of the user's songs.
        case noLibrarySongs
        /// Fewer than `minimumLibrarySize` own songs: too few to scale.
        case tooFewSongs(Int)
    }

    /// The scale for the catalog's own songs: the reference is the catalog's DEAM
    /// annotations when it has any, else the bundled starter predictions; or why there is
    /// none (no own songs, or fewer than `minimumLibrarySize`).
    public static func forCatalog(_ catalog: Catalog) throws -> Result<LibraryScale, Unavailable> {
        let library = try catalog.libraryEntries().map(\.track.predicted)
        guard !library.isEmpty else { return .failure(.noLibrarySongs) }
        guard library.count >= minimumLibrarySize else { return .failure(.tooFewSongs(library.count)) }
        let annotations = try catalog.deamAnnotations()
        if !annotations.isEmpty { return .success(LibraryScale(library: library, reference: annotations, kind: .deamAnnotations)) }
        let starter = try StarterCatalog.load(contentsOf: StarterCatalog.bundledURL()).map(\.predicted)
        return .success(LibraryScale(library: library, reference: starter, kind: .starterPredictions))
    }

    /// `point` (a library song's prediction) on the library-relative scale.
    public func map(_ point: MoodPoint) -> MoodPoint {
        MoodPoint(valence: LibraryScale.quantileMap(point.valence, from: libraryValence, onto: referenceValence),
                  arousal: LibraryScale.quantileMap(point.arousal, from: libraryArousal, onto: referenceArousal))
    }

    /// Whether tracks from `source` are the user's songs, which this scale maps (DEAM songs
    /// keep their coordinates: they already are on DEAM's scale).
    public func applies(to source: TrackSource) -> Bool { source != .deam }

    /// `track`'s placement in `view` as this scale shows it: the user's songs mapped, DEAM's as they are.
    public func placement(of track: CatalogTrack, in view: CoordinateView) -> Placement {
        let placement = track.placement(in: view)
        return applies(to: track.source) ? map(placement) : placement
    }

    /// `distribution` on the library-relative scale: the mean mapped as a point, and the
    /// spread carried through the map's local slope on each axis (the secant over ±1 SD,
    /// so a flat stretch of the library's quantiles narrows the spread and a steep one
    /// widens it); the correlation and the unlike-DEAM flag are kept.
    public func map(_ distribution: PlacementDistribution) -> PlacementDistribution {
        let mean = distribution.mean
        func slope(_ x: Double, _ sd: Double, _ from: [Double], _ onto: [Double]) -> Double {
            let h = max(sd, 1e-3)
            return (LibraryScale.quantileMap(x + h, from: from, onto: onto) - LibraryScale.quantileMap(x - h, from: from, onto: onto)) / (2 * h)
        }
        let sv = slope(mean.valence, distribution.sdValence, libraryValence, referenceValence)
        let sa = slope(mean.arousal, distribution.sdArousal, libraryArousal, referenceArousal)
        // A spread never collapses to nothing where the library's quantiles are tied.
        let floor = 1e-3
        return PlacementDistribution(mean: map(mean), sdValence: max(floor, distribution.sdValence * sv),
                                     sdArousal: max(floor, distribution.sdArousal * sa), correlation: distribution.correlation,
                                     outOfDistribution: distribution.outOfDistribution)
    }

    /// `placement` on the library-relative scale: a model placement's point and distribution
    /// are mapped; a human rating is returned unchanged.
    public func map(_ placement: Placement) -> Placement {
        guard placement.source == .model else { return placement }
        guard let distribution = placement.distribution else { return Placement(point: map(placement.point), source: .model) }
        let mapped = map(distribution)
        return Placement(point: mapped.mean, source: .model, distribution: mapped)
    }

    /// The reference quantile at `x`'s position among `sorted` (plotting positions
    /// (i + ½)/n, mid-ranks for ties, linear between neighbours, clamped at the ends).
    static func quantileMap(_ x: Double, from sorted: [Double], onto reference: [Double]) -> Double {
        let n = sorted.count
        let lower = partition(sorted) { $0 < x }, upper = partition(sorted) { $0 <= x }
        let u: Double
        if upper > lower {
            u = (Double(lower + upper - 1) / 2 + 0.5) / Double(n)
        } else if lower == 0 {
            u = 0.5 / Double(n)
        } else if lower == n {
            u = (Double(n) - 0.5) / Double(n)
        } else {
            let a = sorted[lower - 1], b = sorted[lower]
            let t = b > a ? (x - a) / (b - a) : 0.5
            u = (Double(lower - 1) + 0.5 + t) / Double(n)
        }
        let m = reference.count
        let position = min(Double(m - 1), max(0, u * Double(m) - 0.5))
        let i = Int(position.rounded(.down)), f = position - Double(i)
        return i + 1 < m ? reference[i] + f * (reference[i + 1] - reference[i]) : reference[m - 1]
    }

    /// The first index whose element fails `predicate` (`sorted` is partitioned by it).
    private static func partition(_ sorted: [Double], _ predicate: (Double) -> Bool) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if predicate(sorted[mid]) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// The catalog's songs a query chooses from, each with the point it is ranked by: the user's songs (unless
/// `origin` is `.deam`) at their placements in the view, mapped onto the library's own scale when `scale`
/// is given; DEAM's songs (unless `origin` is `.library`) at their placements in the view, never mapped.
/// Searched in memory: a library-scale mapping depends on the whole library, so the R*Tree's stored
/// coordinates cannot drive these queries. One home for `recommend --scale library`, `mood playlist` and
/// `catalog filter --from library`.
public struct LibraryScaledSongs {
    /// The library scale the user's songs are mapped onto; nil: the absolute scale.
    public let scale: LibraryScale?
    public let view: CoordinateView
    /// Every song a query may return, with the point it is ranked by (the user's songs first, in catalog order).
    public private(set) var songs: [(track: CatalogTrack, point: MoodPoint)] = []

    public init(catalog: Catalog, scale: LibraryScale?, view: CoordinateView, origin: TrackOrigin) throws {
        self.scale = scale
        self.view = view
        if origin != .deam {
            songs += try catalog.libraryEntries().map { entry in
                let point = entry.track.point(in: view)
                return (entry.track, scale?.map(point) ?? point)
            }
        }
        if origin != .library {
            songs += try catalog.allTracks(source: .deam).map { ($0, $0.point(in: view)) }
        }
    }

    /// `track`'s placement as this query shows it.
    public func placement(of track: CatalogTrack) -> Placement {
        scale?.placement(of: track, in: view) ?? track.placement(in: view)
    }

    /// The `count` songs nearest to `point` that pass `constraints` (by distance, then id),
    /// as `Catalog.nearest` orders them.
    func nearest(to point: MoodPoint, count: Int, constraints: CatalogConstraints, excluding: Set<Int64>,
                 metric: MoodMetric, maxDistance: Double? = nil) -> [CatalogHit] {
        var hits = [CatalogHit]()
        for song in songs where !excluding.contains(song.track.id) && constraints.accepts(song.point, source: song.track.source) {
            let distance = metric.distance(point, song.point)
            if let maxDistance, distance > maxDistance { continue }
            hits.append(CatalogHit(track: song.track, point: song.point, distance: distance))
        }
        hits.sort { ($0.distance, $0.track.id) < ($1.distance, $1.track.id) }
        return Array(hits.prefix(max(0, count)))
    }
}

extension Catalog {
    /// A `filter` page over the user's own songs only, with their coordinates on `scale`
    /// (the absolute predictions when nil): constraints and radius apply to the mapped points;
    /// with `near`, nearest first (Euclidean), otherwise strongest first; ties by id.
    public func filterLibrary(_ filter: CatalogFilter, scale: LibraryScale?) throws -> CatalogPage {
        let limit = max(0, filter.limit), offset = max(0, filter.offset)
        var hits = [CatalogHit]()
        for (track, point) in try LibraryScaledSongs(catalog: self, scale: scale, view: .predicted, origin: .library).songs {
            guard filter.constraints.accepts(point, source: track.source) else { continue }
            var distance = 0.0
            if let near = filter.near {
                distance = ((point.valence - near.valence) * (point.valence - near.valence)
                            + (point.arousal - near.arousal) * (point.arousal - near.arousal)).squareRoot()
                if let radius = filter.radius, distance > radius { continue }
            }
            hits.append(CatalogHit(track: track, point: point, distance: distance))
        }
        if filter.near != nil {
            hits.sort { ($0.distance, $0.track.id) < ($1.distance, $1.track.id) }
        } else {
            hits.sort { ($1.point.intensity, $0.track.id) < ($0.point.intensity, $1.track.id) }
        }
        return CatalogPage(hits: Array(hits.dropFirst(offset).prefix(limit)), offset: offset, limit: limit,
                           hasMore: hits.count > offset + limit)
    }
}
