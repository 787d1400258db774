import Foundation
import MoodCore

/// What to recommend and how.
public struct RecommendationRequest: Equatable, Sendable {
    /// How many songs (with `pathSteps`, spread over the steps: `max(1, count / steps)` per step).
    public var count: Int
    /// Predicted coordinates (default) or human annotations where known.
    public var view: CoordinateView
    /// Euclidean, or Mahalanobis under the playlist's covariance plus `ridge`.
    public var metric: MoodMetric.Kind
    public var ridge: Double
    /// Only songs in this quadrant.
    public var quadrant: Quadrant?
    /// Only songs in this sector.
    public var subEmotion: SubEmotion?
    /// Only songs at least this intense.
    public var minIntensity: Double?
    /// Steer toward this mood instead of the playlist's centre.
    public var target: MoodTarget?
    /// MMR trade-off λ in [0, 1] (1 = nearest only, 0 = spread only); nil turns MMR off.
    public var diversity: Double?
    /// At most this many songs per artist (songs without an artist are not capped).
    public var maxPerArtist: Int?
    /// A gradual transition in this many steps from the playlist's centre to `target`.
    public var pathSteps: Int?
    /// Catalog ids never to recommend (the playlist's own tracks).
    public var excluding: Set<Int64>
    /// Which songs may be recommended: the user's own, DEAM's, or all (default).
    public var from: TrackOrigin = .all

    public init(count: Int = 10, view: CoordinateView = .predicted, metric: MoodMetric.Kind = .euclidean,
                ridge: Double = MoodMetric.defaultRidge, quadrant: Quadrant? = nil, subEmotion: SubEmotion? = nil,
                minIntensity: Double? = nil, target: MoodTarget? = nil, diversity: Double? = nil,
                maxPerArtist: Int? = nil, pathSteps: Int? = nil, excluding: Set<Int64> = []) {
        self.count = count
        self.view = view
        self.metric = metric
        self.ridge = ridge
        self.quadrant = quadrant
        self.subEmotion = subEmotion
        self.minIntensity = minIntensity
        self.target = target
        self.diversity = diversity
        self.maxPerArtist = maxPerArtist
        self.pathSteps = pathSteps
        self.excluding = excluding
    }
}

extension RecommendationRequest {
    /// The most songs one request may ask for.
    public static let countRange = 1...10_000
    /// The fewest and most steps of a gradual transition.
    public static let pathStepRange = 2...100
    /// The Mahalanobis ridge's valid range (added to the covariance's diagonal).
    public static let ridgeRange = 1e-9...100.0

    /// Checks every field against its documented range.
    /// - Throws: the first `RecommendationError` found.
    public func validate() throws {
        guard Self.countRange.contains(count) else { throw RecommendationError.countOutOfRange(count, allowed: Self.countRange) }
        guard ridge.isFinite, Self.ridgeRange.contains(ridge) else { throw RecommendationError.ridgeOutOfRange(ridge, allowed: Self.ridgeRange) }
        if let minIntensity, !(minIntensity.isFinite && (0...1).contains(minIntensity)) {
            throw RecommendationError.minIntensityOutOfRange(minIntensity)
        }
        if let lambda = diversity, !(lambda.isFinite && (0...1).contains(lambda)) { throw RecommendationError.diversityOutOfRange(lambda) }
        if let cap = maxPerArtist, cap < 1 { throw RecommendationError.artistCapOutOfRange(cap) }
        if let quadrant, let subEmotion, subEmotion.quadrant != quadrant {
            throw RecommendationError.subEmotionOutsideQuadrant(subEmotion, quadrant)
        }
        if let steps = pathSteps {
            guard target != nil else { throw RecommendationError.pathWithoutTarget }
            guard Self.pathStepRange.contains(steps) else { throw RecommendationError.pathStepsOutOfRange(steps, allowed: Self.pathStepRange) }
            guard steps <= count else { throw RecommendationError.morePathStepsThanSongs(steps: steps, count: count) }
        }
    }
}

