import MoodCore

/// A catalog track found by a region query, with its placement and the probability that it
/// lies in the region.
public struct RegionHit: Equatable, Sendable {
    public var track: CatalogTrack
    public var placement: Placement
    /// Probability of lying in the queried sector or quadrant: the predictive distribution's mass
    /// for model placements, 1 or 0 for human ratings (and model points without confidence).
    public var probability: Double
}

extension Catalog {
    /// Tracks in a sector and/or quadrant, ranked by the probability of lying there (then by
    /// intensity, then by id): songs placed by human ratings in the region come first (probability 1),
    /// model-placed songs follow by their predictive distribution's mass in the region — not by the
    /// point's intensity, so an uncertain point near the boundary ranks below a sure one.
    /// `minProbability` drops tracks less likely than that; `minIntensity` and `source` apply to the point.
    public func regionFilter(quadrant: Quadrant?, subEmotion: SubEmotion?, view: CoordinateView,
                             minIntensity: Double? = nil, minProbability: Double? = nil, source: TrackSource? = nil,
                             limit: Int, offset: Int) throws -> (hits: [RegionHit], hasMore: Bool) {
        precondition(quadrant != nil || subEmotion != nil, "a region query needs a quadrant or a sector")
        var hits = [RegionHit]()
        for track in try allTracks() {
            if let source, track.source != source { continue }
            let placement = track.placement(in: view)
            if let minIntensity, placement.point.intensity < minIntensity { continue }
            let probability: Double
            if let subEmotion {
                probability = placement.probability(of: subEmotion)
            } else {
                probability = placement.probability(of: quadrant!)
            }
            guard probability > 0, probability >= (minProbability ?? 0) else { continue }
            hits.append(RegionHit(track: track, placement: placement, probability: probability))
        }
        hits.sort { x, y in
            if x.probability != y.probability { return x.probability > y.probability }
            if x.placement.point.intensity != y.placement.point.intensity { return x.placement.point.intensity > y.placement.point.intensity }
            return x.track.id < y.track.id
        }
        let page = Array(hits.dropFirst(offset).prefix(limit))
        return (page, hits.count > offset + limit)
    }
}
