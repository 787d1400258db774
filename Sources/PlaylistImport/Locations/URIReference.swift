import Foundation

/// An RFC 3986 URI reference split into its five components, with relative
/// resolution (§5.2) and a syntax check. Works on strings so that file names
/// with any characters survive untouched.
struct URIReference: Equatable {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    /// Splits with the regular expression of RFC 3986 appendix B (never fails).
    init(_ text: String) {
        // Every delimiter is ASCII: searching the UTF-8 bytes finds the same places as characters would.
        // The delimiters' offsets are found on the contiguous bytes, then each component is cut once.
        var copy = text
        let (count, hash, colon) = copy.withUTF8 { bytes -> (Int, Int, Int?) in
            let hash = bytes.firstIndex(of: 0x23) ?? bytes.count
            return (bytes.count, hash, bytes[..<hash].firstIndex(of: 0x3A))
        }
        let utf8 = text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        if hash < count { fragment = String(text[index(hash + 1)...]) }
        var start = 0
        if let colon, Self.isScheme(text[..<index(colon)]) {
            scheme = String(text[..<index(colon)])
            start = colon + 1
        }
        let (authorityEnd, question) = copy.withUTF8 { bytes -> (Int?, Int?) in
            var from = start
            var authorityEnd: Int?
            if hash - start >= 2, bytes[start] == 0x2F, bytes[start + 1] == 0x2F {
                from = bytes[(start + 2)..<hash].firstIndex(where: { $0 == 0x2F || $0 == 0x3F }) ?? hash
                authorityEnd = from
            }
            return (authorityEnd, bytes[from..<hash].firstIndex(of: 0x3F))
        }
        if let authorityEnd {
            authority = String(text[index(start + 2)..<index(authorityEnd)])
            start = authorityEnd
        }
        if let question { query = String(text[index(question + 1)..<index(hash)]) }
        path = String(text[index(start)..<index(question ?? hash)])
    }

