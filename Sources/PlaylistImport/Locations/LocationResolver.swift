import Foundation
import MoodIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a playlist location points, once interpreted.
enum ResolvedLocation: Equatable {
    /// `deam:1234`.
    case deamID(Int)
    /// A local POSIX path; `exists` tells whether a file is there.
    case file(path: String, exists: Bool)
    /// A Windows drive-letter or UNC path (or a `file://host/` share): not reachable here, only its name is usable.
    case windowsPath(String)
    /// A network URL (http, https, rtsp, …) with any Kodi `|header=value` suffix removed.
    case network(String)
    /// A URI with a scheme we cannot read.
    case otherScheme(scheme: String, text: String)
    /// Text that cannot be a location (empty, `deam:` without a number, …).
    case invalid(String)
    /// A location holding a NUL character (written or percent-encoded): refused before any file system call.
    case nulCharacter(String)

    /// The last path component, for local and Windows paths.
    var fileName: String? {
        switch self {
        case let .file(path, _): return LocationResolver.lastComponent(path, backslash: false)
        case let .windowsPath(path): return LocationResolver.lastComponent(path, backslash: true)
        default: return nil
        }
    }
}

/// Interprets the location strings found in playlists.
///
/// Handles URLs with a scheme, `file://` URIs (percent-decoded, `file:///C:/…`),
/// absolute POSIX paths, Windows drive and UNC paths, and relative paths with
/// `\` or `/` resolved against the playlist's folder (or, in XSPF, against the
/// document URI and its `xml:base`s per RFC 3986). Local paths are tried
/// literally, then with `\` as separator, then percent-decoded, each in the
/// written, NFC and NFD Unicode normalisation forms; the first that exists wins.
struct LocationResolver {
    /// The folder of the playlist file (absolute path, no trailing slash needed).
    var baseDirectory: String
    /// Shared across the entries (and nested playlists) of one import.
    var cache = PathCache()

    static let networkSchemes: Set<String> = [
        "http", "https", "ftp", "ftps", "sftp", "rtsp", "rtsps", "rtmp", "rtmps", "rtmpt", "rtp", "udp", "mms",
        "mmsh", "mmst", "icecast", "icy", "shout", "ws", "wss", "srt", "dav", "davs", "smb", "nfs",
    ]

    /// The folder with a trailing `/`: what a relative path is appended to.
    let basePrefix: String
    /// True when `basePrefix` is ASCII: a plain relative path under it is then resolved on bytes.
    let basePrefixIsASCII: Bool
    /// False in the string lane: `resolve` takes no shortcut for a plain absolute path.
    let plainOnBytes: Bool

    init(baseDirectory: String, cache: PathCache = PathCache(), plainOnBytes: Bool = true) {
        self.baseDirectory = baseDirectory
        self.cache = cache
        self.plainOnBytes = plainOnBytes
        basePrefix = baseDirectory.hasSuffix("/") ? baseDirectory : baseDirectory + "/"
        basePrefixIsASCII = basePrefix.isASCII
    }

    /// What `resolve` (without a base URI) makes of a plain location — a local path with nothing to interpret
    /// (`plainPath`) or a plain `file:///` URI (`plainFileURI`) — worked out on its bytes: the local path (valid
    /// until the next call), whether a file is there, and the rule that makes the path from the location. Nil
    /// for any other location, and for a missing non-ASCII path another normalisation form of which might exist:
    /// `resolve` decides those.
    func resolvePlain(_ location: UnsafeBufferPointer<UInt8>) -> (path: UnsafeBufferPointer<UInt8>, exists: Bool, rule: StreamedEntry.LocalPath)? {
        if let (path, prefix, ascii) = plainPath(location) {
            let exists = cache.fileExists(path)
            if !exists, !ascii, !cache.noFormCanExist(path) { return nil }
            return (path, exists, .joined(prefix: prefix))
        }
        if let (path, exists, decoded) = plainFileURI(location) { return (path, exists, .fileURI(decoded: decoded)) }
        return nil
    }

