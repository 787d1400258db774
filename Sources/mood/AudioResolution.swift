import FeatureExtraction
import Foundation
import PlaylistImport

/// Resolves playlist entries that are the user's own audio files by extracting
/// their features with openSMILE (cached by content hash).
struct AudioResolution {
    /// Why extraction is unavailable (openSMILE not found), if it is.
    let unavailable: FeatureExtractionError?
    private let extractor: AudioFeatureExtractor?

    /// Finds openSMILE; a missing library is remembered and reported per entry.
    init(openSMILELibrary: String?, cacheDirectory: URL?) {
        do {
            let library = try OpenSMILELibrary.locate(explicitPath: openSMILELibrary)
            extractor = AudioFeatureExtractor(library: library, cacheDirectory: cacheDirectory)
            unavailable = nil
        } catch {
            extractor = nil
            unavailable = error as? FeatureExtractionError ?? .libraryUnusable(path: openSMILELibrary ?? "libSMILEapi.so", reason: "\(error)")
        }
    }

    /// The hook for `TrackMapper.audioFileResolver`.
    var resolver: @Sendable (URL) -> TrackReference? {
        let extractor = self.extractor, unavailable = self.unavailable
        return { url in
            guard let extractor else {
                return .unresolved(reason: .audioExtractionFailed(path: url.path, message: unavailable.map { "\($0)" } ?? "openSMILE unavailable"))
            }
            do {
                let features = try extractor.extract(url)
                return .audio(url: url, features: features.songVector, contentHash: features.contentHash)
            } catch {
                return .unresolved(reason: .audioExtractionFailed(path: url.path, message: "\(error)"))
            }
        }
    }

    /// Extracts one file's features directly (for `catalog add` and `analyze` on audio).
    func extract(_ url: URL) throws -> ExtractedFeatures {
        guard let extractor else { throw unavailable ?? FeatureExtractionError.libraryNotFound(searched: []) }
        return try extractor.extract(url)
    }
}
