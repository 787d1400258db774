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
        utf8.contains(byte)
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
