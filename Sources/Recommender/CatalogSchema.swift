import MoodCore

/// One column of the `tracks` table. This list is the one definition of the table's
/// columns: the `CREATE TABLE`, the insert, the schema check on open and the reads by
/// name all come from it.
///
/// `tracks` holds one row per song. Each track has two sets of circumplex columns:
/// `pred_*` (the model's prediction; every track has one) and `ann_*` (the annotated view:
/// the human DEAM rating where known, otherwise the prediction). The raw human rating is in
/// `human_valence` / `human_arousal` (NULL where unknown). Quadrant is 1–4 (`Quadrant.rawValue`),
/// sub-emotion 0–11 (`SubEmotion.rawValue`), intensity 0–1, all derived from the coordinates
/// with MoodCore's rules.
package enum TrackColumn: String, CaseIterable {
    case id
    case source
    case deamID = "deam_id"
    case path
    case contentHash = "content_hash"
    case artist
    case title
    case genre
    case modelVersion = "model_version"
    case predValence = "pred_valence"
    case predArousal = "pred_arousal"
    case predQuadrant = "pred_quadrant"
    case predSubEmotion = "pred_sub_emotion"
    case predIntensity = "pred_intensity"
    case humanValence = "human_valence"
    case humanArousal = "human_arousal"
    case annValence = "ann_valence"
    case annArousal = "ann_arousal"
    case annQuadrant = "ann_quadrant"
    case annSubEmotion = "ann_sub_emotion"
    case annIntensity = "ann_intensity"
    case predSDValence = "pred_sd_valence"
    case predSDArousal = "pred_sd_arousal"
    case predCorrelation = "pred_corr"
    case predOutOfDistribution = "pred_ood"

    package var name: String { rawValue }

    /// The migration that added this column; nil for the initial schema's columns.
    var addedBy: String? {
        switch self {
        case .predSDValence, .predSDArousal, .predCorrelation, .predOutOfDistribution: return CatalogSchema.spreadMigration
        default: return nil
        }
    }

    /// The initial schema's columns (what `CatalogSchema.initialMigration` creates: history).
    package static let initial = allCases.filter { $0.addedBy == nil }

    /// The column's type and constraints in `CREATE TABLE`.
    var declaration: String {
        switch self {
        case .id: return "INTEGER PRIMARY KEY"
        case .source: return "TEXT NOT NULL CHECK (source IN (\(TrackSource.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))))"
        case .deamID: return "INTEGER UNIQUE"
        case .path: return "TEXT UNIQUE"
        case .contentHash, .artist, .title, .genre: return "TEXT"
        case .modelVersion: return "TEXT NOT NULL"
        case .predValence, .predArousal, .predIntensity, .annValence, .annArousal, .annIntensity: return "REAL NOT NULL"
        case .predQuadrant, .predSubEmotion, .annQuadrant, .annSubEmotion: return "INTEGER NOT NULL"
        case .humanValence, .humanArousal: return "REAL"
        case .predSDValence, .predSDArousal, .predCorrelation: return "REAL"
        case .predOutOfDistribution: return "INTEGER"
        }
    }

    /// The columns the catalog writes (the id is assigned by SQLite).
    static let written = allCases.filter { $0 != .id }

    /// The columns read into a `CatalogTrack`.
    static let read: [TrackColumn] = [.id, .source, .deamID, .path, .contentHash, .artist, .title, .genre,
                                      .modelVersion, .predValence, .predArousal, .humanValence, .humanArousal,
                                      .predSDValence, .predSDArousal, .predCorrelation, .predOutOfDistribution]

    /// `read` as a select list on alias `t`.
    static let selectList = read.map { "t.\($0.name)" }.joined(separator: ", ")

    /// Binds this column's value for `track` to parameter `index`.
    func bind(_ track: CatalogTrackInput, to statement: Statement, at index: Int32) throws {
        let p = track.predicted
        let a = track.annotation ?? track.predicted
        switch self {
        case .id: throw DatabaseError(.misuse, message: "the id is assigned by SQLite", sql: statement.sql)
        case .source: try statement.bind(track.source.rawValue, at: index)
        case .deamID: try statement.bind(track.deamID.map { .integer(Int64($0)) } ?? .null, at: index)
        case .path: try statement.bind(track.path, at: index)
        case .contentHash: try statement.bind(track.contentHash, at: index)
        case .artist: try statement.bind(track.artist, at: index)
        case .title: try statement.bind(track.title, at: index)
        case .genre: try statement.bind(track.genre, at: index)
        case .modelVersion: try statement.bind(track.modelVersion, at: index)
        case .predValence: try statement.bind(p.valence, at: index)
        case .predArousal: try statement.bind(p.arousal, at: index)
        case .predQuadrant: try statement.bind(Int64(p.quadrant.rawValue), at: index)
        case .predSubEmotion: try statement.bind(Int64(p.subEmotion.rawValue), at: index)
        case .predIntensity: try statement.bind(p.intensity, at: index)
        case .humanValence: try statement.bind(track.annotation.map { .real($0.valence) } ?? .null, at: index)
        case .humanArousal: try statement.bind(track.annotation.map { .real($0.arousal) } ?? .null, at: index)
        case .annValence: try statement.bind(a.valence, at: index)
        case .annArousal: try statement.bind(a.arousal, at: index)
        case .annQuadrant: try statement.bind(Int64(a.quadrant.rawValue), at: index)
        case .annSubEmotion: try statement.bind(Int64(a.subEmotion.rawValue), at: index)
        case .annIntensity: try statement.bind(a.intensity, at: index)
        case .predSDValence: try statement.bind(track.spread.map { .real($0.sdValence) } ?? .null, at: index)
        case .predSDArousal: try statement.bind(track.spread.map { .real($0.sdArousal) } ?? .null, at: index)
        case .predCorrelation: try statement.bind(track.spread.map { .real($0.correlation) } ?? .null, at: index)
        case .predOutOfDistribution: try statement.bind(track.spread.map { .integer($0.outOfDistribution ? 1 : 0) } ?? .null, at: index)
        }
    }
}