/// Why a request cannot be served: a field outside its range, or fields that contradict each other.
public enum RecommendationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The number of songs is outside `allowed`.
    case countOutOfRange(Int, allowed: ClosedRange<Int>)
    /// The Mahalanobis ridge is not finite or outside `allowed`.
    case ridgeOutOfRange(Double, allowed: ClosedRange<Double>)
    /// The minimum intensity is not a finite number in 0…1.
    case minIntensityOutOfRange(Double)
    /// The MMR trade-off is not a finite number in 0…1.
    case diversityOutOfRange(Double)
    /// The per-artist cap is below 1.
    case artistCapOutOfRange(Int)
    /// The sub-emotion lies outside the quadrant asked for.
    case subEmotionOutsideQuadrant(SubEmotion, Quadrant)
    /// A gradual transition was asked for without a destination.
    case pathWithoutTarget
    /// The transition's step count is outside `allowed`.
    case pathStepsOutOfRange(Int, allowed: ClosedRange<Int>)
    /// A transition needs at least one song per step.
    case morePathStepsThanSongs(steps: Int, count: Int)

    public var description: String {
        switch self {
        case let .countOutOfRange(count, allowed):
            return "the number of songs must be between \(allowed.lowerBound) and \(allowed.upperBound) (got \(count))"
        case let .ridgeOutOfRange(ridge, allowed):
            return "the Mahalanobis ridge must be a number between \(allowed.lowerBound) and \(allowed.upperBound) (got \(ridge))"
        case let .minIntensityOutOfRange(value):
            return "the minimum intensity must be a number between 0 and 1 (got \(value))"
        case let .diversityOutOfRange(value):
            return "the diversity trade-off must be a number between 0 and 1 (got \(value))"
        case let .artistCapOutOfRange(cap):
            return "the songs-per-artist cap must be at least 1 (got \(cap))"
        case let .subEmotionOutsideQuadrant(sub, quadrant):
            return "the sub-emotion \(sub.name) is not in the quadrant \(quadrant.name) (it is in \(sub.quadrant.name))"
        case .pathWithoutTarget:
            return "a gradual transition needs a destination mood"
        case let .pathStepsOutOfRange(steps, allowed):
            return "a gradual transition takes between \(allowed.lowerBound) and \(allowed.upperBound) steps (got \(steps))"
        case let .morePathStepsThanSongs(steps, count):
            return "a transition of \(steps) steps needs at least \(steps) songs (got \(count))"
        }
    }
}

/// One recommended song.
public struct Recommendation: Equatable, Sendable, Codable {
    /// 1-based position in the list.
    public var rank: Int
    public var track: CatalogTrack
    /// The coordinates used (predicted or annotated view).
    public var point: MoodPoint
    /// Distance (under the request's metric) to the point it was chosen for: the playlist's
    /// centre, the target, or the path waypoint.
    public var distance: Double
    /// One line saying why it was chosen.
    public var reason: String
    /// For paths: the 1-based step and its waypoint.
    public var step: Int?
    public var waypoint: MoodPoint?
    /// The placement `point` belongs to: where it comes from and how sure it is (on the
    /// library scale when the engine ranked on one).
    public var placement: Placement

    /// A recommendation; `placement` defaults to the track's own placement at `point` (its
    /// human rating when `point` is that rating, else the model's placement there).
    public init(rank: Int, track: CatalogTrack, point: MoodPoint, distance: Double, reason: String,
                step: Int? = nil, waypoint: MoodPoint? = nil, placement: Placement? = nil) {
        self.rank = rank
        self.track = track
        self.point = point
        self.placement = placement ?? (point == track.annotation
            ? Placement(point: point, source: .human)
            : Placement(point: point, source: .model, distribution: track.spread?.distribution(at: point)))
        self.distance = distance
        self.reason = reason
        self.step = step
        self.waypoint = waypoint
    }
}

/// The outcome of a recommendation request.
public struct RecommendationResult: Equatable, Sendable, Codable {
    /// The point songs were ranked around (the target if one was given, else the playlist's centre).
    public var anchor: MoodPoint
    /// The quadrant ranked first, when not constrained by `quadrant`/`subEmotion`.
    public var preferredQuadrant: Quadrant?
    /// Path waypoints (empty without `pathSteps`).
    public var waypoints: [MoodPoint]
    public var recommendations: [Recommendation]

    public init(anchor: MoodPoint, preferredQuadrant: Quadrant?, waypoints: [MoodPoint], recommendations: [Recommendation]) {
        self.anchor = anchor
        self.preferredQuadrant = preferredQuadrant
        self.waypoints = waypoints
        self.recommendations = recommendations
    }
}

