import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A delimited text file (CSV, `;`-separated, …) held as bytes and split into records
/// without allocating a `String` per cell.
///
/// Handles CRLF and LF line endings, a UTF-8 byte order mark, blank lines (skipped),
/// and RFC 4180 quoting (`"a,b"`, `""` for a quote, line breaks inside quotes).
public struct DelimitedText: Sendable {
    /// The file's path as shown in error messages.
    public let file: String
    /// The file's bytes.
    public let bytes: [UInt8]
    /// The field separator, for example `UInt8(ascii: ",")`.
    public let separator: UInt8

    /// Text held in memory; `file` names it in error messages.
    public init(bytes: [UInt8], file: String, separator: UInt8 = UInt8(ascii: ",")) {
        self.bytes = bytes
        self.file = file
        self.separator = separator
    }

    /// Reads a whole file.
    /// - Throws: `DataFileError.fileNotFound` or `.unreadable`.
    public init(contentsOf url: URL, separator: UInt8 = UInt8(ascii: ",")) throws {
        self.init(bytes: try DelimitedText.readBytes(of: url), file: url.path, separator: separator)
    }

    /// The bytes of a file, read with one system call where possible.
    public static func readBytes(of url: URL) throws -> [UInt8] {
        let path = url.path
        let fd = open(path, O_RDONLY)
        if fd < 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw DataFileError.fileNotFound(file: path) }
            throw DataFileError.unreadable(file: path, reason: String(cString: strerror(code)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw DataFileError.unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw DataFileError.unreadable(file: path, reason: "it is a directory")
        }
        var result = [UInt8](repeating: 0, count: max(Int(info.st_size), 0))
        var filled = 0
        while true {
            if filled == result.count {
                result.append(contentsOf: repeatElement(0, count: max(65_536, result.count)))
            }
            let got = result.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress! + filled, raw.count - filled)
            }
            if got < 0 {
                let code = errno
                if code == EINTR { continue }
                throw DataFileError.unreadable(file: path, reason: String(cString: strerror(code)))
            }
            if got == 0 { break }
            filled += got
        }
        result.removeSubrange(filled...)
        return result
    }

    /// Calls `body` with each non-blank record in order. The record is only valid during the call.
    /// - Throws: `DataFileError.unterminatedQuote`, or whatever `body` throws.
    public func forEachRecord(_ body: (DelimitedRecord) throws -> Void) throws {
        let fields = FieldBuffer()
        try bytes.withUnsafeBufferPointer { buffer in
            var tokenizer = Tokenizer(base: buffer, separator: separator, file: file)
            while let line = try tokenizer.next(into: fields) {
                try body(DelimitedRecord(file: file, line: line, base: buffer, bounds: UnsafePointer(fields.storage), count: fields.count / 3))
            }
        }
    }

    /// Every record's fields as strings (unquoted, not trimmed). Convenient for small files and tests.
    public func allRecords() throws -> [(line: Int, fields: [String])] {
        var rows = [(line: Int, fields: [String])]()
        try forEachRecord { record in
            rows.append((record.line, (0..<record.count).map { record.string($0) }))
        }
        return rows
    }
}

/// A growable buffer of `Int`s reused for every record's field bounds (no per-record allocation).
private final class FieldBuffer {
    private(set) var storage: UnsafeMutablePointer<Int>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 3 * 1024) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    @inline(__always)
    func removeAll() { count = 0 }

    @inline(__always)
    func append(_ start: Int, _ end: Int, _ flags: Int) {
        if count + 3 > capacity { grow() }
        storage[count] = start
        storage[count + 1] = end
        storage[count + 2] = flags
        count += 3
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<Int>.allocate(capacity: capacity * 2)
        bigger.update(from: storage, count: count)
        storage.deallocate()
        storage = bigger
        capacity *= 2
    }
}

/// Splits a byte buffer into records; each field is three `Int`s: start, end, and 1 if it holds `""` escapes.
private struct Tokenizer {
    let base: UnsafeBufferPointer<UInt8>
    let separator: UInt8
    let file: String
    var position = 0
    var line = 1

    init(base: UnsafeBufferPointer<UInt8>, separator: UInt8, file: String) {
        self.base = base
        self.separator = separator
        self.file = file
        if base.count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { position = 3 }
    }

