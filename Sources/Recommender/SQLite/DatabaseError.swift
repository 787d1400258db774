import Foundation

/// An error reported by SQLite: the (extended) result code, SQLite's message, and the one
/// statement that failed (nil when no statement was involved, e.g. opening the file).
package struct DatabaseError: Error, Equatable, CustomStringConvertible {
    /// The extended result code (e.g. `.constraintUnique`); `resultCode` is its primary code.
    package var extendedResultCode: ResultCode
    /// SQLite's message.
    package var message: String
    /// The statement that failed.
    package var sql: String?

    package init(_ code: ResultCode, message: String? = nil, sql: String? = nil) {
        self.extendedResultCode = code
        self.message = message ?? code.explanation
        self.sql = sql
    }

    /// The primary result code (`.busy`, `.readonly`, `.corrupt`, `.constraint`, …).
    package var resultCode: ResultCode { extendedResultCode.primary }

    package var description: String {
        var text = "SQLite error \(extendedResultCode.rawValue): \(message)"
        if let sql { text += " (in `\(DatabaseError.abbreviate(sql))`)" }
        return text
    }

    static func abbreviate(_ sql: String) -> String {
        let flat = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return flat.count > 120 ? String(flat.prefix(117)) + "..." : flat
    }
}
