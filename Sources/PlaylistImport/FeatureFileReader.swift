import Foundation
import DEAMData

/// Reads a DEAM-format per-frame feature file into a song-level vector.
///
/// Injectable so that tests and callers can substitute their own reader; the
/// default reads DEAM's `;`-separated openSMILE layout.
public struct FeatureFileReader: Sendable {
    /// Reads one file; throws if it is not a usable feature file.
    public var read: @Sendable (URL) throws -> SongFeatureVector

    public init(read: @escaping @Sendable (URL) throws -> SongFeatureVector) {
        self.read = read
    }

    /// DEAM's per-frame openSMILE format (DEAMData's `FrameFeatureFile`): the mean over
    /// all frames of the 130 `_amean` columns.
    public static let deamFrameFile = FeatureFileReader(read: { try FrameFeatureFile.songVector(contentsOf: $0) })
}

/// The set of DEAM song ids the mapper accepts.
///
/// The importer never needs DEAM's files: by default any id in DEAM's range
/// 2–2058 is accepted; callers holding the dataset inject its exact ids.
public struct DEAMSongIDs: Sendable {
    /// True when `id` is a known DEAM song.
    public var contains: @Sendable (Int) -> Bool

    public init(contains: @escaping @Sendable (Int) -> Bool) {
        self.contains = contains
    }

    /// Exactly these ids.
    public init(_ ids: Set<Int>) {
        self.contains = { ids.contains($0) }
    }

    /// DEAM's id range (2–2058). The dataset has gaps inside it; inject the
    /// dataset's ids for exact checking.
    public static let deamRange = DEAMSongIDs(contains: { (2...2058).contains($0) })
}
