import CSQLite
import Foundation

/// An error from SQLite, carrying SQLite's own message and the statement involved.
public enum SQLiteError: Error, CustomStringConvertible, Equatable {
    /// The database file could not be opened.
    case open(path: String, code: Int32, message: String)
    /// A statement failed to compile.
    case prepare(sql: String, code: Int32, message: String)
    /// A value could not be bound to a parameter.
    case bind(sql: String, index: Int32, code: Int32, message: String)
    /// Executing a statement failed.
    case step(sql: String, code: Int32, message: String)
    /// A feature the catalog relies on is missing from the system SQLite.
    case missingFeature(String)

    /// The SQLite result code (0 when not applicable).
    public var code: Int32 {
        switch self {
        case .open(_, let code, _), .prepare(_, let code, _), .bind(_, _, let code, _), .step(_, let code, _): return code
        case .missingFeature: return 0
        }
    }

    public var description: String {
        switch self {
        case let .open(path, code, message): return "cannot open SQLite database '\(path)': \(message) (code \(code))"
        case let .prepare(sql, code, message): return "SQLite could not prepare `\(SQLiteError.abbreviate(sql))`: \(message) (code \(code))"
        case let .bind(sql, index, code, message): return "SQLite could not bind parameter \(index) of `\(SQLiteError.abbreviate(sql))`: \(message) (code \(code))"
        case let .step(sql, code, message): return "SQLite failed running `\(SQLiteError.abbreviate(sql))`: \(message) (code \(code))"
        case let .missingFeature(feature): return "the system SQLite lacks \(feature)"
        }
    }

    private static func abbreviate(_ sql: String) -> String {
        let flat = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return flat.count > 120 ? String(flat.prefix(117)) + "..." : flat
    }
}

/// A value stored in or bound to SQLite.
public enum SQLiteValue: Equatable, Sendable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null
}

/// A Swift value that can be bound to a statement parameter.
public protocol SQLiteBindable {
    /// The value as SQLite stores it.
    var sqliteValue: SQLiteValue { get }
}

extension Int: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(Int64(self)) } }
extension Int64: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(self) } }
extension Int32: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(Int64(self)) } }
extension Double: SQLiteBindable { public var sqliteValue: SQLiteValue { .real(self) } }
extension String: SQLiteBindable { public var sqliteValue: SQLiteValue { .text(self) } }
extension Bool: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) } }
extension SQLiteValue: SQLiteBindable { public var sqliteValue: SQLiteValue { self } }
extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    public var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
}

/// SQLite copies bound text and blobs immediately when given this destructor.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One open connection to an SQLite database file (or `:memory:`).
///
/// Not thread-safe: use one connection per thread. The connection closes when released.
public final class SQLiteDatabase {
    private let handle: OpaquePointer
    /// The path the connection was opened with.
    public let path: String

