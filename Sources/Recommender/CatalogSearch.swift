import Foundation
import MoodCore

/// A filter of the catalog by region (sub-emotion, quadrant, intensity) and/or nearness to a point:
/// the use case behind `catalog filter` and any front end that lists songs by mood.
///
/// Without `near` and without a library scale, songs are ranked by the probability of lying in the
/// region (`Catalog.regionFilter`: human ratings first, as certain). With `near`, or on the library
/// scale (your own songs only, `LibraryScale`), the nearest first; each hit then carries the
/// probability of the region asked for, and `minConfidence` drops the less likely ones.
public struct CatalogSearch: Equatable, Sendable {
    public var constraints: CatalogConstraints
    public var near: MoodPoint?
    public var radius: Double?
    public var view: CoordinateView
    /// Only songs at least this likely to lie in the region asked for (without one: in their own quadrant).
    public var minConfidence: Double?
    public var limit: Int
    public var offset: Int

    public init(constraints: CatalogConstraints, near: MoodPoint? = nil, radius: Double? = nil, view: CoordinateView,
                minConfidence: Double? = nil, limit: Int, offset: Int = 0) {
        (self.constraints, self.near, self.radius, self.view) = (constraints, near, radius, view)
        (self.minConfidence, self.limit, self.offset) = (minConfidence, limit, offset)
    }

    /// One song found: the track, its placement, the probability of the region asked for (if any)
    /// and its distance from `near` (if given).
    public struct Row: Sendable {
        public var track: CatalogTrack
        public var placement: Placement
        public var probability: Double?
        public var distance: Double?
    }

    /// A page of rows, and whether more follow.
    public struct Page: Sendable {
        public var search: CatalogSearch
        public var rows: [Row]
        public var hasMore: Bool
        /// The region's name (sub-emotion or quadrant), when one was asked for.
        public var region: String? { search.constraints.subEmotion?.name ?? search.constraints.quadrant?.name }
    }

    /// The page of `catalog`'s songs matching this search; `libraryOnly` restricts it to your own
    /// songs, placed on `scale` (the library-relative scale) when one is given.
    public func run(in catalog: Catalog, libraryOnly: Bool = false, scale: LibraryScale? = nil) throws -> Page {
        if near == nil && !libraryOnly {
            let page = try catalog.regionFilter(quadrant: constraints.quadrant, subEmotion: constraints.subEmotion, view: view,
                                                minIntensity: constraints.minIntensity, minProbability: minConfidence,
                                                limit: limit, offset: offset)
            return Page(search: self, rows: page.hits.map { Row(track: $0.track, placement: $0.placement, probability: $0.probability) },
                        hasMore: page.hasMore)
        }
        let filter = CatalogFilter(constraints: constraints, near: near, radius: radius, view: view, limit: limit, offset: offset)
        let page = libraryOnly ? try catalog.filterLibrary(filter, scale: scale) : try catalog.filter(filter)
        var rows = [Row]()
        for hit in page.hits {
            let placement = scale?.placement(of: hit.track, in: view) ?? hit.placement(in: view)
            let probability: Double? = constraints.subEmotion.map { placement.probability(of: $0) }
                ?? constraints.quadrant.map { placement.probability(of: $0) }
            if let minConfidence, (probability ?? placement.confidence) < minConfidence { continue }
            rows.append(Row(track: hit.track, placement: placement, probability: probability, distance: near != nil ? hit.distance : nil))
        }
        return Page(search: self, rows: rows, hasMore: page.hasMore)
    }
}
