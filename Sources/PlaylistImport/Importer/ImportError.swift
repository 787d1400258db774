import Foundation

/// Why a file could not be imported as a playlist at all.
///
/// Entry-level problems never throw: they become an unresolved entry or a
/// warning in the `ImportedPlaylist`. These errors are for whole files that
/// are not playlists, cannot be read, or (in strict mode) break the XSPF
/// specification. Every message names the file and, where known, the line,
/// column or track.
public enum ImportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be read from disk.
    case unreadable(file: String, message: String)
    /// The file is empty or holds only whitespace.
    case empty(file: String)
    /// The bytes are not text (NUL bytes, control characters) and no format matched.
    case notAPlaylist(file: String, reason: String)
    /// An HTTP Live Streaming media playlist (`#EXT-X-…`), which lists media segments, not tracks.
    case hlsPlaylist(file: String, line: Int)
    /// The XML is not well-formed.
    case malformedXML(file: String, line: Int, column: Int, message: String)
    /// Well-formed XML whose root is not an XSPF `<playlist>`.
    case notXSPF(file: String, rootElement: String)
    /// A strict-mode XSPF violation of the specification.
    case invalidXSPF(file: String, line: Int, column: Int, code: XSPFViolation.Code, message: String)
    /// A `[playlist]` file with no usable structure.
    case malformedPLS(file: String, line: Int, message: String)
    /// The path is not a regular file (a directory, FIFO, socket or device).
    case notARegularFile(file: String, kind: String)
    /// The file is larger than `PlaylistImporter.Limits.maxFileBytes`.
    case fileTooLarge(file: String, bytes: Int, limit: Int)
    /// More entries than `PlaylistImporter.Limits.maxEntries` (in this file, or in all nested files together).
    case tooManyEntries(file: String, position: EntryPosition, limit: Int)
    /// More nested playlists followed than `PlaylistImporter.Limits.maxNestedPlaylists`.
    case tooManyNestedPlaylists(file: String, position: EntryPosition, limit: Int)
    /// Strict mode: the XSPF has a document type declaration (DTDs and entities are refused).
    case dtdNotAllowed(file: String, line: Int, column: Int)
    /// An option (a limit) outside its documented range.
    case invalidOption(name: String, value: Int, range: ClosedRange<Int>)

    public var description: String {
        switch self {
        case let .unreadable(file, message):
            return "\(file): cannot read the file: \(message)"
        case let .empty(file):
            return "\(file): the file is empty, not a playlist"
        case let .notAPlaylist(file, reason):
            return "\(file): not a playlist: \(reason)"
        case let .hlsPlaylist(file, line):
            return "\(file):\(line): this is an HTTP Live Streaming (HLS) playlist (#EXT-X- tags): it lists stream segments, not songs, and cannot be imported"
        case let .malformedXML(file, line, column, message):
            return "\(file):\(line):\(column): malformed XML: \(message)"
        case let .notXSPF(file, root):
            return "\(file): XML root element <\(root)> is not an XSPF <playlist>"
        case let .invalidXSPF(file, line, column, code, message):
            return "\(file):\(line):\(column): invalid XSPF [\(code.rawValue)]: \(message)"
        case let .malformedPLS(file, line, message):
            return "\(file):\(line): malformed PLS: \(message)"
        case let .notARegularFile(file, kind):
            return "\(file): cannot read the file: it is \(kind), not a regular file"
        case let .fileTooLarge(file, bytes, limit):
            return "\(file): the file is \(bytes) bytes, over the limit of \(limit) bytes (raise the file size limit to import it)"
        case let .tooManyEntries(file, position, limit):
            return "\(file): \(position): more than \(limit) entries in all (raise the entry limit to import it)"
        case let .tooManyNestedPlaylists(file, position, limit):
            return "\(file): \(position): more than \(limit) nested playlists to follow in all (raise the nested playlist limit, or lower the depth)"
        case let .dtdNotAllowed(file, line, column):
            return "\(file):\(line):\(column): the XSPF has a document type declaration (<!DOCTYPE …>); strict mode refuses DTDs and entities (they are never loaded or expanded; lenient mode ignores them)"
        case let .invalidOption(name, value, range):
            return "\(name) is \(value), outside the allowed range \(range.lowerBound)…\(range.upperBound)"
        }
    }
}

/// A non-fatal problem met while importing: a skipped line, a dropped bit of
/// metadata, or (in lenient mode) a specification violation that was tolerated.
public struct ImportWarning: Hashable, Sendable, CustomStringConvertible {
    /// The playlist file the warning is about (nil for in-memory input).
    public var file: String
    /// Where in the file, when known.
    public var position: EntryPosition?
    /// What happened.
    public var message: String

    public init(file: String, position: EntryPosition?, message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var description: String {
        if let position { return "\(file): \(position): \(message)" }
        return "\(file): \(message)"
    }
}
