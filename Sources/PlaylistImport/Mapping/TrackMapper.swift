import Foundation
import DEAMData

/// Maps an interpreted location (or an XSPF identifier) to a `TrackReference`.
///
/// Rules, in order:
/// - `deam:1234` → `.deam(1234)` if the id is known, otherwise unresolved (unknown id);
/// - a `.csv` that exists → read as a DEAM per-frame feature file (`.featureFile`) when its
///   header is DEAM's (checked without echoing it), otherwise unresolved;
/// - an audio file that exists locally → the user's own audio, even when it is named `13.mp3`;
/// - a file whose stem is a canonical integer (`1234.mp3`) is a DEAM song only on evidence:
///   a DEAM folder in its path (`…/MEMD_audio/1234.mp3`, `C:\DEAM\1234.wav`, `features/1234.csv`),
///   a title naming DEAM and the id ("DEAM song 1234"), or a title and artist that agree with
///   `deamMetadata` for that id. Otherwise it stays unresolved (`.notADEAMSong`) with the reason;
/// - another audio file → `audioFileResolver` if set (the hook for feature extraction),
///   otherwise unresolved ("audio file needs feature extraction"); missing → missing file;
/// - network URLs, other schemes, other file types → unresolved with the reason.
public struct TrackMapper: Sendable {
    /// The DEAM song ids accepted.
    public var knownDEAMIDs: DEAMSongIDs
    /// Reads `.csv` feature files.
    public var featureFileReader: FeatureFileReader
    /// Resolves an existing audio file that is not a DEAM song (nil: "needs feature extraction").
    /// This is where audio feature extraction plugs in.
    public var audioFileResolver: (@Sendable (URL) -> TrackReference?)?
    /// Maps artist/title metadata to a DEAM id, for entries whose location names no song (e.g. a Last.fm export).
    public var metadataMatcher: (@Sendable (_ artist: String?, _ title: String?) -> Int?)?
    /// DEAM's artist and title for a song id, used to check entries whose only DEAM evidence is a
    /// numbered file name (nil: such entries are only accepted in a DEAM folder or with a DEAM title).
    public var deamMetadata: (@Sendable (Int) -> (artist: String?, title: String?)?)?

    /// Audio file extensions (lower case).
    public static let audioExtensions: Set<String> = [
        "mp3", "wav", "wave", "flac", "ogg", "oga", "opus", "m4a", "aac", "wma", "aif", "aiff", "aifc",
        "ape", "wv", "mpc", "mp2", "mka", "alac", "dsf", "dff", "au", "snd", "mid", "midi", "mp4", "m4b",
        "webm", "spx", "tta", "caf",
    ]
    /// Playlist file extensions (lower case), followed as nested playlists.
    public static let playlistExtensions: Set<String> = ["m3u", "m3u8", "pls", "xspf"]

    public init(knownDEAMIDs: DEAMSongIDs = .deamRange, featureFileReader: FeatureFileReader = .deamFrameFile,
                audioFileResolver: (@Sendable (URL) -> TrackReference?)? = nil,
                metadataMatcher: (@Sendable (String?, String?) -> Int?)? = nil,
                deamMetadata: (@Sendable (Int) -> (artist: String?, title: String?)?)? = nil) {
        self.knownDEAMIDs = knownDEAMIDs
        self.featureFileReader = featureFileReader
        self.audioFileResolver = audioFileResolver
        self.metadataMatcher = metadataMatcher
        self.deamMetadata = deamMetadata
    }

    /// The id's reference: `.deam` if known, else unresolved.
    func reference(forDEAMID id: Int) -> TrackReference {
        knownDEAMIDs.contains(id) ? .deam(id: id) : .unresolved(reason: .unknownDEAMID(id))
    }

