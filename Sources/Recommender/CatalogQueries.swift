import Foundation
import MoodCore

/// Conditions a catalog query applies besides position.
public struct CatalogConstraints: Equatable, Sendable {
    /// Only tracks in this quadrant.
    public var quadrant: Quadrant?
    /// Only tracks outside this quadrant.
    public var excludedQuadrant: Quadrant?
    /// Only tracks in this sector.
    public var subEmotion: SubEmotion?
    /// Only tracks with at least this intensity (0–1).
    public var minIntensity: Double?
    /// Only tracks from this source.
    public var source: TrackSource?
    /// Restricts to an origin: `.library` (not DEAM), `.deam`, or `.all` (no restriction).
    public mutating func restrict(to origin: TrackOrigin) {
        switch origin {
        case .all: break
        case .deam: source = .deam
        case .library: excludedSource = .deam
        }
    }
    /// Only tracks not from this source (`.deam`: the user's own songs only).
    public var excludedSource: TrackSource?

    public init(quadrant: Quadrant? = nil, excludedQuadrant: Quadrant? = nil, subEmotion: SubEmotion? = nil,
                minIntensity: Double? = nil, source: TrackSource? = nil, excludedSource: TrackSource? = nil) {
        self.excludedSource = excludedSource
        self.quadrant = quadrant
        self.excludedQuadrant = excludedQuadrant
        self.subEmotion = subEmotion
        self.minIntensity = minIntensity
        self.source = source
    }

    /// Whether a point (and source) passes.
    public func accepts(_ point: MoodPoint, source trackSource: TrackSource) -> Bool {
        if let quadrant, point.quadrant != quadrant { return false }
        if let excludedQuadrant, point.quadrant == excludedQuadrant { return false }
        if let subEmotion, point.subEmotion != subEmotion { return false }
        if let minIntensity, point.intensity < minIntensity { return false }
        if let source, trackSource != source { return false }
        if let excludedSource, trackSource == excludedSource { return false }
        return true
    }

    /// SQL conditions on alias `t` (with a leading `AND` each) and their bindings. With
    /// `disableIndexes`, each column is written `+t.col` so SQLite cannot drive the query
    /// from a B-tree index (used when an R*Tree should drive it instead, and for full scans).
    func sql(view: CoordinateView, disableIndexes: Bool) -> (String, [DatabaseValueConvertible?]) {
        let c = CatalogSchema.columns(for: view)
        let p = disableIndexes ? "+t." : "t."
        var clauses = [String]()
        var bindings = [DatabaseValueConvertible?]()
        if let quadrant { clauses.append("\(p)\(c.quadrant) = ?"); bindings.append(quadrant.rawValue) }
        if let excludedQuadrant { clauses.append("\(p)\(c.quadrant) <> ?"); bindings.append(excludedQuadrant.rawValue) }
        if let subEmotion { clauses.append("\(p)\(c.subEmotion) = ?"); bindings.append(subEmotion.rawValue) }
        if let minIntensity { clauses.append("\(p)\(c.intensity) >= ?"); bindings.append(minIntensity) }
        if let source { clauses.append("\(p)source = ?"); bindings.append(source.rawValue) }
        if let excludedSource { clauses.append("\(p)source <> ?"); bindings.append(excludedSource.rawValue) }
        return (clauses.map { " AND \($0)" }.joined(), bindings)
    }
}

/// How a query finds its rows (the index is the default; a full scan is the benchmark baseline).
public enum CatalogAccess: String, Sendable, CaseIterable {
    /// R*Tree box searches (and B-tree indexes for sector filters).
    case index
    /// Read every row.
    case fullScan
}

/// A page of `mood catalog filter` results.
public struct CatalogFilter: Equatable, Sendable {
    public var constraints: CatalogConstraints
    /// Restrict to a disc around this point (with `radius`), or order by distance to it.
    public var near: MoodPoint?
    /// Euclidean radius around `near`.
    public var radius: Double?
    public var view: CoordinateView
    public var limit: Int
    public var offset: Int

    public init(constraints: CatalogConstraints = CatalogConstraints(), near: MoodPoint? = nil, radius: Double? = nil,
                view: CoordinateView = .predicted, limit: Int = 50, offset: Int = 0) {
        self.constraints = constraints
        self.near = near
        self.radius = radius
        self.view = view
        self.limit = limit
        self.offset = offset
    }
}

