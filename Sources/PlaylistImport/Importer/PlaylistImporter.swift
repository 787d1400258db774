import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Imports M3U/M3U8, XSPF and PLS playlists and maps every entry to a track.
///
/// ```swift
/// let playlist = try PlaylistImporter().importPlaylist(at: URL(fileURLWithPath: "mix.m3u8"))
/// for entry in playlist.tracks { print(entry.position, entry.reference) }
/// ```
///
/// A playlist with bad entries still imports: each entry carries its outcome
/// and reason. Only files that are not playlists (empty, binary, malformed XML,
/// HLS, strict-mode XSPF violations, DTDs in strict mode) or that break a limit
/// throw an `ImportError`, which names the file and, where known, the line or entry.
///
/// Limits (`Options.limits`, documented defaults, each can be raised):
/// - file size: 64 MiB per playlist file (`maxFileBytes`, 1 byte … 2 GiB − 1);
/// - entries: 1,000,000 in one import, nested playlists included (`maxEntries`, 1 … 100,000,000);
/// - nested playlists followed: 1,000 in one import (`maxNestedPlaylists`, 0 … 1,000,000);
/// - nesting depth: 8 (`Options.maxNestingDepth`, 0 … 64); a file is never followed twice on one path (cycles);
/// - entity expansion: none — XML entities are never expanded and DTDs never loaded.
///
/// Two lanes give the same results (`lane`, internal; `LaneEquivalenceTests` runs both): the byte lane, the
/// default, scans M3U and PLS lines and resolves and maps the usual plain locations on the file's bytes, lending
/// texts to streamed entries; the string lane reads every line, location and text through the string logic and
/// asks the file system for every path (no folder cache).
public struct PlaylistImporter: Sendable {
    /// How the texts of a playlist are read (see the type's description).
    enum Lane: Sendable {
        /// Bytes where the byte logic decides alone (the default).
        case bytes
        /// Strings throughout: the reference the byte lane is checked against.
        case strings
    }

    /// Bounds on the work one import may do; breaking one throws an `ImportError` naming the file.
    public struct Limits: Sendable, Equatable {
        /// Largest playlist file read, in bytes (default 64 MiB).
        public var maxFileBytes: Int
        /// Most entries in one import, nested playlists included (default 1,000,000).
        public var maxEntries: Int
        /// Most nested playlists followed in one import (default 1,000).
        public var maxNestedPlaylists: Int

        public static let maxFileBytesRange = 1...Int(Int32.max)
        public static let maxEntriesRange = 1...100_000_000
        public static let maxNestedPlaylistsRange = 0...1_000_000

        public init(maxFileBytes: Int = 64 << 20, maxEntries: Int = 1_000_000, maxNestedPlaylists: Int = 1_000) {
            self.maxFileBytes = maxFileBytes
            self.maxEntries = maxEntries
            self.maxNestedPlaylists = maxNestedPlaylists
        }
    }

    /// How to import.
    public struct Options: Sendable {
        /// Validate XSPF against the specification and reject any violation (and any DTD).
        public var strict: Bool
        /// Force a format instead of detecting it.
        public var format: PlaylistFormat?
        /// Follow entries that are themselves local playlists.
        public var followNestedPlaylists: Bool
        /// How many levels of nested playlists are followed (`nestingDepthRange`: 0 … 64).
        public var maxNestingDepth: Int
        /// Size and work limits.
        public var limits: Limits

        /// The allowed nesting depths.
        public static let nestingDepthRange = 0...64

        public init(strict: Bool = false, format: PlaylistFormat? = nil, followNestedPlaylists: Bool = true,
                    maxNestingDepth: Int = 8, limits: Limits = Limits()) {
            self.strict = strict
            self.format = format
            self.followNestedPlaylists = followNestedPlaylists
            self.maxNestingDepth = maxNestingDepth
            self.limits = limits
        }

