import Foundation
import MoodCore
import Recommender
import XCTest

/// Opening catalogs that are damaged, empty, foreign or left mid-write; through the library
/// and through the `mood` binary.
final class CatalogHardeningTests: XCTestCase {
    // MARK: - Hot journal after a crash during COMMIT

    /// Leaves `crashed` as a copy of `original` taken in the middle of a write: the database
    /// file with some new pages already written and a hot rollback journal beside it.
    private func makeCrashedCopy(of original: String, at crashed: String) throws {
        let writer = try Database(path: original, access: .readWrite)
        try writer.execute("PRAGMA cache_size = 10")  // tiny cache: pages spill to the file mid-transaction
        try writer.execute("BEGIN IMMEDIATE")
        try writer.execute("UPDATE tracks SET title = 'half-written ' || id, artist = hex(randomblob(64))")
        try writer.execute("DELETE FROM tracks_pred_rtree")
        let journal = original + "-journal"
        let journalSize = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: journal)[.size] as? Int)
        XCTAssertGreaterThan(journalSize, 512, "the write must have journalled pages")
        try FileManager.default.copyItem(atPath: original, toPath: crashed)
        try FileManager.default.copyItem(atPath: journal, toPath: crashed + "-journal")
        try writer.execute("ROLLBACK")
    }

    func testReadOnlyOpenRollsBackHotJournal() throws {
        let dir = try Synthetic.temporaryDirectory(self)
        let original = dir.appendingPathComponent("catalog.sqlite").path
        let catalog = try Catalog(path: original, mode: .createIfMissing)
        try catalog.replaceDEAMTracks(Synthetic.deamTracks(3000))
        let before = try catalog.allTracks()
        let crashed = dir.appendingPathComponent("crashed.sqlite").path
        try makeCrashedCopy(of: original, at: crashed)
        // The crash left the file different from the committed catalog.
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: crashed)), try Data(contentsOf: URL(fileURLWithPath: original)))

        let reader = try Catalog(path: crashed, mode: .readOnly)
        XCTAssertEqual(reader.trackCount, 3000)
        XCTAssertEqual(try reader.allTracks(), before)
        XCTAssertEqual(try reader.nearest(to: MoodPoint(valence: 5, arousal: 5), count: 3000).count, 3000)
        XCTAssertFalse(FileManager.default.fileExists(atPath: crashed + "-journal"), "the hot journal was rolled back")
        // Read-only really is read-only.
        XCTAssertThrowsError(try reader.upsert(Synthetic.deamTracks(1))) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, .readonly)
        }
    }

    func testCLIReadOnlyCommandsWorkAfterCrashDuringCommit() throws {
        let dir = try Synthetic.temporaryDirectory(self)
        let original = dir.appendingPathComponent("catalog.sqlite").path
        try Catalog(path: original, mode: .createIfMissing).replaceDEAMTracks(Synthetic.deamTracks(3000))
        let forInfo = dir.appendingPathComponent("crashed-info.sqlite").path
        let forFilter = dir.appendingPathComponent("crashed-filter.sqlite").path
        try makeCrashedCopy(of: original, at: forInfo)
        try makeCrashedCopy(of: original, at: forFilter)

        let info = try MoodBinary.run(["catalog", "info", "--db", forInfo, "--format", "json"])
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertEqual(info.stderr, "")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["tracks"] as? Int, 3000)

        let filter = try MoodBinary.run(["catalog", "filter", "--db", forFilter, "--sub-emotion", "serenity", "--limit", "5", "--format", "csv"])
        XCTAssertEqual(filter.status, 0, filter.stderr)
        XCTAssertEqual(filter.stderr, "")
        let lines = filter.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 6)
        XCTAssertFalse(filter.stdout.contains("half-written"))
    }

    // MARK: - Damage anywhere is found when the catalog opens (issue 26, item 7)

    func testDamageToAPageNoQueryReadsIsFoundWhenTheCatalogOpens() throws {
        let dir = try Synthetic.temporaryDirectory(self)
        let path = dir.appendingPathComponent("catalog.sqlite").path
        try Catalog(path: path, mode: .createIfMissing).replaceDEAMTracks(Synthetic.deamTracks(3000))
        // The root page of an index that neither opening nor a nearest-song query reads, overwritten with noise.
        let (root, pageSize): (Int, Int) = try {
            let db = try Database(path: path, access: .readOnly)
            let root = try XCTUnwrap(try db.fetchOne("SELECT rootpage FROM sqlite_master WHERE name = 'tracks_ann_quadrant'") { Int($0.int64(at: 0)) })
            let pageSize = try XCTUnwrap(try db.fetchOne("PRAGMA page_size") { Int($0.int64(at: 0)) })
            return (root, pageSize)
        }()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for offset in (root - 1) * pageSize..<root * pageSize { bytes[offset] = UInt8(truncatingIfNeeded: offset &* 2654435761 >> 13) }
        try bytes.write(to: URL(fileURLWithPath: path))
        for mode in [Catalog.OpenMode.readOnly, .existing] {
            XCTAssertThrowsError(try Catalog(path: path, mode: mode).nearest(to: MoodPoint(valence: 5, arousal: 5), count: 10)) { error in
                guard case .notACatalog(let file, let reason)? = error as? CatalogError else { return XCTFail("\(error)") }
                XCTAssertEqual(file, path)
                XCTAssertTrue(reason.contains("damaged"), reason)
            }
        }
        let recommend = try MoodBinary.run(["catalog", "filter", "--near", "5,5", "--db", path])
        XCTAssertEqual(recommend.status, 65, recommend.stderr)
        XCTAssertTrue(recommend.stderr.hasPrefix("Error: \(path) is not a mood catalog: the database file is damaged"), recommend.stderr)
    }

    // MARK: - Read-only uses never create or modify a catalog

    func testReadOnlyUseOfEmptyOrMissingFileIsTypedAndWritesNothing() throws {
        let dir = try Synthetic.temporaryDirectory(self)
        let empty = dir.appendingPathComponent("empty.sqlite").path
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        for mode in [Catalog.OpenMode.readOnly, .existing] {
            XCTAssertThrowsError(try Catalog(path: empty, mode: mode)) { error in
                XCTAssertEqual(error as? CatalogError, .missing(path: empty))
                XCTAssertEqual("\(error)", "no catalog at \(empty)")
            }
            XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int, 0)
        }
        let none = dir.appendingPathComponent("none.sqlite").path
        for mode in [Catalog.OpenMode.readOnly, .existing] {
            XCTAssertThrowsError(try Catalog(path: none, mode: mode)) { error in
                XCTAssertEqual(error as? CatalogError, .missing(path: none))
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["empty.sqlite"])
        // Creating is what writes the schema.
        XCTAssertEqual(try Catalog(path: empty, mode: .createIfMissing).trackCount, 0)
        XCTAssertGreaterThan(try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int), 0)
    }

    func testCLIRecommendAndReportRefuseEmptyOrMissingDatabase() throws {
        let dir = try Synthetic.temporaryDirectory(self)
        let empty = dir.appendingPathComponent("empty.sqlite").path
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        let none = dir.appendingPathComponent("none.sqlite").path
        let report = dir.appendingPathComponent("report.html").path
        for db in [empty, none] {
            for arguments in [["recommend", "samples/sad.xspf", "--db", db], ["report", "samples/sad.xspf", "--db", db, "--out", report],
                              ["catalog", "info", "--db", db], ["catalog", "filter", "--sub-emotion", "serenity", "--db", db]] {
                let result = try MoodBinary.run(arguments)
                XCTAssertEqual(result.status, 66, "\(arguments): \(result.stderr)")
                XCTAssertTrue(result.stderr.hasPrefix("Error: no catalog at \(db).\n"), result.stderr)
                XCTAssertTrue(result.stderr.contains("mood catalog build"), result.stderr)
                XCTAssertEqual(result.stdout, "")
            }
        }
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int, 0, "the empty file stays empty")
        XCTAssertFalse(FileManager.default.fileExists(atPath: none), "no file is created")
        XCTAssertFalse(FileManager.default.fileExists(atPath: report))
    }

    // MARK: - Foreign databases

    private func foreign(_ dir: URL, _ name: String, _ sql: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Database(path: path).execute(script: sql)
        return path
    }

    /// A real catalog, then `sql` run on it.
    private func damaged(_ dir: URL, _ name: String, _ sql: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Catalog(path: path, mode: .createIfMissing).replaceDEAMTracks(Synthetic.deamTracks(20))
        try Database(path: path).execute(script: sql)
        return path
    }

    func testForeignDatabasesAreRejectedWithTypedErrorsNamingTheProblem() throws {
        let dir = try Synthetic.temporaryDirectory(self)
        let otherTracks = try foreign(dir, "other-tracks.sqlite", "CREATE TABLE tracks (id INTEGER PRIMARY KEY, name TEXT, plays INTEGER); INSERT INTO tracks VALUES (1, 'a', 3);")
        let noPredTree = try damaged(dir, "no-pred-rtree.sqlite", "DROP TABLE tracks_pred_rtree;")
        let noHumanTree = try damaged(dir, "no-human-rtree.sqlite", "DROP TABLE tracks_human_rtree;")
        let plainTree = try damaged(dir, "plain-tree.sqlite", "DROP TABLE tracks_human_rtree; CREATE TABLE tracks_human_rtree (id, min_valence, max_valence, min_arousal, max_arousal);")
        let notSQLite = dir.appendingPathComponent("notes.sqlite").path
        try String(repeating: "these are not the tracks you are looking for\n", count: 40).write(toFile: notSQLite, atomically: true, encoding: .utf8)
        // A foreign database records no migrations: it is checked against the initial schema.
        let columns = TrackColumn.initial.map(\.name).filter { $0 != "id" }.joined(separator: ", ")
        let expected: [(String, String)] = [
            (otherTracks, "its tracks table lacks the columns \(columns)"),
            (noPredTree, "the R*Tree index tracks_pred_rtree is missing"),
            (noHumanTree, "the R*Tree index tracks_human_rtree is missing"),
            (plainTree, "tracks_human_rtree is not an R*Tree over (id, min_valence, max_valence, min_arousal, max_arousal)"),
            (notSQLite, "it is not an SQLite database"),
        ]
        for (path, reason) in expected {
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            for mode in [Catalog.OpenMode.readOnly, .existing, .createIfMissing] {
                XCTAssertThrowsError(try Catalog(path: path, mode: mode), "\(path) \(mode)") { error in
                    XCTAssertEqual(error as? CatalogError, .notACatalog(path: path, reason: reason))
                    XCTAssertEqual("\(error)", "\(path) is not a mood catalog: \(reason)")
                }
            }
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "\(path) was not modified")
        }
        // Through the CLI: a clean message, exit status 1, for read and write commands alike.
        for (path, reason) in expected {
            for arguments in [["catalog", "info", "--db", path], ["catalog", "filter", "--sub-emotion", "serenity", "--db", path],
                              ["recommend", "samples/sad.xspf", "--db", path]] {
                let result = try MoodBinary.run(arguments)
                XCTAssertEqual(result.status, 65, "\(arguments): \(result.stderr)")
                XCTAssertEqual(result.stderr, "Error: \(path) is not a mood catalog: \(reason)\n", "\(arguments)")
            }
        }
    }

    func testCatalogFromBeforeMigrationsWereRecordedIsAdopted() throws {
        let dir = try Synthetic.temporaryDirectory(self)
        let path = dir.appendingPathComponent("legacy.sqlite").path
        try Catalog(path: path, mode: .createIfMissing).replaceDEAMTracks(Synthetic.deamTracks(30))
        // What the previous version left: user_version 1, the v1 index, no migrations table.
        try Database(path: path).execute(script: """
            DROP TABLE schema_migrations;
            DROP INDEX tracks_content_hash;
            CREATE INDEX tracks_content_hash ON tracks (content_hash);
            """)
        // A read-only use of a writable legacy file upgrades it (queries read the columns that
        // later migrations add) and reads it as before.
        let reader = try Catalog(path: path, mode: .readOnly)
        XCTAssertEqual(reader.trackCount, 30)
        XCTAssertTrue(try Database(path: path).tableExists("schema_migrations"))
        let writer = try Catalog(path: path)
        XCTAssertEqual(try writer.schemaVersion(), 1)
        let db = try Database(path: path)
        XCTAssertEqual(try CatalogSchema.migrator.appliedMigrations(in: db), CatalogSchema.migrator.migrations.map(\.name))
        XCTAssertEqual(try db.fetchOne("SELECT sql FROM sqlite_master WHERE name = 'tracks_content_hash'") { $0.string(at: 0) },
                       "CREATE INDEX tracks_content_hash ON tracks (content_hash) WHERE content_hash IS NOT NULL")
        // Lookups by hash still use the (now partial) index.
        let plan = try db.fetchAll("EXPLAIN QUERY PLAN SELECT id FROM tracks t WHERE t.content_hash = ?", ["x"]) { try $0.string("detail") ?? "" }
        XCTAssertEqual(plan, ["SEARCH t USING COVERING INDEX tracks_content_hash (content_hash=?)"])
    }

    func testNewerSchemaIsRefused() throws {
        let dir = try Synthetic.temporaryDirectory(self)
        let path = dir.appendingPathComponent("newer.sqlite").path
        try Catalog(path: path, mode: .createIfMissing).replaceDEAMTracks(Synthetic.deamTracks(5))
        try Database(path: path).execute("INSERT INTO schema_migrations (name) VALUES ('v9 from the future')")
        XCTAssertThrowsError(try Catalog(path: path, mode: .readOnly)) { error in
            XCTAssertEqual(error as? CatalogError, .schemaTooNew(path: path, found: CatalogSchema.migrator.migrations.count + 1, supported: 1))
        }
    }
}

/// Several processes (here: threads, each with its own connection) creating the same new catalog
/// at once: exactly one creates the schema, every other open finds it done — none fails.
final class CatalogConcurrentCreationTests: XCTestCase {
    func testFourOpenersOfOneNewCatalogAllSucceed() throws {
        let directory = try Synthetic.temporaryDirectory(self)
        for round in 0..<40 {
            let path = directory.appendingPathComponent("round-\(round)/catalog.sqlite").path
            let errors = ErrorBox()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    let catalog = try Catalog(path: path, mode: .createIfMissing)
                    _ = try catalog.info()
                } catch {
                    errors.append("\(error)")
                }
            }
            XCTAssertEqual(errors.values, [], "round \(round)")
            XCTAssertEqual(try Catalog(path: path, mode: .readOnly).info().schemaVersion, CatalogSchema.version)
        }
    }
}

/// Errors collected from worker threads.
private final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = [String]()
    func append(_ text: String) { lock.lock(); stored.append(text); lock.unlock() }
    var values: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}
