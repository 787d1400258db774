import Foundation
import MoodCore

/// The track catalog: an SQLite database with R*Tree indexes over (valence, arousal).
///
/// Every write runs in one transaction (a savepoint when nested), so an interrupted or
/// failed write leaves the previous catalog intact. Rebuilding DEAM is idempotent: tracks
/// keep their ids, and a rebuild with the same inputs leaves the same rows.
/// A `Catalog` is one connection; use it from one thread at a time.
public final class Catalog {
    /// The database file.
    public let path: String
    let db: Database
    /// The number of tracks (kept current by this connection's writes).
    public private(set) var trackCount: Int

    /// How to open a catalog.
    public enum OpenMode: Sendable {
        /// Open an existing catalog for reading and writing (applying pending schema
        /// migrations); fail with `CatalogError.missing` if there is none.
        case existing
        /// Open or create (creating parent directories).
        case createIfMissing
        /// Open an existing catalog for reading only: nothing is ever written to it, and a
        /// file that holds no catalog is reported as `CatalogError.missing`.
        case readOnly
    }

    /// `PRAGMA cache_size`: up to 64 MB of page cache, allocated only as used.
    private static let cacheSize = -65536

    /// The version of the SQLite library in use.
    public static var sqliteVersion: String { Database.libraryVersion }

