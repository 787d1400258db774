import Foundation
import MoodCore

/// What the catalog knows about one of the user's own files besides the track row: the
/// size and modification time that let a re-scan skip it without hashing, and the tags
/// that do not fit the `tracks` table (album, track number, year, duration).
///
/// Stored in the table `library_files` (one row per file track, keyed by track id),
/// created by the migration `CatalogLibrarySchema.migrationName`.
public struct LibraryFile: Equatable, Sendable, Codable {
    /// File size in bytes.
    public var size: Int64
    /// Modification time, seconds since 1970.
    public var modified: Double
    public var album: String?
    public var trackNumber: Int?
    public var year: Int?
    /// Length in seconds.
    public var duration: Double?
    /// MusicBrainz recording, release and artist ids, where tagged.
    public var musicBrainzRecordingID: String?
    public var musicBrainzReleaseID: String?
    public var musicBrainzArtistID: String?

    public init(size: Int64, modified: Double, album: String? = nil, trackNumber: Int? = nil,
                year: Int? = nil, duration: Double? = nil, musicBrainzRecordingID: String? = nil,
                musicBrainzReleaseID: String? = nil, musicBrainzArtistID: String? = nil) {
        self.musicBrainzRecordingID = musicBrainzRecordingID
        self.musicBrainzReleaseID = musicBrainzReleaseID
        self.musicBrainzArtistID = musicBrainzArtistID
        self.size = size
        self.modified = modified
        self.album = album
        self.trackNumber = trackNumber
        self.year = year
        self.duration = duration
    }
}

/// One of the user's own songs: the track and, when it was added by a scan, its file record.
public struct LibraryEntry: Equatable, Sendable {
    public var track: CatalogTrack
    public var file: LibraryFile?
}

/// Where `recommend` and `playlist` draw songs from.
public enum TrackOrigin: String, Sendable, CaseIterable, Codable {
    /// The user's own songs (audio and feature files).
    case library
    /// DEAM's songs.
    case deam
    /// Both.
    case all
}

/// The schema of the library side (its own migration, so that it merges with others).
enum CatalogLibrarySchema {
    static let table = "library_files"
    static let migrationName = "v3 library files: size, mtime and tags of the user's own files"

    static func migrate(_ db: Database) throws {
        try db.execute(script: """
            CREATE TABLE IF NOT EXISTS library_files (
                track_id INTEGER PRIMARY KEY,
                size INTEGER NOT NULL,
                modified REAL NOT NULL,
                album TEXT,
                track_number INTEGER,
                year INTEGER,
                duration REAL,
                mb_recording_id TEXT,
                mb_release_id TEXT,
                mb_artist_id TEXT
            );
            """)
    }
}

extension Catalog {
    /// Whether the file has the `library_files` table (a read-only open of an older
    /// catalog may not; it then has no file records).
    private func hasLibraryTable() throws -> Bool { try db.tableExists(CatalogLibrarySchema.table) }

    /// The user's own songs (every track that is not a DEAM song), by path.
    public func libraryEntries() throws -> [LibraryEntry] {
        let tracks = try fetchTracks("SELECT \(TrackColumn.selectList) FROM tracks t WHERE t.source <> 'deam' ORDER BY t.path, t.id")
        let files = try libraryFileRecords()
        return tracks.map { LibraryEntry(track: $0, file: files[$0.id]) }
    }

    /// The file records of the user's songs, by track id (for playlist titles and durations).
    public func libraryFileRecords() throws -> [Int64: LibraryFile] {
        var files = [Int64: LibraryFile]()
        if try hasLibraryTable() {
            let rows = try db.fetchAll("SELECT track_id, size, modified, album, track_number, year, duration, mb_recording_id, mb_release_id, mb_artist_id FROM library_files") { row in
                (row.int64(at: 0), LibraryFile(size: row.int64(at: 1), modified: row.double(at: 2), album: row.string(at: 3),
                                               trackNumber: row.optionalInt64(at: 4).map(Int.init), year: row.optionalInt64(at: 5).map(Int.init),
                                               duration: row.optionalDouble(at: 6), musicBrainzRecordingID: row.string(at: 7),
                                               musicBrainzReleaseID: row.string(at: 8), musicBrainzArtistID: row.string(at: 9)))
            }
            for (id, file) in rows { files[id] = file }
        }
        return files
    }

    /// Writes the user's own files and their file records in one transaction (files by
    /// path: a path already stored is updated in place and keeps its id).
    @discardableResult
    public func storeLibraryFiles(_ items: [(track: CatalogTrackInput, file: LibraryFile)]) throws -> WriteSummary {
        try db.inTransaction {
            let summary = try upsert(items.map(\.track))
            for item in items {
                guard let path = item.track.path,
                      let id = try db.fetchOne("SELECT id FROM tracks WHERE path = ?", [path], row: { $0.int64(at: 0) }) else { continue }
                try writeFileRecord(id: id, item.file)
            }
            return summary
        }
    }

    private func writeFileRecord(id: Int64, _ file: LibraryFile) throws {
        try db.execute("""
            INSERT OR REPLACE INTO library_files (track_id, size, modified, album, track_number, year, duration,
                                                  mb_recording_id, mb_release_id, mb_artist_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [id, file.size, file.modified, file.album, file.trackNumber, file.year, file.duration,
                  file.musicBrainzRecordingID, file.musicBrainzReleaseID, file.musicBrainzArtistID])
    }

    /// A file that moved (same content, new place): the track keeps its id, prediction and
    /// tags; its path and file record change.
    public func moveTrack(id: Int64, to path: String, file: LibraryFile) throws {
        try db.inTransaction {
            try db.execute("UPDATE tracks SET path = ? WHERE id = ?", [path, id])
            try writeFileRecord(id: id, file)
        }
    }

    /// Records a new size and modification time for a file whose content is unchanged.
    public func updateFileStamp(id: Int64, file: LibraryFile) throws {
        try db.inTransaction { try writeFileRecord(id: id, file) }
    }

    /// Removes tracks by catalog id (one transaction); returns how many were removed.
    @discardableResult
    public func removeTracks(ids: [Int64]) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try db.inTransaction {
            let before = try db.fetchOne("SELECT count(*) FROM tracks") { Int($0.int64(at: 0)) } ?? 0
            try deleteRows(ids)
            let after = try db.fetchOne("SELECT count(*) FROM tracks") { Int($0.int64(at: 0)) } ?? 0
            try refreshTrackCount()
            return before - after
        }
    }

    /// The human ratings of the catalog's DEAM songs (empty when it holds none).
    public func deamAnnotations() throws -> [MoodPoint] {
        try db.fetchAll("SELECT human_valence, human_arousal FROM tracks WHERE source = 'deam' AND human_valence IS NOT NULL AND human_arousal IS NOT NULL") {
            MoodPoint(valence: $0.double(at: 0), arousal: $0.double(at: 1))
        }
    }
}