/// Ranks catalog songs for a playlist profile.
///
/// Without a path: songs in the preferred quadrant (the target's, else the playlist's
/// dominant quadrant) come first, nearest first; then songs outside it, nearest first.
/// `quadrant`/`subEmotion` instead restrict every song to that region. Distances are to
/// the target if given, else to the profile centre. With `diversity` (λ), the order
/// within each tier is chosen greedily by maximal marginal relevance over a candidate pool
/// (the songs within the playlist's region — 2σ under Mahalanobis, else twice the spread
/// and at least 0.5 — up to 400, and at least the `max(50, 5·count)` nearest):
/// `score = λ·relevance − (1 − λ)·redundancy`, with
/// Gaussian similarities of bandwidth h: `relevance = exp(−d²/2h²)` (d to the anchor) and
/// `redundancy = max over chosen songs of exp(−e²/2h²)` (e the Euclidean distance between
/// the songs); h is the playlist's spread (at least 0.25) for Euclidean d, and 1 (one
/// standard deviation) for Mahalanobis d. So λ = 0.5 balances the two, lower λ spreads the
/// picks over the playlist's region. `maxPerArtist` skips further songs by an artist
/// (compared case-insensitively) once it has that many.
///
/// With `pathSteps` (needs a target): waypoints `centre + (target − centre)·i/(steps − 1)`
/// for i = 0…steps−1 (linear in V/A, so a move between opposite moods passes near neutral,
/// as the iso principle asks), and the nearest unused songs to each waypoint.
///
/// With a library `scale`, the user's songs are ranked at their library-relative
/// coordinates (DEAM's keep theirs) and the search runs in memory instead of on the R*Tree.
public struct RecommendationEngine {
    public let catalog: Catalog
    /// How catalog searches run: the R*Tree (default) or a full scan (the benchmark baseline).
    public var access: CatalogAccess
    /// The library-relative scale the user's songs are ranked on (nil: the absolute scale).
    public var scale: LibraryScale?

    public init(catalog: Catalog, access: CatalogAccess = .index, scale: LibraryScale? = nil) {
        self.catalog = catalog
        self.access = access
        self.scale = scale
    }

    /// The songs a request may return, searched the way this engine searches.
    private struct Search {
        let engine: RecommendationEngine
        let view: CoordinateView
        let scaled: LibraryScaledSongs?

        init(_ engine: RecommendationEngine, request: RecommendationRequest) throws {
            self.engine = engine
            view = request.view
            scaled = try engine.scale.map { try LibraryScaledSongs(catalog: engine.catalog, scale: $0, view: request.view, origin: request.from) }
        }

        func nearest(to point: MoodPoint, count: Int, constraints: CatalogConstraints, excluding: Set<Int64>,
                     metric: MoodMetric, maxDistance: Double? = nil) throws -> [CatalogHit] {
            if let scaled {
                return scaled.nearest(to: point, count: count, constraints: constraints, excluding: excluding,
                                      metric: metric, maxDistance: maxDistance)
            }
            return try engine.catalog.nearest(to: point, count: count, view: view, constraints: constraints, excluding: excluding,
                                              metric: metric, maxDistance: maxDistance, access: engine.access)
        }

        func placement(of track: CatalogTrack) -> Placement {
            scaled?.placement(of: track) ?? track.placement(in: view)
        }
    }

