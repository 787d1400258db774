import Foundation

/// Reads M3U and M3U8, plain or extended, as written by real players.
///
/// - `#EXTM3U` is optional and may appear after blank lines, a BOM, or again mid-file.
/// - `#EXTINF:<secs>[ attrs],<title>`: commas inside quoted attribute values and
///   in the title are kept; malformed lines keep their entry and lose the metadata.
///   Several `#EXTINF` before one location: the last wins.
/// - `#PLAYLIST`, `#EXTART`, `#EXTALB` are read; `#EXTGRP`, `#EXTGENRE`,
///   `#EXTIMG`, `#EXTENC`, `#EXTVLCOPT`, `#KODIPROP`, `#EXTALBUMARTURL` are
///   recognised and ignored; any other `#` line is a comment.
/// - `#EXT-X-` (HTTP Live Streaming) is refused.
struct M3UReader {
    var file: String

    func read(_ text: String) throws -> RawPlaylist {
        var playlist = RawPlaylist(format: .m3u)
        var pending = PendingMetadata()
        for line in LineSplitter.lines(text) {
            var content = line.text
            if content.first == "\u{FEFF}" { content = content.dropFirst() }
            let trimmed = content.trimmed()
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("#") {
                try directive(trimmed, line: line.number, pending: &pending, playlist: &playlist)
                continue
            }
            if Self.isSeparatorLine(trimmed) {
                playlist.warn(.line(line.number), "ignored decorative separator line \"\(trimmed)\"")
                continue
            }
            var entry = RawEntry(position: .line(line.number))
            entry.locations = [RawLocation(text: trimmed, baseURI: nil)]
            entry.title = pending.title
            // `#EXTINF:…,Artist - Title` with `#EXTART:Artist`: the title is the part after the artist.
            // `#EXTINF:…,Artist` alone with `#EXTART:Artist`: there is no title.
            if let artist = pending.artist, let title = pending.title {
                if title.hasPrefix(artist + " - ") {
                    let rest = String(title.dropFirst(artist.count + 3))
                    if !rest.isEmpty { entry.title = rest }
                } else if title == artist {
                    entry.title = nil
                }
            }
            entry.duration = pending.duration
            entry.artist = pending.artist
            entry.album = pending.album
            playlist.entries.append(entry)
            pending = PendingMetadata()
        }
        if pending.extinfLine != nil {
            playlist.warn(.line(pending.extinfLine!), "#EXTINF is not followed by a location")
        }
        return playlist
    }

    /// Metadata collected from directives, bound to the next location line.
    struct PendingMetadata {
        var title: String?
        var duration: Double?
        var artist: String?
        var album: String?
        var extinfLine: Int?
    }

    private func directive(_ line: String, line number: Int, pending: inout PendingMetadata,
                           playlist: inout RawPlaylist) throws {
        if line.hasPrefixIgnoringASCIICase("#EXT-X-") { throw ImportError.hlsPlaylist(file: file, line: number) }
        if line.hasPrefixIgnoringASCIICase("#EXTINF") {
            if let previous = pending.extinfLine {
                playlist.warn(.line(previous), "#EXTINF without a location, replaced by the one on line \(number)")
            }
            let info = Self.parseExtinf(line, line: number, playlist: &playlist)
            pending.title = info.title
            pending.duration = info.duration
            pending.extinfLine = number
            return
        }
        if line.hasPrefixIgnoringASCIICase("#PLAYLIST:") {
            let name = Self.value(after: "#PLAYLIST:", in: line)
            if !name.isEmpty { playlist.title = name }
        } else if line.hasPrefixIgnoringASCIICase("#EXTART:") {
            pending.artist = Self.nonEmpty(Self.value(after: "#EXTART:", in: line))
        } else if line.hasPrefixIgnoringASCIICase("#EXTALB:") {
            pending.album = Self.nonEmpty(Self.value(after: "#EXTALB:", in: line))
        }
        // #EXTM3U, #EXTGRP, #EXTGENRE, #EXTIMG, #EXTENC, #EXTVLCOPT, #KODIPROP,
        // #EXTALBUMARTURL and plain comments carry nothing we map.
    }

    private static func value(after prefix: String, in line: String) -> String {
        String(line.dropFirst(prefix.count)).trimmed()
    }

    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    /// `====name====`, `----`: decorative lines some IPTV lists put between groups.
    static func isSeparatorLine(_ line: String) -> Bool {
        guard let first = line.first, let last = line.last, "=-*~".contains(first), first == last else { return false }
        return line.prefix(3).allSatisfy { $0 == first } && line.suffix(3).allSatisfy { $0 == first }
    }

    /// Parses `#EXTINF:<duration>[ key="value"…],<title>`.
    static func parseExtinf(_ line: String, line number: Int, playlist: inout RawPlaylist) -> (duration: Double?, title: String?) {
        var body = Substring(line.dropFirst("#EXTINF".count))
        if body.first == ":" {
            body = body.dropFirst()
        } else if body.first == " " || body.first == "\t" {
            playlist.warn(.line(number), "#EXTINF without a colon")
        } else if body.isEmpty {
            playlist.warn(.line(number), "#EXTINF without duration or title")
            return (nil, nil)
        } else {
            playlist.warn(.line(number), "unrecognised #EXTINF syntax")
        }
        // The first comma outside double quotes separates duration+attributes from the title.
        var inQuotes = false
        var commaIndex: Substring.Index?
        var index = body.startIndex
        while index < body.endIndex {
            let c = body[index]
            if c == "\"" { inQuotes.toggle() } else if c == ",", !inQuotes { commaIndex = index; break }
            index = body.index(after: index)
        }
        let head: Substring
        var title: String?
        if let commaIndex {
            head = body[..<commaIndex]
            let t = body[body.index(after: commaIndex)...].trimmed()
            title = t.isEmpty ? nil : t
        } else {
            head = body
        }
        let durationToken = head.trimmed().prefix { !$0.isWhitespace }
        var duration: Double?
        if durationToken.isEmpty {
            playlist.warn(.line(number), "#EXTINF has no duration")
        } else if let seconds = Double(durationToken), seconds.isFinite {
            duration = seconds >= 0 ? seconds : nil
        } else if commaIndex == nil {
            // `#EXTINF:Artist - Title`: no duration, the text is the title.
            title = head.trimmed()
            playlist.warn(.line(number), "#EXTINF has no duration; its text is taken as the title")
        } else {
            playlist.warn(.line(number), "#EXTINF duration \"\(durationToken)\" is not a number")
        }
        return (duration, title)
    }
}
