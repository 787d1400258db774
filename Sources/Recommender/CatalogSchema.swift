import MoodCore

/// The catalog's SQLite schema. `PRAGMA user_version` holds `version`.
///
/// `tracks` holds one row per song. Each track has two sets of circumplex columns:
/// `pred_*` (the model's prediction; every track has one) and `ann_*` (the annotated view:
/// the human DEAM rating where known, otherwise the prediction). The raw human rating is in
/// `human_valence` / `human_arousal` (NULL where unknown). Quadrant is 1–4 (`Quadrant.rawValue`),
/// sub-emotion 0–11 (`SubEmotion.rawValue`), intensity 0–1, all derived from the coordinates
/// with MoodCore's rules.
///
/// Two R*Tree tables index coordinates by track id, each `(id, min_valence, max_valence,
/// min_arousal, max_arousal)` with min = max (points): `tracks_pred_rtree` holds every
/// track's prediction; `tracks_human_rtree` holds the human rating of annotated tracks
/// only (catalogs of users' own songs have none, so they pay for one R*Tree, not two).
/// An annotated-view search reads `tracks_human_rtree` plus the unannotated tracks of
/// `tracks_pred_rtree`. R*Tree stores 32-bit floats rounded outward, so queries use it
/// to find candidates and read exact coordinates from `tracks`.
enum CatalogSchema {
    /// The schema version this code writes and reads.
    static let version = 2

    static let create = """
        CREATE TABLE IF NOT EXISTS tracks (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL CHECK (source IN ('deam', 'feature-file', 'audio')),
            deam_id INTEGER UNIQUE,
            path TEXT UNIQUE,
            content_hash TEXT,
            artist TEXT,
            title TEXT,
            genre TEXT,
            model_version TEXT NOT NULL,
            pred_valence REAL NOT NULL,
            pred_arousal REAL NOT NULL,
            pred_quadrant INTEGER NOT NULL,
            pred_sub_emotion INTEGER NOT NULL,
            pred_intensity REAL NOT NULL,
            human_valence REAL,
            human_arousal REAL,
            ann_valence REAL NOT NULL,
            ann_arousal REAL NOT NULL,
            ann_quadrant INTEGER NOT NULL,
            ann_sub_emotion INTEGER NOT NULL,
            ann_intensity REAL NOT NULL,
            pred_sd_valence REAL,
            pred_sd_arousal REAL,
            pred_corr REAL,
            pred_ood INTEGER,
            CHECK (deam_id IS NOT NULL OR path IS NOT NULL)
        );

        CREATE VIRTUAL TABLE IF NOT EXISTS tracks_pred_rtree USING rtree (id, min_valence, max_valence, min_arousal, max_arousal);
        CREATE VIRTUAL TABLE IF NOT EXISTS tracks_human_rtree USING rtree (id, min_valence, max_valence, min_arousal, max_arousal);
        CREATE TABLE IF NOT EXISTS catalog_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """ + createIndexes

    /// The secondary B-tree indexes (dropped and recreated around bulk writes).
    static let indexNames = ["tracks_pred_sector", "tracks_pred_quadrant", "tracks_ann_sector", "tracks_ann_quadrant", "tracks_content_hash"]

    static let createIndexes = """
        CREATE INDEX IF NOT EXISTS tracks_pred_sector ON tracks (pred_sub_emotion, pred_intensity);
        CREATE INDEX IF NOT EXISTS tracks_pred_quadrant ON tracks (pred_quadrant, pred_intensity);
        CREATE INDEX IF NOT EXISTS tracks_ann_sector ON tracks (ann_sub_emotion, ann_intensity);
        CREATE INDEX IF NOT EXISTS tracks_ann_quadrant ON tracks (ann_quadrant, ann_intensity);
        CREATE INDEX IF NOT EXISTS tracks_content_hash ON tracks (content_hash);
        """

    static let dropIndexes = indexNames.map { "DROP INDEX IF EXISTS \($0);" }.joined(separator: "\n")

    /// Columns read into a `CatalogTrack`, in `CatalogTrack.init(row:)` order.
    static let trackColumns = """
        t.id, t.source, t.deam_id, t.path, t.content_hash, t.artist, t.title, t.genre, \
        t.model_version, t.pred_valence, t.pred_arousal, t.human_valence, t.human_arousal, \
        t.pred_sd_valence, t.pred_sd_arousal, t.pred_corr, t.pred_ood
        """
    /// Number of columns in `trackColumns`.
    static let trackColumnCount = 17

    /// Version 1 → 2: the spread of model placements (nullable; NULL = no confidence).
    static let migrateFrom1 = """
        ALTER TABLE tracks ADD COLUMN pred_sd_valence REAL;
        ALTER TABLE tracks ADD COLUMN pred_sd_arousal REAL;
        ALTER TABLE tracks ADD COLUMN pred_corr REAL;
        ALTER TABLE tracks ADD COLUMN pred_ood INTEGER;
        """

    /// Column names for one coordinate view.
    struct ViewColumns {
        let valence: String, arousal: String, quadrant: String, subEmotion: String, intensity: String
    }

    /// The R*Tree searches whose union covers `view`: (table, extra condition on `t`).
    static func rtreeSources(for view: CoordinateView) -> [(table: String, condition: String)] {
        switch view {
        case .predicted: return [("tracks_pred_rtree", "")]
        case .annotated: return [("tracks_human_rtree", ""), ("tracks_pred_rtree", " AND t.human_valence IS NULL")]
        }
    }

    static func columns(for view: CoordinateView) -> ViewColumns {
        switch view {
        case .predicted:
            return ViewColumns(valence: "pred_valence", arousal: "pred_arousal", quadrant: "pred_quadrant",
                               subEmotion: "pred_sub_emotion", intensity: "pred_intensity")
        case .annotated:
            return ViewColumns(valence: "ann_valence", arousal: "ann_arousal", quadrant: "ann_quadrant",
                               subEmotion: "ann_sub_emotion", intensity: "ann_intensity")
        }
    }
}

extension CatalogTrack {
    /// Reads the `CatalogSchema.trackColumns` starting at column `start`.
    init(row: SQLiteRow, start: Int = 0) {
        let human: MoodPoint?
        if let hv = row.optionalDouble(start + 11), let ha = row.optionalDouble(start + 12) {
            human = MoodPoint(valence: hv, arousal: ha)
        } else {
            human = nil
        }
        var spread: PlacementSpread?
        if let sv = row.optionalDouble(start + 13), let sa = row.optionalDouble(start + 14), let r = row.optionalDouble(start + 15) {
            spread = PlacementSpread(sdValence: sv, sdArousal: sa, correlation: r, outOfDistribution: (row.optionalInt(start + 16) ?? 0) != 0)
        }
        self.init(id: row.int(start), source: TrackSource(rawValue: row.string(start + 1) ?? "") ?? .deam,
                  deamID: row.optionalInt(start + 2).map(Int.init), path: row.string(start + 3),
                  contentHash: row.string(start + 4), artist: row.string(start + 5), title: row.string(start + 6),
                  genre: row.string(start + 7), predicted: MoodPoint(valence: row.double(start + 9), arousal: row.double(start + 10)),
                  modelVersion: row.string(start + 8) ?? "", annotation: human, spread: spread)
    }
}
