#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small string helpers on the standard library only: Foundation's
/// `trimmingCharacters` and `range(of:)` bridge through NSString and were
/// most of the import time on large playlists.
extension StringProtocol where SubSequence == Substring {
    /// The text without leading and trailing white space and line breaks (Unicode-aware).
    func trimmed() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !Self.isSpace($0) })!
        return String(self[first...last])
    }

    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D) }
        return scalar.properties.isWhitespace
    }

    /// Whether the UTF-8 bytes contain `byte` (an ASCII character).
    @inline(__always)
    func containsASCII(_ byte: UInt8) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ buffer -> Bool in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return false }
            return memchr(base, Int32(byte), buffer.count) != nil
        }) { return found }
        return utf8.contains(byte)
    }

    /// ASCII case-insensitive prefix test (`prefix` must be ASCII).
    func hasPrefixIgnoringASCIICase(_ prefix: String) -> Bool {
        var mine = utf8.makeIterator()
        for expected in prefix.utf8 {
            guard let byte = mine.next() else { return false }
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            let expectedLower = expected >= 0x41 && expected <= 0x5A ? expected | 0x20 : expected
            if lower != expectedLower { return false }
        }
        return true
    }
}

extension String {
    /// Whether every UTF-8 byte is ASCII (checked eight bytes at a time).
    var isASCII: Bool {
        var text = self
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return true }
            var k = 0
            while k + 8 <= bytes.count {
                if UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                k += 8
            }
            while k < bytes.count { if bytes[k] >= 0x80 { return false }; k += 1 }
            return true
        }
    }

    /// Whether the two texts have the same UTF-8 bytes (`==` compares canonical equivalents as equal).
    func hasSameUTF8(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var mine = self, theirs = other
        return mine.withUTF8 { a in theirs.withUTF8 { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } }
    }

    /// The index of the first UTF-8 byte that `matches` (meant for ASCII bytes, which are whole
    /// characters' scalars), searched on the contiguous bytes rather than through `utf8`'s indices.
    @inline(__always)
    func firstUTF8Index(where matches: (UInt8) -> Bool) -> String.Index? {
        var text = self
        let offset: Int? = text.withUTF8 { bytes in
            for k in 0..<bytes.count where matches(bytes[k]) { return k }
            return nil
        }
        return offset.map { utf8.index(utf8.startIndex, offsetBy: $0) }
    }

    /// The index of the last UTF-8 byte that `matches` (meant for ASCII bytes, which are whole
    /// characters' scalars), searched on the contiguous bytes rather than through `utf8`'s indices.
    @inline(__always)
    func lastUTF8Index(where matches: (UInt8) -> Bool) -> String.Index? {
        var text = self
        let offset: Int? = text.withUTF8 { bytes in
            var k = bytes.count
            while k > 0 {
                k -= 1
                if matches(bytes[k]) { return k }
            }
            return nil
        }
        return offset.map { utf8.index(utf8.startIndex, offsetBy: $0) }
    }

    /// `trimmed()` with a fast path: ASCII, non-space edges (the usual case) keep the text as it is.
    func trimmed() -> String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return self
        }
        return Substring(self).trimmed()
    }
}
