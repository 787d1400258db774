import Foundation
import DEAMData

/// What a playlist entry maps to.
public enum TrackReference: Sendable, CustomStringConvertible {
    /// A song of the DEAM dataset, by its song id.
    case deam(id: Int)
    /// A DEAM-format per-frame openSMILE feature file, reduced to the model's song vector.
    case featureFile(url: URL, features: SongFeatureVector)
    /// The user's own audio file, with features extracted from it (openSMILE,
    /// DEAM's layout); `contentHash` is the SHA-256 of the file's bytes.
    case audio(url: URL, features: SongFeatureVector, contentHash: String)
    /// Nothing usable; the reason says why.
    case unresolved(reason: UnresolvedReason)

    /// True unless `.unresolved`.
    public var isResolved: Bool {
        if case .unresolved = self { return false }
        return true
    }

    /// The DEAM song id, when this is `.deam`.
    public var deamID: Int? {
        if case let .deam(id) = self { return id }
        return nil
    }

    /// The reason, when this is `.unresolved`.
    public var unresolvedReason: UnresolvedReason? {
        if case let .unresolved(reason) = self { return reason }
        return nil
    }

    /// The song feature vector, for feature files and audio.
    public var features: SongFeatureVector? {
        switch self {
        case let .featureFile(_, features), let .audio(_, features, _): return features
        case .deam, .unresolved: return nil
        }
    }

    /// A short outcome label: `deam`, `features`, `audio` or `unresolved`.
    public var kind: String {
        switch self {
        case .deam: return "deam"
        case .featureFile: return "features"
        case .audio: return "audio"
        case .unresolved: return "unresolved"
        }
    }

    public var description: String {
        switch self {
        case let .deam(id): return "deam:\(id)"
        case let .featureFile(url, features): return "features \(url.path) (\(features.values.count) values)"
        case let .audio(url, _, _): return "resolved as audio \(url.path)"
        case let .unresolved(reason): return "unresolved: \(reason)"
        }
    }
}

extension TrackReference: Equatable {
    public static func == (lhs: TrackReference, rhs: TrackReference) -> Bool {
        switch (lhs, rhs) {
        case let (.deam(a), .deam(b)): return a == b
        case let (.featureFile(u1, f1), .featureFile(u2, f2)):
            return u1 == u2 && f1.names == f2.names && f1.values == f2.values
        case let (.audio(u1, f1, h1), .audio(u2, f2, h2)):
            return u1 == u2 && h1 == h2 && f1.names == f2.names && f1.values == f2.values
        case let (.unresolved(a), .unresolved(b)): return a == b
        default: return false
        }
    }
}

/// Why an entry could not be mapped to a track.
public enum UnresolvedReason: Hashable, Sendable, CustomStringConvertible {
    /// A local file whose name carries no DEAM song id (and that is not a feature file).
    case noDEAMID(name: String)
    /// A DEAM-style id that is not in the known set.
    case unknownDEAMID(Int)
    /// A local file that does not exist.
    case missingFile(path: String)
    /// A network location (http, rtsp, …): streams and remote files are not fetched.
    case streamURL(String)
    /// A URI scheme we cannot read (`spotify:`, `magnet:`, …).
    case unsupportedScheme(scheme: String, location: String)
    /// A `.csv` that is not a readable DEAM per-frame feature file.
    case unreadableFeatureFile(path: String, message: String)
    /// An audio file that is not a DEAM song: it needs feature extraction first.
    case needsFeatureExtraction(path: String)
    /// An audio file whose feature extraction failed.
    case audioExtractionFailed(path: String, message: String)
    /// A local file of a type we cannot use.
    case unsupportedFileType(path: String)
    /// The entry has no location or identifier at all (metadata only).
    case noLocation
    /// The location text cannot be interpreted.
    case invalidLocation(String)
    /// The entry is itself a playlist; its entries are listed in `PlaylistEntry.nested`.
    case expandedPlaylist(path: String, entries: Int)
    /// A playlist on the network (not fetched).
    case remotePlaylist(String)
    /// A nested playlist that is already being imported further up (a cycle).
    case playlistCycle(path: String)
    /// A nested playlist deeper than the depth limit.
    case nestingTooDeep(path: String, limit: Int)
    /// A nested playlist that failed to import.
    case nestedPlaylistFailed(path: String, message: String)
    /// A location holding a NUL character (as written or percent-encoded): refused, never looked up.
    case nulInLocation(String)
    /// A numbered file (`13.mp3`) without evidence that it is DEAM song `id`; `reason` says what is missing.
    case notADEAMSong(path: String, id: Int, reason: String)

    public var description: String {
        switch self {
        case let .noDEAMID(name): return "no DEAM id in the name \"\(name)\""
        case let .unknownDEAMID(id): return "unknown DEAM id \(id)"
        case let .missingFile(path): return "missing file \(path)"
        case let .streamURL(url): return "stream URL \(url) (network locations are not fetched)"
        case let .unsupportedScheme(scheme, _): return "unsupported URI scheme \"\(scheme):\""
        case let .unreadableFeatureFile(path, message): return "unreadable feature file \(path): \(message)"
        case let .needsFeatureExtraction(path): return "audio file needs feature extraction: \(path)"
        case let .audioExtractionFailed(path, message): return "audio feature extraction failed for \(path): \(message)"
        case let .unsupportedFileType(path): return "unsupported file type: \(path)"
        case .noLocation: return "no location or identifier"
        case let .invalidLocation(text): return "invalid location \"\(text)\""
        case let .expandedPlaylist(path, entries): return "nested playlist \(path) (\(entries) entries, listed below it)"
        case let .remotePlaylist(url): return "remote playlist \(url) (network locations are not fetched)"
        case let .playlistCycle(path): return "playlist cycle: \(path) is already being imported"
        case let .nestingTooDeep(path, limit): return "nested playlist \(path) exceeds the nesting limit of \(limit)"
        case let .nestedPlaylistFailed(_, message): return "nested playlist failed: \(message)"
        case .nulInLocation: return "the location contains a NUL character and is refused"
        case let .notADEAMSong(path, id, reason):
            return "\(LocationResolver.lastComponent(path, backslash: true)) is numbered like DEAM song \(id), but \(reason); not taken as a DEAM song (write deam:\(id) or a MEMD_audio path to mean it)"
        }
    }
}