    /// Recommends songs for `profile`.
    public func recommend(for profile: MoodProfile, request: RecommendationRequest) throws -> RecommendationResult {
        try request.validate()
        let metric: MoodMetric = request.metric == .mahalanobis ? profile.mahalanobisMetric(ridge: request.ridge) : .euclidean
        var base = CatalogConstraints(minIntensity: request.minIntensity)
        base.quadrant = request.quadrant ?? request.subEmotion?.quadrant
        base.subEmotion = request.subEmotion
        base.restrict(to: request.from)
        let search = try Search(self, request: request)

        if let steps = request.pathSteps {
            guard let target = request.target else { throw RecommendationError.pathWithoutTarget }
            return try path(from: profile, to: target, steps: steps, request: request, metric: metric, base: base, search: search)
        }

        let anchor = request.target?.point ?? profile.centre
        let constrained = base.quadrant != nil
        let preferred: Quadrant? = constrained ? nil : (request.target?.point.quadrant ?? profile.dominantQuadrant)
        let needsPool = request.diversity != nil || request.maxPerArtist != nil
        let poolSize = needsPool ? max(50, 5 * request.count) : request.count
        // MMR chooses among the songs of the playlist's own region: within 2σ (Mahalanobis)
        // or twice the spread (Euclidean, at least 0.5), up to 400 songs, and never fewer
        // than `poolSize` nearest.
        let diversityRadius = metric.kind == .mahalanobis ? 2.0 : max(2 * profile.spread, 0.5)
        func pool(_ constraints: CatalogConstraints) throws -> [CatalogHit] {
            if request.diversity != nil {
                let wide = try search.nearest(to: anchor, count: max(400, poolSize), constraints: constraints,
                                              excluding: request.excluding, metric: metric, maxDistance: diversityRadius)
                if wide.count >= poolSize { return wide }
            }
            return try search.nearest(to: anchor, count: poolSize, constraints: constraints, excluding: request.excluding, metric: metric)
        }

        var tiers: [[CatalogHit]] = []
        if let preferred {
            var inside = base, outside = base
            inside.quadrant = preferred
            outside.excludedQuadrant = preferred
            let first = try pool(inside)
            tiers.append(first)
            if first.count < poolSize || needsPool { tiers.append(try pool(outside)) }
        } else {
            tiers.append(try pool(base))
        }

        let spreadBandwidth = max(profile.spread, 0.25)
        let bandwidth = (relevance: metric.kind == .mahalanobis ? 1 : spreadBandwidth, redundancy: spreadBandwidth)
        var chosen = [Recommendation]()
        var artistCounts = [String: Int]()
        for (tierIndex, tier) in tiers.enumerated() {
            let picks = select(from: tier, count: request.count - chosen.count, lambda: request.diversity, bandwidth: bandwidth,
                               maxPerArtist: request.maxPerArtist, artistCounts: &artistCounts,
                               alreadyChosen: chosen.map(\.point))
            for pick in picks {
                let reason = RecommendationEngine.reason(
                    for: pick.hit, tier: tierIndex, preferred: preferred, request: request, metric: metric, addedForVariety: pick.forVariety)
                chosen.append(Recommendation(rank: chosen.count + 1, track: pick.hit.track, point: pick.hit.point,
                                             distance: pick.hit.distance, reason: reason, step: nil, waypoint: nil,
                                             placement: search.placement(of: pick.hit.track)))
            }
            if chosen.count >= request.count { break }
        }
        return RecommendationResult(anchor: anchor, preferredQuadrant: preferred, waypoints: [], recommendations: chosen)
    }

    private func path(from profile: MoodProfile, to target: MoodTarget, steps: Int, request: RecommendationRequest,
                      metric: MoodMetric, base: CatalogConstraints, search: Search) throws -> RecommendationResult {
        let start = profile.centre
        let waypoints = (0..<steps).map { i -> MoodPoint in
            let t = Double(i) / Double(steps - 1)
            return MoodPoint(valence: start.valence + (target.point.valence - start.valence) * t,
                             arousal: start.arousal + (target.point.arousal - start.arousal) * t)
        }
        let perStep = max(1, request.count / steps)
        var excluded = request.excluding
        var artistCounts = [String: Int]()
        var chosen = [Recommendation]()
        for (index, waypoint) in waypoints.enumerated() {
            // Enough extra candidates to survive the artist cap.
            let want = request.maxPerArtist == nil ? perStep : max(20, 4 * perStep)
            let hits = try search.nearest(to: waypoint, count: want, constraints: base, excluding: excluded, metric: metric)
            let picks = select(from: hits, count: perStep, lambda: nil, bandwidth: (1, 1), maxPerArtist: request.maxPerArtist,
                               artistCounts: &artistCounts, alreadyChosen: [])
            for pick in picks {
                excluded.insert(pick.hit.track.id)
                let how = index == 0 ? "the playlist's own mood" : index == steps - 1 ? "the target \(target.label)" : "toward \(target.label)"
                let reason = "step \(index + 1)/\(steps), \(how): \(RecommendationEngine.placeName(pick.hit.point)), "
                    + String(format: "%.2f from waypoint V %.2f, A %.2f", pick.hit.distance, waypoint.valence, waypoint.arousal)
                chosen.append(Recommendation(rank: chosen.count + 1, track: pick.hit.track, point: pick.hit.point,
                                             distance: pick.hit.distance, reason: reason, step: index + 1, waypoint: waypoint,
                                             placement: search.placement(of: pick.hit.track)))
            }
        }
        return RecommendationResult(anchor: target.point, preferredQuadrant: nil, waypoints: waypoints, recommendations: chosen)
    }

