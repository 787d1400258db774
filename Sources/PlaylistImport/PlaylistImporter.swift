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
/// HLS, strict-mode XSPF violations) throw an `ImportError`.
public struct PlaylistImporter: Sendable {
    /// How to import.
    public struct Options: Sendable {
        /// Validate XSPF against the specification and reject any violation.
        public var strict: Bool
        /// Force a format instead of detecting it.
        public var format: PlaylistFormat?
        /// Follow entries that are themselves local playlists.
        public var followNestedPlaylists: Bool
        /// How many levels of nested playlists are followed.
        public var maxNestingDepth: Int

        public init(strict: Bool = false, format: PlaylistFormat? = nil, followNestedPlaylists: Bool = true, maxNestingDepth: Int = 8) {
            self.strict = strict
            self.format = format
            self.followNestedPlaylists = followNestedPlaylists
            self.maxNestingDepth = maxNestingDepth
        }
    }

    public var options: Options
    public var mapper: TrackMapper

    public init(options: Options = Options(), mapper: TrackMapper = TrackMapper()) {
        self.options = options
        self.mapper = mapper
    }

    /// Imports the playlist file at `url` (a local file).
    public func importPlaylist(at url: URL) throws -> ImportedPlaylist {
        let path = url.standardizedFileURL.path
        return try importFile(path: path, displayName: url.path, depth: 0, visiting: [Self.canonicalPath(path)])
    }

    /// Imports playlist bytes held in memory. Relative locations resolve against
    /// `baseDirectory` (default: the current directory); `fileExtension` (e.g.
    /// "m3u8") helps format detection when the content has no signature.
    public func importPlaylist(data: Data, name: String = "<input>", baseDirectory: URL? = nil,
                               fileExtension: String? = nil) throws -> ImportedPlaylist {
        let directory = baseDirectory?.standardizedFileURL.path ?? FileManager.default.currentDirectoryPath
        return try importBytes(data, displayName: name, directory: directory,
                               fileExtension: fileExtension?.lowercased() ?? TrackMapper.fileExtension(name),
                               documentURI: nil, depth: 0, visiting: [])
    }

    // MARK: - Internals

