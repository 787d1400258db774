/// How a clustering lines up with reference classes (e.g. k-means clusters
/// against the four quadrants): the contingency table, purity and the
/// adjusted Rand index.
public struct ClusterAgreement: Codable, Sendable, Equatable {
    /// `counts[cluster][class]`.
    public var counts: [[Int]]
    /// Fraction of items in their cluster's majority class (1 = every cluster is pure).
    public var purity: Double
    /// Adjusted Rand index (Hubert & Arabie; scikit-learn's `adjusted_rand_score`):
    /// 1 for identical partitions, about 0 for chance agreement.
    public var adjustedRandIndex: Double

    /// Compares cluster ids `0..<clusterCount` with class ids `0..<classCount`, item by item.
    public init(clusters: [Int], classes: [Int], clusterCount: Int, classCount: Int) {
        precondition(clusters.count == classes.count, "clusters and classes differ in length")
        var counts = Array(repeating: Array(repeating: 0, count: classCount), count: clusterCount)
        for (c, k) in zip(clusters, classes) { counts[c][k] += 1 }
        self.counts = counts
        let n = clusters.count
        purity = n == 0 ? 0 : Double(counts.reduce(0) { $0 + ($1.max() ?? 0) }) / Double(n)
        adjustedRandIndex = ClusterAgreement.adjustedRandIndex(counts, n: n)
    }

    /// ARI from a contingency table with `n` items.
    static func adjustedRandIndex(_ counts: [[Int]], n: Int) -> Double {
        func pairs(_ m: Int) -> Double { Double(m) * Double(m - 1) / 2 }
        let rowSums = counts.map { $0.reduce(0, +) }
        let columnCount = counts.first?.count ?? 0
        let columnSums = (0..<columnCount).map { j in counts.reduce(0) { $0 + $1[j] } }
        let index = counts.reduce(0.0) { $0 + $1.reduce(0.0) { $0 + pairs($1) } }
        let a = rowSums.reduce(0.0) { $0 + pairs($1) }
        let b = columnSums.reduce(0.0) { $0 + pairs($1) }
        let total = pairs(n)
        guard total > 0 else { return 1 }
        let expected = a * b / total
        let maximum = (a + b) / 2
        // Both partitions trivial (all singletons or one block): scikit-learn returns 1.
        if maximum == expected { return 1 }
        return (index - expected) / (maximum - expected)
    }
}
