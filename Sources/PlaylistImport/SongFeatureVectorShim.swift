// Temporary: MERModel's `SongFeatureVector` (branch `data`) has not landed yet.
// This stand-in has the agreed shape and is deleted when `FrameFeatureFile` is merged.

/// A song-level feature vector: descriptor names and their values.
public struct SongFeatureVector: Hashable, Sendable, Codable {
    public var names: [String]
    public var values: [Double]
    public init(names: [String], values: [Double]) {
        self.names = names
        self.values = values
    }
}
