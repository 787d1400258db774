import Foundation

/// Decides a playlist's format from its content first, then its extension.
enum FormatDetector {
    enum Verdict: Equatable {
        case format(PlaylistFormat)
        case notAPlaylist(String)
    }

    /// - Parameters:
    ///   - text: the decoded text.
    ///   - fileExtension: lower-cased extension of the file name ("" if none).
    static func detect(text: String, fileExtension: String) -> Verdict {
        if let reason = binaryReason(text) { return .notAPlaylist(reason) }
        let head = firstSignificantLine(text)
        if head.hasPrefix("<") {
            return .format(.xspf)
        }
        let lowerHead = head.lowercased()
        if lowerHead.hasPrefix("[playlist]") { return .format(.pls) }
        if lowerHead.hasPrefix("#extm3u") || lowerHead.hasPrefix("#extinf") || lowerHead.hasPrefix("#playlist:") || lowerHead.hasPrefix("#ext-x-") {
            return .format(.m3u)
        }
        switch fileExtension {
        case "xspf": return .format(.xspf)
        case "pls": return .format(.pls)
        case "m3u", "m3u8": return .format(.m3u)
        default: break
        }
        // No signature and no known extension: a list of locations is a plain M3U.
        if hasPLSKeys(text) { return .format(.pls) }
        if looksLikeLocationList(text) { return .format(.m3u) }
        return .notAPlaylist("no playlist signature (#EXTM3U, [playlist], <playlist>) and no line looks like a track location")
    }

    /// The first line that is neither blank nor (for M3U detection) a BOM.
    static func firstSignificantLine(_ text: String) -> Substring {
        var rest = Substring(text)
        while let first = rest.first, first.isWhitespace || first == "\u{FEFF}" { rest = rest.dropFirst() }
        let end = rest.firstIndex(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) ?? rest.endIndex
        return rest[..<end]
    }

    /// A reason when the text is binary rather than a text file.
    static func binaryReason(_ text: String) -> String? {
        var controls = 0
        var replacements = 0
        var total = 0
        for scalar in text.unicodeScalars.prefix(65_536) {
            total += 1
            switch scalar.value {
            case 0: return "it contains NUL bytes (binary data)"
            case 0x09, 0x0A, 0x0C, 0x0D: break
            case 0x01...0x1F, 0x7F: controls += 1
            case 0xFFFD: replacements += 1
            default: break
            }
        }
        guard total > 0 else { return nil }
        if (controls + replacements) * 100 > total { return "it contains control characters (binary data)" }
        return nil
    }

    private static func hasPLSKeys(_ text: String) -> Bool {
        LineSplitter.lines(text).prefix(200).contains { line in
            let t = line.text.trimmed().lowercased()
            guard t.hasPrefix("file"), let eq = t.firstIndex(of: "=") else { return false }
            return PLSReader.splitIndexedKey(String(t[..<eq])) != nil
        }
    }

    /// True when some non-comment line looks like a path or URL.
    private static func looksLikeLocationList(_ text: String) -> Bool {
        for line in LineSplitter.lines(text).prefix(1000) {
            let t = line.text.trimmed()
            if t.isEmpty || t.hasPrefix("#") { continue }
            if t.lowercased().hasPrefix("deam:") || t.contains("://") || t.hasPrefix("/") || t.contains("\\") { return true }
            let ext = TrackMapper.fileExtension(LocationResolver.lastComponent(t, backslash: true))
            if TrackMapper.audioExtensions.contains(ext) || TrackMapper.playlistExtensions.contains(ext) || ext == "csv" { return true }
        }
        return false
    }
}