    /// Maps one interpreted location. Nested playlists are handled by the importer before this is called.
    /// `title` and `artist` are the entry's own metadata, the evidence for numbered file names.
    func map(_ location: ResolvedLocation, title: String? = nil, artist: String? = nil) -> (reference: TrackReference, target: ResolvedTarget?) {
        switch location {
        case let .deamID(id):
            return (reference(forDEAMID: id), nil)
        case let .network(text):
            switch Self.urlPathExtension(text) {
            case "m3u", "pls", "xspf": return (.unresolved(reason: .remotePlaylist(text)), .url(text))
            default: break
            }
            return (.unresolved(reason: .streamURL(text)), .url(text))
        case let .otherScheme(scheme, text):
            return (.unresolved(reason: .unsupportedScheme(scheme: scheme, location: text)), .url(text))
        case let .invalid(text):
            return (.unresolved(reason: .invalidLocation(text)), nil)
        case let .nulCharacter(text):
            return (.unresolved(reason: .nulInLocation(text)), nil)
        case let .windowsPath(path):
            let name = location.fileName ?? path
            if let id = Self.idInFileName(name) {
                return (numbered(id, path: path, backslash: true, csv: Self.fileExtension(name) == "csv", title: title, artist: artist), nil)
            }
            return (.unresolved(reason: .missingFile(path: path)), nil)
        case let .file(path, exists):
            var path = path
            return (path.withUTF8 { mapFile($0, exists: exists, title: title, artist: artist) }, .file(path))
        }
    }

    /// Maps a local POSIX path (a `.file` location), given as UTF-8 bytes: a string is made only for
    /// what the result holds (a feature file's or an unresolved reason's path).
    func mapFile(_ path: UnsafeBufferPointer<UInt8>, exists: Bool, title: @autoclosure () -> String?,
                 artist: @autoclosure () -> String?) -> TrackReference {
        var start = path.count
        while start > 0, path[start - 1] != 0x2F { start -= 1 }
        let name = UnsafeBufferPointer(rebasing: path[start...])
        let ext = ExtensionKey(name)
        let csv = ext == .csv, audio = ext.isAudio
        func pathString() -> String { String(decoding: path, as: UTF8.self) }
        if csv, exists {
            let path = pathString()
            let url = URL(fileURLWithPath: path, isDirectory: false)
            do {
                return .featureFile(url: url, features: try featureFileReader.read(url))
            } catch {
                let message = (error as? FeatureFileRejection)?.description ?? "it could not be read as a DEAM feature file"
                return .unresolved(reason: .unreadableFeatureFile(path: path, message: message))
            }
        }
        // A numbered audio file that exists here is the user's own audio, not a DEAM song.
        if !(exists && audio), csv || audio, let id = Self.stemNumber(name) {
            if Self.isInDEAMFolder(path, backslash: false, csv: csv) { return reference(forDEAMID: id) }
            return numbered(id, path: pathString(), backslash: false, csv: csv, title: title(), artist: artist())
        }
        guard exists else { return .unresolved(reason: .missingFile(path: pathString())) }
        if audio {
            let path = pathString()
            if let resolved = audioFileResolver?(URL(fileURLWithPath: path, isDirectory: false)) { return resolved }
            return .unresolved(reason: .needsFeatureExtraction(path: path))
        }
        return .unresolved(reason: .unsupportedFileType(path: pathString()))
    }