        /// Throws `ImportError.invalidOption` for a value outside its documented range.
        public func validate() throws {
            func check(_ name: String, _ value: Int, _ range: ClosedRange<Int>) throws {
                guard range.contains(value) else { throw ImportError.invalidOption(name: name, value: value, range: range) }
            }
            try check("maximum nesting depth", maxNestingDepth, Self.nestingDepthRange)
            try check("maximum file size", limits.maxFileBytes, Limits.maxFileBytesRange)
            try check("maximum entries", limits.maxEntries, Limits.maxEntriesRange)
            try check("maximum nested playlists", limits.maxNestedPlaylists, Limits.maxNestedPlaylistsRange)
        }
    }

    /// What a streamed import returns besides its tracks.
    struct Summary: Sendable {
        var file: String
        var format: PlaylistFormat
        var encoding: TextEncodingKind
        var title: String?
        var xspfVersion: Int?
        /// Tracks handed to the callback (nested playlists expanded).
        var trackCount: Int
        var warnings: [ImportWarning]
    }

    public var options: Options
    public var mapper: TrackMapper
    /// The lane the texts are read in; set only by tests (the string lane is the byte lane's reference).
    var lane = Lane.bytes

    public init(options: Options = Options(), mapper: TrackMapper = TrackMapper()) {
        self.options = options
        self.mapper = mapper
    }

    /// Imports the playlist file at `url` (a local file).
    public func importPlaylist(at url: URL) throws -> ImportedPlaylist {
        try options.validate()
        let path = url.standardizedFileURL.path
        return try importFile(path: path, displayName: url.path, depth: 0, visiting: [Self.canonicalPath(path)], session: Session(lane: lane, sink: nil))
    }

    /// Imports the playlist file at `url` and hands every track (nested playlists expanded in
    /// place, as in `ImportedPlaylist.tracks`) to `body` once the file has been read and
    /// validated, without keeping the entries: memory does not grow with the playlist.
    /// A `StreamedEntry`'s texts may be lent by the playlist's bytes and are valid only during the
    /// call (`PlaylistEntry(_:)` keeps one). `onStart` receives the top file's encoding once it has
    /// been read and parsed, before the first track.
    func streamPlaylist(at url: URL, onStart: @escaping (TextEncodingKind) throws -> Void = { _ in },
                               _ body: @escaping (StreamedEntry) throws -> Void) throws -> Summary {
        try options.validate()
        let path = url.standardizedFileURL.path
        let session = Session(lane: lane, sink: body)
        session.onStart = onStart
        let playlist = try importFile(path: path, displayName: url.path, depth: 0, visiting: [Self.canonicalPath(path)], session: session)
        return Summary(file: playlist.file, format: playlist.format, encoding: playlist.encoding, title: playlist.title,
                       xspfVersion: playlist.xspfVersion, trackCount: session.tracks, warnings: playlist.warnings)
    }

    /// Imports playlist bytes held in memory. Relative locations resolve against
    /// `baseDirectory` (default: the current directory); `fileExtension` (e.g.
    /// "m3u8") helps format detection when the content has no signature.
    public func importPlaylist(data: Data, name: String = "<input>", baseDirectory: URL? = nil,
                               fileExtension: String? = nil) throws -> ImportedPlaylist {
        try options.validate()
        guard data.count <= options.limits.maxFileBytes else {
            throw ImportError.fileTooLarge(file: name, bytes: data.count, limit: options.limits.maxFileBytes)
        }
        let directory = baseDirectory?.standardizedFileURL.path ?? FileManager.default.currentDirectoryPath
        return try importBytes([UInt8](data), displayName: name, directory: directory,
                               fileExtension: fileExtension?.lowercased() ?? TrackMapper.fileExtension(name),
                               documentURI: nil, depth: 0, visiting: [], session: Session(lane: lane, sink: nil))
    }

    // MARK: - Internals

    /// State shared by the files of one import: the work budget, the folder cache, the stream sink.
    final class Session {
        var entries = 0
        var nestedPlaylists = 0
        var tracks = 0
        let cache: PathCache
        let sink: ((StreamedEntry) throws -> Void)?
        var onStart: ((TextEncodingKind) throws -> Void)?

