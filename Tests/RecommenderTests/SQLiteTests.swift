import Foundation
import Recommender
import XCTest

final class SQLiteTests: XCTestCase {
    func testBindAndReadTypedValues() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        try db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [42, 2.5, "héllo 'quoted'", SQLiteValue.blob([1, 2, 255]), String?.none])
        let rows = try db.query("SELECT i, r, s, b, n FROM t") { row in
            (row.int(0), row.double(1), row.string(2), row.value(3), row.string(4), row.isNull(4))
        }
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].0, 42)
        XCTAssertEqual(rows[0].1, 2.5)
        XCTAssertEqual(rows[0].2, "héllo 'quoted'")
        XCTAssertEqual(rows[0].3, .blob([1, 2, 255]))
        XCTAssertNil(rows[0].4)
        XCTAssertTrue(rows[0].5)
    }

    func testPreparedStatementReuse() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        try db.execute("CREATE TABLE t (x INTEGER)")
        let insert = try db.prepare("INSERT INTO t VALUES (?)")
        XCTAssertEqual(insert.parameterCount, 1)
        for x in 0..<100 { try insert.run([x]) }
        XCTAssertEqual(try db.queryFirst("SELECT sum(x) FROM t") { $0.int(0) }, 4950)
    }

    func testErrorsCarrySQLiteMessage() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        XCTAssertThrowsError(try db.prepare("SELEC 1")) { error in
            guard let error = error as? SQLiteError, case .prepare = error else { return XCTFail("wrong error \(error)") }
            XCTAssertTrue(error.description.contains("syntax error"), error.description)
        }
        try db.execute("CREATE TABLE t (x INTEGER UNIQUE)")
        try db.run("INSERT INTO t VALUES (1)")
        XCTAssertThrowsError(try db.run("INSERT INTO t VALUES (1)")) { error in
            XCTAssertTrue("\(error)".contains("UNIQUE constraint failed"), "\(error)")
        }
    }

    func testOpenMissingReadOnlyFails() {
        XCTAssertThrowsError(try SQLiteDatabase(path: "/nonexistent-dir/x.sqlite", readOnly: true)) { error in
            guard case SQLiteError.open = error else { return XCTFail("wrong error \(error)") }
        }
    }

    func testTransactionCommitsAndRollsBack() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        try db.execute("CREATE TABLE t (x INTEGER)")
        try db.transaction { try db.run("INSERT INTO t VALUES (1)") }
        struct Boom: Error {}
        XCTAssertThrowsError(try db.transaction {
            try db.run("INSERT INTO t VALUES (2)")
            try db.run("INSERT INTO t VALUES (3)")
            throw Boom()
        })
        XCTAssertFalse(db.inTransaction)
        XCTAssertEqual(try db.query("SELECT x FROM t ORDER BY x") { $0.int(0) }, [1])
    }

    func testUserVersionAndRTree() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        XCTAssertEqual(try db.userVersion(), 0)
        try db.setUserVersion(7)
        XCTAssertEqual(try db.userVersion(), 7)
        XCTAssertTrue(db.supportsRTree(), "the system SQLite must have R*Tree")
        XCTAssertTrue(try db.compileOptions().contains("ENABLE_RTREE"))
    }
}