/// One page of filter results. With `near`, ordered by distance; otherwise strongest
/// (highest intensity) first; ties by catalog id.
public struct CatalogPage: Equatable, Sendable {
    public var hits: [CatalogHit]
    public var offset: Int
    public var limit: Int
    /// Whether more results follow this page.
    public var hasMore: Bool
}

extension Catalog {
    // MARK: - Lookups

    /// Tracks read by column name from a query selecting `TrackColumn.selectList`.
    func fetchTracks(_ sql: String, _ arguments: [DatabaseValueConvertible?] = []) throws -> [CatalogTrack] {
        let statement = try db.makeStatement(sql)
        try statement.bind(arguments)
        let decoder = try TrackRowDecoder(statement)
        var tracks = [CatalogTrack]()
        while let row = try statement.next() { tracks.append(decoder.decode(row)) }
        return tracks
    }

    /// Tracks by catalog id, in the order given (unknown ids are skipped).
    public func tracks(ids: [Int64]) throws -> [CatalogTrack] {
        var found = [Int64: CatalogTrack]()
        for chunk in Catalog.chunks(ids) {
            let list = chunk.map(String.init).joined(separator: ",")
            for track in try fetchTracks("SELECT \(TrackColumn.selectList) FROM tracks t WHERE t.id IN (\(list))") {
                found[track.id] = track
            }
        }
        return ids.compactMap { found[$0] }
    }

    /// DEAM tracks by DEAM id (ids not in the catalog are absent from the result).
    public func tracks(deamIDs: [Int]) throws -> [Int: CatalogTrack] {
        var found = [Int: CatalogTrack]()
        for chunk in Catalog.chunks(deamIDs) {
            let list = chunk.map(String.init).joined(separator: ",")
            for track in try fetchTracks("SELECT \(TrackColumn.selectList) FROM tracks t WHERE t.deam_id IN (\(list))") {
                if let id = track.deamID { found[id] = track }
            }
        }
        return found
    }

    /// The track stored for a file path, if any.
    public func track(path: String) throws -> CatalogTrack? {
        try fetchTracks("SELECT \(TrackColumn.selectList) FROM tracks t WHERE t.path = ?", [path]).first
    }

    /// Tracks whose file content hash is `hash`.
    public func tracks(contentHash hash: String) throws -> [CatalogTrack] {
        try fetchTracks("SELECT \(TrackColumn.selectList) FROM tracks t WHERE t.content_hash = ? ORDER BY t.id", [hash])
    }

    /// Every track (optionally of one source), by catalog id.
    public func allTracks(source: TrackSource? = nil) throws -> [CatalogTrack] {
        if let source {
            return try fetchTracks("SELECT \(TrackColumn.selectList) FROM tracks t WHERE t.source = ? ORDER BY t.id", [source.rawValue])
        }
        return try fetchTracks("SELECT \(TrackColumn.selectList) FROM tracks t ORDER BY t.id")
    }

    // MARK: - Nearest neighbours

    /// The `count` tracks nearest to `point` under `metric` that satisfy `constraints` and
    /// are not in `excluding` (catalog ids), nearest first (ties by id).
    ///
    /// With `.index`, an R*Tree box search of half-width `r` around the point finds the
    /// candidates; every track within `c·r` under the metric (`c` =
    /// `metric.euclideanLowerBound`) is then guaranteed to be among them, so once `count`
    /// candidates lie within `c·r` they are exactly the nearest; otherwise `r` doubles.
    /// `r` starts where the box should hold about 4·count tracks if they were spread evenly.
    /// With `maxDistance`, only tracks within that distance count, and the search stops
    /// growing once the box covers it.
    public func nearest(to point: MoodPoint, count: Int, view: CoordinateView = .predicted,
                        constraints: CatalogConstraints = CatalogConstraints(), excluding: Set<Int64> = [],
                        metric: MoodMetric = .euclidean, maxDistance: Double? = nil,
                        access: CatalogAccess = .index) throws -> [CatalogHit] {
        guard count > 0, trackCount > 0 else { return [] }
        var candidates: [(id: Int64, point: MoodPoint, distance: Double)]
        switch access {
        case .fullScan:
            candidates = try fullScanNearest(to: point, count: count + excluding.count, view: view, constraints: constraints,
                                             excluding: excluding, metric: metric)
        case .index:
            let span = Circumplex.scale.upperBound - Circumplex.scale.lowerBound
            var radius = max(0.02, (span * span * Double(4 * count + 8) / Double(trackCount)).squareRoot() / 2)
            while true {
                let box = (point.valence - radius, point.valence + radius, point.arousal - radius, point.arousal + radius)
                candidates = try scanCandidates(view: view, constraints: constraints, excluding: excluding, box: box, point: point, metric: metric)
                let guaranteed = metric.euclideanLowerBound * radius
                if let maxDistance, guaranteed >= maxDistance { break }
                if candidates.lazy.filter({ $0.distance <= guaranteed }).count >= count { break }
                if radius > 4 * span {
                    // The box covers the whole scale; take everything (points far outside it too).
                    candidates = try scanCandidates(view: view, constraints: constraints, excluding: excluding, box: nil, point: point, metric: metric)
                    break
                }
                radius *= 2
            }
        }
        if let maxDistance { candidates.removeAll { $0.distance > maxDistance } }
        let top = Catalog.smallest(candidates, count: count)
        let tracks = try self.tracks(ids: top.map(\.id))
        return zip(top, tracks).map { CatalogHit(track: $1, point: $0.point, distance: $0.distance) }
    }