    /// Opens (and by default creates) the database at `path`.
    public init(path: String, readOnly: Bool = false, create: Bool = true) throws {
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX
        if readOnly {
            flags |= SQLITE_OPEN_READONLY
        } else {
            flags |= SQLITE_OPEN_READWRITE
            if create { flags |= SQLITE_OPEN_CREATE }
        }
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError.open(path: path, code: code, message: message)
        }
        self.handle = db
        self.path = path
        sqlite3_busy_timeout(db, 5000)
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// SQLite's latest error message on this connection.
    public var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// The rowid of the last successful INSERT.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Whether a transaction is open.
    public var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The version string of the linked SQLite library.
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// Runs one or more statements that take no parameters and return nothing of interest.
    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &error)
        if code != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(error)
            throw SQLiteError.step(sql: sql, code: code, message: message)
        }
    }

    /// Compiles one statement.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw SQLiteError.prepare(sql: sql, code: code, message: lastErrorMessage)
        }
        return SQLiteStatement(statement: statement, database: self, sql: sql)
    }

    /// Runs one statement with `bindings` (no result rows expected).
    public func run(_ sql: String, _ bindings: [SQLiteBindable] = []) throws {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        try statement.run()
    }

    /// Runs a query with `bindings` and maps every result row with `row`.
    public func query<T>(_ sql: String, _ bindings: [SQLiteBindable] = [], row: (SQLiteRow) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        var results = [T]()
        while try statement.step() { results.append(try row(SQLiteRow(statement: statement))) }
        return results
    }

    /// The first row of a query, mapped with `row`, or nil when there is none.
    public func queryFirst<T>(_ sql: String, _ bindings: [SQLiteBindable] = [], row: (SQLiteRow) throws -> T) throws -> T? {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        return try statement.step() ? row(SQLiteRow(statement: statement)) : nil
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`; any thrown error rolls
    /// everything back and is rethrown, so either all writes land or none do.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if inTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// `PRAGMA user_version`: the schema version this project stores.
    public func userVersion() throws -> Int {
        try queryFirst("PRAGMA user_version") { Int($0.int(0)) } ?? 0
    }

    /// Sets `PRAGMA user_version`.
    public func setUserVersion(_ version: Int) throws {
        try execute("PRAGMA user_version = \(version)")
    }

    /// Whether a table (or virtual table) named `name` exists.
    public func tableExists(_ name: String) throws -> Bool {
        try queryFirst("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]) { _ in true } ?? false
    }

    /// The options SQLite was compiled with (`PRAGMA compile_options`).
    public func compileOptions() throws -> [String] {
        try query("PRAGMA compile_options") { $0.string(0) ?? "" }
    }

    /// Whether this SQLite has the R*Tree module (tries to create a temporary R*Tree table).
    public func supportsRTree() -> Bool {
        do {
            try execute("CREATE VIRTUAL TABLE temp.mood_rtree_probe USING rtree(id, minX, maxX); DROP TABLE temp.mood_rtree_probe;")
            return true
        } catch {
            return false
        }
    }
}

/// A compiled statement. Bind parameters, `step()` through rows, read columns.
public final class SQLiteStatement {
    private let statement: OpaquePointer
    private let database: SQLiteDatabase
    /// The statement's SQL text.
    public let sql: String

    fileprivate init(statement: OpaquePointer, database: SQLiteDatabase, sql: String) {
        self.statement = statement
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(statement)
    }

    /// The number of `?` parameters.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(statement)) }

    /// Resets the statement and binds `values` to parameters 1…n (clearing the rest).
    public func bind(_ values: [SQLiteBindable]) throws {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (offset, value) in values.enumerated() {
            try bind(value.sqliteValue, at: Int32(offset + 1))
        }
    }

    /// Binds one value to parameter `index` (1-based).
    public func bind(_ value: SQLiteValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .integer(let v): code = sqlite3_bind_int64(statement, index, v)
        case .real(let v): code = sqlite3_bind_double(statement, index, v)
        case .text(let v): code = sqlite3_bind_text(statement, index, v, -1, transientDestructor)
        case .blob(let v):
            code = v.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), transientDestructor) }
        case .null: code = sqlite3_bind_null(statement, index)
        }
        guard code == SQLITE_OK else {
            throw SQLiteError.bind(sql: sql, index: index, code: code, message: database.lastErrorMessage)
        }
    }

    /// Advances to the next row: true when a row is available, false when done.
    @discardableResult
    public func step() throws -> Bool {
        let code = sqlite3_step(statement)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let message = database.lastErrorMessage
            sqlite3_reset(statement)
            throw SQLiteError.step(sql: sql, code: code, message: message)
        }
    }

    /// Runs the statement to completion, ignoring any rows, then resets it.
    public func run() throws {
        while try step() {}
        sqlite3_reset(statement)
    }

    /// Binds `values` and runs the statement to completion.
    public func run(_ values: [SQLiteBindable]) throws {
        try bind(values)
        try run()
    }

    /// Resets the statement so it can run again (bindings are kept).
    public func reset() { sqlite3_reset(statement) }

    /// The current row (valid until the next `step()`).
    public var row: SQLiteRow { SQLiteRow(statement: self) }

    fileprivate var raw: OpaquePointer { statement }
}

/// Typed access to the columns of a statement's current row (0-based).
public struct SQLiteRow {
    fileprivate let statement: SQLiteStatement

    /// The number of columns.
    public var count: Int { Int(sqlite3_column_count(statement.raw)) }

    /// The name of column `index`.
    public func name(_ index: Int) -> String {
        sqlite3_column_name(statement.raw, Int32(index)).map { String(cString: $0) } ?? ""
    }

    /// Whether column `index` is NULL.
    public func isNull(_ index: Int) -> Bool { sqlite3_column_type(statement.raw, Int32(index)) == SQLITE_NULL }

    /// Column `index` as an integer (NULL reads as 0).
    public func int(_ index: Int) -> Int64 { sqlite3_column_int64(statement.raw, Int32(index)) }

    /// Column `index` as a double (NULL reads as 0).
    public func double(_ index: Int) -> Double { sqlite3_column_double(statement.raw, Int32(index)) }

    /// Column `index` as text, or nil when NULL.
    public func string(_ index: Int) -> String? {
        guard let text = sqlite3_column_text(statement.raw, Int32(index)) else { return nil }
        return String(cString: text)
    }

    /// Column `index` as an integer, or nil when NULL.
    public func optionalInt(_ index: Int) -> Int64? { isNull(index) ? nil : int(index) }

    /// Column `index` as a double, or nil when NULL.
    public func optionalDouble(_ index: Int) -> Double? { isNull(index) ? nil : double(index) }

    /// Column `index` as a tagged value.
    public func value(_ index: Int) -> SQLiteValue {
        let i = Int32(index)
        switch sqlite3_column_type(statement.raw, i) {
        case SQLITE_INTEGER: return .integer(int(index))
        case SQLITE_FLOAT: return .real(double(index))
        case SQLITE_TEXT: return .text(string(index) ?? "")
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement.raw, i))
            guard count > 0, let bytes = sqlite3_column_blob(statement.raw, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }
}

/// Prepared statements kept by SQL text, so that hot queries compile once per connection.
public final class SQLiteStatementCache {
    private var statements = [String: SQLiteStatement]()

    public init() {}

    /// The cached statement for `sql`, compiling it on first use.
    public func statement(_ sql: String, in database: SQLiteDatabase) throws -> SQLiteStatement {
        if let cached = statements[sql] { return cached }
        let statement = try database.prepare(sql)
        statements[sql] = statement
        return statement
    }
}