    private func importFile(path: String, displayName: String, depth: Int, visiting: Set<String>) throws -> ImportedPlaylist {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ImportError.unreadable(file: displayName, message: (error as NSError).localizedDescription)
        }
        let directory = (path as NSString).deletingLastPathComponent
        let documentURI = "file://" + URIReference.percentEncodedPath(path)
        return try importBytes(data, displayName: displayName, directory: directory.isEmpty ? "/" : directory,
                               fileExtension: TrackMapper.fileExtension(path), documentURI: documentURI,
                               depth: depth, visiting: visiting)
    }

    private func importBytes(_ data: Data, displayName: String, directory: String, fileExtension: String,
                             documentURI: String?, depth: Int, visiting: Set<String>) throws -> ImportedPlaylist {
        let decoded = ByteDecoder.decode([UInt8](data))
        let raw: RawPlaylist
        if decoded.text.allSatisfy({ $0.isWhitespace || $0 == "\u{FEFF}" }) {
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
                switch FormatDetector.detect(text: decoded.text, fileExtension: fileExtension) {
                case let .format(detected): format = detected
                case let .notAPlaylist(reason): throw ImportError.notAPlaylist(file: displayName, reason: reason)
                }
            }
            switch format {
            case .m3u: raw = try M3UReader(file: displayName).read(decoded.text)
            case .pls: raw = try PLSReader(file: displayName).read(decoded.text)
            case .xspf:
                let base = documentURI ?? LocationResolver.fileURI(forDirectory: directory) + "playlist.xspf"
                raw = try XSPFReader(file: displayName, documentURI: base, strict: options.strict).read(decoded, original: data)
            }
        }
        let resolver = LocationResolver(baseDirectory: directory)
        var warnings = raw.warnings.map { ImportWarning(file: displayName, position: $0.position, message: $0.message) }
        let entries = mapEntries(raw.entries, file: displayName, resolver: resolver, depth: depth, visiting: visiting)
        for entry in entries { if let nested = entry.nested { warnings += nested.warnings } }
        return ImportedPlaylist(file: displayName, format: raw.format, encoding: decoded.encoding, title: raw.title,
                                xspfVersion: raw.xspfVersion, entries: entries, warnings: warnings)
    }

    /// Maps entries in parallel chunks (each entry is independent: file checks dominate).
    private func mapEntries(_ raw: [RawEntry], file: String, resolver: LocationResolver, depth: Int, visiting: Set<String>) -> [PlaylistEntry] {
        let chunkSize = 1024
        guard raw.count > chunkSize else {
            return raw.map { mapEntry($0, file: file, resolver: resolver, depth: depth, visiting: visiting) }
        }
        var slots = [PlaylistEntry?](repeating: nil, count: raw.count)
        slots.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: (raw.count + chunkSize - 1) / chunkSize) { chunk in
                for i in (chunk * chunkSize)..<min(raw.count, (chunk + 1) * chunkSize) {
                    (base + i).pointee = mapEntry(raw[i], file: file, resolver: resolver, depth: depth, visiting: visiting)
                }
            }
        }
        return slots.compactMap { $0 }  // every slot was filled above
    }

    private func mapEntry(_ raw: RawEntry, file: String, resolver: LocationResolver, depth: Int, visiting: Set<String>) -> PlaylistEntry {
        var entry = PlaylistEntry(position: raw.position, file: file, depth: depth, location: raw.locations.first?.text,
                                  alternateLocations: raw.locations.dropFirst().map(\.text), identifiers: raw.identifiers,
                                  title: raw.title, artist: raw.artist, album: raw.album, duration: raw.duration,
                                  reference: .unresolved(reason: .noLocation))
        var firstFailure: (TrackReference, URL?)?
        // An XSPF `deam:` identifier names the song directly.
        for identifier in raw.identifiers {
            if case let .deamID(id) = resolver.resolve(identifier) {
                let reference = mapper.reference(forDEAMID: id)
                if reference.isResolved { entry.reference = reference; return entry }
                if firstFailure == nil { firstFailure = (reference, nil) }
            }
        }
        for location in raw.locations {
            let resolved = resolver.resolve(location.text, baseURI: location.baseURI)
            if case let .file(path, exists) = resolved, exists, options.followNestedPlaylists,
               TrackMapper.playlistExtensions.contains(TrackMapper.fileExtension(path)) {
                entry.resolvedURL = URL(fileURLWithPath: path)
                let (reference, nested) = followNested(path: path, depth: depth, visiting: visiting)
                entry.reference = reference
                entry.nested = nested
                return entry
            }
            let (reference, url) = mapper.map(resolved)
            if reference.isResolved {
                entry.reference = reference
                entry.resolvedURL = url
                return entry
            }
            if firstFailure == nil { firstFailure = (reference, url) }
        }
        if firstFailure == nil, let identifier = raw.identifiers.first {
            firstFailure = (.unresolved(reason: .noDEAMID(name: identifier)), nil)
        }
        if let matcher = mapper.metadataMatcher, raw.artist != nil || raw.title != nil,
           let id = matcher(raw.artist, raw.title) {
            let reference = mapper.reference(forDEAMID: id)
            if reference.isResolved { entry.reference = reference; return entry }
        }
        if let (reference, url) = firstFailure {
            entry.reference = reference
            entry.resolvedURL = url
        }
        return entry
    }

    private func followNested(path: String, depth: Int, visiting: Set<String>) -> (TrackReference, ImportedPlaylist?) {
        let canonical = Self.canonicalPath(path)
        if visiting.contains(canonical) { return (.unresolved(reason: .playlistCycle(path: path)), nil) }
        if depth + 1 > options.maxNestingDepth {
            return (.unresolved(reason: .nestingTooDeep(path: path, limit: options.maxNestingDepth)), nil)
        }
        do {
            let nested = try importFile(path: path, displayName: path, depth: depth + 1, visiting: visiting.union([canonical]))
            return (.unresolved(reason: .expandedPlaylist(path: path, entries: nested.entries.count)), nested)
        } catch {
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