    /// Opens the catalog at `path` (`:memory:` for a private in-memory one).
    public init(path: String, mode: OpenMode = .existing) throws {
        self.path = path
        let isMemory = path == ":memory:" || path.isEmpty
        var access: Database.Access = mode == .createIfMissing ? .create : .readWrite
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
            // A read-only use still opens a writable file read-write (with writes then
            // refused by `query_only`), so that SQLite can roll back a hot journal left by
            // an interrupted write; a read-only connection cannot.
            if mode == .readOnly && !Catalog.canWrite(path) { access = .readOnly }
        }
        do {
            db = try Database(path: path, access: access)
        } catch let error as DatabaseError {
            throw CatalogError.unreadable(path: path, reason: error.message)
        }
        trackCount = 0
        try checkReadable()
        // Up to 64 MB of page cache (allocated only as used): big builds and queries stay in memory.
        try db.execute("PRAGMA cache_size = \(Catalog.cacheSize)")
        try prepareSchema(mode: mode, upgradable: mode != .readOnly || access == .readWrite)
        if mode == .readOnly { try db.execute("PRAGMA query_only = 1") }
        trackCount = try countTracks()
    }

    /// Whether this process may write `path` and create a journal beside it.
    private static func canWrite(_ path: String) -> Bool {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return FileManager.default.isWritableFile(atPath: path) && FileManager.default.isWritableFile(atPath: directory)
    }

    /// Reads the schema once, which is where SQLite first touches the file: rolls back a
    /// hot journal, or finds that the file is not a database. Then checks every page
    /// (`PRAGMA quick_check`: 0.06 s for the 1802-song catalog), so a damaged page is found
    /// whatever the command reads later — a query that never touches it would otherwise
    /// succeed on a damaged catalog. Failures name the file.
    private func checkReadable() throws {
        do {
            _ = try db.fetchOne("SELECT count(*) FROM sqlite_master") { $0.int64(at: 0) }
            let problems = try db.fetchAll("PRAGMA quick_check(1)") { $0.string(at: 0) ?? "" }
            if problems != ["ok"] {
                throw CatalogError.notACatalog(path: path, reason: "the database file is damaged (\(problems.first ?? "no answer from SQLite's check"))")
            }
        } catch let error as DatabaseError {
            switch error.extendedResultCode {
            case .notADatabase: throw CatalogError.notACatalog(path: path, reason: "it is not an SQLite database")
            case .readonlyRollback: throw CatalogError.needsRecovery(path: path)
            case .corrupt: throw CatalogError.notACatalog(path: path, reason: "the database file is corrupt (\(error.message))")
            default: throw CatalogError.unreadable(path: path, reason: error.message)
            }
        }
    }

    /// Checks the schema and, when `upgradable`, records and applies pending migrations (a
    /// read-only use of a writable file upgrades it too: every query reads the columns that
    /// migrations add). Only a creating open writes a schema into an empty file.
    ///
    /// Several processes may open (and create) the same new file at once: the schema is read in one
    /// read transaction (a consistent view), and when something must be written, it is read again
    /// and written under the write lock, so exactly one process creates or migrates the file and
    /// the others find it done.
    private func prepareSchema(mode: OpenMode, upgradable: Bool) throws {
        let needsWrite = try db.inReadTransaction { try inspectSchema(mode: mode, upgradable: upgradable, write: false) }
        if needsWrite {
            _ = try db.inTransaction { try inspectSchema(mode: mode, upgradable: upgradable, write: true) }
        }
    }

    /// One pass of `prepareSchema`: checks, and with `write` creates or migrates; without `write`
    /// stops where a write would be needed and returns true.
    private func inspectSchema(mode: OpenMode, upgradable: Bool, write: Bool) throws -> Bool {
        let migrator = CatalogSchema.migrator
        let version = try db.userVersion()
        if version > CatalogSchema.version {
            throw CatalogError.schemaTooNew(path: path, found: version, supported: CatalogSchema.version)
        }
        let unknown = try migrator.unknownMigrations(in: db)
        if !unknown.isEmpty {
            let applied = try migrator.appliedMigrations(in: db).count
            throw CatalogError.schemaTooNew(path: path, found: max(version, applied), supported: CatalogSchema.version)
        }
        var applied = try migrator.appliedMigrations(in: db)
        let tables = try db.userTables()
        if applied.isEmpty && tables.isEmpty {
            // A new file (or an empty one): only a creating open may write a schema into it.
            guard mode == .createIfMissing else { throw CatalogError.missing(path: path) }
            guard db.supportsRTree() else { throw CatalogError.rtreeUnavailable }
            guard write else { return true }
            try migrator.migrate(db)
            try db.setUserVersion(CatalogSchema.version)
            return false
        }
        let recorded = Set(applied.isEmpty ? [CatalogSchema.initialMigration] : applied)
        if let problem = try CatalogSchema.problem(in: db, applied: recorded) {
            throw CatalogError.notACatalog(path: path, reason: problem)
        }
        if applied.isEmpty {
            // Written before migrations were recorded: `user_version` 1 is the initial schema.
            guard version == 1 else {
                throw CatalogError.notACatalog(path: path, reason: "it records no catalog schema version")
            }
            applied = [CatalogSchema.initialMigration]
            if upgradable {
                guard write else { return true }
                try migrator.markApplied(applied, in: db)
            }
        }
        // Pending migrations bring the file up to date.
        let pending = migrator.migrations.map(\.name).filter { !applied.contains($0) }
        if !pending.isEmpty {
            guard upgradable else {
                throw CatalogError.notACatalog(path: path, reason: "it was written by an older mood and must be opened writable once to be upgraded")
            }
            guard write else { return true }
            try migrator.migrate(db)
            try db.setUserVersion(CatalogSchema.version)
            if let problem = try CatalogSchema.problem(in: db) {
                throw CatalogError.notACatalog(path: path, reason: problem)
            }
        }
        return false
    }

    /// Re-reads the track count after a write made outside this file's methods.
    func refreshTrackCount() throws { trackCount = try countTracks() }

    private func countTracks() throws -> Int {
        try db.fetchOne("SELECT count(*) FROM tracks") { Int($0.int64(at: 0)) } ?? 0
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
        return try db.inTransaction {
            let before = Set(try db.fetchAll("SELECT deam_id FROM tracks WHERE source = 'deam'") { Int($0.int64(at: 0)) })
            // Every stored DEAM id (whatever the row's source): a track with one of these updates that row.
            let stored = try db.fetchOne("SELECT count(*) FROM tracks WHERE deam_id IS NOT NULL AND source <> 'deam'") { $0.int64(at: 0) } == 0
                ? before : Set(try db.fetchAll("SELECT deam_id FROM tracks WHERE deam_id IS NOT NULL") { Int($0.int64(at: 0)) })
            // Written in DEAM-id order: the unique index on deam_id grows at its end.
            let inOrder = zip(tracks, tracks.dropFirst()).allSatisfy { ($0.deamID ?? 0) <= ($1.deamID ?? 0) }
            let order = inOrder ? Array(tracks.indices) : tracks.indices.sorted { (tracks[$0].deamID ?? 0, $0) < (tracks[$1].deamID ?? 0, $1) }
            var summary = try writeTracks(inOrder ? tracks : order.map { tracks[$0] }, indexes: order, knownDEAMIDs: stored, progress: progress)
            let keep = Set(tracks.compactMap(\.deamID))
            let stale = before.subtracting(keep).sorted()
            if !stale.isEmpty {
                var ids = [Int64]()
                for chunk in Catalog.chunks(stale) {
                    ids += try db.fetchAll("SELECT id FROM tracks WHERE source = 'deam' AND deam_id IN (\(chunk.map(String.init).joined(separator: ",")))") { $0.int64(at: 0) }
                }
                try deleteRows(ids)
                summary.removed = ids.count
            }
            let versions = Set(tracks.map(\.modelVersion)).sorted().joined(separator: ", ")
            try setMeta("deam.model_version", versions)
            try setMeta("deam.source", source)
            try setMeta("deam.count", String(tracks.count))
            trackCount = try countTracks()
            return summary
        }
    }

    /// Inserts or updates `tracks` in one transaction (DEAM tracks by DEAM id, files by path).
    @discardableResult
    public func upsert(_ tracks: [CatalogTrackInput], progress: ((Int, Int) -> Void)? = nil) throws -> WriteSummary {
        try db.inTransaction {
            let summary = try writeTracks(tracks, indexes: Array(tracks.indices), progress: progress)
            trackCount = try countTracks()
            return summary
        }
    }

    /// Removes every track (one transaction).
    public func removeAll() throws {
        try db.inTransaction {
            try db.execute(script: "DELETE FROM tracks; DELETE FROM tracks_pred_rtree; DELETE FROM tracks_human_rtree; DELETE FROM catalog_meta; DELETE FROM \(CatalogLibrarySchema.table);")
        }
        trackCount = 0
    }

    /// `INSERT … ON CONFLICT (conflictColumn) DO UPDATE … RETURNING id` over `TrackColumn.written`.
    private static func upsertSQL(conflictColumn: TrackColumn) -> String {
        let names = TrackColumn.written.map(\.name)
        let updates = TrackColumn.written.filter { $0 != conflictColumn }.map { "\($0.name) = excluded.\($0.name)" }
        return """
            INSERT INTO tracks (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))
            ON CONFLICT (\(conflictColumn.name)) DO UPDATE SET \(updates.joined(separator: ", "))
            RETURNING id
            """
    }

    /// Batches at least this large drop the secondary B-tree indexes and rebuild them
    /// afterwards (sorting once is much faster than a million random index inserts), and
    /// fill the R*Trees once after the rows instead of one insert per row.
    package static let bulkThreshold = 20_000

    /// Rows per multi-row `INSERT` on the bulk path.
    private static let rowsPerInsert = 32

    /// `INSERT INTO tracks (written columns) VALUES (…), (…)` for `rows` rows.
    private static func insertSQL(rows: Int) -> String {
        let names = TrackColumn.written.map(\.name)
        let tuple = "(" + names.map { _ in "?" }.joined(separator: ", ") + ")"
        return "INSERT INTO tracks (\(names.joined(separator: ", "))) VALUES " + Array(repeating: tuple, count: rows).joined(separator: ", ")
    }

    /// Writes rows (caller holds the transaction). `indexes` are the tracks' positions in
    /// the caller's batch (for error messages). `knownDEAMIDs`, when given, are the DEAM
    /// ids already stored, and `tracks` are sorted by DEAM id: tracks that are new then
    /// take a plain `INSERT` (several rows per statement on the bulk path) instead of an
    /// upsert and a lookup.
    private func writeTracks(_ tracks: [CatalogTrackInput], indexes: [Int], knownDEAMIDs: Set<Int>? = nil,
                             progress: ((Int, Int) -> Void)?) throws -> WriteSummary {
        for (track, index) in zip(tracks, indexes) { try Catalog.validate(track, index: index) }
        let bulk = tracks.count >= Catalog.bulkThreshold
        if bulk { try db.execute(script: CatalogSchema.dropIndexes) }
        let byDEAM = try db.makeStatement(Catalog.upsertSQL(conflictColumn: .deamID))
        let byPath = try db.makeStatement(Catalog.upsertSQL(conflictColumn: .path))
        let insertOne = try db.makeStatement(Catalog.insertSQL(rows: 1))
        let insertMany = bulk ? try db.makeStatement(Catalog.insertSQL(rows: Catalog.rowsPerInsert)) : nil
        var pending = [CatalogTrackInput]()
        pending.reserveCapacity(Catalog.rowsPerInsert)
        func bind(_ track: CatalogTrackInput, to statement: Statement, row: Int = 0) throws {
            let base = Int32(row * TrackColumn.written.count)
            for (i, column) in TrackColumn.written.enumerated() { try column.bind(track, to: statement, at: base + Int32(i + 1)) }
        }
        /// Writes the buffered new rows (before any other statement, so that order is kept).
        func flush() throws {
            if let insertMany, pending.count == Catalog.rowsPerInsert {
                for (row, track) in pending.enumerated() { try bind(track, to: insertMany, row: row) }
                try insertMany.execute()
            } else {
                for track in pending {
                    try bind(track, to: insertOne)
                    try insertOne.execute()
                }
            }
            pending.removeAll(keepingCapacity: true)
        }
        var lastNewDEAMID: Int?
        let existsDEAM = try db.makeStatement("SELECT 1 FROM tracks WHERE deam_id = ?")
        let existsPath = try db.makeStatement("SELECT 1 FROM tracks WHERE path = ?")
        let predTree = try db.makeStatement("INSERT OR REPLACE INTO tracks_pred_rtree VALUES (?, ?, ?, ?, ?)")
        let humanTree = try db.makeStatement("INSERT OR REPLACE INTO tracks_human_rtree VALUES (?, ?, ?, ?, ?)")
        let dropHuman = try db.makeStatement("DELETE FROM tracks_human_rtree WHERE id = ?")
        let idColumn = try byDEAM.columnIndex(TrackColumn.id.name)
        var summary = WriteSummary()
        let step = max(1, tracks.count / 200)
        for (offset, track) in tracks.enumerated() {
            let existed: Bool, statement: Statement
            if let deamID = track.deamID {
                statement = byDEAM
                if let knownDEAMIDs {
                    existed = knownDEAMIDs.contains(deamID)
                } else {
                    try existsDEAM.bind([deamID])
                    existed = try existsDEAM.next() != nil
                    existsDEAM.reset()
                }
            } else {
                statement = byPath
                try existsPath.bind([track.path ?? ""])
                existed = try existsPath.next() != nil
                existsPath.reset()
            }
            // New, and not a repeat of the previous track's DEAM id (repeats are adjacent when sorted).
            let plainInsert = knownDEAMIDs != nil && !existed && track.deamID != nil && track.deamID != lastNewDEAMID
            if plainInsert { lastNewDEAMID = track.deamID }
            if bulk && plainInsert {
                // The bulk path fills the R*Trees from the table afterwards: no id needed here.
                pending.append(track)
                if pending.count == Catalog.rowsPerInsert { try flush() }
            } else {
                try flush()
                let id: Int64
                if plainInsert {
                    try bind(track, to: insertOne)
                    try insertOne.execute()
                    id = db.lastInsertRowID
                } else {
                    statement.reset()
                    try bind(track, to: statement)
                    guard let row = try statement.next() else {
                        throw CatalogError.invalidTrack(index: indexes[offset], reason: "the upsert returned no row id")
                    }
                    id = row.int64(at: idColumn)
                    statement.reset()
                }
                if !bulk {
                    let p = track.predicted
                    try predTree.execute([id, p.valence, p.valence, p.arousal, p.arousal])
                    if let human = track.annotation {
                        try humanTree.execute([id, human.valence, human.valence, human.arousal, human.arousal])
                    } else if existed {
                        try dropHuman.execute([id])
                    }
                }
            }
            if existed { summary.updated += 1 } else { summary.inserted += 1 }
            if let progress, (offset + 1) % step == 0 || offset + 1 == tracks.count { progress(offset + 1, tracks.count) }
        }
        try flush()
        if bulk {
            try rebuildRTrees()
            // CREATE INDEX sorts every row; with a small cache SQLite sorts in runs that fit
            // the CPU caches and merges them, which measured about a third faster than one
            // sort in a 64 MB buffer. The dirty pages spilled meanwhile are new pages (no
            // journal), written out at commit anyway.
            try db.execute("PRAGMA cache_size = -2000")
            defer { try? db.execute("PRAGMA cache_size = \(Catalog.cacheSize)") }
            try db.execute(script: CatalogSchema.createIndexes)
        }
        return summary
    }

    /// Refills both R*Trees from the `tracks` table in one pass each (bulk writes).
    private func rebuildRTrees() throws {
        var predicted = [RTreeBulkLoad.Entry](), human = [RTreeBulkLoad.Entry]()
        let statement = try db.makeStatement("""
            SELECT \(TrackColumn.id.name), \(TrackColumn.predValence.name), \(TrackColumn.predArousal.name),
                   \(TrackColumn.humanValence.name), \(TrackColumn.humanArousal.name) FROM tracks
            """)
        let id = try statement.columnIndex(TrackColumn.id.name)
        let pv = try statement.columnIndex(TrackColumn.predValence.name), pa = try statement.columnIndex(TrackColumn.predArousal.name)
        let hv = try statement.columnIndex(TrackColumn.humanValence.name), ha = try statement.columnIndex(TrackColumn.humanArousal.name)
        while let row = try statement.next() {
            let rowID = row.int64(at: id)
            predicted.append(RTreeBulkLoad.Entry(id: rowID, x: row.double(at: pv), y: row.double(at: pa)))
            if let v = row.optionalDouble(at: hv), let a = row.optionalDouble(at: ha) {
                human.append(RTreeBulkLoad.Entry(id: rowID, x: v, y: a))
            }
        }
        try RTreeBulkLoad.fill("tracks_pred_rtree", with: predicted, in: db)
        try RTreeBulkLoad.fill("tracks_human_rtree", with: human, in: db)
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

    /// `values` in chunks of at most 500 (for `IN (…)` lists).
    static func chunks<T>(_ values: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: values.count, by: 500).map { values[$0..<min(values.count, $0 + 500)] }
    }

    /// Deletes tracks by id from the table, both R*Trees and the library-file records (no transaction of its own).
    func deleteRows(_ ids: [Int64]) throws {
        for chunk in Catalog.chunks(ids) {
            let list = chunk.map(String.init).joined(separator: ",")
            try db.execute(script: """
                DELETE FROM tracks WHERE id IN (\(list));
                DELETE FROM tracks_pred_rtree WHERE id IN (\(list));
                DELETE FROM tracks_human_rtree WHERE id IN (\(list));
                DELETE FROM \(CatalogLibrarySchema.table) WHERE track_id IN (\(list));
                """)
        }
    }

    // MARK: - Metadata

    /// Stores a catalog-level key/value (caller may or may not hold a transaction).
    func setMeta(_ key: String, _ value: String) throws {
        try db.execute("INSERT INTO catalog_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
    }

    /// A catalog-level value, e.g. `deam.model_version`.
    public func meta(_ key: String) throws -> String? {
        try db.fetchOne("SELECT value FROM catalog_meta WHERE key = ?", [key]) { $0.string(at: 0) } ?? nil
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
        for (source, count) in try db.fetchAll("SELECT source, count(*) FROM tracks GROUP BY source", row: { ($0.string(at: 0) ?? "", Int($0.int64(at: 1))) }) {
            bySource[source] = count
        }
        var versions = [String: Int]()
        for (version, count) in try db.fetchAll("SELECT model_version, count(*) FROM tracks GROUP BY model_version", row: { ($0.string(at: 0) ?? "", Int($0.int64(at: 1))) }) {
            versions[version] = count
        }
        var quadrants = [String: Int]()
        for (q, count) in try db.fetchAll("SELECT pred_quadrant, count(*) FROM tracks GROUP BY pred_quadrant", row: { (Int($0.int64(at: 0)), Int($0.int64(at: 1))) }) {
            quadrants[Quadrant(rawValue: q)?.name ?? "?"] = count
        }
        return Info(
            path: path, schemaVersion: try db.userVersion(), sqliteVersion: Database.libraryVersion,
            tracks: trackCount, bySource: bySource,
            annotated: try db.fetchOne("SELECT count(*) FROM tracks WHERE human_valence IS NOT NULL") { Int($0.int64(at: 0)) } ?? 0,
            withMetadata: try db.fetchOne("SELECT count(*) FROM tracks WHERE artist IS NOT NULL OR title IS NOT NULL") { Int($0.int64(at: 0)) } ?? 0,
            modelVersions: versions, deamSource: try meta("deam.source"), quadrants: quadrants)
    }
}