/// Reads `CatalogTrack`s from a statement's rows by column name (names resolved once).
struct TrackRowDecoder {
    private let id, source, deamID, path, contentHash, artist, title, genre, modelVersion: Int32
    private let predValence, predArousal, humanValence, humanArousal: Int32
    private let sdValence, sdArousal, correlation, outOfDistribution: Int32

    init(_ statement: Statement) throws {
        func index(_ column: TrackColumn) throws -> Int32 { try statement.columnIndex(column.name) }
        id = try index(.id); source = try index(.source); deamID = try index(.deamID); path = try index(.path)
        contentHash = try index(.contentHash); artist = try index(.artist); title = try index(.title)
        genre = try index(.genre); modelVersion = try index(.modelVersion)
        predValence = try index(.predValence); predArousal = try index(.predArousal)
        humanValence = try index(.humanValence); humanArousal = try index(.humanArousal)
        sdValence = try index(.predSDValence); sdArousal = try index(.predSDArousal)
        correlation = try index(.predCorrelation); outOfDistribution = try index(.predOutOfDistribution)
    }

    func decode(_ row: Row) -> CatalogTrack {
        var human: MoodPoint?
        if let hv = row.optionalDouble(at: humanValence), let ha = row.optionalDouble(at: humanArousal) {
            human = MoodPoint(valence: hv, arousal: ha)
        }
        var spread: PlacementSpread?
        if let sv = row.optionalDouble(at: sdValence), let sa = row.optionalDouble(at: sdArousal),
           let r = row.optionalDouble(at: correlation) {
            spread = PlacementSpread(sdValence: sv, sdArousal: sa, correlation: r,
                                     outOfDistribution: (row.optionalInt64(at: outOfDistribution) ?? 0) != 0)
        }
        return CatalogTrack(id: row.int64(at: id), CatalogTrackInput(
            source: TrackSource(rawValue: row.string(at: source) ?? "") ?? .deam,
            deamID: row.optionalInt64(at: deamID).map(Int.init), path: row.string(at: path),
            contentHash: row.string(at: contentHash), artist: row.string(at: artist), title: row.string(at: title),
            genre: row.string(at: genre), predicted: MoodPoint(valence: row.double(at: predValence), arousal: row.double(at: predArousal)),
            modelVersion: row.string(at: modelVersion) ?? "", annotation: human, spread: spread))
    }
}