    /// Greedy selection from `pool` (ordered nearest first): plain order, or MMR with λ; capped per artist.
    private func select(from pool: [CatalogHit], count: Int, lambda: Double?, bandwidth: (relevance: Double, redundancy: Double), maxPerArtist: Int?,
                        artistCounts: inout [String: Int], alreadyChosen: [MoodPoint]) -> [(hit: CatalogHit, forVariety: Bool)] {
        guard count > 0 else { return [] }
        func artistKey(_ hit: CatalogHit) -> String? { hit.track.artist?.nonEmpty?.lowercased() }
        func allowed(_ hit: CatalogHit) -> Bool {
            guard let cap = maxPerArtist, let key = artistKey(hit) else { return true }
            return artistCounts[key, default: 0] < cap
        }
        func take(_ hit: CatalogHit) {
            if let key = artistKey(hit) { artistCounts[key, default: 0] += 1 }
        }
        var picks = [(hit: CatalogHit, forVariety: Bool)]()
        guard let lambda else {
            for hit in pool where picks.count < count && allowed(hit) {
                take(hit)
                picks.append((hit, false))
            }
            return picks
        }
        let relevanceScale = 2 * bandwidth.relevance * bandwidth.relevance
        let redundancyScale = 2 * bandwidth.redundancy * bandwidth.redundancy
        var selectedPoints = alreadyChosen
        var remaining = Array(pool.indices)
        while picks.count < count {
            var best: (index: Int, score: Double)?
            for (position, i) in remaining.enumerated() where allowed(pool[i]) {
                let relevance = exp(-pool[i].distance * pool[i].distance / relevanceScale)
                let redundancy = selectedPoints.map { q -> Double in
                    let e = pool[i].point.distance(to: q)
                    return exp(-e * e / redundancyScale)
                }.max() ?? 0
                let score = lambda * relevance - (1 - lambda) * redundancy
                if let current = best, score <= current.score + 1e-12 { continue }
                best = (position, score)
            }
            guard let chosen = best else { break }
            let index = remaining.remove(at: chosen.index)
            // "For variety" when a nearer allowed candidate was passed over.
            let passedOver = remaining.contains { $0 < index && allowed(pool[$0]) }
            take(pool[index])
            selectedPoints.append(pool[index].point)
            picks.append((pool[index], passedOver))
        }
        return picks
    }

    /// "Melancholy (Sadness)".
    static func placeName(_ point: MoodPoint) -> String {
        "\(point.subEmotion.name) (\(point.quadrant.name))"
    }

    private static func reason(for hit: CatalogHit, tier: Int, preferred: Quadrant?, request: RecommendationRequest,
                               metric: MoodMetric, addedForVariety: Bool) -> String {
        let place = placeName(hit.point)
        let measure = metric.kind == .mahalanobis ? "Mahalanobis distance" : "distance"
        let reference = request.target.map { "the target \($0.label)" } ?? "your playlist's centre"
        var text: String
        if let sub = request.subEmotion {
            text = "\(sub.name) as asked; \(measure) \(String(format: "%.2f", hit.distance)) from \(reference)"
        } else if let quadrant = request.quadrant {
            text = "\(place), in \(quadrant.name) as asked; \(measure) \(String(format: "%.2f", hit.distance)) from \(reference)"
        } else if let preferred, tier == 0 {
            let why = request.target == nil ? "your playlist's dominant quadrant" : "the target's quadrant"
            text = "\(place), in \(why) \(preferred.name); \(measure) \(String(format: "%.2f", hit.distance)) from \(reference)"
        } else if let preferred {
            text = "\(place): nearest outside \(preferred.name) once no closer \(preferred.name) songs were left; \(measure) \(String(format: "%.2f", hit.distance)) from \(reference)"
        } else {
            text = "\(place); \(measure) \(String(format: "%.2f", hit.distance)) from \(reference)"
        }
        if addedForVariety { text += "; picked for variety" }
        return text
    }
}
