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
    /// `trimmed()` with a fast path: ASCII, non-space edges (the usual case) keep the text as it is.
    func trimmed() -> String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return self
        }
        return Substring(self).trimmed()
    }
}
