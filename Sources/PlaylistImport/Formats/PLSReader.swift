import Foundation

/// Reads PLS playlists (`[playlist]`, `FileN=`, `TitleN=`, `LengthN=`).
///
/// Keys are case-insensitive and may come in any order; numbering may have
/// gaps; entries are ordered by N. A wrong `NumberOfEntries`, comments
/// (`;` or `#`) and garbage before the section produce warnings, not errors.
///
/// The text is scanned as UTF-8 bytes (`ByteLines`, as for M3U): ASCII lines are split on the
/// bytes and only their keys and values become strings; a line holding any other character takes
/// the string path (Unicode white space, a byte order mark), with identical results.
struct PLSReader {
    var file: String
    /// Every line through the string logic (`PlaylistImporter.Lane.strings`).
    var stringsOnly = false

    private struct Slot {
        var fileLine: Int?
        var location: String?
        var title: String?
        var length: Double?
        var keyLine: Int
    }

    /// One line, reduced to what the reader acts on.
    private enum Line {
        /// Blank or a comment.
        case skipped
        /// `[name]`, the name trimmed and lower-cased.
        case section(String)
        /// `key=value`, the key trimmed and lower-cased, the value trimmed.
        case pair(key: String, value: String)
        /// Anything else.
        case other
    }

    func read(_ decoded: DecodedText) throws -> RawPlaylist {
        try decoded.utf8.withUnsafeBufferPointer { try read($0) }
    }

