/// Tests on eight bytes of text at once (a `UInt64` loaded from the bytes), for scanners that skip runs
/// of ordinary bytes. Each answer is exact: a borrow crosses into the next byte only when some byte
/// already matched, so a `true` never comes from bytes that do not match.
public enum ByteWord {
    /// True when some byte of `word` is 0x80 or above (not ASCII).
    @inlinable @inline(__always)
    public static func hasNonASCIIByte(_ word: UInt64) -> Bool {
        word & 0x8080_8080_8080_8080 != 0
    }

    /// True when some byte of `word` is below `bound` (`bound` at most 0x80).
    @inlinable @inline(__always)
    public static func hasByte(_ word: UInt64, below bound: UInt8) -> Bool {
        (word &- 0x0101_0101_0101_0101 &* UInt64(bound)) & ~word & 0x8080_8080_8080_8080 != 0
    }

    /// True when some byte of `word` equals `byte`.
    @inlinable @inline(__always)
    public static func hasByte(_ word: UInt64, equalTo byte: UInt8) -> Bool {
        hasByte(word ^ (0x0101_0101_0101_0101 &* UInt64(byte)), below: 1)
    }
}
