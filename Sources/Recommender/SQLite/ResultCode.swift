import CSQLite

/// An SQLite result code: a primary code (the low 8 bits) or an extended code that
/// refines one (e.g. `.readonlyRollback` refines `.readonly`).
///
/// As a `switch` pattern, a primary code matches every extended code built on it, and an
/// extended code matches only itself: `case .readonly` catches `.readonlyRollback` too.
package struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package let rawValue: Int32

    package init(rawValue: Int32) { self.rawValue = rawValue }

    /// The primary code this code refines (itself when it is primary).
    package var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

    /// Whether this is a primary code.
    package var isPrimary: Bool { rawValue & 0xFF == rawValue }

    /// SQLite's English name for the code ("database is locked", …).
    package var explanation: String { String(cString: sqlite3_errstr(rawValue)) }

    package var description: String { "\(explanation) (code \(rawValue))" }

    package static func ~= (pattern: ResultCode, code: ResultCode) -> Bool {
        pattern.isPrimary ? code.primary == pattern : code == pattern
    }

    // Primary codes.
    package static let ok = ResultCode(rawValue: SQLITE_OK)
    package static let error = ResultCode(rawValue: SQLITE_ERROR)
    package static let `internal` = ResultCode(rawValue: SQLITE_INTERNAL)
    package static let permission = ResultCode(rawValue: SQLITE_PERM)
    package static let abort = ResultCode(rawValue: SQLITE_ABORT)
    package static let busy = ResultCode(rawValue: SQLITE_BUSY)
    package static let locked = ResultCode(rawValue: SQLITE_LOCKED)
    package static let noMemory = ResultCode(rawValue: SQLITE_NOMEM)
    package static let readonly = ResultCode(rawValue: SQLITE_READONLY)
    package static let interrupt = ResultCode(rawValue: SQLITE_INTERRUPT)
    package static let ioError = ResultCode(rawValue: SQLITE_IOERR)
    package static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
    package static let notFound = ResultCode(rawValue: SQLITE_NOTFOUND)
    package static let full = ResultCode(rawValue: SQLITE_FULL)
    package static let cantOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
    package static let schema = ResultCode(rawValue: SQLITE_SCHEMA)
    package static let tooBig = ResultCode(rawValue: SQLITE_TOOBIG)
    package static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    package static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
    package static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
    package static let range = ResultCode(rawValue: SQLITE_RANGE)
    package static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)
    package static let row = ResultCode(rawValue: SQLITE_ROW)
    package static let done = ResultCode(rawValue: SQLITE_DONE)

    // Extended codes the catalog distinguishes.
    /// A read-only connection found a hot journal it cannot roll back.
    package static let readonlyRollback = ResultCode(rawValue: SQLITE_READONLY | (3 << 8))
    /// The database file was moved or unlinked while open.
    package static let readonlyDatabaseMoved = ResultCode(rawValue: SQLITE_READONLY | (4 << 8))
    package static let constraintCheck = ResultCode(rawValue: SQLITE_CONSTRAINT | (1 << 8))
    package static let constraintNotNull = ResultCode(rawValue: SQLITE_CONSTRAINT | (5 << 8))
    package static let constraintPrimaryKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (6 << 8))
    package static let constraintUnique = ResultCode(rawValue: SQLITE_CONSTRAINT | (8 << 8))
    package static let corruptVirtualTable = ResultCode(rawValue: SQLITE_CORRUPT | (1 << 8))
}