    /// The `count` smallest by (distance, id).
    static func smallest(_ candidates: [(id: Int64, point: MoodPoint, distance: Double)], count: Int) -> [(id: Int64, point: MoodPoint, distance: Double)] {
        func before(_ x: (id: Int64, point: MoodPoint, distance: Double), _ y: (id: Int64, point: MoodPoint, distance: Double)) -> Bool {
            x.distance != y.distance ? x.distance < y.distance : x.id < y.id
        }
        if candidates.count <= count * 4 { return Array(candidates.sorted(by: before).prefix(count)) }
        // Bounded selection: keep a sorted buffer of the best `count`.
        var best = [(id: Int64, point: MoodPoint, distance: Double)]()
        best.reserveCapacity(count + 1)
        for candidate in candidates {
            if best.count == count, let last = best.last, !before(candidate, last) { continue }
            var lo = 0, hi = best.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if before(best[mid], candidate) { lo = mid + 1 } else { hi = mid }
            }
            best.insert(candidate, at: lo)
            if best.count > count { best.removeLast() }
        }
        return best
    }

    /// The baseline without the spatial index: one SQL statement that scans every row,
    /// computes the (squared) distance and keeps the nearest `count` with SQLite's
    /// top-k sorter — what a catalog without an R*Tree would do.
    private func fullScanNearest(to point: MoodPoint, count: Int, view: CoordinateView, constraints: CatalogConstraints,
                                 excluding: Set<Int64>, metric: MoodMetric) throws -> [(id: Int64, point: MoodPoint, distance: Double)] {
        let c = CatalogSchema.columns(for: view)
        let (conditions, conditionBindings) = constraints.sql(view: view, disableIndexes: true)
        let dv = "(t.\(c.valence) - ?4)", da = "(t.\(c.arousal) - ?5)"
        let sql = """
            SELECT t.id, t.\(c.valence) AS view_valence, t.\(c.arousal) AS view_arousal, ?1 * \(dv) * \(dv) + 2 * ?2 * \(dv) * \(da) + ?3 * \(da) * \(da) AS d2
            FROM tracks t NOT INDEXED WHERE 1\(conditions) ORDER BY d2, t.id LIMIT ?
            """
        let m = metric.inverseCovariance
        let statement = try db.cachedStatement(sql)
        try statement.bind([m.vv, m.va, m.aa, point.valence, point.arousal] + conditionBindings + [count])
        var out = [(id: Int64, point: MoodPoint, distance: Double)]()
        let (idColumn, valenceColumn, arousalColumn) = try Catalog.candidateColumns(of: statement)
        while let row = try statement.next() {
            let id = row.int64(at: idColumn)
            if excluding.contains(id) { continue }
            let v = row.double(at: valenceColumn), a = row.double(at: arousalColumn)
            out.append((id, MoodPoint(valence: v, arousal: a), metric.distance(dv: v - point.valence, da: a - point.arousal)))
        }
        statement.reset()
        return out
    }

    /// The result columns `id`, `view_valence`, `view_arousal` of a candidate query.
    static func candidateColumns(of statement: Statement) throws -> (Int32, Int32, Int32) {
        (try statement.columnIndex(TrackColumn.id.name), try statement.columnIndex("view_valence"), try statement.columnIndex("view_arousal"))
    }

    /// Id, coordinates and distance of every track in the box (or all, with `box == nil`).
    private func scanCandidates(view: CoordinateView, constraints: CatalogConstraints, excluding: Set<Int64>,
                                box: (Double, Double, Double, Double)?, point: MoodPoint,
                                metric: MoodMetric) throws -> [(id: Int64, point: MoodPoint, distance: Double)] {
        let c = CatalogSchema.columns(for: view)
        let (conditions, conditionBindings) = constraints.sql(view: view, disableIndexes: box != nil)
        let sql: String
        var bindings = [DatabaseValueConvertible?]()
        if let box {
            sql = CatalogSchema.rtreeSources(for: view).map { source in
                """
                SELECT t.id, t.\(c.valence) AS view_valence, t.\(c.arousal) AS view_arousal FROM \(source.table) r CROSS JOIN tracks t ON t.id = r.id
                WHERE r.max_valence >= ? AND r.min_valence <= ? AND r.max_arousal >= ? AND r.min_arousal <= ?\(source.condition)\(conditions)
                """
            }.joined(separator: "\nUNION ALL\n")
            for _ in CatalogSchema.rtreeSources(for: view) { bindings += [box.0, box.1, box.2, box.3] + conditionBindings }
        } else {
            sql = "SELECT t.id, t.\(c.valence) AS view_valence, t.\(c.arousal) AS view_arousal FROM tracks t NOT INDEXED WHERE 1\(conditions)"
            bindings = conditionBindings
        }
        let statement = try db.cachedStatement(sql)
        try statement.bind(bindings)
        var out = [(id: Int64, point: MoodPoint, distance: Double)]()
        let (idColumn, valenceColumn, arousalColumn) = try Catalog.candidateColumns(of: statement)
        while let row = try statement.next() {
            let id = row.int64(at: idColumn)
            if !excluding.isEmpty && excluding.contains(id) { continue }
            let v = row.double(at: valenceColumn), a = row.double(at: arousalColumn)
            out.append((id, MoodPoint(valence: v, arousal: a), metric.distance(dv: v - point.valence, da: a - point.arousal)))
        }
        statement.reset()
        return out
    }

    // MARK: - Filter

    /// One page of tracks matching `filter`. With `near`, this is a nearest-neighbour search
    /// (within `radius` if given) for `offset + limit + 1` tracks; otherwise the strongest
    /// tracks first, from the B-tree index on (sector or quadrant, intensity).
    public func filter(_ filter: CatalogFilter, access: CatalogAccess = .index) throws -> CatalogPage {
        let limit = max(0, filter.limit), offset = max(0, filter.offset)
        if let near = filter.near {
            let hits = try nearest(to: near, count: offset + limit + 1, view: filter.view, constraints: filter.constraints,
                                   maxDistance: filter.radius, access: access)
            let page = Array(hits.dropFirst(offset).prefix(limit))
            return CatalogPage(hits: page, offset: offset, limit: limit, hasMore: hits.count > offset + limit)
        }
        let c = CatalogSchema.columns(for: filter.view)
        let (conditions, bindings) = filter.constraints.sql(view: filter.view, disableIndexes: access == .fullScan)
        let sql = """
            SELECT \(TrackColumn.selectList), t.\(c.valence) AS view_valence, t.\(c.arousal) AS view_arousal
            FROM tracks t\(access == .fullScan ? " NOT INDEXED" : "") WHERE 1\(conditions)
            ORDER BY t.\(c.intensity) DESC, t.id LIMIT \(limit + 1) OFFSET \(offset)
            """
        let statement = try db.cachedStatement(sql)
        try statement.bind(bindings)
        let decoder = try TrackRowDecoder(statement)
        let (_, valenceColumn, arousalColumn) = try Catalog.candidateColumns(of: statement)
        var rows = [CatalogHit]()
        while let row = try statement.next() {
            rows.append(CatalogHit(track: decoder.decode(row), point: MoodPoint(valence: row.double(at: valenceColumn), arousal: row.double(at: arousalColumn)), distance: 0))
        }
        statement.reset()
        return CatalogPage(hits: Array(rows.prefix(limit)), offset: offset, limit: limit, hasMore: rows.count > limit)
    }
}
