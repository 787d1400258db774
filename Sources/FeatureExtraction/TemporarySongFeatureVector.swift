// TEMPORARY until MERModel's SongFeatureVector lands from the data branch; delete on merge.
public struct SongFeatureVector: Sendable, Equatable {
    public var names: [String]
    public var values: [Double]
    public init(names: [String], values: [Double]) { self.names = names; self.values = values }
}