    init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    /// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`
    static func isScheme(_ text: Substring) -> Bool {
        var bytes = text.utf8.makeIterator()
        if let first = bytes.next(), (first | 0x20) >= 0x61, (first | 0x20) <= 0x7A {
            var ascii = true
            while let b = bytes.next() {
                let lower = b | 0x20
                if (lower >= 0x61 && lower <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E { continue }
                ascii = false
                break
            }
            if ascii { return true }
        }
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    var isAbsolute: Bool { scheme != nil }

    /// RFC 3986 §5.3 recomposition.
    var text: String {
        var result = ""
        if let scheme { result += scheme + ":" }
        if let authority { result += "//" + authority }
        result += path
        if let query { result += "?" + query }
        if let fragment { result += "#" + fragment }
        return result
    }

    /// RFC 3986 §5.2.2: resolves `self` against an absolute `base`.
    func resolved(against base: URIReference) -> URIReference {
        if scheme != nil {
            return URIReference(scheme: scheme, authority: authority, path: Self.removeDotSegments(path), query: query, fragment: fragment)
        }
        if authority != nil {
            return URIReference(scheme: base.scheme, authority: authority, path: Self.removeDotSegments(path), query: query, fragment: fragment)
        }
        if path.isEmpty {
            return URIReference(scheme: base.scheme, authority: base.authority, path: base.path, query: query ?? base.query, fragment: fragment)
        }
        let merged: String
        if path.hasPrefix("/") {
            merged = path
        } else if base.authority != nil && base.path.isEmpty {
            merged = "/" + path
        } else if let slash = base.path.lastIndex(of: "/") {
            merged = base.path[...slash] + path
        } else {
            merged = path
        }
        return URIReference(scheme: base.scheme, authority: base.authority, path: Self.removeDotSegments(merged), query: query, fragment: fragment)
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        guard path.containsASCII(0x2E), hasDotSegment(path) else { return path }
        // ASCII (the usual path): the same steps on the bytes. Otherwise on characters, where a combining mark
        // after a `/` or `.` makes one character of them, as the string comparisons below see it.
        if path.isASCII {
            var path = path
            return path.withUTF8 { removeDotSegments(ascii: $0) }
        }
        var input = Substring(path)
        var output = [Substring]()
        var outputString = ""
        while !input.isEmpty {
            if input.hasPrefix("../") { input = input.dropFirst(3) }
            else if input.hasPrefix("./") { input = input.dropFirst(2) }
            else if input.hasPrefix("/./") { input = input.dropFirst(2) }
            else if input == "/." { input = "/" }
            else if input.hasPrefix("/../") { input = input.dropFirst(3); if !output.isEmpty { output.removeLast() } }
            else if input == "/.." { input = "/"; if !output.isEmpty { output.removeLast() } }
            else if input == "." || input == ".." { input = "" }
            else {
                let start = input.startIndex
                let searchFrom = input.first == "/" ? input.index(after: start) : start
                let end = input[searchFrom...].firstIndex(of: "/") ?? input.endIndex
                output.append(input[start..<end])
                input = input[end...]
            }
        }
        for segment in output { outputString += segment }
        return outputString
    }

    /// `removeDotSegments` of ASCII bytes.
    private static func removeDotSegments(ascii input: UnsafeBufferPointer<UInt8>) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: input.count) { buffer in
            _ = buffer.initialize(fromContentsOf: input)
            let count = removeDotSegments(inPlace: buffer)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    /// `removeDotSegments` of an ASCII path, in place; returns the new length. Each step writes no further than
    /// it has read, so the output never overtakes the input. Moved segments start with their `/` (all but a
    /// relative path's first), so the last one starts at the output's last `/` (or is all of it).
    static func removeDotSegments(inPlace path: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let n = path.count
        var count = 0
        func byte(_ k: Int) -> UInt8 { k < n ? path[k] : 0 }
        func dropLastSegment() {
            while count > 0, path[count - 1] != 0x2F { count -= 1 }
            if count > 0 { count -= 1 }
        }
        let dot: UInt8 = 0x2E, slash: UInt8 = 0x2F
        var i = 0
        while i < n {
            let (a, b, c) = (byte(i), byte(i + 1), byte(i + 2))
            if a == dot, b == dot, c == slash { i += 3 }                                   // "../"
            else if a == dot, b == slash { i += 2 }                                        // "./"
            else if a == slash, b == dot, c == slash { i += 2 }                            // "/./" → "/"
            else if a == slash, b == dot, i + 2 == n { path[count] = slash; count += 1; i = n }  // "/." → "/"
            else if a == slash, b == dot, c == dot, byte(i + 3) == slash { i += 3; dropLastSegment() }  // "/../" → "/"
            else if a == slash, b == dot, c == dot, i + 3 == n {                            // "/.." → "/"
                dropLastSegment()
                path[count] = slash
                count += 1
                i = n
            }
            else if a == dot, i + 1 == n || (b == dot && i + 2 == n) { i = n }             // "." or ".."
            else {
                // The first segment, with its leading "/", up to the next "/".
                var end = a == slash ? i + 1 : i
                while end < n, path[end] != slash { end += 1 }
                if count != i { memmove(path.baseAddress! + count, path.baseAddress! + i, end - i) }
                count += end - i
                i = end
            }
        }
        return count
    }

    /// True when some `/`-separated segment is `.` or `..` (otherwise dot removal changes nothing).
    static func hasDotSegment(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { hasDotSegment($0) }
    }

    /// `hasDotSegment` of UTF-8 bytes.
    static func hasDotSegment(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Only a dot that starts a segment can begin a dot segment: look at those (found with `memchr`).
        guard let base = bytes.baseAddress else { return false }
        var from = 0
        while from < bytes.count, let found = memchr(base + from, 0x2E, bytes.count - from) {
            let dot = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
            from = dot + 1
            guard dot == 0 || bytes[dot - 1] == 0x2F else { continue }
            var end = dot
            while end < bytes.count, bytes[end] == 0x2E { end += 1 }
            if end - dot <= 2, end == bytes.count || bytes[end] == 0x2F { return true }
        }
        return false
    }

    /// True when `text` is a syntactically valid URI reference (RFC 3987 IRI
    /// characters allowed): no spaces or controls, `%` only before two hex digits,
    /// and the characters RFC 3986 reserves for delimiters only where allowed.
    static func isValidReference(_ text: String) -> Bool {
        // Fast path for ASCII text: a table lookup per byte, then the structural checks below. The same
        // pass notes what `structureIsValid`'s own fast path looks at (the first colon, delimiters before
        // it, brackets), so that an ordinary absolute URI is accepted without a second look.
        var copy = text
        let ascii: (valid: Bool, plainAbsolute: Bool)? = copy.withUTF8 { bytes in
            var hashes = 0
            var colon = -1
            var delimiterBeforeColon = false
            var bracket = false
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b >= 0x80 { return nil }
                if b == 0x25 {
                    guard i + 2 < bytes.count, isHex(bytes[i + 1]), isHex(bytes[i + 2]) else { return (false, false) }
                    i += 3
                    continue
                }
                if b == 0x23 { hashes += 1 }
                if !allowedTable[Int(b)] { return (false, false) }
                if b == 0x3A, colon < 0 { colon = i }
                if colon < 0, b == 0x2F || b == 0x3F || b == 0x23 { delimiterBeforeColon = true }
                if b == 0x5B || b == 0x5D { bracket = true }
                i += 1
            }
            guard hashes <= 1 else { return (false, false) }
            return (true, colon >= 1 && !delimiterBeforeColon && !bracket && isASCIIScheme(UnsafeBufferPointer(rebasing: bytes[..<colon])))
        }
        if let ascii {
            return ascii.valid && (ascii.plainAbsolute || structureIsValid(text))
        }
        let scalars = Array(text.unicodeScalars)
        var i = 0
        var hashes = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "%" {
                guard i + 2 < scalars.count, scalars[i + 1].properties.isASCIIHexDigit, scalars[i + 2].properties.isASCIIHexDigit else { return false }
                i += 3
                continue
            }
            if s == "#" { hashes += 1 }
            if !s.isASCII {
                if s.properties.generalCategory == .control || s.properties.isWhitespace { return false }
            } else if !allowedASCII.contains(s) {
                return false
            }
            i += 1
        }
        guard hashes <= 1 else { return false }
        return structureIsValid(text)
    }

