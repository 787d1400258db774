import Foundation
import DEAMData

/// Maps an interpreted location (or an XSPF identifier) to a `TrackReference`.
///
/// Rules, in order:
/// - `deam:1234` → `.deam(1234)` if the id is known, otherwise unresolved (unknown id);
/// - a `.csv` that exists → read as a DEAM per-frame feature file (`.featureFile`), or unresolved (unreadable);
/// - a file whose stem is a canonical integer (`1234.mp3`, `…/MEMD_audio/1234.mp3`,
///   `C:\DEAM\1234.wav`, a missing `1234.csv`) → `.deam(1234)` if known, else unknown id —
///   whether or not the file exists: the importer never needs DEAM's files;
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
                metadataMatcher: (@Sendable (String?, String?) -> Int?)? = nil) {
        self.knownDEAMIDs = knownDEAMIDs
        self.featureFileReader = featureFileReader
        self.audioFileResolver = audioFileResolver
        self.metadataMatcher = metadataMatcher
    }

    /// The id's reference: `.deam` if known, else unresolved.
    func reference(forDEAMID id: Int) -> TrackReference {
        knownDEAMIDs.contains(id) ? .deam(id: id) : .unresolved(reason: .unknownDEAMID(id))
    }

    /// Maps one interpreted location. Nested playlists are handled by the importer before this is called.
    func map(_ location: ResolvedLocation) -> (reference: TrackReference, url: URL?) {
        switch location {
        case let .deamID(id):
            return (reference(forDEAMID: id), nil)
        case let .network(text):
            let url = URL(string: text)
            if let ext = url.map({ $0.pathExtension.lowercased() }), ["m3u", "pls", "xspf"].contains(ext) {
                return (.unresolved(reason: .remotePlaylist(text)), url)
            }
            return (.unresolved(reason: .streamURL(text)), url)
        case let .otherScheme(scheme, text):
            return (.unresolved(reason: .unsupportedScheme(scheme: scheme, location: text)), URL(string: text))
        case let .invalid(text):
            return (.unresolved(reason: .invalidLocation(text)), nil)
        case let .windowsPath(path):
            let name = location.fileName ?? path
            if let id = Self.idInFileName(name) { return (reference(forDEAMID: id), nil) }
            return (.unresolved(reason: .missingFile(path: path)), nil)
        case let .file(path, exists):
            let url = URL(fileURLWithPath: path)
            let name = location.fileName ?? path
            let ext = Self.fileExtension(name)
            if ext == "csv", exists {
                do {
                    return (.featureFile(url: url, features: try featureFileReader.read(url)), url)
                } catch {
                    return (.unresolved(reason: .unreadableFeatureFile(path: path, message: String(describing: error))), url)
                }
            }
            if let id = Self.idInFileName(name) { return (reference(forDEAMID: id), url) }
            guard exists else { return (.unresolved(reason: .missingFile(path: path)), url) }
            if Self.audioExtensions.contains(ext) {
                if let resolved = audioFileResolver?(url) { return (resolved, url) }
                return (.unresolved(reason: .needsFeatureExtraction(path: path)), url)
            }
            return (.unresolved(reason: .unsupportedFileType(path: path)), url)
        }
    }

    /// `1234.mp3` → 1234 for audio and `.csv` names whose stem is a canonical integer.
    static func idInFileName(_ name: String) -> Int? {
        let ext = fileExtension(name)
        guard ext == "csv" || audioExtensions.contains(ext) else { return nil }
        let stem = name.dropLast(ext.count + 1)
        return LocationResolver.canonicalInteger(stem)
    }

    /// The lower-cased extension after the last dot ("" if none).
    static func fileExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