    /// The local path a plain location resolves to, as UTF-8 bytes, when `resolve` (without a base URI) would
    /// take it as a path with nothing to interpret (`plainPathKind`): an absolute one as written, or a relative
    /// one joined to `basePrefix` (dot segments removed, ASCII only) in the cache's scratch buffer — valid until
    /// the next call. `prefix` is what was put before the location (`""` or `basePrefix`):
    /// `URIReference.removeDotSegments(prefix + location)` is the path as a string. `ascii` false: when the file
    /// is missing, another normalisation form of the path might exist (`PathCache.noFormCanExist` tells).
    /// Nil for any other location.
    func plainPath(_ location: UnsafeBufferPointer<UInt8>) -> (path: UnsafeBufferPointer<UInt8>, prefix: String, ascii: Bool)? {
        guard let kind = Self.plainPathKind(location) else { return nil }
        if kind.absolute {
            return URIReference.hasDotSegment(location) ? nil : (location, "", kind.ascii)
        }
        var prefix = basePrefix
        let path = prefix.withUTF8 { cache.scratch(joining: $0, location) }
        let ascii = kind.ascii && basePrefixIsASCII
        guard URIReference.hasDotSegment(path) else { return (path, basePrefix, ascii) }
        guard ascii else { return nil }  // dot segments beside non-ASCII text: removed on characters, by `resolve`
        let count = URIReference.removeDotSegments(inPlace: UnsafeMutableBufferPointer(mutating: path))
        return (UnsafeBufferPointer(rebasing: path[..<count]), basePrefix, true)
    }