    /// A numbered file name (`1234.mp3`; `csv`: `1234.csv`): DEAM song `id` only on evidence (see the type's rules).
    func numbered(_ id: Int, path: String, backslash: Bool, csv: Bool, title: String?, artist: String?) -> TrackReference {
        if Self.isInDEAMFolder(path, backslash: backslash, csv: csv) { return reference(forDEAMID: id) }
        func refuse(_ why: String) -> TrackReference { .unresolved(reason: .notADEAMSong(path: path, id: id, reason: why)) }
        let title = title.flatMap { $0.isEmpty ? nil : $0 }, artist = artist.flatMap { $0.isEmpty ? nil : $0 }
        guard title != nil || artist != nil else {
            return refuse("it is not in a DEAM folder (such as MEMD_audio) and has no title or artist to check")
        }
        if Self.namesDEAM(title, id: id) || Self.namesDEAM(artist, id: id) { return reference(forDEAMID: id) }
        guard let lookup = deamMetadata else {
            return refuse("it is not in a DEAM folder (such as MEMD_audio) and its title and artist cannot be checked without DEAM's metadata")
        }
        guard let known = lookup(id) else { return refuse("DEAM has no title or artist for song \(id) to check against") }
        if let title, let deamTitle = known.title, Self.contradicts(title, deamTitle) {
            return refuse("its title \"\(title)\" is not DEAM song \(id)'s \"\(deamTitle)\"")
        }
        if let artist, let deamArtist = known.artist, Self.contradicts(artist, deamArtist) {
            return refuse("its artist \"\(artist)\" is not DEAM song \(id)'s \"\(deamArtist)\"")
        }
        return reference(forDEAMID: id)
    }

    /// Folders that mark DEAM's files: `MEMD_audio`, any folder whose name contains "deam", and `features` for `.csv`.
    /// Folders end at `/` (and at `\\` when `backslash`).
    static func isInDEAMFolder(_ path: String, backslash: Bool, csv: Bool) -> Bool {
        var path = path
        return path.withUTF8 { isInDEAMFolder($0, backslash: backslash, csv: csv) }
    }

    /// `isInDEAMFolder` of a path's UTF-8 bytes (one pass; a folder is checked when its separator is reached).
    static func isInDEAMFolder(_ bytes: UnsafeBufferPointer<UInt8>, backslash: Bool, csv: Bool) -> Bool {
        var start = 0
        for i in 0..<bytes.count {
            let b = bytes[i]
            guard b == 0x2F || (backslash && b == 0x5C) else { continue }
            if i - start >= 4 {
                let folder = UnsafeBufferPointer(rebasing: bytes[start..<i])
                if equalsIgnoringASCIICase(folder, "memd_audio") || containsIgnoringASCIICase(folder, "deam")
                    || (csv && equalsIgnoringASCIICase(folder, "features")) { return true }
            }
            start = i + 1
        }
        return false
    }

