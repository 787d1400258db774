import MoodCore

extension Array where Element == Recommendation {
    /// Region-constrained lists ranked by the probability of lying in the region (then as the engine
    /// ranked them); `minConfidence` drops songs less likely than that to lie in the region (without
    /// one: in their own quadrant). Ranks are renumbered.
    public func keepingConfident(for request: RecommendationRequest, minConfidence: Double?) -> [Recommendation] {
        func probability(_ r: Recommendation) -> Double {
            let p = r.placement
            if let s = request.subEmotion { return p.probability(of: s) }
            if let q = request.quadrant { return p.probability(of: q) }
            return p.confidence
        }
        var kept = filter { minConfidence == nil || probability($0) >= minConfidence! }
        if (request.subEmotion != nil || request.quadrant != nil) && request.pathSteps == nil {
            kept = kept.enumerated().sorted { x, y in
                let px = probability(x.element), py = probability(y.element)
                return px != py ? px > py : x.offset < y.offset
            }.map(\.element)
        }
        for i in kept.indices { kept[i].rank = i + 1 }
        return kept
    }
}