    /// A location `resolve` (without a base URI) takes as a local path with nothing to interpret: printable ASCII
    /// at both ends, without NUL, `\\` or `%`; absolute (`/`, then not a byte that may start a combining mark,
    /// which would make `/` part of another character) or relative without `:` (no scheme, drive letter or
    /// `deam:` id). `ascii`: no byte beyond ASCII.
    static func plainPathKind(_ bytes: UnsafeBufferPointer<UInt8>) -> (absolute: Bool, ascii: Bool)? {
        guard let base = bytes.baseAddress, let first = bytes.first, first > 0x20, first < 0x7F,
              let last = bytes.last, last > 0x20, last < 0x7F else { return nil }
        var ascii = true, colon = false
        var k = 0
        while k + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)
            if ByteWord.hasByte(word, below: 1) || ByteWord.hasByte(word, equalTo: 0x5C) || ByteWord.hasByte(word, equalTo: 0x25) { return nil }
            if ByteWord.hasNonASCIIByte(word) { ascii = false }
            if ByteWord.hasByte(word, equalTo: 0x3A) { colon = true }
            k += 8
        }
        for b in UnsafeBufferPointer(rebasing: bytes[k...]) {
            if b == 0 || b == 0x5C || b == 0x25 { return nil }
            if b >= 0x80 { ascii = false }
            if b == 0x3A { colon = true }
        }
        if first == 0x2F {
            if bytes.count > 1, bytes[1] >= 0x80 { return nil }
            return (true, ascii)
        }
        return colon ? nil : (false, ascii)
    }

    /// What `resolve` (without a base URI) makes of a `file:///…` URI, worked out on its bytes when nothing in
    /// it needs more: ASCII, printable at both ends, no query, fragment or backslash, escapes that decode to
    /// UTF-8 without NUL, no drive letter, and no dot segment beside decoded non-ASCII text. As `resolve` does,
    /// the decoded path (dot segments removed) is tried first, then the path as written when escapes were
    /// decoded; when neither exists, the decoded one is given as missing — unless it is non-ASCII and another
    /// normalisation form of it could exist (nil: `resolve` tries them). `decoded` tells which it is; the bytes
    /// are in the cache's scratch buffer, valid until the next call. Nil for anything else (`resolve` decides).
    func plainFileURI(_ text: UnsafeBufferPointer<UInt8>) -> (path: UnsafeBufferPointer<UInt8>, exists: Bool, decoded: Bool)? {
        let n = text.count
        guard n > 8, text[0] | 0x20 == 0x66, text[1] | 0x20 == 0x69, text[2] | 0x20 == 0x6C, text[3] | 0x20 == 0x65,
              text[4] == 0x3A, text[5] == 0x2F, text[6] == 0x2F, text[7] == 0x2F, text[n - 1] > 0x20, text[n - 1] < 0x7F else { return nil }
        let literal = UnsafeBufferPointer(rebasing: text[7...])
        var escaped = false
        for b in literal {
            if b >= 0x80 || b == 0 || b == 0x3F || b == 0x23 || b == 0x5C { return nil }  // non-ASCII, NUL, ?, #, \
            if b == 0x25 { escaped = true }
        }
        // The decoded path at the start of the scratch buffer, the path as written after it.
        let scratch = cache.scratch(capacity: 2 * literal.count)
        var count = 0
        if escaped {
            guard let decodedCount = URIReference.percentDecodedASCII(literal, into: scratch) else { return nil }
            count = decodedCount
        } else {
            _ = scratch.initialize(fromContentsOf: literal)
            count = literal.count
        }
        // `file:///C:/…` is a Windows path.
        if count >= 4, (scratch[1] | 0x20) >= 0x61, (scratch[1] | 0x20) <= 0x7A, scratch[2] == 0x3A, scratch[3] == 0x2F || scratch[3] == 0x5C {
            return nil
        }
        func withoutDotSegments(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            let kept = URIReference.hasDotSegment(UnsafeBufferPointer(bytes)) ? URIReference.removeDotSegments(inPlace: bytes) : bytes.count
            return UnsafeBufferPointer(rebasing: bytes[..<kept])
        }
        // A mark right after the leading `/` makes one character of them, which `resolve` does not take for a `/`.
        if count > 1, scratch[1] >= 0x80 { return nil }
        let decodedASCII = !UnsafeBufferPointer(rebasing: scratch[..<count]).contains(where: { $0 >= 0x80 })
        if !decodedASCII, URIReference.hasDotSegment(UnsafeBufferPointer(rebasing: scratch[..<count])) { return nil }
        let decoded = withoutDotSegments(UnsafeMutableBufferPointer(rebasing: scratch[..<count]))
        if cache.fileExists(decoded) { return (decoded, true, true) }
        if count != literal.count {  // escapes were decoded: the path as written is the other candidate
            let asWritten = UnsafeMutableBufferPointer(rebasing: scratch[literal.count..<(2 * literal.count)])
            _ = asWritten.initialize(fromContentsOf: literal)
            let written = withoutDotSegments(asWritten)
            if cache.fileExists(written) { return (written, true, false) }
        }
        if !decodedASCII, !cache.noFormCanExist(decoded) { return nil }
        return (decoded, false, true)
    }

    /// The `file:` URI of a folder, as an RFC 3986 base.
    static func fileURI(forDirectory directory: String) -> String {
        let path = directory.hasSuffix("/") ? directory : directory + "/"
        return "file://" + URIReference.percentEncodedPath(path)
    }

    /// Interprets `raw`. `baseURI` is set for XSPF locations (absolute base URI in effect).
    func resolve(_ raw: String, baseURI: String? = nil) -> ResolvedLocation {
        // The usual M3U/PLS location, checked in one pass: every step below would leave it as it is.
        // ASCII, so no other normalisation form can name another file: one lookup, no candidate list.
        if plainOnBytes, baseURI == nil, Self.isPlainAbsolutePath(raw) { return .file(path: raw, exists: cache.fileExists(raw)) }
        let text = raw.trimmed()
        guard !text.isEmpty else { return .invalid(raw) }
        if text.containsASCII(0) { return .nulCharacter(text) }
        if text.utf8.count > 5, text.hasPrefixIgnoringASCIICase("deam:") {
            let digits = text.dropFirst(5).trimmed()
            if let id = Self.canonicalInteger(Substring(digits)) { return .deamID(id) }
            return .invalid(text)
        }
        // (`hasPrefix` compares characters on non-ASCII text: only a leading backslash can match.)
        if Self.isWindowsDrivePath(text) || (text.utf8.first == 0x5C && text.hasPrefix("\\\\")) { return .windowsPath(text) }
        // A scheme is ASCII, so the colon's byte offset is its character offset (at least 2: not `C:`).
        if let colon = text.firstUTF8Index(where: { $0 == 0x3A }), text.utf8.distance(from: text.utf8.startIndex, to: colon) >= 2,
           URIReference.isScheme(text[..<colon]) {
            return resolveAbsoluteURI(text, scheme: text[..<colon].lowercased())
        }
        if let baseURI {
            // XSPF: an RFC 3986 relative reference against the base in effect.
            let absolute = URIReference(text).resolved(against: cache.parsedBase(baseURI))
            if let scheme = absolute.scheme?.lowercased() { return resolveAbsoluteURI(absolute.text, scheme: scheme, original: text) }
            return .invalid(text)
        }
        return resolvePath(text)
    }

    private func resolveAbsoluteURI(_ text: String, scheme: String, original: String? = nil) -> ResolvedLocation {
        if scheme == "file" { return resolveFileURI(text, original: original) }
        if Self.networkSchemes.contains(scheme) {
            // Kodi/IPTV lists append `|User-Agent=…` request headers to URLs.
            // (On ASCII text every byte is a character: the byte search finds the same place, faster.)
            let pipe = text.isASCII ? text.firstUTF8Index(where: { $0 == 0x7C }) : text.firstIndex(of: "|")
            if let pipe { return .network(String(text[..<pipe])) }
            return .network(text)
        }
        return .otherScheme(scheme: scheme, text: text)
    }

    /// `file:///path`, `file:/path`, `file://localhost/path`, `file:///C:/…`, `file://server/share/…`.
    private func resolveFileURI(_ text: String, original: String?) -> ResolvedLocation {
        let uri = URIReference(text)
        let host = uri.authority ?? ""
        let decodedPath = URIReference.percentDecoded(uri.path) ?? uri.path
        if decodedPath.utf8.contains(0) { return .nulCharacter(original ?? text) }
        if !host.isEmpty && host.lowercased() != "localhost" {
            return .windowsPath("\\\\" + host + decodedPath.replacingOccurrences(of: "/", with: "\\"))
        }
        var path = decodedPath
        // file:///C:/Music/x.mp3 → C:/Music/x.mp3
        if path.hasPrefix("/"), Self.isWindowsDrivePath(path.dropFirst()) { return .windowsPath(String(path.dropFirst())) }
        if path.isEmpty { return .invalid(original ?? text) }
        if !path.hasPrefix("/") { path = "/" + path }
        // Try the decoded path first (the meaning of a URI), then the literal one.
        let decoded = URIReference.removeDotSegments(path)
        if path.hasSameUTF8(as: uri.path) { return firstExisting([decoded]) }  // nothing decoded or added: one candidate
        return firstExisting([decoded, URIReference.removeDotSegments(uri.path)])
    }

    /// A plain path as found in M3U and PLS.
    private func resolvePath(_ text: String) -> ResolvedLocation {
        if !text.containsASCII(0x5C), !text.containsASCII(0x25) {
            // The usual case: one candidate.
            return firstExisting([absolutePath(text)])
        }
        var variants = [text]
        if text.containsASCII(0x5C) { variants.append(text.replacingOccurrences(of: "\\", with: "/")) }
        for variant in variants where variant.containsASCII(0x25) {
            if let decoded = URIReference.percentDecoded(variant), decoded != variant {
                if decoded.utf8.contains(0) { return .nulCharacter(text) }
                variants.append(decoded)
            }
        }
        // When nothing exists, report the most interpreted form (separators normalised, percent-decoded).
        let candidates = variants.map(absolutePath)
        return firstExisting(candidates, preferredMissing: candidates.count - 1)
    }

    private func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return URIReference.removeDotSegments(path) }
        return URIReference.removeDotSegments(basePrefix + path)
    }

    /// The first candidate (in written, NFC, NFD forms) that exists; otherwise the preferred candidate, missing.
    private func firstExisting(_ candidates: [String], preferredMissing: Int = 0) -> ResolvedLocation {
        for candidate in candidates {
            if cache.fileExists(candidate) { return .file(path: candidate, exists: true) }
        }
        // A path no form of which could be opened (longer than three times PATH_MAX: composing shrinks text at most
        // threefold) is not normalised: normalising megabytes of text takes minutes.
        for candidate in candidates where !candidate.isASCII && candidate.utf8.count <= 3 * Int(PATH_MAX)
            && !cache.noFormCanExist(candidate) {
            let forms = [candidate.precomposedStringWithCanonicalMapping, candidate.decomposedStringWithCanonicalMapping]
                .filter { !$0.utf8.elementsEqual(candidate.utf8) }
            for form in forms where cache.fileExists(form) { return .file(path: form, exists: true) }
            // Normalisation keeps the `/`s (nothing composes with one), so a folder missing in every form holds
            // no form of any other name either: the next path in it is not normalised again.
            if cache.isKnownMissingFolder(of: candidate), forms.allSatisfy({ cache.isKnownMissingFolder(of: $0) }) {
                cache.noteMissingInEveryForm(folderOf: candidate)
            }
        }
        return .file(path: candidates[min(preferredMissing, candidates.count - 1)], exists: false)
    }

    /// An absolute POSIX path that `resolve` (without a base URI) would take exactly as written: ASCII,
    /// starting with `/`, ending in a printable character, without NUL, `\\`, `%` or a `.`/`..` segment.
    static func isPlainAbsolutePath(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { isPlainAbsolutePath($0) }
    }

    /// `isPlainAbsolutePath` of UTF-8 bytes.
    static func isPlainAbsolutePath(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let kind = plainPathKind(bytes), kind.absolute, kind.ascii else { return false }
        return !URIReference.hasDotSegment(bytes)
    }

    /// A regular file or anything but a directory (one `stat`).
    static func fileExists(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return isNotADirectory(info)
    }

    static func isNotADirectory(_ info: stat) -> Bool { (info.st_mode & S_IFMT) != S_IFDIR }

    /// `C:\…`, `C:/…` (and a bare `C:`-rooted name).
    static func isWindowsDrivePath<Text: StringProtocol>(_ text: Text) -> Bool {
        // The three scalars are ASCII when it is one: their bytes decide (no scalar decoding).
        var bytes = text.utf8.makeIterator()
        guard let b0 = bytes.next(), let b1 = bytes.next(), let b2 = bytes.next() else { return false }
        return ((b0 | 0x20) >= 0x61 && (b0 | 0x20) <= 0x7A) && b1 == 0x3A && (b2 == 0x5C || b2 == 0x2F)
    }

    /// A decimal integer without sign or leading zeros (DEAM names files `2.mp3`, never `002.mp3`).
    static func canonicalInteger(_ text: Substring) -> Int? {
        // All ASCII digits first: then the UTF-8 count is the character count.
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), text.utf8.count <= 9,
              !(text.utf8.count > 1 && text.utf8.first == 0x30) else { return nil }
        return Int(text)
    }

    /// The text after the last `/` (and, when `backslash`, the last `\\`), found on the UTF-8 bytes.
    static func lastComponent(_ path: String, backslash: Bool) -> String {
        var copy = path
        return copy.withUTF8 { bytes in
            var start = bytes.count
            while start > 0, bytes[start - 1] != 0x2F, !(backslash && bytes[start - 1] == 0x5C) { start -= 1 }
            // The separator is ASCII: the bytes after it are whole characters, made a string without a `Substring`.
            return start == 0 ? path : String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)
        }
    }
}
