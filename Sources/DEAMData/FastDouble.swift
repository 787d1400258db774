#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Correctly rounded decimal-to-`Double` conversion straight from bytes.
///
/// Decimal numbers with at most 19 significant digits whose value is an exact
/// integer times an exact power of ten up to 10²² (the "Clinger fast path",
/// which covers every DEAM cell) are converted with one exact multiply or divide,
/// hence correctly rounded. Anything else that looks like a decimal number goes
/// to the C library's `strtod`, which is also correctly rounded.
/// Words (`nan`, `inf`), hexadecimal floats and non-finite results are rejected.
enum FastDouble {
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The finite value of bytes `start..<end` of `base`, or nil if they are not a decimal number.
    @inline(__always)
    static func parse(_ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var p = start
        guard p < end else { return nil }
        var negative = false
        if base[p] == UInt8(ascii: "-") { negative = true; p += 1 } else if base[p] == UInt8(ascii: "+") { p += 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var digits = 0
        var fractionDigits = 0
        while p < end {
            let d = base[p] &- 0x30
            if d >= 10 { break }
            if mantissa != 0 || d != 0 { significant += 1 }
            if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(d) }
            digits += 1
            p += 1
        }
        if p < end, base[p] == UInt8(ascii: ".") {
            p += 1
            while p < end {
                let d = base[p] &- 0x30
                if d >= 10 { break }
                if mantissa != 0 || d != 0 { significant += 1 }
                if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(d); fractionDigits += 1 }
                digits += 1
                p += 1
            }
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if p < end, base[p] | 0x20 == UInt8(ascii: "e") {
            p += 1
            var expNegative = false
            if p < end, base[p] == UInt8(ascii: "-") { expNegative = true; p += 1 } else if p < end, base[p] == UInt8(ascii: "+") { p += 1 }
            var expDigits = 0
            while p < end {
                let d = base[p] &- 0x30
                if d >= 10 { break }
                if exponent < 100_000 { exponent = exponent * 10 + Int(d) }
                expDigits += 1
                p += 1
            }
            guard expDigits > 0 else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard p == end else { return nil }
        if significant <= 19 {
            if mantissa == 0 { return negative ? -0.0 : 0.0 }
            let e10 = exponent - fractionDigits
            if mantissa <= (1 << 53), e10 >= -22, e10 <= 22 {
                var value = Double(mantissa)
                if e10 < 0 { value /= powersOfTen[-e10] } else { value *= powersOfTen[e10] }
                return negative ? -value : value
            }
        }
        return slowParse(base, start, end)
    }

    /// `strtod` on a null-terminated copy of the (already validated) bytes.
    private static func slowParse(_ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Double? in
            for k in 0..<length { buffer[k] = CChar(bitPattern: base[start + k]) }
            buffer[length] = 0
            var stop: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(buffer.baseAddress!, &stop)
            guard let stop, stop - buffer.baseAddress! == length, value.isFinite else { return nil }
            return value
        }
    }
}
