import FeatureExtraction
import Foundation
import PlaylistImport

/// Resolves playlist entries that are the user's own audio files by extracting
/// their features with openSMILE, cached by content hash. openSMILE is looked up
/// only when the first audio file needs it, so DEAM-only playlists never load it.
public final class AudioResolution: @unchecked Sendable {
    private let openSMILELibrary: String?
    private let cacheDirectory: URL?
    private let lock = NSLock()
    private var loaded: Result<AudioFeatureExtractor, Error>?

    /// `openSMILELibrary` is an explicit library path (else `OPENSMILE_LIB`, else
    /// the installed `opensmile` package); features are cached in `cacheDirectory`.
    public init(openSMILELibrary: String? = nil, cacheDirectory: URL?) {
        self.openSMILELibrary = openSMILELibrary
        self.cacheDirectory = cacheDirectory
    }

    /// The cache folder beside a catalog database: `<catalog folder>/features/`.
    public static func cacheDirectory(besideCatalogAt path: String) -> URL {
        URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("features", isDirectory: true)
    }

    private func extractor() throws -> AudioFeatureExtractor {
        lock.lock(); defer { lock.unlock() }
        if loaded == nil {
            loaded = Result {
                AudioFeatureExtractor(library: try OpenSMILELibrary.locate(explicitPath: openSMILELibrary), cacheDirectory: cacheDirectory)
            }
        }
        return try loaded!.get()
    }

    /// Extracts one file's features (for `catalog add` and `analyze` on audio).
    public func extract(_ url: URL) throws -> ExtractedFeatures {
        try extractor().extract(url)
    }

    /// The hook for `TrackMapper.audioFileResolver`: `.audio` with the features, or
    /// unresolved with the reason extraction failed.
    public var resolver: @Sendable (URL) -> TrackReference? {
        { [self] url in
            do {
                let features = try extract(url)
                return .audio(url: url, features: features.songVector, contentHash: features.contentHash)
            } catch {
                return .unresolved(reason: .audioExtractionFailed(path: url.path, message: "\(error)"))
            }
        }
    }
}