        init(lane: Lane, sink: ((StreamedEntry) throws -> Void)?) {
            cache = PathCache(remembersFolders: lane == .bytes)
            self.sink = sink
        }
    }

    private func importFile(path: String, displayName: String, depth: Int, visiting: Set<String>, session: Session) throws -> ImportedPlaylist {
        let bytes = try Self.readFile(path: path, displayName: displayName, limit: options.limits.maxFileBytes)
        let directory = (path as NSString).deletingLastPathComponent
        let documentURI = "file://" + URIReference.percentEncodedPath(path)
        return try importBytes(bytes, displayName: displayName, directory: directory.isEmpty ? "/" : directory,
                               fileExtension: TrackMapper.fileExtension(path), documentURI: documentURI,
                               depth: depth, visiting: visiting, session: session)
    }

    /// Reads a whole regular file, refusing directories, FIFOs, sockets and devices (opened
    /// without blocking) and files over `limit`, with plain messages for system errors.
    static func readFile(path: String, displayName: String, limit: Int) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw ImportError.unreadable(file: displayName, message: plainError(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ImportError.unreadable(file: displayName, message: plainError(errno)) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw ImportError.notARegularFile(file: displayName, kind: "a directory")
        case S_IFIFO: throw ImportError.notARegularFile(file: displayName, kind: "a FIFO (named pipe)")
        case S_IFSOCK: throw ImportError.notARegularFile(file: displayName, kind: "a socket")
        case S_IFCHR, S_IFBLK: throw ImportError.notARegularFile(file: displayName, kind: "a device")
        default: throw ImportError.notARegularFile(file: displayName, kind: "a special file")
        }
        let size = Int(info.st_size)
        guard size <= limit else { throw ImportError.fileTooLarge(file: displayName, bytes: size, limit: limit) }
        // Read into uninitialised memory (no zero-filling pass); one byte more than the size shows growth.
        var count = 0
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, initialized in
            while count < buffer.count {
                let n = read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                count += n
            }
            initialized = count
        }
        if failure != 0 { throw ImportError.unreadable(file: displayName, message: plainError(failure)) }
        // The file grew while being read (the spare byte was filled): read on, in growing blocks.
        var grew = count == size + 1
        while grew {
            guard bytes.count <= limit else { throw ImportError.fileTooLarge(file: displayName, bytes: bytes.count, limit: limit) }
            bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count / 2)))
            while count < bytes.count {
                let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ImportError.unreadable(file: displayName, message: plainError(errno))
                }
                if n == 0 { break }
                count += n
            }
            grew = count == bytes.count
        }
        guard count <= limit else { throw ImportError.fileTooLarge(file: displayName, bytes: count, limit: limit) }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// A system error in plain words.
    static func plainError(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case ELOOP: return "too many levels of symbolic links (a symbolic link loop)"
        case ENOTDIR: return "a component of the path is not a folder"
        case ENAMETOOLONG: return "the path is too long"
        case EISDIR: return "it is a directory"
        case EMFILE, ENFILE: return "too many open files"
        case EIO: return "input/output error"
        default: return String(cString: strerror(code))
        }
    }

    private func importBytes(_ bytes: [UInt8], displayName: String, directory: String, fileExtension: String,
                             documentURI: String?, depth: Int, visiting: Set<String>, session: Session) throws -> ImportedPlaylist {
        let decoded = ByteDecoder.decode(bytes)
        let raw: RawPlaylist
        if Self.isBlank(decoded.utf8) {
            // An empty .m3u/.pls is a valid empty playlist (players write them); anything else is not a playlist.
            guard options.format == .m3u || options.format == .pls || ["m3u", "m3u8", "pls"].contains(fileExtension) else {
                throw ImportError.empty(file: displayName)
            }
            var empty = RawPlaylist(format: options.format ?? (fileExtension == "pls" ? .pls : .m3u))
            empty.warn(nil, "the playlist is empty")
            raw = empty
        } else {
            let format: PlaylistFormat
            if let forced = options.format {
                format = forced
            } else {
                switch FormatDetector.detect(text: Self.head(decoded.utf8), fileExtension: fileExtension) {
                case let .format(detected): format = detected
                case let .notAPlaylist(reason): throw ImportError.notAPlaylist(file: displayName, reason: reason)
                }
            }
            let maxEntries = options.limits.maxEntries
            switch format {
            case .m3u: raw = try M3UReader(file: displayName, maxEntries: maxEntries, stringsOnly: lane == .strings).read(decoded)
            case .pls: raw = try PLSReader(file: displayName, stringsOnly: lane == .strings).read(decoded)
            case .xspf:
                let base = documentURI ?? LocationResolver.fileURI(forDirectory: directory) + "playlist.xspf"
                raw = try XSPFReader(file: displayName, documentURI: base, strict: options.strict, maxEntries: maxEntries).read(decoded)
            }
        }
        if let onStart = session.onStart {
            session.onStart = nil
            try onStart(decoded.encoding)
        }
        let resolver = LocationResolver(baseDirectory: directory, cache: session.cache, plainOnBytes: lane == .bytes)
        let mapping = FileMapping(importer: self, file: displayName, resolver: resolver, depth: depth, visiting: visiting, session: session)
        if session.sink == nil { mapping.entries.reserveCapacity(raw.entries.count) }
        let readerWarnings = try raw.warnings + raw.entries.forEach { try mapping.add($0) }
        let warnings = readerWarnings.map { ImportWarning(file: displayName, position: $0.position, message: $0.message) }
        return ImportedPlaylist(file: displayName, format: raw.format, encoding: decoded.encoding, title: raw.title,
                                xspfVersion: raw.xspfVersion, entries: mapping.entries,
                                warnings: warnings + mapping.warnings + mapping.nestedWarnings)
    }

    /// The mapping of one file's entries: what `add` needs, held once (the per-entry closure captures this
    /// reference alone, not a copy of the importer), and what it gathers.
    private final class FileMapping {
        let importer: PlaylistImporter
        let file: String
        let resolver: LocationResolver
        let depth: Int
        let visiting: Set<String>
        let session: Session
        /// The entries' own warnings (after the reader's).
        var warnings = [ImportWarning]()
        var nestedWarnings = [ImportWarning]()
        /// The entries, unless they go to the session's sink.
        var entries = [PlaylistEntry]()

        init(importer: PlaylistImporter, file: String, resolver: LocationResolver, depth: Int, visiting: Set<String>, session: Session) {
            self.importer = importer
            self.file = file
            self.resolver = resolver
            self.depth = depth
            self.visiting = visiting
            self.session = session
        }

        /// Maps one entry and hands it to the sink (a followed playlist's tracks went there already) or keeps it.
        func add(_ raw: borrowing RawEntry) throws {
            session.entries += 1
            let limit = importer.options.limits.maxEntries
            if session.entries > limit { throw ImportError.tooManyEntries(file: file, position: raw.position, limit: limit) }
            var nested: ImportedPlaylist?
            let entry = try importer.mapEntry(raw, file: file, resolver: resolver, depth: depth, visiting: visiting,
                                              session: session, warnings: &warnings, nested: &nested)
            if let nested { nestedWarnings += nested.warnings }
            if let sink = session.sink {
                if nested == nil {
                    session.tracks += 1
                    try sink(entry)
                }
            } else {
                entries.append(PlaylistEntry(entry, nested: nested))
            }
        }
    }

    /// True when the text holds only white space and byte order marks.
    static func isBlank(_ utf8: [UInt8]) -> Bool {
        for byte in utf8 where !(byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)) {
            if byte >= 0x80 { return String(decoding: utf8, as: UTF8.self).allSatisfy { $0.isWhitespace || $0 == "\u{FEFF}" } }
            return false
        }
        return true
    }

    /// The first megabyte of the text (cut at a line break), enough for format detection.
    static func head(_ utf8: [UInt8]) -> String {
        let limit = 1 << 20
        guard utf8.count > limit else { return String(decoding: utf8, as: UTF8.self) }
        var end = limit
        while end > 0, utf8[end - 1] != 0x0A, utf8[end - 1] != 0x0D { end -= 1 }
        if end == 0 { end = limit; while end > 0, utf8[end] & 0xC0 == 0x80 { end -= 1 } }
        return String(decoding: utf8[..<end], as: UTF8.self)
    }

    /// Metadata with a NUL character keeps its text: the NUL becomes U+FFFD, with a warning.
    private static func cleaned(_ text: EntryText, field: String, position: EntryPosition, file: String,
                                warnings: inout [ImportWarning]) -> EntryText {
        guard text.contains(byte: 0), let string = text.string else { return text }
        warnings.append(ImportWarning(file: file, position: position, message: "the \(field) contains a NUL character, shown as U+FFFD"))
        return EntryText(string.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}"))
    }

    /// The entry `raw` stands for, mapped; a followed nested playlist's contents go to `nested`.
    fileprivate func mapEntry(_ raw: borrowing RawEntry, file: String, resolver: LocationResolver, depth: Int, visiting: Set<String>,
                          session: Session, warnings: inout [ImportWarning], nested: inout ImportedPlaylist?) throws -> StreamedEntry {
        let title = Self.cleaned(raw.title, field: "title", position: raw.position, file: file, warnings: &warnings)
        let artist = Self.cleaned(raw.artist, field: "artist", position: raw.position, file: file, warnings: &warnings)
        let album = Self.cleaned(raw.album, field: "album", position: raw.position, file: file, warnings: &warnings)
        let outcome = try self.outcome(of: raw, title: title, artist: artist, file: file, resolver: resolver, depth: depth,
                                       visiting: visiting, session: session, nested: &nested)
        var alternates = [String]()
        if raw.locations.count > 1 { alternates = raw.locations.dropFirst().map { $0.text.string ?? "" } }
        return StreamedEntry(position: raw.position, file: file, depth: depth, location: raw.locations.first?.text ?? .none,
                             alternateLocations: alternates, identifiers: raw.identifiers, title: title, artist: artist,
                             album: album, duration: raw.duration, reference: outcome.reference, resolved: outcome.resolved,
                             resolvedLocal: outcome.resolvedLocal)
    }

    /// What an entry maps to: its reference and where its location resolved.
    private struct Outcome {
        var reference = TrackReference.unresolved(reason: .noLocation)
        var resolved: ResolvedTarget?
        /// The local path the location resolved to, kept as a rule to apply to the location (`resolved` is then nil).
        var resolvedLocal: StreamedEntry.LocalPath?
    }

    /// The first identifier, then the first location, that resolves; else what the metadata matcher finds;
    /// else the first failure (or "no location"). A followed playlist's contents go to `nested` (it is not
    /// part of `Outcome`: an optional playlist would be copied for every entry).
    private func outcome(of raw: borrowing RawEntry, title: EntryText, artist: EntryText, file: String, resolver: LocationResolver, depth: Int,
                         visiting: Set<String>, session: Session, nested: inout ImportedPlaylist?) throws -> Outcome {
        var firstFailure: Outcome?
        // An XSPF `deam:` identifier names the song directly.
        for identifier in raw.identifiers {
            if case let .deamID(id) = resolver.resolve(identifier) {
                let reference = mapper.reference(forDEAMID: id)
                if reference.isResolved { return Outcome(reference: reference) }
                if firstFailure == nil { firstFailure = Outcome(reference: reference) }
            }
        }
        for location in raw.locations {
            let (outcome, final) = try self.outcome(ofLocation: location.text, baseURI: location.baseURI,
                                                    title: title, artist: artist, position: raw.position, file: file,
                                                    resolver: resolver, depth: depth, visiting: visiting, session: session, nested: &nested)
            if final { return outcome }
            firstFailure = firstFailure ?? outcome
        }
        if firstFailure == nil, let identifier = raw.identifiers.first {
            firstFailure = Outcome(reference: .unresolved(reason: .noDEAMID(name: identifier)))
        }
        if let matcher = mapper.metadataMatcher, !artist.isNone || !title.isNone, let id = matcher(artist.string, title.string) {
            let reference = mapper.reference(forDEAMID: id)
            if reference.isResolved { return Outcome(reference: reference) }
        }
        return firstFailure ?? Outcome()
    }

    /// What one location maps to; `final` when no later location is tried (it resolved, or it is a followed playlist).
    private func outcome(ofLocation text: EntryText, baseURI: String?, title: EntryText, artist: EntryText, position: EntryPosition,
                         file: String, resolver: LocationResolver, depth: Int, visiting: Set<String>, session: Session,
                         nested: inout ImportedPlaylist?) throws -> (Outcome, final: Bool) {
        // The usual M3U/PLS location (a plain path or `file:///` URI) is resolved and mapped on its bytes, with no
        // string made for it, unless it is a playlist to follow; `resolve` would find the same file.
        if lane == .bytes, baseURI == nil, let mapped = text.withUTF8({ location -> Outcome? in
            guard let local = resolver.resolvePlain(location) else { return nil }
            if local.exists, options.followNestedPlaylists, TrackMapper.playlistExtensions.contains(TrackMapper.fileExtension(local.path)) {
                return nil
            }
            return Outcome(reference: mapper.mapFile(local.path, exists: local.exists, title: title.string, artist: artist.string),
                           resolvedLocal: local.rule)
        }) ?? nil {
            return (mapped, mapped.reference.isResolved)
        }
        let resolved = resolver.resolve(text.string ?? "", baseURI: baseURI)
        if case let .file(path, exists) = resolved, exists, options.followNestedPlaylists,
           TrackMapper.playlistExtensions.contains(TrackMapper.fileExtension(path)) {
            let reference: TrackReference
            (reference, nested) = try followNested(path: path, from: file, position: position, depth: depth,
                                                   visiting: visiting, session: session)
            return (Outcome(reference: reference, resolved: .file(path)), true)
        }
        let (reference, target) = mapper.map(resolved, title: title.string, artist: artist.string)
        return (Outcome(reference: reference, resolved: target), reference.isResolved)
    }

    /// Follows a nested playlist: at most `maxNestingDepth` levels, never a file already open on this
    /// path, and at most `maxNestedPlaylists` files in the whole import (fan-out is bounded).
    private func followNested(path: String, from file: String, position: EntryPosition, depth: Int, visiting: Set<String>,
                              session: Session) throws -> (TrackReference, ImportedPlaylist?) {
        let canonical = Self.canonicalPath(path)
        if visiting.contains(canonical) { return (.unresolved(reason: .playlistCycle(path: path)), nil) }
        // A link named like a playlist to a file that is not one (`/etc/passwd`) is not followed: its
        // lines would be read, and shown, as locations.
        guard TrackMapper.playlistExtensions.contains(TrackMapper.fileExtension(canonical)) else {
            return (.unresolved(reason: .nestedPlaylistFailed(
                path: path, message: "\(path) is a link to a file that is not a playlist (no .m3u, .m3u8, .pls or .xspf name); not followed")), nil)
        }
        if depth + 1 > options.maxNestingDepth {
            return (.unresolved(reason: .nestingTooDeep(path: path, limit: options.maxNestingDepth)), nil)
        }
        session.nestedPlaylists += 1
        if session.nestedPlaylists > options.limits.maxNestedPlaylists {
            throw ImportError.tooManyNestedPlaylists(file: file, position: position, limit: options.limits.maxNestedPlaylists)
        }
        do {
            let nested = try importFile(path: path, displayName: path, depth: depth + 1, visiting: visiting.union([canonical]), session: session)
            return (.unresolved(reason: .expandedPlaylist(path: path, entries: nested.entries.count)), nested)
        } catch let error as ImportError {
            switch error {
            case .tooManyEntries, .tooManyNestedPlaylists: throw error  // the whole import's budget
            default: return (.unresolved(reason: .nestedPlaylistFailed(path: path, message: error.description)), nil)
            }
        } catch {
            if session.sink != nil { throw error }  // the caller's own error, from its callback
            return (.unresolved(reason: .nestedPlaylistFailed(path: path, message: String(describing: error))), nil)
        }
    }

    /// The path with symbolic links resolved, for cycle detection.
    static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
