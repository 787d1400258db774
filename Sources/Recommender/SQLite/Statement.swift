import CSQLite

/// SQLite copies bound text and blobs immediately when given this destructor.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A valid pointer for binding the empty string (SQLite reads no bytes from it).
private let emptyText: UnsafePointer<CChar> = {
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return UnsafePointer(pointer)
}()

/// A value stored in or bound to SQLite.
package enum DatabaseValue: Equatable, Sendable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null
}

/// A Swift value that can be bound to a statement parameter.
package protocol DatabaseValueConvertible {
    /// The value as SQLite stores it.
    var databaseValue: DatabaseValue { get }
}

extension Int: DatabaseValueConvertible { package var databaseValue: DatabaseValue { .integer(Int64(self)) } }
extension Int64: DatabaseValueConvertible { package var databaseValue: DatabaseValue { .integer(self) } }
extension Int32: DatabaseValueConvertible { package var databaseValue: DatabaseValue { .integer(Int64(self)) } }
extension Double: DatabaseValueConvertible { package var databaseValue: DatabaseValue { .real(self) } }
extension String: DatabaseValueConvertible { package var databaseValue: DatabaseValue { .text(self) } }
extension Bool: DatabaseValueConvertible { package var databaseValue: DatabaseValue { .integer(self ? 1 : 0) } }
extension DatabaseValue: DatabaseValueConvertible { package var databaseValue: DatabaseValue { self } }

/// A compiled statement: bind parameters, step through rows, read columns by name.
package final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    /// The statement's SQL text.
    package let sql: String
    private var columnIndexes: [String: Int32]?

    init(_ handle: OpaquePointer, database: Database, sql: String) {
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// The number of `?` parameters.
    package var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// The result column names, in order.
    package var columnNames: [String] {
        (0..<sqlite3_column_count(handle)).map { sqlite3_column_name(handle, $0).map { String(cString: $0) } ?? "" }
    }

    /// The index of the result column named `name` (case-insensitive), resolved once per statement.
    package func columnIndex(_ name: String) throws -> Int32 {
        if columnIndexes == nil {
            var map = [String: Int32]()
            for (i, column) in columnNames.enumerated() where map[column.lowercased()] == nil { map[column.lowercased()] = Int32(i) }
            columnIndexes = map
        }
        guard let index = columnIndexes?[name.lowercased()] else {
            throw DatabaseError(.range, message: "no result column named \(name)", sql: sql, file: Database.fileName(database.path))
        }
        return index
    }

    /// Resets the statement so it can run again (bindings are kept).
    package func reset() { sqlite3_reset(handle) }

    /// Resets the statement and binds `values` to parameters 1…n (clearing the rest).
    package func bind(_ values: [DatabaseValueConvertible?]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            try bind(value?.databaseValue ?? .null, at: Int32(offset + 1))
        }
    }

    /// Binds one value to parameter `index` (1-based).
    package func bind(_ value: DatabaseValue, at index: Int32) throws {
        switch value {
        case .integer(let v): try check(sqlite3_bind_int64(handle, index, v), index)
        case .real(let v): try check(sqlite3_bind_double(handle, index, v), index)
        case .text(let v): try bind(v, at: index)
        case .blob(let v):
            try check(v.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transientDestructor) }, index)
        case .null: try check(sqlite3_bind_null(handle, index), index)
        }
    }

    /// Binds a double (hot path: no boxing).
    package func bind(_ value: Double, at index: Int32) throws { try check(sqlite3_bind_double(handle, index, value), index) }
    /// Binds an integer (hot path: no boxing).
    package func bind(_ value: Int64, at index: Int32) throws { try check(sqlite3_bind_int64(handle, index, value), index) }
    /// Binds text, or NULL for nil (hot path: no boxing).
    package func bind(_ value: String?, at index: Int32) throws {
        guard var value else { return try check(sqlite3_bind_null(handle, index), index) }
        // withUTF8 gives the bytes without a heap copy (small strings are copied to the stack).
        let code = value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                sqlite3_bind_text(handle, index, text.baseAddress ?? emptyText, Int32(text.count), transientDestructor)
            }
        }
        try check(code, index)
    }
    /// Binds bytes as a blob.
    package func bind(blob bytes: UnsafeRawBufferPointer, at index: Int32) throws {
        try check(sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), transientDestructor), index)
    }

    private func check(_ code: Int32, _ index: Int32) throws {
        guard code != SQLITE_OK else { return }
        // Binding does not always set the connection's message; SQLite's text for the code is exact.
        throw DatabaseError(ResultCode(rawValue: code), message: "cannot bind parameter \(index): \(String(cString: sqlite3_errstr(code)))", sql: sql,
                            file: Database.fileName(database.path))
    }

    /// Advances to the next row: the row, or nil when done. On failure the statement is
    /// reset and the error names this statement.
    package func next() throws -> Row? {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return Row(statement: self)
        case SQLITE_DONE: return nil
        default:
            let error = database.lastError(code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Binds `arguments` (when given) and runs the statement to completion, then resets it.
    package func execute(_ arguments: [DatabaseValueConvertible?]? = nil) throws {
        if let arguments { try bind(arguments) }
        while try next() != nil {}
        sqlite3_reset(handle)
    }
}

/// The current row of a statement (valid until the next step). Columns are read by name;
/// hot loops resolve a name once with `Statement.columnIndex(_:)` and read by that index.
package struct Row {
    let statement: Statement
    private var raw: OpaquePointer { statement.handle }

    /// The number of columns.
    package var count: Int { Int(sqlite3_column_count(raw)) }

    // By resolved index.
    package func isNull(at i: Int32) -> Bool { sqlite3_column_type(raw, i) == SQLITE_NULL }
    package func int64(at i: Int32) -> Int64 { sqlite3_column_int64(raw, i) }
    package func double(at i: Int32) -> Double { sqlite3_column_double(raw, i) }
    package func string(at i: Int32) -> String? { sqlite3_column_text(raw, i).map { String(cString: $0) } }
    package func optionalInt64(at i: Int32) -> Int64? { isNull(at: i) ? nil : int64(at: i) }
    package func optionalDouble(at i: Int32) -> Double? { isNull(at: i) ? nil : double(at: i) }

    /// The value at index `i`, tagged with its storage class.
    package func value(at i: Int32) -> DatabaseValue {
        switch sqlite3_column_type(raw, i) {
        case SQLITE_INTEGER: return .integer(int64(at: i))
        case SQLITE_FLOAT: return .real(double(at: i))
        case SQLITE_TEXT: return .text(string(at: i) ?? "")
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(raw, i))
            guard count > 0, let bytes = sqlite3_column_blob(raw, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    // By name.
    package func isNull(_ name: String) throws -> Bool { isNull(at: try statement.columnIndex(name)) }
    package func int64(_ name: String) throws -> Int64 { int64(at: try statement.columnIndex(name)) }
    package func double(_ name: String) throws -> Double { double(at: try statement.columnIndex(name)) }
    package func string(_ name: String) throws -> String? { string(at: try statement.columnIndex(name)) }
    package func optionalInt64(_ name: String) throws -> Int64? { optionalInt64(at: try statement.columnIndex(name)) }
    package func optionalDouble(_ name: String) throws -> Double? { optionalDouble(at: try statement.columnIndex(name)) }
    package func value(_ name: String) throws -> DatabaseValue { value(at: try statement.columnIndex(name)) }
}
