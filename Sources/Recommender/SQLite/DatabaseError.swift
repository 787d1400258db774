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
    /// The database file it happened on (nil: not known, or in memory).
    package var file: String?

    package init(_ code: ResultCode, message: String? = nil, sql: String? = nil, file: String? = nil) {
        self.extendedResultCode = code
        self.message = message ?? code.explanation
        self.sql = sql
        self.file = file
    }

    /// Whether the file is damaged or not a database at all (rather than busy, full or refused).
    package var isDamage: Bool {
        switch extendedResultCode {
        case .corrupt, .notADatabase: return true
        default: return false
        }
    }

    /// The primary result code (`.busy`, `.readonly`, `.corrupt`, `.constraint`, …).
    package var resultCode: ResultCode { extendedResultCode.primary }

    /// Names the file first, in plain words: "the database file F is damaged: …" for a corrupt
    /// file, else "F: MESSAGE (SQLite error N in `SQL`)".
    package var description: String {
        if isDamage {
            return "the database file\(file.map { " \($0)" } ?? "") is damaged: \(message) (SQLite error \(extendedResultCode.rawValue))"
        }
        var text = (file.map { "\($0): " } ?? "") + "\(message) (SQLite error \(extendedResultCode.rawValue)"
        if let sql { text += " in `\(DatabaseError.abbreviate(sql))`" }
        return text + ")"
    }

    static func abbreviate(_ sql: String) -> String {
        let flat = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return flat.count > 120 ? String(flat.prefix(117)) + "..." : flat
    }
}