    /// An ASCII line on its bytes (nil: the line holds another character; use `parse(_:)`).
    private static func parseASCII(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Line? {
        var equals = -1
        for k in range {
            let b = buffer[k]
            if b >= 0x80 { return nil }
            if b == 0x3D, equals < 0 { equals = k }
        }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        func trimmed(_ s: Int, _ e: Int) -> Range<Int> {
            var s = s, e = e
            while s < e, isSpace(buffer[s]) { s += 1 }
            while e > s, isSpace(buffer[e - 1]) { e -= 1 }
            return s..<e
        }
        func string(_ r: Range<Int>, lowercased: Bool = false) -> String {
            let bytes = UnsafeBufferPointer(rebasing: buffer[r])
            guard lowercased, bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return String(decoding: bytes, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: bytes.count) { target in
                for (k, b) in bytes.enumerated() { target[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
                return bytes.count
            }
        }
        let line = trimmed(range.lowerBound, range.upperBound)
        if line.isEmpty || buffer[line.lowerBound] == 0x3B || buffer[line.lowerBound] == 0x23 { return .skipped }  // ; #
        if line.count >= 2, buffer[line.lowerBound] == 0x5B, buffer[line.upperBound - 1] == 0x5D {  // [ ]
            return .section(string(trimmed(line.lowerBound + 1, line.upperBound - 1), lowercased: true))
        }
        guard equals >= 0 else { return .other }
        return .pair(key: string(trimmed(line.lowerBound, equals), lowercased: true),
                     value: string(trimmed(equals + 1, line.upperBound)))
    }

    /// Any line, on its characters.
    private static func parse(_ text: String) -> Line {
        var content = Substring(text)
        if content.first == "\u{FEFF}" { content = content.dropFirst() }
        let trimmed = content.trimmed()
        if trimmed.isEmpty || trimmed.hasPrefix(";") || trimmed.hasPrefix("#") { return .skipped }
        if trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
            return .section(trimmed.dropFirst().dropLast().trimmed().lowercased())
        }
        guard let equals = trimmed.firstIndex(of: "=") else { return .other }
        return .pair(key: trimmed[..<equals].trimmed().lowercased(), value: trimmed[trimmed.index(after: equals)...].trimmed())
    }

    private func read(_ buffer: UnsafeBufferPointer<UInt8>) throws -> RawPlaylist {
        var playlist = RawPlaylist(format: .pls)
        var slots = [Int: Slot]()
        var declaredCount: (value: Int, line: Int)?
        var inSection = false
        var sawSection = false
        var garbageBefore = 0
        var lines = ByteLines(buffer)
        while let (number, range) = lines.next() {
            let line = (number: number, parsed: (stringsOnly ? nil : Self.parseASCII(buffer, range))
                            ?? Self.parse(String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)))
            let key: String, value: String
            switch line.parsed {
            case .skipped: continue
            case let .section(name):
                if name == "playlist" {
                    if sawSection { playlist.warn(.line(line.number), "a second [playlist] section; its keys are merged") }
                    inSection = true
                    sawSection = true
                } else {
                    if inSection { playlist.warn(.line(line.number), "section [\(name)] ignored") }
                    inSection = false
                }
                continue
            case .other:
                if sawSection { playlist.warn(.line(line.number), "ignored line without '='") } else { garbageBefore += 1 }
                continue
            case let .pair(k, v):
                key = k
                value = v
            }
            if !inSection {
                if sawSection { continue }  // a key of another section
                if !Self.isEntryKey(key) { garbageBefore += 1; continue }
            }
            if key == "numberofentries" {
                if let n = Int(value) { declaredCount = (n, line.number) } else {
                    playlist.warn(.line(line.number), "NumberOfEntries \"\(value)\" is not a number")
                }
                continue
            }
            if key == "version" { continue }
            guard let (field, n) = Self.splitIndexedKey(key) else {
                playlist.warn(.line(line.number), "unknown key \"\(key)\" ignored")
                continue
            }
            var slot = slots[n] ?? Slot(keyLine: line.number)
            switch field {
            case "file":
                if slot.location != nil { playlist.warn(.line(line.number), "File\(n) given twice; the last one is used") }
                slot.location = value
                slot.fileLine = line.number
            case "title":
                slot.title = value.isEmpty ? nil : value
            case "length":
                if let seconds = Double(value), seconds.isFinite {
                    slot.length = seconds >= 0 ? seconds : nil
                } else if !value.isEmpty {
                    playlist.warn(.line(line.number), "Length\(n) \"\(value)\" is not a number")
                }
            default:
                playlist.warn(.line(line.number), "unknown key \"\(key)\" ignored")
            }
            slots[n] = slot
        }
        if garbageBefore > 0 {
            playlist.warn(nil, "\(garbageBefore) line(s) outside the [playlist] section ignored")
        }
        if !sawSection {
            guard !slots.isEmpty else {
                throw ImportError.malformedPLS(file: file, line: 1, message: "no [playlist] section and no FileN= entries")
            }
            playlist.warn(nil, "no [playlist] section header")
        }
        for n in slots.keys.sorted() {
            guard let slot = slots[n] else { continue }
            guard let location = slot.location, let fileLine = slot.fileLine else {
                playlist.warn(.line(slot.keyLine), "Title\(n)/Length\(n) without File\(n) ignored")
                continue
            }
            var entry = RawEntry(position: .line(fileLine))
            if !location.isEmpty { entry.locations = [RawLocation(text: EntryText(location), baseURI: nil)] }
            entry.title = EntryText(slot.title)
            entry.duration = slot.length
            playlist.entries.append(entry)
        }
        if let declaredCount, declaredCount.value != playlist.entries.count {
            playlist.warn(.line(declaredCount.line),
                          "NumberOfEntries=\(declaredCount.value) but \(playlist.entries.count) entries were found")
        }
        return playlist
    }

    private static func isEntryKey(_ key: String) -> Bool {
        key == "numberofentries" || key == "version" || splitIndexedKey(key) != nil
    }

    /// `file12` → ("file", 12).
    static func splitIndexedKey(_ key: String) -> (String, Int)? {
        for field in ["file", "title", "length"] where key.hasPrefix(field) {
            let digits = key.dropFirst(field.count)
            if !digits.isEmpty, digits.allSatisfy(\.isASCII), let n = Int(digits), n >= 0 { return (field, n) }
        }
        return nil
    }
}
