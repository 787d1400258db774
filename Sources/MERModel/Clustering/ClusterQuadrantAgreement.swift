import Foundation
import DEAMData
import Numerics
import MoodCore

/// How clusters line up with the four circumplex quadrants (the study compared
/// its k-means/GMM clusters with the four emotions): a contingency table,
/// purity, adjusted Rand index and normalised mutual information.
public struct ClusterQuadrantAgreement: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The distinct cluster labels, ascending (one table row each).
    public let clusters: [Int]
    /// `counts[row][q]`: songs of cluster `clusters[row]` in quadrant `Quadrant.allCases[q]`
    /// (Joy, Fear, Sadness, Contentment).
    public let counts: [[Int]]
    /// The most common quadrant of each cluster (ties go to the lower quadrant number).
    public let dominantQuadrants: [Quadrant]
    /// Share of songs whose quadrant is their cluster's dominant quadrant.
    public let purity: Double
    /// Adjusted Rand index between clusters and quadrants (1 = identical partitions, ≈0 = chance).
    public let adjustedRandIndex: Double
    /// Mutual information normalised by the arithmetic mean of the entropies (scikit-learn's default).
    public let normalizedMutualInformation: Double

    /// Cross-tabulates `clusterLabels` against `quadrants` (one each per song).
    /// - Throws: `EstimatorError.shapeMismatch` when the counts differ, `.emptyInput` when empty.
    public init(clusterLabels: [Int], quadrants: [Quadrant]) throws {
        let model = "ClusterQuadrantAgreement"
        guard clusterLabels.count == quadrants.count else {
            throw EstimatorError.shapeMismatch(model: model, detail: "\(clusterLabels.count) cluster labels for \(quadrants.count) quadrants")
        }
        guard !clusterLabels.isEmpty else { throw EstimatorError.emptyInput(model: model, input: "labels") }
        let distinct = Array(Set(clusterLabels)).sorted()
        let row = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        var table = [[Int]](repeating: [Int](repeating: 0, count: Quadrant.allCases.count), count: distinct.count)
        for (label, quadrant) in zip(clusterLabels, quadrants) { table[row[label]!][quadrant.rawValue - 1] += 1 }
        clusters = distinct
        counts = table
        dominantQuadrants = table.map { line in
            let best = line.indices.max { line[$0] < line[$1] || (line[$0] == line[$1] && $0 > $1) } ?? 0
            return Quadrant.allCases[best]
        }
        purity = Double(table.map { $0.max() ?? 0 }.reduce(0, +)) / Double(clusterLabels.count)
        adjustedRandIndex = Self.adjustedRandIndex(table: table)
        normalizedMutualInformation = Self.normalizedMutualInformation(table: table)
    }

    /// Cross-tabulates clusters against the quadrants of circumplex points.
    public init(clusterLabels: [Int], points: [MoodPoint]) throws {
        try self.init(clusterLabels: clusterLabels, quadrants: points.map(\.quadrant))
    }

    /// The adjusted Rand index of two labelings of the same items.
    /// - Throws: `EstimatorError.shapeMismatch` when the lengths differ.
    public static func adjustedRandIndex(_ a: [Int], _ b: [Int]) throws -> Double {
        try adjustedRandIndex(table: contingency(a, b))
    }

    /// Normalised mutual information (arithmetic-mean normalisation) of two labelings.
    /// - Throws: `EstimatorError.shapeMismatch` when the lengths differ.
    public static func normalizedMutualInformation(_ a: [Int], _ b: [Int]) throws -> Double {
        try normalizedMutualInformation(table: contingency(a, b))
    }

    static func contingency(_ a: [Int], _ b: [Int]) throws -> [[Int]] {
        guard a.count == b.count else {
            throw EstimatorError.shapeMismatch(model: "ClusterQuadrantAgreement", detail: "\(a.count) and \(b.count) labels")
        }
        let rows = Dictionary(uniqueKeysWithValues: Array(Set(a)).sorted().enumerated().map { ($1, $0) })
        let columns = Dictionary(uniqueKeysWithValues: Array(Set(b)).sorted().enumerated().map { ($1, $0) })
        var table = [[Int]](repeating: [Int](repeating: 0, count: columns.count), count: rows.count)
        for (x, y) in zip(a, b) { table[rows[x]!][columns[y]!] += 1 }
        return table
    }

    static func adjustedRandIndex(table: [[Int]]) -> Double {
        func pairs(_ m: Int) -> Double { Double(m) * Double(m - 1) / 2 }
        let n = table.flatMap { $0 }.reduce(0, +)
        guard n > 1 else { return 1 }
        let rowSums = table.map { $0.reduce(0, +) }
        let columnSums = (0..<(table.first?.count ?? 0)).map { j in table.map { $0[j] }.reduce(0, +) }
        let index = table.flatMap { $0 }.map(pairs).reduce(0, +)
        let rowPairs = rowSums.map(pairs).reduce(0, +)
        let columnPairs = columnSums.map(pairs).reduce(0, +)
        let expected = rowPairs * columnPairs / pairs(n)
        let maximum = (rowPairs + columnPairs) / 2
        // Identical trivial partitions (one cluster each, or all singletons) agree perfectly.
        guard maximum != expected else { return 1 }
        return (index - expected) / (maximum - expected)
    }

    static func normalizedMutualInformation(table: [[Int]]) -> Double {
        let n = Double(table.flatMap { $0 }.reduce(0, +))
        guard n > 0 else { return 1 }
        let rowSums = table.map { Double($0.reduce(0, +)) }
        let columnSums = (0..<(table.first?.count ?? 0)).map { j in Double(table.map { $0[j] }.reduce(0, +)) }
        func entropy(_ sums: [Double]) -> Double { -sums.filter { $0 > 0 }.map { $0 / n * log($0 / n) }.reduce(0, +) }
        let hRows = entropy(rowSums), hColumns = entropy(columnSums)
        // Both labelings constant: identical by convention (as scikit-learn).
        if rowSums.count == 1 && columnSums.count == 1 { return 1 }
        var mutual = 0.0
        for (i, line) in table.enumerated() {
            for (j, count) in line.enumerated() where count > 0 {
                let joint = Double(count) / n
                mutual += joint * log(joint * n * n / (rowSums[i] * columnSums[j]))
            }
        }
        let normaliser = (hRows + hColumns) / 2
        return normaliser > 0 ? max(0, mutual) / normaliser : 0
    }

    /// A plain-text table: one line per cluster with its quadrant counts and dominant quadrant.
    public var description: String {
        let names = Quadrant.allCases.map(\.name)
        var lines = ["cluster  " + names.map { $0.padding(toLength: 12, withPad: " ", startingAt: 0) }.joined() + "dominant"]
        for (row, cluster) in clusters.enumerated() {
            let cells = counts[row].map { String($0).padding(toLength: 12, withPad: " ", startingAt: 0) }.joined()
            lines.append(String(cluster).padding(toLength: 9, withPad: " ", startingAt: 0) + cells + dominantQuadrants[row].name)
        }
        lines.append(String(format: "purity %.3f  adjusted Rand %.3f  NMI %.3f", purity, adjustedRandIndex, normalizedMutualInformation))
        return lines.joined(separator: "\n")
    }
}
