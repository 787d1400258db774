import Foundation
import MoodIO

/// A problem with a data file: where it is (file, line, column) and what is wrong.
///
/// Lines and columns are 1-based, as a text editor shows them. Columns are
/// field numbers (the first field is column 1), with the header's name when known.
public enum DataFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A DEAM directory that does not exist or lacks the expected files.
    case directoryNotFound(path: String, source: String, reason: String)
    /// A file that does not exist.
    case fileNotFound(file: String)
    /// A file that exists but could not be read.
    case unreadable(file: String, reason: String)
    /// A file with no header row, or no data rows where some are required.
    case emptyFile(file: String, reason: String)
    /// A header column that is missing or not what the format requires.
    case badHeader(file: String, line: Int, column: Int, expected: String, found: String)
    /// A column the format requires that the header does not have.
    case missingColumn(file: String, line: Int, name: String)
    /// A cell that should hold a number but does not.
    case nonNumeric(file: String, line: Int, column: Int, columnName: String, text: String)
    /// A numeric cell that is NaN or infinite.
    case nonFinite(file: String, line: Int, column: Int, columnName: String, text: String)
    /// A cell that should hold an integer song id but does not.
    case badID(file: String, line: Int, column: Int, text: String)
    /// A row with a different number of fields than the header requires.
    case raggedRow(file: String, line: Int, expectedColumns: Int, foundColumns: Int)
    /// A required cell that is empty.
    case emptyCell(file: String, line: Int, column: Int, columnName: String)
    /// The same song id on two rows (`firstFile` is where it was first seen; often `file` itself).
    case duplicateID(file: String, line: Int, id: Int, firstFile: String, firstLine: Int)
    /// A song present in one file but missing from another that must cover the same songs.
    case missingSong(id: Int, presentIn: String, missingFrom: String)
    /// A quoted field that is never closed.
    case unterminatedQuote(file: String, line: Int, column: Int)
    /// Values handed to a writer that do not fit together (for example, matrices of different shapes).
    case invalidValues(file: String, reason: String)
    /// A file that could not be written.
    case unwritable(file: String, reason: String)

    public var description: String {
        switch self {
        case let .directoryNotFound(path, source, reason):
            return "DEAM data not found at '\(path)' (from \(source)): \(reason). Give DEAM's folder or set DEAM_DIR."
        case let .fileNotFound(file):
            return "\(file): file not found"
        case let .unreadable(file, reason):
            return "\(file): cannot read the file: \(reason)"
        case let .emptyFile(file, reason):
            return "\(file): empty file: \(reason)"
        case let .badHeader(file, line, column, expected, found):
            return "\(file):\(line): column \(column): header should be '\(expected)' but is \(MessageText.quoted(found))"
        case let .missingColumn(file, line, name):
            return "\(file):\(line): header has no column '\(name)'"
        case let .nonNumeric(file, line, column, name, text):
            return "\(file):\(line): column \(column) (\(name)): '\(text)' is not a number"
        case let .nonFinite(file, line, column, name, text):
            return "\(file):\(line): column \(column) (\(name)): '\(text)' is not a finite number"
        case let .badID(file, line, column, text):
            return "\(file):\(line): column \(column) (song id): '\(text)' is not a song id (a whole number)"
        case let .raggedRow(file, line, expected, found):
            return "\(file):\(line): row has \(found) columns, expected \(expected)"
        case let .emptyCell(file, line, column, name):
            return "\(file):\(line): column \(column) (\(name)): cell is empty"
        case let .duplicateID(file, line, id, firstFile, firstLine):
            let earlier = firstFile == file ? "on line \(firstLine)" : "in \(firstFile):\(firstLine)"
            return "\(file):\(line): column 1 (song id): song \(id) already appears \(earlier)"
        case let .missingSong(id, presentIn, missingFrom):
            return "\(missingFrom): song \(id) is missing (it is in \(presentIn))"
        case let .unterminatedQuote(file, line, column):
            return "\(file):\(line): column \(column): quoted field is never closed"
        case let .invalidValues(file, reason):
            return "\(file): cannot write: \(reason)"
        case let .unwritable(file, reason):
            return "\(file): cannot write the file: \(reason)"
        }
    }
}

extension DataFileError {
    /// The description with no text taken from the file (no header cell, no cell value): for files
    /// met while scanning a folder, whose contents are none of the tool's business to print.
    public var descriptionWithoutContents: String {
        switch self {
        case let .badHeader(file, line, column, expected, _):
            return "\(file):\(line): column \(column): header should be '\(expected)' (not a DEAM-format feature file)"
        case let .nonNumeric(file, line, column, name, _):
            return "\(file):\(line): column \(column) (\(name)): not a number"
        case let .nonFinite(file, line, column, name, _):
            return "\(file):\(line): column \(column) (\(name)): not a finite number"
        case let .badID(file, line, column, _):
            return "\(file):\(line): column \(column) (song id): not a song id (a whole number)"
        default:
            return description
        }
    }
}

extension DataFileError: LocalizedError {
    public var errorDescription: String? { description }
}

/// Something odd but recoverable found while loading, with where it was found.
public struct DataWarning: Hashable, CustomStringConvertible, Sendable {
    /// The file's path.
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// What was odd and what the loader did about it.
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
