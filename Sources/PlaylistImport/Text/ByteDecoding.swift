import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encoding a playlist's bytes were decoded with.
public enum TextEncodingKind: String, Sendable, Codable, CaseIterable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 (BOM)"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    /// Invalid UTF-8 decoded as Windows-1252 (a superset of Latin-1's printable range).
    case windows1252 = "Windows-1252"
}

/// Text decoded from a playlist's bytes, held as UTF-8.
///
/// For UTF-8 files `utf8` is the file's bytes (after a BOM) without a copy
/// into a `String`: the M3U and PLS scanners work on the bytes, and only the
/// fields they keep become strings.
struct DecodedText {
    /// The text as UTF-8 (no BOM).
    var utf8: [UInt8]
    var encoding: TextEncodingKind

    /// The whole text as a `String` (slow path only: XSPF re-encoding).
    var text: String { String(decoding: utf8, as: UTF8.self) }

    init(utf8: [UInt8], encoding: TextEncodingKind) {
        self.utf8 = utf8
        self.encoding = encoding
    }

    init(text: String, encoding: TextEncodingKind) {
        self.utf8 = Array(text.utf8)
        self.encoding = encoding
    }
}

/// Turns raw bytes into text: BOM sniffing (UTF-8, UTF-16 LE/BE), BOM-less
/// UTF-16 detection, UTF-8, and a Windows-1252 fallback for invalid UTF-8.
enum ByteDecoder {
    static func decode(_ bytes: [UInt8]) -> DecodedText {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            let body = bytes[3...]
            if isValidUTF8(body) { return DecodedText(utf8: Array(body), encoding: .utf8BOM) }
            return DecodedText(text: windows1252(body), encoding: .windows1252)
        }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return DecodedText(text: utf16(bytes[2...], littleEndian: true), encoding: .utf16LE)
        }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return DecodedText(text: utf16(bytes[2...], littleEndian: false), encoding: .utf16BE)
        }
        if let endian = bomlessUTF16(bytes) {
            return DecodedText(text: utf16(bytes[...], littleEndian: endian), encoding: endian ? .utf16LE : .utf16BE)
        }
        if isValidUTF8(bytes[...]) { return DecodedText(utf8: bytes, encoding: .utf8) }
        return DecodedText(text: windows1252(bytes[...]), encoding: .windows1252)
    }

    /// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF), without allocating.
    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            let n = buffer.count
            guard let base = buffer.baseAddress else { return true }
            while i < n {
                // ASCII runs eight bytes at a time.
                while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
                if i >= n { break }
                let c = buffer[i]
                if c < 0x80 { i += 1; continue }
                func continuation(_ k: Int) -> Bool { i + k < n && buffer[i + k] & 0xC0 == 0x80 }
                if c >= 0xC2 && c <= 0xDF {
                    guard continuation(1) else { return false }
                    i += 2
                } else if c >= 0xE0 && c <= 0xEF {
                    guard continuation(1), continuation(2) else { return false }
                    let c1 = buffer[i + 1]
                    if c == 0xE0 && c1 < 0xA0 { return false }  // overlong
                    if c == 0xED && c1 >= 0xA0 { return false }  // surrogates
                    i += 3
                } else if c >= 0xF0 && c <= 0xF4 {
                    guard continuation(1), continuation(2), continuation(3) else { return false }
                    let c1 = buffer[i + 1]
                    if c == 0xF0 && c1 < 0x90 { return false }
                    if c == 0xF4 && c1 >= 0x90 { return false }
                    i += 4
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// BOM-less UTF-16 is recognised when, among the first bytes, one parity
    /// is almost always NUL and the other almost never (ASCII-range text).
    /// Returns `true` for little-endian, `false` for big-endian, nil if not UTF-16.
    private static func bomlessUTF16(_ bytes: [UInt8]) -> Bool? {
        let n = min(bytes.count, 512) & ~1
        guard n >= 4 else { return nil }
        var zeroEven = 0, zeroOdd = 0
        for i in 0..<n where bytes[i] == 0 {
            if i & 1 == 0 { zeroEven += 1 } else { zeroOdd += 1 }
        }
        let half = n / 2
        if zeroOdd * 10 >= half * 9 && zeroEven == 0 { return true }
        if zeroEven * 10 >= half * 9 && zeroOdd == 0 { return false }
        return nil
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> String {
        var units = [UInt16]()
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(littleEndian ? (b << 8 | a) : (a << 8 | b))
            i += 2
        }
        // Invalid surrogates become U+FFFD instead of failing the whole file.
        return String(decoding: units, as: UTF16.self)
    }

    /// Windows-1252's 0x80–0x9F block; other bytes map to the same code point (Latin-1).
    private static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    static func windows1252(_ bytes: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            let value: UInt32 = (0x80...0x9F).contains(byte) ? cp1252High[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }
}

extension String {
    /// UTF-8 decoding that fails (instead of repairing) on invalid bytes.
    init?(validatingUTF8Bytes bytes: ArraySlice<UInt8>) {
        guard let text = bytes.withContiguousStorageIfAvailable({ buffer -> String? in
            String(validating: buffer, as: UTF8.self)
        }) ?? String(validating: Array(bytes), as: UTF8.self) else { return nil }
        self = text
    }
}

/// One line of a text file with its 1-based line number.
struct NumberedLine {
    var number: Int
    var text: Substring
}

enum LineSplitter {
    /// Splits on LF, CRLF and lone CR; a missing final newline still yields the last line.
    static func lines(_ text: String) -> [NumberedLine] {
        var result = [NumberedLine]()
        var number = 1
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D {
                result.append(NumberedLine(number: number, text: text[start..<index]))
                number += 1
                var next = utf8.index(after: index)
                if byte == 0x0D, next < utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                index = next
                start = next
            } else {
                index = utf8.index(after: index)
            }
        }
        if start < utf8.endIndex { result.append(NumberedLine(number: number, text: text[start..<utf8.endIndex])) }
        return result
    }
}

/// The lines of UTF-8 text held as bytes, split as `LineSplitter` splits a string: on LF, CRLF and
/// lone CR, a missing final newline still yielding the last line. Each line is a byte range (without
/// its line break) and its 1-based number; text without any CR is split with `memchr`.
struct ByteLines {
    private let buffer: UnsafeBufferPointer<UInt8>
    private let lineFeedsOnly: Bool
    private var start = 0
    private var number = 0

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
        lineFeedsOnly = buffer.baseAddress.map { memchr($0, 0x0D, buffer.count) == nil } ?? true
    }

    mutating func next() -> (number: Int, range: Range<Int>)? {
        let n = buffer.count
        guard start < n, let base = buffer.baseAddress else { return nil }
        number += 1
        var end = start
        if lineFeedsOnly {
            // Eight bytes at a time (playlist lines are short: a call to `memchr` costs more than the search).
            end = n
            var k = start
            while k + 8 <= n {
                let word = UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                let zero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                if zero != 0 { end = k + zero.trailingZeroBitCount / 8; break }  // the lowest flag is exact
                k += 8
            }
            if end == n {
                while k < n, base[k] != 0x0A { k += 1 }
                end = k
            }
        } else {
            while end < n, buffer[end] != 0x0A, buffer[end] != 0x0D { end += 1 }
        }
        let line = start..<end
        start = end
        if start < n { start += (buffer[start] == 0x0D && start + 1 < n && buffer[start + 1] == 0x0A) ? 2 : 1 }
        return (number, line)
    }
}
