import Foundation
import MoodCore

/// The track catalog: an SQLite database with R*Tree indexes over (valence, arousal).
///
/// Every write runs in one `BEGIN IMMEDIATE … COMMIT` transaction, so an interrupted or
/// failed write leaves the previous catalog intact. Rebuilding DEAM is idempotent: tracks
/// keep their ids, and a rebuild with the same inputs leaves the same rows.
/// A `Catalog` is one connection; use it from one thread at a time.
public final class Catalog {
    /// The database file.
    public let path: String
    let db: SQLiteDatabase
    /// Compiled hot queries.
    let statementCache = SQLiteStatementCache()
    /// The number of tracks (kept current by this connection's writes).
    public private(set) var trackCount: Int

    /// How to open a catalog.
    public enum OpenMode: Sendable {
        /// Open an existing catalog; fail with `CatalogError.missing` if there is none.
        case existing
        /// Open or create (creating parent directories).
        case createIfMissing
        /// Open an existing catalog read-only.
        case readOnly
    }

    /// Opens the catalog at `path` (`:memory:` for a private in-memory one).
    public init(path: String, mode: OpenMode = .existing) throws {
        self.path = path
        let isMemory = path == ":memory:" || path.isEmpty
        if !isMemory {
            let exists = FileManager.default.fileExists(atPath: path)
            switch mode {
            case .existing, .readOnly:
                guard exists else { throw CatalogError.missing(path: path) }
            case .createIfMissing:
                if !exists {
                    let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
                    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                }
            }
        }
        db = try SQLiteDatabase(path: path, readOnly: mode == .readOnly, create: mode == .createIfMissing)
        trackCount = 0
        // Up to 64 MB of page cache (allocated only as used): big builds and queries stay in memory.
        try db.execute("PRAGMA cache_size = -65536")
        try prepareSchema(writable: mode != .readOnly)
        trackCount = try db.queryFirst("SELECT count(*) FROM tracks") { Int($0.int(0)) } ?? 0
    }

    private func prepareSchema(writable: Bool) throws {
        let version = try db.userVersion()
        if version > CatalogSchema.version {
            throw CatalogError.schemaTooNew(path: path, found: version, supported: CatalogSchema.version)
        }
        if version == 1, writable, try db.tableExists("tracks") {
            try db.transaction {
                try db.execute(CatalogSchema.migrateFrom1)
                try db.setUserVersion(CatalogSchema.version)
            }
            return
        }
        if version == CatalogSchema.version {
            guard try db.tableExists("tracks"), try db.tableExists("tracks_pred_rtree") else {
                throw CatalogError.notACatalog(path: path)
            }
            return
        }
        // version 0: a new file, or an SQLite file that is something else.
        let existingTables = try db.query("SELECT name FROM sqlite_master WHERE type = 'table'") { $0.string(0) ?? "" }
        if !existingTables.isEmpty && !existingTables.contains("tracks") {
            throw CatalogError.notACatalog(path: path)
        }
        guard writable else { throw CatalogError.notACatalog(path: path) }
        guard db.supportsRTree() else {
            throw SQLiteError.missingFeature("the R*Tree module (SQLITE_ENABLE_RTREE), which the catalog's spatial index needs")
        }
        try db.transaction {
            try db.execute(CatalogSchema.create)
            try db.setUserVersion(CatalogSchema.version)
        }
    }

    /// The schema version stored in the file.
    public func schemaVersion() throws -> Int { try db.userVersion() }

    // MARK: - Writing

    /// What a write did.
    public struct WriteSummary: Equatable, Sendable {
        /// Tracks that were not in the catalog before.
        public var inserted = 0
        /// Tracks that existed and were rewritten (same id).
        public var updated = 0
        /// Tracks removed (only by `replaceDEAMTracks`).
        public var removed = 0
        public init() {}
    }

    /// Makes the DEAM part of the catalog exactly `tracks` (all `.deam` with ids), in one
    /// transaction: existing DEAM songs keep their catalog ids and are updated, new ones
    /// are inserted, DEAM songs not in `tracks` are removed. Feature-file tracks are kept.
    /// `progress` is called with (done, total) as rows are written.
    @discardableResult
    public func replaceDEAMTracks(_ tracks: [CatalogTrackInput], source: String = "deam",
                                  progress: ((Int, Int) -> Void)? = nil) throws -> WriteSummary {
        for (index, track) in tracks.enumerated() where track.source != .deam || track.deamID == nil {
            throw CatalogError.invalidTrack(index: index, reason: "not a DEAM track with an id")
        }
        return try db.transaction {
            let before = Set(try db.query("SELECT deam_id FROM tracks WHERE source = 'deam'") { Int($0.int(0)) })
            var summary = try writeTracks(tracks, knownDEAMIDs: before, progress: progress)
            let keep = Set(tracks.compactMap(\.deamID))
            let stale = before.subtracting(keep).sorted()
            if !stale.isEmpty {
                let ids = try db.query("SELECT id FROM tracks WHERE source = 'deam' AND deam_id IN (\(stale.map(String.init).joined(separator: ",")))") { $0.int(0) }
                try deleteRows(ids)
                summary.removed = ids.count
            }
            let versions = Set(tracks.map(\.modelVersion)).sorted().joined(separator: ", ")
            try setMeta("deam.model_version", versions)
            try setMeta("deam.source", source)
            try setMeta("deam.count", String(tracks.count))
            trackCount = try db.queryFirst("SELECT count(*) FROM tracks") { Int($0.int(0)) } ?? 0
            return summary
        }
    }