    private static func equalsIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        for k in 0..<bytes.count {
            var b = bytes[k]
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            if b != word.utf8Start[k] { return false }
        }
        return true
    }

    private static func containsIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard bytes.count >= n else { return false }
        // Candidates are found by their first byte alone; most bytes are not one.
        let first = word.utf8Start[0] | 0x20
        for start in 0..<(bytes.count - n + 1) where bytes[start] | 0x20 == first
            && equalsIgnoringASCIICase(UnsafeBufferPointer(rebasing: bytes[start..<(start + n)]), word) {
            return true
        }
        return false
    }

    /// "DEAM song 1234", "deam 1234": metadata that names DEAM and this id.
    static func namesDEAM(_ text: String?, id: Int) -> Bool {
        guard let text else { return false }
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return words.contains("deam") && words.contains(Substring(String(id)))
    }

    /// Two names contradict when, reduced to lower-case letters and digits, neither contains the other.
    static func contradicts(_ a: String, _ b: String) -> Bool {
        func reduced(_ s: String) -> String { String(s.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init)) }
        let x = reduced(a), y = reduced(b)
        if x.isEmpty || y.isEmpty { return false }
        return !(x.contains(y) || y.contains(x))
    }

    /// The lower-cased extension of a URL's path (query and fragment ignored), without building a `URL`.
    static func urlPathExtension(_ text: String) -> String {
        // Every delimiter is ASCII: the cuts are found on the contiguous bytes and the name is made a string once.
        var copy = text
        return copy.withUTF8 { bytes in
            let end = bytes.firstIndex(where: { $0 == 0x3F || $0 == 0x23 }) ?? bytes.count
            var start = 0
            if let colon = bytes[..<end].firstIndex(of: 0x3A), end - colon >= 3, bytes[colon + 1] == 0x2F, bytes[colon + 2] == 0x2F {
                guard let slash = bytes[(colon + 3)..<end].firstIndex(of: 0x2F) else { return "" }
                start = slash
            }
            var name = end
            while name > start, bytes[name - 1] != 0x2F { name -= 1 }
            return fileExtension(String(decoding: UnsafeBufferPointer(rebasing: bytes[name..<end]), as: UTF8.self))
        }
    }

    /// `1234.mp3` → 1234 for audio and `.csv` names whose stem is a canonical integer.
    static func idInFileName(_ name: String) -> Int? {
        var name = name
        return name.withUTF8 { name in
            let ext = ExtensionKey(name)
            return ext == .csv || ext.isAudio ? stemNumber(name) : nil
        }
    }

    /// The name's stem (the bytes before the last dot) read as a canonical integer (`LocationResolver.canonicalInteger`).
    static func stemNumber(_ name: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let dot = name.lastIndex(of: 0x2E) else { return nil }
        let stem = UnsafeBufferPointer(rebasing: name[..<dot])
        guard !stem.isEmpty, stem.count <= 9, !(stem.count > 1 && stem[0] == 0x30) else { return nil }
        var id = 0
        for b in stem {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            id = id * 10 + Int(b - 0x30)
        }
        return id
    }

    /// The lower-cased extension after the last dot ("" if none).
    static func fileExtension(_ name: String) -> String {
        var name = name
        return name.withUTF8 { fileExtension($0) }
    }

    /// `fileExtension` of a name's UTF-8 bytes.
    static func fileExtension(_ name: UnsafeBufferPointer<UInt8>) -> String {
        var start = name.count
        while start > 0, name[start - 1] != 0x2E { start -= 1 }
        guard start > 1 else { return "" }  // no dot, or only a leading one
        // The dot is ASCII: the bytes after it are whole characters.
        let tail = UnsafeBufferPointer(rebasing: name[start...])
        let ext = String(decoding: tail, as: UTF8.self)
        return tail.allSatisfy { $0 < 0x41 || ($0 > 0x5A && $0 < 0x80) } ? ext : ext.lowercased()
    }
}

/// A file name's extension as `TrackMapper.fileExtension` gives it, packed in a word for the extension
/// sets' checks without a string: up to eight ASCII bytes, lower-cased. Longer or non-ASCII extensions,
/// which no set holds, and names without one are all `.other`.
struct ExtensionKey: Equatable {
    let value: UInt64

    static let other = ExtensionKey(value: 0)
    static let csv = ExtensionKey("csv")
    /// `TrackMapper.audioExtensions`, sorted.
    private static let audio = TrackMapper.audioExtensions.map { ExtensionKey($0).value }.sorted()

    private init(value: UInt64) {
        self.value = value
    }

    init(_ ext: String) {
        var ext = ext
        self = ext.withUTF8 { Self(extension: $0) }
    }

    /// The extension of a file name's UTF-8 bytes (after the last dot, which must not lead the name).
    init(_ name: UnsafeBufferPointer<UInt8>) {
        var start = name.count
        while start > 0, name[start - 1] != 0x2E { start -= 1 }
        self = start > 1 ? Self(extension: UnsafeBufferPointer(rebasing: name[start...])) : .other
    }

    private init(extension ext: UnsafeBufferPointer<UInt8>) {
        guard !ext.isEmpty, ext.count <= 8 else { self = .other; return }
        var value: UInt64 = 0
        for (k, b) in ext.enumerated() {
            guard b < 0x80 else { self = .other; return }
            value |= UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) << (8 * k)
        }
        self.value = value
    }

    /// True for the extensions of `TrackMapper.audioExtensions`.
    var isAudio: Bool {
        guard value != 0 else { return false }
        let keys = Self.audio
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < keys.count && keys[low] == value
    }
}
