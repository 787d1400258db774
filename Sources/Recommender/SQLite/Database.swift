import CSQLite
import Foundation

/// One open connection to an SQLite database file (or `:memory:`), internal to the package.
///
/// Not thread-safe: use one connection per thread. The connection closes when released.
package final class Database {
    /// How to open the file.
    package enum Access: Sendable {
        /// Read only (SQLite cannot roll back a hot journal on such a connection).
        case readOnly
        /// Read and write an existing file.
        case readWrite
        /// Read and write, creating the file if needed.
        case create
    }

    let handle: OpaquePointer
    /// The path the connection was opened with.
    package let path: String
    /// Open savepoints inside the outermost transaction.
    private var savepointDepth = 0
    private var statementCache = [String: Statement]()

    package init(path: String, access: Access = .create) throws {
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX
        switch access {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let extended = db.map { sqlite3_extended_errcode($0) } ?? code
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            if let db { sqlite3_close_v2(db) }
            throw DatabaseError(ResultCode(rawValue: extended), message: message, file: Database.fileName(path))
        }
        self.handle = db
        self.path = path
        sqlite3_busy_timeout(db, 5000)
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// The version string of the linked SQLite library.
    package static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// The error SQLite reports for the latest failure on this connection, attributed to `sql`.
    func lastError(_ code: Int32, sql: String?) -> DatabaseError {
        // The connection's extended code is the one for this failure when it refines `code`.
        let extended = sqlite3_extended_errcode(handle)
        let resolved = extended & 0xFF == code & 0xFF ? extended : code
        return DatabaseError(ResultCode(rawValue: resolved), message: String(cString: sqlite3_errmsg(handle)), sql: sql,
                             file: Database.fileName(path))
    }

    /// `path` as errors name it (nil for an in-memory database).
    static func fileName(_ path: String) -> String? { path.isEmpty || path == ":memory:" ? nil : path }

    /// The rowid of the last successful INSERT.
    package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    package var changes: Int { Int(sqlite3_changes(handle)) }

    /// Whether a transaction is open.
    package var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    // MARK: - Statements

    /// Compiles one statement (trailing whitespace and `;` allowed, a second statement is not).
    package func makeStatement(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        var trailing = false
        let code = sql.withCString { text -> Int32 in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(handle, text, -1, &statement, &tail)
            if code == SQLITE_OK, let tail, !String(cString: tail).allSatisfy({ $0.isWhitespace || $0 == ";" }) { trailing = true }
            return code
        }
        guard code == SQLITE_OK else { throw lastError(code, sql: sql) }
        guard let statement else { throw DatabaseError(.misuse, message: "no statement in the SQL", sql: sql) }
        if trailing {
            sqlite3_finalize(statement)
            throw DatabaseError(.misuse, message: "more than one statement; use execute(script:)", sql: sql)
        }
        return Statement(statement, database: self, sql: sql)
    }

    /// The statement for `sql`, compiled once per connection and reused (reset, bindings cleared).
    package func cachedStatement(_ sql: String) throws -> Statement {
        if let cached = statementCache[sql] {
            cached.reset()
            return cached
        }
        let statement = try makeStatement(sql)
        statementCache[sql] = statement
        return statement
    }

    /// Runs one statement with `arguments` (result rows are ignored).
    package func execute(_ sql: String, _ arguments: [DatabaseValueConvertible?] = []) throws {
        let statement = try makeStatement(sql)
        try statement.execute(arguments)
    }

    /// Runs several `;`-separated statements without parameters, one at a time, so that a
    /// failure names the statement that failed rather than the whole script.
    package func execute(script: String) throws {
        let bytes = Array(script.utf8CString)
        try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var cursor: UnsafePointer<CChar>? = base
            while let start = cursor, start.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v2(handle, start, -1, &statement, &tail)
                let consumed = tail.map { $0 - start } ?? strlen(start)
                let text = String(decoding: UnsafeRawBufferPointer(start: start, count: consumed), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                guard code == SQLITE_OK else { throw lastError(code, sql: text) }
                cursor = tail
                guard let statement else { continue }  // only whitespace or a comment
                try Statement(statement, database: self, sql: text).execute()
            }
        }
    }

    /// All rows of a query, each mapped with `row`.
    package func fetchAll<T>(_ sql: String, _ arguments: [DatabaseValueConvertible?] = [], row: (Row) throws -> T) throws -> [T] {
        let statement = try makeStatement(sql)
        try statement.bind(arguments)
        var results = [T]()
        while let current = try statement.next() { results.append(try row(current)) }
        return results
    }

    /// The first row of a query mapped with `row`, or nil when there is none.
    package func fetchOne<T>(_ sql: String, _ arguments: [DatabaseValueConvertible?] = [], row: (Row) throws -> T) throws -> T? {
        let statement = try makeStatement(sql)
        try statement.bind(arguments)
        return try statement.next().map(row)
    }

    // MARK: - Transactions

    /// Runs `body` in a read transaction (`BEGIN DEFERRED … COMMIT`): every statement in it sees the
    /// same committed state of the file, however other processes write meanwhile. Outside any
    /// transaction only; rolled back on a thrown error.
    package func inReadTransaction<T>(_ body: () throws -> T) throws -> T {
        precondition(!isInTransaction, "a read transaction is the outermost one")
        return try outermostTransaction("BEGIN DEFERRED", body)
    }

    /// `begin`, then `body`, then `COMMIT`; a thrown error rolls everything back and is rethrown.
    private func outermostTransaction<T>(_ begin: String, _ body: () throws -> T) throws -> T {
        try execute(begin)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Runs `body` in a transaction: `BEGIN IMMEDIATE … COMMIT` at the outermost level, a
    /// `SAVEPOINT` inside another transaction. A thrown error rolls back this level only
    /// (everything since its `BEGIN` or `SAVEPOINT`) and is rethrown.
    package func inTransaction<T>(_ body: () throws -> T) throws -> T {
        if !isInTransaction {
            savepointDepth = 0
            return try outermostTransaction("BEGIN IMMEDIATE", body)
        }
        savepointDepth += 1
        let name = "mood_savepoint_\(savepointDepth)"
        defer { savepointDepth -= 1 }
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try execute("RELEASE SAVEPOINT \(name)")
            return result
        } catch {
            if isInTransaction {
                try? execute("ROLLBACK TO SAVEPOINT \(name)")
                try? execute("RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
    }

    // MARK: - Schema helpers

    /// `PRAGMA user_version`.
    package func userVersion() throws -> Int {
        try fetchOne("PRAGMA user_version") { Int($0.int64(at: 0)) } ?? 0
    }

    /// Sets `PRAGMA user_version`.
    package func setUserVersion(_ version: Int) throws {
        try execute("PRAGMA user_version = \(version)")
    }

    /// Whether a table (or virtual table) named `name` exists.
    package func tableExists(_ name: String) throws -> Bool {
        try fetchOne("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]) { _ in true } ?? false
    }

    /// The `CREATE` statement of table `name`, or nil when there is no such table.
    package func tableSQL(_ name: String) throws -> String? {
        try fetchOne("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [name]) { $0.string(at: 0) } ?? nil
    }

    /// The column names of table `name`, in order (empty when there is no such table).
    package func columnNames(of table: String) throws -> [String] {
        try fetchAll("SELECT name FROM pragma_table_info(?)", [table]) { $0.string(at: 0) ?? "" }
    }

    /// The names of the tables the user created (SQLite's own `sqlite_*` tables excluded).
    package func userTables() throws -> [String] {
        try fetchAll("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name") { $0.string(at: 0) ?? "" }
    }

    /// The options SQLite was compiled with (`PRAGMA compile_options`).
    package func compileOptions() throws -> [String] {
        try fetchAll("PRAGMA compile_options") { $0.string(at: 0) ?? "" }
    }

    /// Whether this SQLite has the R*Tree module (tries to create a temporary R*Tree table).
    package func supportsRTree() -> Bool {
        do {
            try execute(script: "CREATE VIRTUAL TABLE temp.mood_rtree_probe USING rtree(id, minX, maxX); DROP TABLE temp.mood_rtree_probe;")
            return true
        } catch {
            return false
        }
    }
}
