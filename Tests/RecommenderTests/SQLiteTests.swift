import Foundation
import Recommender
import XCTest

/// The package-internal SQLite layer (`Database`, `Statement`, `Row`, `ResultCode`, `DatabaseMigrator`).
final class SQLiteTests: XCTestCase {
    func testBindAndReadTypedValuesByName() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        try db.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [42, 2.5, "héllo 'quoted'", DatabaseValue.blob([1, 2, 255]), nil])
        let rows = try db.fetchAll("SELECT n, b, s, r, i FROM t") { row in
            (try row.int64("i"), try row.double("r"), try row.string("s"), try row.value("b"), try row.string("n"), try row.isNull("n"))
        }
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].0, 42)
        XCTAssertEqual(rows[0].1, 2.5)
        XCTAssertEqual(rows[0].2, "héllo 'quoted'")
        XCTAssertEqual(rows[0].3, .blob([1, 2, 255]))
        XCTAssertNil(rows[0].4)
        XCTAssertTrue(rows[0].5)
        XCTAssertThrowsError(try db.fetchOne("SELECT i FROM t") { try $0.int64("missing") }) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, .range)
        }
    }

    func testPreparedStatementReuse() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (x INTEGER)")
        let insert = try db.makeStatement("INSERT INTO t VALUES (?)")
        XCTAssertEqual(insert.parameterCount, 1)
        for x in 0..<100 { try insert.execute([x]) }
        XCTAssertEqual(try db.fetchOne("SELECT sum(x) AS total FROM t") { try $0.int64("total") }, 4950)
        XCTAssertTrue(try db.cachedStatement("SELECT 1") === db.cachedStatement("SELECT 1"))
    }

    func testErrorsHaveTypedCodesAndNameTheFailingStatement() throws {
        let db = try Database(path: ":memory:")
        XCTAssertThrowsError(try db.makeStatement("SELEC 1")) { error in
            let error = error as? DatabaseError
            XCTAssertEqual(error?.resultCode, .error)
            XCTAssertEqual(error?.sql, "SELEC 1")
            XCTAssertEqual(error?.message, "near \"SELEC\": syntax error")
        }
        try db.execute("CREATE TABLE t (x INTEGER UNIQUE, y INTEGER NOT NULL)")
        try db.execute("INSERT INTO t VALUES (1, 1)")
        XCTAssertThrowsError(try db.execute("INSERT INTO t VALUES (1, 2)")) { error in
            let error = error as? DatabaseError
            XCTAssertEqual(error?.extendedResultCode, .constraintUnique)
            XCTAssertEqual(error?.resultCode, .constraint)
            XCTAssertEqual(error?.message, "UNIQUE constraint failed: t.x")
            XCTAssertEqual(error?.sql, "INSERT INTO t VALUES (1, 2)")
            switch error?.extendedResultCode {
            case .constraint?: break  // a primary code matches its extended codes
            default: XCTFail("\(String(describing: error)) should match .constraint")
            }
        }
        // A script names the statement that failed, not the whole script or an earlier one.
        XCTAssertThrowsError(try db.execute(script: "PRAGMA cache_size = -2000; INSERT INTO t VALUES (2, 2);\nINSERT INTO t VALUES (3, NULL); INSERT INTO t VALUES (4, 4)")) { error in
            let error = error as? DatabaseError
            XCTAssertEqual(error?.extendedResultCode, .constraintNotNull)
            XCTAssertEqual(error?.sql, "INSERT INTO t VALUES (3, NULL);")
        }
        XCTAssertEqual(try db.fetchAll("SELECT x FROM t ORDER BY x") { $0.int64(at: 0) }, [1, 2], "statements before the failure ran, later ones did not")
        XCTAssertThrowsError(try db.execute("SELECT 1; SELECT 2")) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, .misuse)
        }
    }

    func testOpenMissingReadOnlyFails() {
        XCTAssertThrowsError(try Database(path: "/nonexistent-dir/x.sqlite", access: .readOnly)) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, .cantOpen)
        }
    }

    func testReadOnlyConnectionReportsReadonlyCode() throws {
        let dir = try Synthetic.temporaryDirectory(self)
        let path = dir.appendingPathComponent("ro.sqlite").path
        try Database(path: path).execute("CREATE TABLE t (x)")
        let db = try Database(path: path, access: .readOnly)
        XCTAssertThrowsError(try db.execute("INSERT INTO t VALUES (1)")) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, .readonly)
            XCTAssertEqual((error as? DatabaseError)?.sql, "INSERT INTO t VALUES (1)")
        }
    }

    func testTransactionCommitsAndRollsBack() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (x INTEGER)")
        try db.inTransaction { try db.execute("INSERT INTO t VALUES (1)") }
        struct Boom: Error {}
        XCTAssertThrowsError(try db.inTransaction {
            try db.execute("INSERT INTO t VALUES (2)")
            try db.execute("INSERT INTO t VALUES (3)")
            throw Boom()
        })
        XCTAssertFalse(db.isInTransaction)
        XCTAssertEqual(try db.fetchAll("SELECT x FROM t ORDER BY x") { $0.int64(at: 0) }, [1])
    }

    func testNestedTransactionsUseSavepoints() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (x INTEGER)")
        struct Boom: Error {}
        try db.inTransaction {
            try db.execute("INSERT INTO t VALUES (1)")
            // The inner failure undoes only the inner writes.
            XCTAssertThrowsError(try db.inTransaction {
                try db.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            })
            XCTAssertTrue(db.isInTransaction)
            try db.inTransaction { try db.execute("INSERT INTO t VALUES (3)") }
        }
        XCTAssertFalse(db.isInTransaction)
        XCTAssertEqual(try db.fetchAll("SELECT x FROM t ORDER BY x") { $0.int64(at: 0) }, [1, 3])
        // An outer failure undoes the committed inner level too.
        XCTAssertThrowsError(try db.inTransaction {
            try db.inTransaction { try db.execute("INSERT INTO t VALUES (4)") }
            throw Boom()
        })
        XCTAssertEqual(try db.fetchAll("SELECT x FROM t ORDER BY x") { $0.int64(at: 0) }, [1, 3])
    }

    func testMigratorAppliesNamedMigrationsOnceInOrder() throws {
        let db = try Database(path: ":memory:")
        var log = [String]()
        var migrator = DatabaseMigrator()
        migrator.registerMigration("one") { db in log.append("one"); try db.execute("CREATE TABLE a (x)") }
        migrator.registerMigration("two") { db in log.append("two"); try db.execute("ALTER TABLE a ADD COLUMN y") }
        XCTAssertEqual(try migrator.pendingMigrations(in: db), ["one", "two"])
        try migrator.migrate(db)
        try migrator.migrate(db)
        XCTAssertEqual(log, ["one", "two"])
        XCTAssertEqual(try migrator.appliedMigrations(in: db), ["one", "two"])
        XCTAssertEqual(try db.columnNames(of: "a"), ["x", "y"])
        // A failing migration leaves nothing behind, and the earlier ones stay applied.
        migrator.registerMigration("three") { db in
            try db.execute("CREATE TABLE b (x)")
            try db.execute("INSERT INTO nowhere VALUES (1)")
        }
        XCTAssertThrowsError(try migrator.migrate(db)) { error in
            XCTAssertEqual((error as? DatabaseError)?.sql, "INSERT INTO nowhere VALUES (1)")
        }
        XCTAssertFalse(try db.tableExists("b"))
        XCTAssertEqual(try migrator.pendingMigrations(in: db), ["three"])
        // A database migrated by a newer program shows names this one does not know.
        var older = DatabaseMigrator()
        older.registerMigration("one") { _ in }
        XCTAssertEqual(try older.unknownMigrations(in: db), ["two"])
    }

    func testRTreeIsAvailable() throws {
        let db = try Database(path: ":memory:")
        XCTAssertTrue(db.supportsRTree(), "the system SQLite must have R*Tree")
        XCTAssertTrue(try db.compileOptions().contains("ENABLE_RTREE"))
    }
}
