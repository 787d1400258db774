import Foundation
import MoodIO

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
    /// More entries than this fail the import (`ImportError.tooManyEntries`).
    var maxEntries: Int = .max
    /// Every line through the string logic (`PlaylistImporter.Lane.strings`): no field is lent.
    var stringsOnly = false

    /// Scans the UTF-8 bytes line by line and returns the title and the entry count; throws for HLS and
    /// for too many entries. No entry is kept: the entries are the text itself, scanned again by
    /// `forEachEntry(in:_:)` when they are used, so memory holds the text alone. That second scan reports
    /// the warnings (this one leaves `#EXTINF` unparsed: it changes neither the count nor the errors).
    /// Fields are byte ranges of the text; only unusual lines (Unicode white space at an edge,
    /// odd `#EXTINF` syntax) take the string path, with identical results.
    func read(_ decoded: DecodedText) throws -> RawPlaylist {
        var playlist = RawPlaylist(format: .m3u)
        let text = decoded.utf8
        let count = try scan(text, &playlist, wantsRecords: false) { _, _, _ in }
        playlist.warnings = []
        playlist.entries = RawEntries(storage: .m3u(text: text, reader: self, count: count))
        return playlist
    }

    /// The entries of `text` (the text `read` returned them for), in order; returns the playlist's warnings.
    func forEachEntry(in text: [UInt8], _ body: (RawEntry) throws -> Void) throws -> [(position: EntryPosition?, message: String)] {
        var playlist = RawPlaylist(format: .m3u)
        _ = try scan(text, &playlist, wantsRecords: true) { record, side, buffer in
            try body(Self.entry(record, side: side, text: buffer))
        }
        return playlist.warnings
    }

    /// Runs the scanner over `text`, handing each record to `deliver`; returns the number of records.
    /// Without `wantsRecords` the records are only counted (`deliver` is not called): the warnings, the
    /// errors and the count are the same.
    private func scan(_ text: [UInt8], _ playlist: inout RawPlaylist, wantsRecords: Bool,
                      _ deliver: (CompactRecord, [String], UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Int {
        try text.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(file: file, maxEntries: maxEntries, buffer: buffer, wantsRecords: wantsRecords, stringsOnly: stringsOnly)
            var side = [String]()
            try scanner.run(&playlist, &side, deliver)
            return scanner.count
        }
    }

    /// The entry a record stands for: its fields lent from `text` (valid UTF-8: the text was validated or
    /// re-encoded) or taken from the side strings; valid while `text` is.
    static func entry(_ record: CompactRecord, side: [String], text: UnsafeBufferPointer<UInt8>) -> RawEntry {
        func field(_ field: CompactField) -> EntryText {
            if field.start == -1 { return EntryText(nil) }
            if field.start < -1 { return EntryText(side[Int(-field.start - 2)]) }
            return EntryText(lending: UnsafeBufferPointer(rebasing: text[Int(field.start)..<Int(field.end)]))
        }
        // Built in one expression: a `RawEntry` built field by field is copied and destroyed once more.
        return RawEntry(position: .line(Int(record.line)),
                        locations: record.location.start == -1 ? [] : [RawLocation(text: field(record.location), baseURI: nil)],
                        title: field(record.title), artist: field(record.artist), album: field(record.album),
                        duration: record.duration.isNaN ? nil : record.duration)
    }

    /// A directive's first eight bytes (or fewer), matched against a line's first eight bytes in one
    /// comparison, ASCII letters in either case: `(word | letters) & length == pattern | letters`. At a
    /// letter's place, setting bit 5 maps only its two cases to the lower-case one; other bytes match exactly.
    private struct Directive {
        let pattern: UInt64
        let letters: UInt64
        let length: UInt64

        @inline(__always) func matches(_ word: UInt64) -> Bool { (word | letters) & length == pattern }

        init(pattern: UInt64, letters: UInt64, length: UInt64) {
            self.pattern = pattern
            self.letters = letters
            self.length = length
        }

        // The directives as literals (byte k of a word is bits 8k…8k+7; `pattern` already has the letters' bit 5
        // set): a stored static constant would be checked for its one-time initialisation at every use.
        static var hls: Directive { Directive(pattern: 0x002D782D74786523, letters: 0x0000200020202000, length: 0x00FFFFFFFFFFFFFF) }  // #EXT-X-
        static var extinf: Directive { Directive(pattern: 0x00666E6974786523, letters: 0x0020202020202000, length: 0x00FFFFFFFFFFFFFF) }  // #EXTINF
        /// The first eight bytes of `#PLAYLIST:`; the rest is checked when they match.
        static var playlist: Directive { Directive(pattern: 0x73696C79616C7023, letters: 0x2020202020202000, length: 0xFFFFFFFFFFFFFFFF) }  // #PLAYLIS
        static var artist: Directive { Directive(pattern: 0x3A74726174786523, letters: 0x0020202020202000, length: 0xFFFFFFFFFFFFFFFF) }  // #EXTART:
        static var album: Directive { Directive(pattern: 0x3A626C6174786523, letters: 0x0020202020202000, length: 0xFFFFFFFFFFFFFFFF) }  // #EXTALB:
    }

    /// How a title relates to the `#EXTART` artist (see `Scanner.split`).
    private enum ArtistSplit {
        /// "Artist - Rest": the title is the rest.
        case rest(Range<Int>)
        /// The title is the artist: there is no title.
        case same
        /// Neither: the title stays.
        case neither
    }

    private struct Pending {
        var title = CompactField.none
        var duration = Double.nan
        var artist = CompactField.none
        var album = CompactField.none
        var extinfLine: Int?
    }

    private struct Scanner {
        let file: String
        let maxEntries: Int
        let buffer: UnsafeBufferPointer<UInt8>
        /// False: records are counted, not built (`#EXTINF` is not parsed, nothing is delivered, the warnings are incomplete).
        let wantsRecords: Bool
        /// Every line through `slowLine`.
        let stringsOnly: Bool

        @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
        }

        /// The line's first eight bytes (zero-padded) as a word, for `Directive` matching.
        @inline(__always) func head(_ s: Int, _ e: Int) -> UInt64 {
            if e - s >= 8 { return UnsafeRawPointer(buffer.baseAddress! + s).loadUnaligned(as: UInt64.self) }
            var word: UInt64 = 0
            for k in 0..<(e - s) { word |= UInt64(buffer[s + k]) << (8 * k) }
            return word
        }

        func hasPrefix(_ prefix: StaticString, _ s: Int, _ e: Int) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard e - s >= count else { return false }
            let p = prefix.utf8Start
            for k in 0..<count {
                var b = buffer[s + k]
                if b >= 0x41 && b <= 0x5A { b |= 0x20 }
                var q = p[k]
                if q >= 0x41 && q <= 0x5A { q |= 0x20 }
                if b != q { return false }
            }
            return true
        }

        /// ASCII-trims `s..<e`; nil when a non-ASCII byte is at an edge (Unicode white space possible).
        @inline(__always) func asciiTrimmed(_ s: Int, _ e: Int) -> Range<Int>? {
            var s = s, e = e
            while s < e, Self.isSpace(buffer[s]) { s += 1 }
            while e > s, Self.isSpace(buffer[e - 1]) { e -= 1 }
            if s < e, buffer[s] >= 0x80 || buffer[e - 1] >= 0x80 { return nil }
            return s..<e
        }

        func isASCII(_ range: Range<Int>) -> Bool {
            var k = range.lowerBound
            while k + 8 <= range.upperBound {
                if ByteWord.hasNonASCIIByte(UnsafeRawPointer(buffer.baseAddress! + k).loadUnaligned(as: UInt64.self)) { return false }
                k += 8
            }
            while k < range.upperBound { if buffer[k] >= 0x80 { return false }; k += 1 }
            return true
        }


        /// Records handed on so far.
        var count = 0

        mutating func run(_ playlist: inout RawPlaylist, _ side: inout [String],
                          _ deliver: (CompactRecord, [String], UnsafeBufferPointer<UInt8>) throws -> Void) throws {
            var lines = ByteLines(buffer)
            var pending = Pending()
            func field(_ text: String?) -> CompactField {
                guard let text else { return .none }
                side.append(text)
                return .side(side.count - 1)
            }
            while let (number, range) = lines.next() {
                var start = range.lowerBound
                let end = range.upperBound
                if end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF { start += 3 }
                guard !stringsOnly, let line = asciiTrimmed(start, end) else {
                    // Unicode white space at an edge (or the string lane): the string path.
                    let trimmed = string(start..<end).trimmed()
                    try slowLine(trimmed, number, &pending, &playlist, &side, deliver)
                    continue
                }
                if line.isEmpty { continue }
                let s = line.lowerBound, e = line.upperBound
                if buffer[s] == 0x23 {  // '#'
                    let word = head(s, e)
                    if Directive.hls.matches(word) { throw ImportError.hlsPlaylist(file: file, line: number) }
                    if Directive.extinf.matches(word) {
                        if !wantsRecords {
                            continue  // counting: the metadata and its warnings are the second scan's
                        }
                        if let previous = pending.extinfLine {
                            playlist.warn(.line(previous), "#EXTINF without a location, replaced by the one on line \(number)")
                        }
                        if let (duration, title) = fastExtinf(s, e) {
                            pending.duration = duration ?? .nan
                            pending.title = title.map { CompactField.bytes($0) } ?? .none
                        } else {
                            let info = M3UReader.parseExtinf(string(line), line: number, playlist: &playlist)
                            pending.duration = info.duration ?? .nan
                            pending.title = field(info.title)
                        }
                        pending.extinfLine = number
                    } else if Directive.playlist.matches(word), hasPrefix("#PLAYLIST:", s, e) {
                        if let name = value(s + 10, e) {
                            if name.start >= 0 { playlist.title = string(Int(name.start)..<Int(name.end)) }
                        } else if let text = slowValue(s + 10, e) {
                            playlist.title = text
                        }
                    } else if Directive.artist.matches(word) {
                        pending.artist = value(s + 8, e) ?? field(slowValue(s + 8, e))
                    } else if Directive.album.matches(word) {
                        pending.album = value(s + 8, e) ?? field(slowValue(s + 8, e))
                    }
                    continue
                }
                let first = buffer[s]
                if first == 0x3D || first == 0x2D || first == 0x2A || first == 0x7E {  // = - * ~
                    let text = string(line)
                    if M3UReader.isSeparatorLine(text) {
                        playlist.warn(.line(number), "ignored decorative separator line \"\(text)\"")
                        continue
                    }
                }
                try emit(.bytes(line), number, &pending, &side, deliver)
            }
            if let line = pending.extinfLine {
                playlist.warn(.line(line), "#EXTINF is not followed by a location")
            }
        }

        /// A directive's value, ASCII-trimmed: `.none` if empty, nil if it needs the Unicode path.
        func value(_ s: Int, _ e: Int) -> CompactField? {
            guard let range = asciiTrimmed(s, e) else { return nil }
            return range.isEmpty ? CompactField.none : .bytes(range)
        }

        func slowValue(_ s: Int, _ e: Int) -> String? {
            guard asciiTrimmed(s, e) == nil else { return nil }
            let text = string(s..<e).trimmed()
            return text.isEmpty ? nil : text
        }

        /// `#EXTINF:<number>[ attributes],<title>` in plain ASCII around the comma; nil for anything else.
        func fastExtinf(_ s: Int, _ e: Int) -> (Double?, Range<Int>?)? {
            var k = s + 7
            guard k < e, buffer[k] == 0x3A else { return nil }
            k += 1
            let bodyStart = k
            var inQuotes = false
            var comma = -1
            while k < e {
                let b = buffer[k]
                if b == 0x22 { inQuotes.toggle() } else if b == 0x2C, !inQuotes { comma = k; break }
                k += 1
            }
            guard comma >= 0, let head = asciiTrimmed(bodyStart, comma), !head.isEmpty, isASCII(head) else { return nil }
            var tokenEnd = head.lowerBound
            while tokenEnd < head.upperBound, !Self.isSpace(buffer[tokenEnd]) { tokenEnd += 1 }
            guard let seconds = number(head.lowerBound..<tokenEnd), seconds.isFinite else { return nil }
            guard let title = asciiTrimmed(comma + 1, e) else { return nil }
            return (seconds >= 0 ? seconds : nil, title.isEmpty ? nil : title)
        }

        /// `Double(text)` of an ASCII token, without a string for the usual `-?digits` (up to 15 digits, exact in a Double).
        func number(_ range: Range<Int>) -> Double? {
            var k = range.lowerBound
            let negative = k < range.upperBound && buffer[k] == 0x2D
            if negative { k += 1 }
            let digits = range.upperBound - k
            guard digits > 0, digits <= 15 else { return Double(string(range)) }
            var value = 0
            while k < range.upperBound {
                let d = buffer[k] &- 0x30
                guard d < 10 else { return Double(string(range)) }
                value = value * 10 + Int(d)
                k += 1
            }
            return negative ? -Double(value) : Double(value)
        }

        func text(_ field: CompactField, _ side: [String]) -> String? {
            if field.start == -1 { return nil }
            if field.start < -1 { return side[Int(-field.start - 2)] }
            return string(Int(field.start)..<Int(field.end))
        }

        mutating func emit(_ location: CompactField, _ number: Int, _ pending: inout Pending,
                           _ side: inout [String],
                           _ deliver: (CompactRecord, [String], UnsafeBufferPointer<UInt8>) throws -> Void) throws {
            if count >= maxEntries {
                throw ImportError.tooManyEntries(file: file, position: .line(number), limit: maxEntries)
            }
            guard wantsRecords else {
                count += 1
                pending = Pending()
                return
            }
            var title = pending.title
            // `#EXTINF:…,Artist - Title` with `#EXTART:Artist`: the title is the part after the artist.
            // `#EXTINF:…,Artist` alone with `#EXTART:Artist`: there is no title.
            if pending.artist.start != -1, title.start != -1 {
                let decided: ArtistSplit?
                if pending.artist.start >= 0, title.start >= 0 {
                    decided = split(artist: Int(pending.artist.start)..<Int(pending.artist.end), title: Int(title.start)..<Int(title.end))
                } else {
                    decided = nil
                }
                switch decided {
                case let .rest(range)?: title = .bytes(range)
                case .same?: title = .none
                case .neither?: break
                case nil:
                    // Only the string logic (characters, canonical equivalence) can tell.
                    if let artist = text(pending.artist, side), let full = text(title, side) {
                        if full.hasPrefix(artist + " - ") {
                            let rest = String(full.dropFirst(artist.count + 3))
                            if !rest.isEmpty { side.append(rest); title = .side(side.count - 1) }
                        } else if full == artist {
                            title = .none
                        }
                    }
                }
            }
            count += 1
            try deliver(CompactRecord(line: Int32(clamping: number), duration: pending.duration, location: location,
                                      title: title, artist: pending.artist, album: pending.album), side, buffer)
            pending = Pending()
            side.removeAll(keepingCapacity: true)  // the record was handed on: its side strings are done with
        }

        /// What the string logic of `emit` (`title.hasPrefix(artist + " - ")`, else `title == artist`, on
        /// characters under canonical equivalence) decides, decided on the bytes where they decide it; nil
        /// where only the strings can tell (a byte that may start a combining mark at a place that matters,
        /// or a difference between non-ASCII bytes, which another normalisation form could make equal).
        func split(artist a: Range<Int>, title t: Range<Int>) -> ArtistSplit? {
            let shared = min(a.count, t.count)
            var i = 0
            while i < shared, buffer[a.lowerBound + i] == buffer[t.lowerBound + i] { i += 1 }
            if i == a.count {
                // The title's bytes start with the artist's.
                if t.count == a.count { return .same }
                let k = t.lowerBound + a.count
                // A non-ASCII byte right after the artist may be a mark that joins its last character.
                guard buffer[k] < 0x80 else { return nil }
                if t.count > a.count + 3, buffer[k] == 0x20, buffer[k + 1] == 0x2D, buffer[k + 2] == 0x20 {
                    // The part after " - " is its own characters unless it starts with a mark.
                    return buffer[k + 3] < 0x80 ? .rest((k + 3)..<t.upperBound) : nil
                }
                // ASCII after the artist other than " - " and more: `hasPrefix` fails (so does `==`), or the
                // title is exactly "artist - ", whose empty rest leaves the title as it is.
                return .neither
            }
            // The first difference, between two ASCII characters that no mark follows, settles both questions
            // (a mark could follow only as a non-ASCII byte; after the artist, " - " follows).
            func isSettled(_ range: Range<Int>, _ next: Int) -> Bool { next >= range.upperBound || buffer[next] < 0x80 }
            if i < shared, buffer[a.lowerBound + i] < 0x80, buffer[t.lowerBound + i] < 0x80,
               isSettled(a, a.lowerBound + i + 1), isSettled(t, t.lowerBound + i + 1) {
                return .neither
            }
            // The title's bytes are a strict prefix of the artist's, which go on with an ASCII character: the
            // artist has a character more.
            if i == t.count, buffer[a.lowerBound + i] < 0x80 { return .neither }
            return nil
        }

        /// A line whose edges hold non-ASCII white space: the original string logic.
        mutating func slowLine(_ trimmed: String, _ number: Int, _ pending: inout Pending, _ playlist: inout RawPlaylist,
                               _ side: inout [String],
                               _ deliver: (CompactRecord, [String], UnsafeBufferPointer<UInt8>) throws -> Void) throws {
            if trimmed.isEmpty { return }
            func field(_ text: String?) -> CompactField {
                guard let text else { return .none }
                side.append(text)
                return .side(side.count - 1)
            }
            if trimmed.hasPrefix("#") {
                if trimmed.hasPrefixIgnoringASCIICase("#EXT-X-") { throw ImportError.hlsPlaylist(file: file, line: number) }
                if trimmed.hasPrefixIgnoringASCIICase("#EXTINF") {
                    if let previous = pending.extinfLine {
                        playlist.warn(.line(previous), "#EXTINF without a location, replaced by the one on line \(number)")
                    }
                    let info = M3UReader.parseExtinf(trimmed, line: number, playlist: &playlist)
                    pending.title = field(info.title)
                    pending.duration = info.duration ?? .nan
                    pending.extinfLine = number
                } else if trimmed.hasPrefixIgnoringASCIICase("#PLAYLIST:") {
                    let name = String(trimmed.dropFirst(10)).trimmed()
                    if !name.isEmpty { playlist.title = name }
                } else if trimmed.hasPrefixIgnoringASCIICase("#EXTART:") {
                    let value = String(trimmed.dropFirst(8)).trimmed()
                    pending.artist = field(value.isEmpty ? nil : value)
                } else if trimmed.hasPrefixIgnoringASCIICase("#EXTALB:") {
                    let value = String(trimmed.dropFirst(8)).trimmed()
                    pending.album = field(value.isEmpty ? nil : value)
                }
                return
            }
            if M3UReader.isSeparatorLine(trimmed) {
                playlist.warn(.line(number), "ignored decorative separator line \"\(trimmed)\"")
                return
            }
            try emit(field(trimmed), number, &pending, &side, deliver)
        }
    }

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