    /// `isScheme` for ASCII bytes.
    private static func isASCIIScheme(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, (first | 0x20) >= 0x61, (first | 0x20) <= 0x7A else { return false }
        return bytes.dropFirst().allSatisfy { b in
            let lower = b | 0x20
            return (lower >= 0x61 && lower <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E
        }
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }

    private static let allowedTable: [Bool] = (0..<128).map { allowedASCII.contains(Unicode.Scalar(UInt8($0))) }

    /// The checks on the parsed components: no ':' in a relative path's first segment, balanced IPv6 brackets.
    private static func structureIsValid(_ text: String) -> Bool {
        // Fast path: an absolute URI without brackets passes both checks without being split.
        if let colon = text.utf8.firstIndex(of: 0x3A), text.utf8.distance(from: text.utf8.startIndex, to: colon) >= 1,
           !text.utf8[..<colon].contains(where: { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 }),
           isScheme(text[..<colon]), !text.containsASCII(0x5B), !text.containsASCII(0x5D) {
            return true
        }
        let reference = URIReference(text)
        if reference.scheme == nil, let colon = reference.path.firstIndex(of: ":") {
            // A relative path's first segment cannot contain ':' (it would read as a scheme).
            let slash = reference.path.firstIndex(of: "/") ?? reference.path.endIndex
            if reference.authority == nil, colon < slash { return false }
        }
        if let authority = reference.authority, authority.contains("[") != authority.contains("]") { return false }
        return true
    }

    /// unreserved / reserved / "%" (checked separately).
    private static let allowedASCII: Set<Unicode.Scalar> = {
        var set = Set<Unicode.Scalar>()
        for s in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=".unicodeScalars { set.insert(s) }
        return set
    }()

    /// Decodes `%XX` sequences as UTF-8 (nil if the result is not valid UTF-8).
    static func percentDecoded(_ text: String) -> String? {
        guard text.containsASCII(0x25) else { return text }
        var text = text
        let bytes = [UInt8](unsafeUninitializedCapacity: text.utf8.count) { output, initialized in
            initialized = text.withUTF8 { decodePercents($0, into: output) }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// `percentDecoded` of ASCII text into `output` (room for as many bytes), when the result is valid UTF-8
    /// without NUL: returns its length; nil otherwise (`percentDecoded` decides).
    static func percentDecodedASCII(_ text: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let count = decodePercents(text, into: output)
        let decoded = UnsafeBufferPointer(rebasing: output[..<count])
        if decoded.contains(0) { return nil }
        if decoded.contains(where: { $0 >= 0x80 }), String(validating: decoded, as: UTF8.self) == nil { return nil }
        return count
    }

    /// `text` with each `%` and two hex digits decoded to its byte (any other `%` stays), written to `output`
    /// (room for as many bytes as `text`); returns the length written.
    private static func decodePercents(_ text: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = 0, i = 0
        while i < text.count {
            if text[i] == 0x25, i + 2 < text.count, let high = hexValue(text[i + 1]), let low = hexValue(text[i + 2]) {
                output[count] = high << 4 | low
                i += 3
            } else {
                output[count] = text[i]
                i += 1
            }
            count += 1
        }
        return count
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// Percent-encodes everything outside the unreserved set and `/` (for writing file URIs).
    static func percentEncodedPath(_ path: String) -> String {
        var result = ""
        result.reserveCapacity(path.utf8.count)
        for byte in path.utf8 {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E, 0x2F:
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