/// The catalog's SQLite schema, built by `migrator`'s named migrations (recorded in the
/// `schema_migrations` table). `PRAGMA user_version` holds the format version: it changes
/// only when a migration makes the file unreadable for older versions of `mood`.
///
/// Two R*Tree tables index coordinates by track id, each `(id, min_valence, max_valence,
/// min_arousal, max_arousal)` with min = max (points): `tracks_pred_rtree` holds every
/// track's prediction; `tracks_human_rtree` holds the human rating of annotated tracks
/// only (catalogs of users' own songs have none, so they pay for one R*Tree, not two).
/// An annotated-view search reads `tracks_human_rtree` plus the unannotated tracks of
/// `tracks_pred_rtree`. R*Tree stores 32-bit floats rounded outward, so queries use it
/// to find candidates and read exact coordinates from `tracks`.
package enum CatalogSchema {
    /// The name of the first migration. Catalogs written before migrations were recorded
    /// have `user_version` 1 and this schema; opening one records it as applied.
    static let initialMigration = "v1 tracks, R*Tree indexes, metadata"

    /// The migrations, in order. A migration's SQL is history: never edit it, add one.
    package static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(initialMigration) { db in
            try db.execute(script: createTracks + "\n" + createRTrees + "\n" + createMeta + "\n" + """
                CREATE INDEX tracks_pred_sector ON tracks (pred_sub_emotion, pred_intensity);
                CREATE INDEX tracks_pred_quadrant ON tracks (pred_quadrant, pred_intensity);
                CREATE INDEX tracks_ann_sector ON tracks (ann_sub_emotion, ann_intensity);
                CREATE INDEX tracks_ann_quadrant ON tracks (ann_quadrant, ann_intensity);
                CREATE INDEX tracks_content_hash ON tracks (content_hash);
                """)
        }
        // Only feature-file tracks have a content hash: DEAM rows (most of a catalog) no
        // longer fill the index with NULLs. `content_hash = ?` lookups still use it.
        migrator.registerMigration("v2 content-hash index over hashed tracks only") { db in
            try db.execute(script: """
                DROP INDEX IF EXISTS tracks_content_hash;
                CREATE INDEX tracks_content_hash ON tracks (content_hash) WHERE content_hash IS NOT NULL;
                """)
        }
        // The user's own files: size and mtime (re-scans skip unchanged files) and the tags
        // the tracks table has no column for (CatalogLibrary.swift).
        migrator.registerMigration(CatalogLibrarySchema.migrationName, CatalogLibrarySchema.migrate)
        // The spread of model placements (calibrated confidence); NULL where the model had none.
        migrator.registerMigration(spreadMigration) { db in
            let existing = Set(try db.columnNames(of: "tracks"))
            for column in TrackColumn.allCases where column.addedBy == spreadMigration && !existing.contains(column.name) {
                try db.execute("ALTER TABLE tracks ADD COLUMN \(column.name) \(column.declaration)")
            }
        }
        return migrator
    }()

    /// The name of the migration that adds the placement-spread columns.
    static let spreadMigration = "v4 spread of model placements"

    /// The format version this code writes and reads (`PRAGMA user_version`).
    package static let version = 1

    static let createTracks = "CREATE TABLE tracks (\n"
        + TrackColumn.initial.map { "    \($0.name) \($0.declaration),\n" }.joined()
        + "    CHECK (deam_id IS NOT NULL OR path IS NOT NULL)\n);"

    /// The R*Tree tables and their columns.
    static let rtrees = ["tracks_pred_rtree", "tracks_human_rtree"]
    static let rtreeColumns = ["id", "min_valence", "max_valence", "min_arousal", "max_arousal"]

    static let createRTrees = rtrees.map { "CREATE VIRTUAL TABLE \($0) USING rtree (\(rtreeColumns.joined(separator: ", ")));" }
        .joined(separator: "\n")

    static let createMeta = "CREATE TABLE catalog_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"

    /// The secondary B-tree indexes as the latest migration leaves them (dropped and
    /// recreated around bulk writes).
    static let indexes: [(name: String, columns: [TrackColumn], condition: String?)] = [
        ("tracks_pred_sector", [.predSubEmotion, .predIntensity], nil),
        ("tracks_pred_quadrant", [.predQuadrant, .predIntensity], nil),
        ("tracks_ann_sector", [.annSubEmotion, .annIntensity], nil),
        ("tracks_ann_quadrant", [.annQuadrant, .annIntensity], nil),
        ("tracks_content_hash", [.contentHash], "\(TrackColumn.contentHash.name) IS NOT NULL"),
    ]

    static let createIndexes = indexes.map { index in
        "CREATE INDEX IF NOT EXISTS \(index.name) ON tracks (\(index.columns.map(\.name).joined(separator: ", ")))"
            + (index.condition.map { " WHERE \($0)" } ?? "") + ";"
    }.joined(separator: "\n")

    static let dropIndexes = indexes.map { "DROP INDEX IF EXISTS \($0.name);" }.joined(separator: "\n")

    /// What is wrong with the schema of `db` for a catalog, or nil when it is a catalog.
    static func problem(in db: Database, applied: Set<String>? = nil) throws -> String? {
        let columns = Set(try db.columnNames(of: "tracks"))
        if columns.isEmpty { return "it has no tracks table" }
        let expected = TrackColumn.allCases.filter { column in column.addedBy.map { applied?.contains($0) ?? true } ?? true }
        let missing = expected.map(\.name).filter { !columns.contains($0) }
        if !missing.isEmpty {
            return "its tracks table lacks the column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))"
        }
        for table in rtrees {
            guard let sql = try db.tableSQL(table) else { return "the R*Tree index \(table) is missing" }
            guard sql.lowercased().contains("using rtree"),
                  try db.columnNames(of: table) == rtreeColumns else {
                return "\(table) is not an R*Tree over (\(rtreeColumns.joined(separator: ", ")))"
            }
        }
        let meta = Set(try db.columnNames(of: "catalog_meta"))
        if !meta.isSuperset(of: ["key", "value"]) { return "the catalog_meta table is missing" }
        return nil
    }

    /// Column names for one coordinate view.
    struct ViewColumns {
        let valence: String, arousal: String, quadrant: String, subEmotion: String, intensity: String
    }

    /// The R*Tree searches whose union covers `view`: (table, extra condition on `t`).
    static func rtreeSources(for view: CoordinateView) -> [(table: String, condition: String)] {
        switch view {
        case .predicted: return [("tracks_pred_rtree", "")]
        case .annotated: return [("tracks_human_rtree", ""), ("tracks_pred_rtree", " AND t.\(TrackColumn.humanValence.name) IS NULL")]
        }
    }

    static func columns(for view: CoordinateView) -> ViewColumns {
        switch view {
        case .predicted:
            return ViewColumns(valence: TrackColumn.predValence.name, arousal: TrackColumn.predArousal.name,
                               quadrant: TrackColumn.predQuadrant.name, subEmotion: TrackColumn.predSubEmotion.name,
                               intensity: TrackColumn.predIntensity.name)
        case .annotated:
            return ViewColumns(valence: TrackColumn.annValence.name, arousal: TrackColumn.annArousal.name,
                               quadrant: TrackColumn.annQuadrant.name, subEmotion: TrackColumn.annSubEmotion.name,
                               intensity: TrackColumn.annIntensity.name)
        }
    }
}
