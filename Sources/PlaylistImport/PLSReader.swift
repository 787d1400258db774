import Foundation

/// Reads PLS playlists (`[playlist]`, `FileN=`, `TitleN=`, `LengthN=`).
///
/// Keys are case-insensitive and may come in any order; numbering may have
/// gaps; entries are ordered by N. A wrong `NumberOfEntries`, comments
/// (`;` or `#`) and garbage before the section produce warnings, not errors.
struct PLSReader {
    var file: String

    private struct Slot {
        var fileLine: Int?
        var location: String?
        var title: String?
        var length: Double?
        var keyLine: Int
    }

    func read(_ text: String) throws -> RawPlaylist {
        var playlist = RawPlaylist(format: .pls)
        var slots = [Int: Slot]()
        var declaredCount: (value: Int, line: Int)?
        var inSection = false
        var sawSection = false
        var garbageBefore = 0
        for line in LineSplitter.lines(text) {
            var content = Substring(line.text)
            if content.first == "\u{FEFF}" { content = content.dropFirst() }
            let trimmed = content.trimmed()
            if trimmed.isEmpty || trimmed.hasPrefix(";") || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
                let name = trimmed.dropFirst().dropLast().trimmed().lowercased()
                if name == "playlist" {
                    if sawSection { playlist.warn(.line(line.number), "a second [playlist] section; its keys are merged") }
                    inSection = true
                    sawSection = true
                } else {
                    if inSection { playlist.warn(.line(line.number), "section [\(name)] ignored") }
                    inSection = false
                }
                continue
            }
            guard let equals = trimmed.firstIndex(of: "=") else {
                if sawSection { playlist.warn(.line(line.number), "ignored line without '='") } else { garbageBefore += 1 }
                continue
            }
            let key = trimmed[..<equals].trimmed().lowercased()
            let value = trimmed[trimmed.index(after: equals)...].trimmed()
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
            if !location.isEmpty { entry.locations = [RawLocation(text: location, baseURI: nil)] }
            entry.title = slot.title
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