    /// The next non-blank record's fields in `bounds`; returns its first line, or nil at the end.
    mutating func next(into bounds: FieldBuffer) throws -> Int? {
        let n = base.count
        let quote = UInt8(ascii: "\"")
        let newline = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        // Skip blank lines.
        while position < n {
            if base[position] == newline { position += 1; line += 1; continue }
            if base[position] == cr, position + 1 < n, base[position + 1] == newline { position += 2; line += 1; continue }
            break
        }
        if position >= n { return nil }
        bounds.removeAll()
        let recordLine = line
        var p = position
        while true {
            if p < n, base[p] == quote {
                // Quoted field.
                let start = p + 1
                var q = start
                var escaped = 0
                var closed = false
                while q < n {
                    let c = base[q]
                    if c == quote {
                        if q + 1 < n, base[q + 1] == quote { escaped = 1; q += 2; continue }
                        closed = true
                        break
                    }
                    if c == newline { line += 1 }
                    q += 1
                }
                if !closed {
                    throw DataFileError.unterminatedQuote(file: file, line: recordLine, column: bounds.count / 3 + 1)
                }
                let end = q
                q += 1
                // Anything between the closing quote and the separator is kept out (lenient).
                while q < n, base[q] != separator, base[q] != newline { q += 1 }
                bounds.append(start, end, escaped)
                p = q
            } else {
                let start = p
                while p < n {
                    let c = base[p]
                    if c == separator || c == newline { break }
                    p += 1
                }
                var end = p
                if end > start, base[end - 1] == cr, p >= n || base[p] == newline { end -= 1 }
                bounds.append(start, end, 0)
            }
            if p < n, base[p] == separator { p += 1; continue }
            // End of record: newline or end of input.
            if p < n { p += 1; line += 1 }
            break
        }
        position = p
        return recordLine
    }
}

/// One record of a `DelimitedText`: typed access to its fields without copying them.
///
/// Valid only inside the `forEachRecord` call that produced it.
public struct DelimitedRecord {
    /// The file's path, for error messages.
    public let file: String
    /// The 1-based line the record starts on.
    public let line: Int
    let base: UnsafeBufferPointer<UInt8>
    let bounds: UnsafePointer<Int>
    /// The number of fields.
    public let count: Int

    /// The field's raw byte range (quotes removed, `""` escapes not yet undone, whitespace kept).
    @inline(__always)
    func range(_ i: Int) -> (start: Int, end: Int) {
        guard i >= 0, i < count else { return (0, 0) }  // a missing field reads as empty
        return (bounds[3 * i], bounds[3 * i + 1])
    }

    @inline(__always)
    func hasEscapedQuotes(_ i: Int) -> Bool { i >= 0 && i < count && bounds[3 * i + 2] == 1 }

    /// The field's byte range with surrounding spaces and tabs removed.
    @inline(__always)
    func trimmedRange(_ i: Int) -> (start: Int, end: Int) {
        var (s, e) = range(i)
        while s < e, DelimitedRecord.isBlank(base[s]) { s += 1 }
        while e > s, DelimitedRecord.isBlank(base[e - 1]) { e -= 1 }
        return (s, e)
    }

    @inline(__always)
    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }

    /// True when field `i` is empty or only spaces/tabs.
    public func isBlank(_ i: Int) -> Bool {
        let r = trimmedRange(i)
        return r.start == r.end
    }

    /// Field `i` as a string, quotes removed and `""` unescaped, whitespace kept.
    public func string(_ i: Int) -> String {
        let (s, e) = range(i)
        let text = String(decoding: UnsafeBufferPointer(rebasing: base[s..<e]), as: UTF8.self)
        return hasEscapedQuotes(i) ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }

    /// Field `i` as a string with leading and trailing spaces, tabs and carriage returns removed.
    public func trimmedString(_ i: Int) -> String {
        let (s, e) = trimmedRange(i)
        let text = String(decoding: UnsafeBufferPointer(rebasing: base[s..<e]), as: UTF8.self)
        return hasEscapedQuotes(i) ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }

    /// True when field `i` begins with a space (a sign of an unquoted comma split in DEAM metadata).
    public func startsWithSpace(_ i: Int) -> Bool {
        let (s, e) = range(i)
        return s < e && base[s] == 0x20
    }

    /// Field `i` as a finite `Double` (surrounding spaces allowed).
    /// - Throws: `DataFileError.emptyCell`, `.nonNumeric` or `.nonFinite`, naming file, line and column.
    @inline(__always)
    public func double(_ i: Int, columnName: @autoclosure () -> String) throws -> Double {
        let (s, e) = trimmedRange(i)
        if let value = FastDouble.parse(base, s, e) { return value }
        throw classifyBadNumber(i, columnName: columnName())
    }

    /// Field `i` as a song id: a positive whole number (surrounding spaces allowed).
    /// - Throws: `DataFileError.badID` naming file, line and column.
    public func songID(_ i: Int) throws -> Int {
        let (s, e) = trimmedRange(i)
        var value = 0
        var p = s
        while p < e, p - s < 10 {
            let d = base[p] &- 0x30
            guard d < 10 else { break }
            value = value * 10 + Int(d)
            p += 1
        }
        guard p == e, e > s, value > 0 else {
            throw DataFileError.badID(file: file, line: line, column: i + 1, text: trimmedString(i))
        }
        return value
    }

    func classifyBadNumber(_ i: Int, columnName: String) -> DataFileError {
        let text = trimmedString(i)
        if text.isEmpty {
            return .emptyCell(file: file, line: line, column: i + 1, columnName: columnName)
        }
        if let value = Double(text), !value.isFinite {
            return .nonFinite(file: file, line: line, column: i + 1, columnName: columnName, text: text)
        }
        return .nonNumeric(file: file, line: line, column: i + 1, columnName: columnName, text: text)
    }
}