    /// Inserts or updates `tracks` in one transaction (DEAM tracks by DEAM id, files by path).
    @discardableResult
    public func upsert(_ tracks: [CatalogTrackInput], progress: ((Int, Int) -> Void)? = nil) throws -> WriteSummary {
        try db.transaction {
            let summary = try writeTracks(tracks, progress: progress)
            trackCount = try db.queryFirst("SELECT count(*) FROM tracks") { Int($0.int(0)) } ?? 0
            return summary
        }
    }

    /// Removes every track (one transaction).
    public func removeAll() throws {
        try db.transaction {
            try db.execute("DELETE FROM tracks; DELETE FROM tracks_pred_rtree; DELETE FROM tracks_human_rtree; DELETE FROM catalog_meta;")
        }
        trackCount = 0
    }

    private static let insertColumns = """
        source, deam_id, path, content_hash, artist, title, genre, model_version, \
        pred_valence, pred_arousal, pred_quadrant, pred_sub_emotion, pred_intensity, \
        human_valence, human_arousal, ann_valence, ann_arousal, ann_quadrant, ann_sub_emotion, ann_intensity, \
        pred_sd_valence, pred_sd_arousal, pred_corr, pred_ood
        """

    private static func upsertSQL(conflictColumn: String) -> String {
        let updates = insertColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && $0 != conflictColumn }
            .map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return """
            INSERT INTO tracks (\(insertColumns)) VALUES (\(Array(repeating: "?", count: 24).joined(separator: ", ")))
            ON CONFLICT (\(conflictColumn)) DO UPDATE SET \(updates)
            RETURNING id
            """
    }

    /// Batches at least this large drop the secondary B-tree indexes and rebuild them
    /// afterwards (sorting once is much faster than a million random index inserts).
    static let bulkThreshold = 20_000

    /// The batch size from which writes take the bulk path (exposed for tests).
    public static var bulkThresholdForTests: Int { bulkThreshold }

    /// Writes rows (caller holds the transaction). `knownDEAMIDs`, when given, are the DEAM
    /// ids already stored (saves a lookup per row).
    private func writeTracks(_ tracks: [CatalogTrackInput], knownDEAMIDs: Set<Int>? = nil,
                             progress: ((Int, Int) -> Void)?) throws -> WriteSummary {
        for (index, track) in tracks.enumerated() { try Catalog.validate(track, index: index) }
        let bulk = tracks.count >= Catalog.bulkThreshold
        if bulk { try db.execute(CatalogSchema.dropIndexes) }
        let byDEAM = try db.prepare(Catalog.upsertSQL(conflictColumn: "deam_id"))
        let byPath = try db.prepare(Catalog.upsertSQL(conflictColumn: "path"))
        let existsDEAM = try db.prepare("SELECT 1 FROM tracks WHERE deam_id = ?")
        let existsPath = try db.prepare("SELECT 1 FROM tracks WHERE path = ?")
        let predTree = try db.prepare("INSERT OR REPLACE INTO tracks_pred_rtree VALUES (?, ?, ?, ?, ?)")
        let humanTree = try db.prepare("INSERT OR REPLACE INTO tracks_human_rtree VALUES (?, ?, ?, ?, ?)")
        let dropHuman = try db.prepare("DELETE FROM tracks_human_rtree WHERE id = ?")
        var summary = WriteSummary()
        let step = max(1, tracks.count / 200)
        for (index, track) in tracks.enumerated() {
            let existed: Bool, statement: SQLiteStatement
            if let deamID = track.deamID {
                statement = byDEAM
                if let knownDEAMIDs {
                    existed = knownDEAMIDs.contains(deamID)
                } else {
                    try existsDEAM.bind([deamID])
                    existed = try existsDEAM.step()
                    existsDEAM.reset()
                }
            } else {
                statement = byPath
                try existsPath.bind([track.path ?? ""])
                existed = try existsPath.step()
                existsPath.reset()
            }
            let p = track.predicted
            let a = track.annotation ?? track.predicted
            try statement.bind([
                track.source.rawValue, track.deamID, track.path, track.contentHash,
                track.artist, track.title, track.genre, track.modelVersion,
                p.valence, p.arousal, p.quadrant.rawValue, p.subEmotion.rawValue, p.intensity,
                track.annotation?.valence, track.annotation?.arousal,
                a.valence, a.arousal, a.quadrant.rawValue, a.subEmotion.rawValue, a.intensity,
                track.spread?.sdValence, track.spread?.sdArousal, track.spread?.correlation,
                track.spread.map { $0.outOfDistribution ? 1 : 0 },
            ])
            guard try statement.step() else {
                throw CatalogError.invalidTrack(index: index, reason: "the upsert returned no row id")
            }
            let id = statement.row.int(0)
            statement.reset()
            try predTree.run([id, p.valence, p.valence, p.arousal, p.arousal])
            if let human = track.annotation {
                try humanTree.run([id, human.valence, human.valence, human.arousal, human.arousal])
            } else if existed {
                try dropHuman.run([id])
            }
            if existed { summary.updated += 1 } else { summary.inserted += 1 }
            if let progress, (index + 1) % step == 0 || index + 1 == tracks.count { progress(index + 1, tracks.count) }
        }
        if bulk { try db.execute(CatalogSchema.createIndexes) }
        return summary
    }

    private static func validate(_ track: CatalogTrackInput, index: Int) throws {
        func finite(_ p: MoodPoint) -> Bool { p.valence.isFinite && p.arousal.isFinite }
        guard finite(track.predicted) else { throw CatalogError.invalidTrack(index: index, reason: "predicted valence/arousal is not finite") }
        if let a = track.annotation, !finite(a) { throw CatalogError.invalidTrack(index: index, reason: "annotated valence/arousal is not finite") }
        switch track.source {
        case .deam:
            guard track.deamID != nil else { throw CatalogError.invalidTrack(index: index, reason: "a DEAM track needs a DEAM id") }
        case .featureFile, .audio:
            guard let path = track.path, !path.isEmpty else { throw CatalogError.invalidTrack(index: index, reason: "a file track needs a path") }
        }
    }

    private func deleteRows(_ ids: [Int64]) throws {
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min(ids.count, $0 + 500)]) }) {
            let list = chunk.map(String.init).joined(separator: ",")
            try db.execute("""
                DELETE FROM tracks WHERE id IN (\(list));
                DELETE FROM tracks_pred_rtree WHERE id IN (\(list));
                DELETE FROM tracks_human_rtree WHERE id IN (\(list));
                """)
        }
    }

    // MARK: - Metadata

    /// Stores a catalog-level key/value (caller may or may not hold a transaction).
    func setMeta(_ key: String, _ value: String) throws {
        try db.run("INSERT INTO catalog_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
    }

    /// A catalog-level value, e.g. `deam.model_version`.
    public func meta(_ key: String) throws -> String? {
        try db.queryFirst("SELECT value FROM catalog_meta WHERE key = ?", [key]) { $0.string(0) } ?? nil
    }

    /// A summary of what the catalog holds.
    public struct Info: Equatable, Sendable, Codable {
        public var path: String
        public var schemaVersion: Int
        public var sqliteVersion: String
        public var tracks: Int
        /// Track counts by source (`deam`, `feature-file`, `audio`).
        public var bySource: [String: Int]
        /// Tracks with a human annotation.
        public var annotated: Int
        /// Tracks with artist or title metadata.
        public var withMetadata: Int
        /// Track counts by model version.
        public var modelVersions: [String: Int]
        /// How the DEAM part was filled (`deam` or `starter`), if it was.
        public var deamSource: String?
        /// Track counts per quadrant in the predicted view.
        public var quadrants: [String: Int]
    }

    /// Counts and versions, for `mood catalog info`.
    public func info() throws -> Info {
        var bySource = [String: Int]()
        for (source, count) in try db.query("SELECT source, count(*) FROM tracks GROUP BY source", row: { ($0.string(0) ?? "", Int($0.int(1))) }) {
            bySource[source] = count
        }
        var versions = [String: Int]()
        for (version, count) in try db.query("SELECT model_version, count(*) FROM tracks GROUP BY model_version", row: { ($0.string(0) ?? "", Int($0.int(1))) }) {
            versions[version] = count
        }
        var quadrants = [String: Int]()
        for (q, count) in try db.query("SELECT pred_quadrant, count(*) FROM tracks GROUP BY pred_quadrant", row: { (Int($0.int(0)), Int($0.int(1))) }) {
            quadrants[Quadrant(rawValue: q)?.name ?? "?"] = count
        }
        return Info(
            path: path, schemaVersion: try db.userVersion(), sqliteVersion: SQLiteDatabase.libraryVersion,
            tracks: trackCount, bySource: bySource,
            annotated: try db.queryFirst("SELECT count(*) FROM tracks WHERE human_valence IS NOT NULL") { Int($0.int(0)) } ?? 0,
            withMetadata: try db.queryFirst("SELECT count(*) FROM tracks WHERE artist IS NOT NULL OR title IS NOT NULL") { Int($0.int(0)) } ?? 0,
            modelVersions: versions, deamSource: try meta("deam.source"), quadrants: quadrants)
    }
}
