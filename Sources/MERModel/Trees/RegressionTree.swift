import DEAMData
import Numerics
/// A fitted regression tree as flat, parallel node arrays: fast to walk and
/// small to store.
///
/// Nodes are in pre-order, so an internal node's left child is the next node.
/// For an internal node `i`, `feature[i]` is the feature index, `threshold[i]`
/// the split value (a row goes left when `Float(x) <= threshold`, comparisons in
/// single precision as scikit-learn does) and `link[i]` the right child's index.
/// For a leaf, `feature[i]` is −1 and `link[i]` indexes `leafValues`, which holds
/// `outputCount` values per leaf.
public struct RegressionTree: Hashable, Sendable, Codable {
    /// Number of values each leaf predicts.
    public let outputCount: Int
    /// Feature index per node, −1 for leaves.
    public private(set) var feature: [Int32]
    /// Split threshold per node (0 for leaves).
    public private(set) var threshold: [Float]
    /// Right child of an internal node, or leaf index of a leaf.
    public private(set) var link: [Int32]
    /// `outputCount` predicted values per leaf, leaf after leaf.
    public private(set) var leafValues: [Float]

    /// Number of nodes (internal and leaves).
    public var nodeCount: Int { feature.count }
    /// Number of leaves.
    public var leafCount: Int { leafValues.count / max(outputCount, 1) }

    /// The depth of the tree (a single leaf has depth 0).
    public var depth: Int {
        var maxDepth = 0
        var stack: [(Int, Int)] = [(0, 0)]
        while let (node, d) = stack.popLast() {
            maxDepth = max(maxDepth, d)
            if feature[node] >= 0 {
                stack.append((node + 1, d + 1))
                stack.append((Int(link[node]), d + 1))
            }
        }
        return maxDepth
    }

    /// A tree of one leaf predicting `values`.
    public init(constant values: [Float]) {
        outputCount = values.count
        feature = [-1]; threshold = [0]; link = [0]; leafValues = values
    }

    /// Starts an empty tree; nodes are appended in pre-order by the builders.
    init(outputCount: Int, reservingNodes n: Int) {
        self.outputCount = outputCount
        feature = []; threshold = []; link = []; leafValues = []
        feature.reserveCapacity(n); threshold.reserveCapacity(n); link.reserveCapacity(n)
        leafValues.reserveCapacity((n / 2 + 1) * outputCount)
    }

    /// Appends an internal node whose right child is not known yet; returns its index.
    mutating func appendSplit(feature f: Int, threshold t: Float) -> Int {
        feature.append(Int32(f)); threshold.append(t); link.append(-1)
        return feature.count - 1
    }

    /// Points internal node `node`'s right child at the next node to be appended.
    mutating func setRightChildToNext(of node: Int) {
        link[node] = Int32(feature.count)
    }

    /// Appends a leaf predicting `values` (`outputCount` of them); returns its node index.
    @discardableResult
    mutating func appendLeaf<C: Collection>(_ values: C) -> Int where C.Element == Float {
        precondition(values.count == outputCount)
        feature.append(-1); threshold.append(0)
        link.append(Int32(leafValues.count / outputCount))
        leafValues.append(contentsOf: values)
        return feature.count - 1
    }

    /// Scales every leaf value by `factor` (for shrinkage).
    mutating func scaleLeaves(by factor: Float) {
        for i in leafValues.indices { leafValues[i] *= factor }
    }

    /// The leaf index reached by a row of `columns` single-precision features.
    @inlinable
    func leafIndex(row: UnsafePointer<Float>) -> Int {
        feature.withUnsafeBufferPointer { f in
            threshold.withUnsafeBufferPointer { t in
                link.withUnsafeBufferPointer { l in
                    var node = 0
                    while true {
                        let j = Int(f[node])
                        if j < 0 { return Int(l[node]) }
                        node = row[j] <= t[node] ? node + 1 : Int(l[node])
                    }
                }
            }
        }
    }

    /// Adds `scale` × this tree's prediction for each row of `x` (single precision,
    /// row-major, `columns` wide) to `out` (row-major, `outputCount` wide).
    func accumulatePredictions(_ x: UnsafeBufferPointer<Float>, rows: Int, columns: Int,
                               into out: UnsafeMutableBufferPointer<Double>, scale: Double = 1) {
        leafValues.withUnsafeBufferPointer { v in
            for r in 0..<rows {
                let leaf = leafIndex(row: x.baseAddress! + r * columns)
                for k in 0..<outputCount {
                    out[r * outputCount + k] += scale * Double(v[leaf * outputCount + k])
                }
            }
        }
    }

    /// The tree's prediction for each row of `x`, `outputCount` columns.
    public func predict(_ x: Matrix) -> Matrix {
        let xf = x.singlePrecisionStorage
        var out = [Double](repeating: 0, count: x.rows * outputCount)
        xf.withUnsafeBufferPointer { xb in
            out.withUnsafeMutableBufferPointer { ob in
                accumulatePredictions(xb, rows: x.rows, columns: x.columns, into: ob)
            }
        }
        return Matrix(rows: x.rows, columns: outputCount, storage: out)
    }

    private enum CodingKeys: String, CodingKey {
        case outputCount, feature, threshold, link, leafValues
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        outputCount = try c.decode(Int.self, forKey: .outputCount)
        feature = try c.decode([Int32].self, forKey: .feature)
        threshold = try c.decode([Float].self, forKey: .threshold)
        link = try c.decode([Int32].self, forKey: .link)
        leafValues = try c.decode([Float].self, forKey: .leafValues)
        try validateStructure(at: ModelCheck.path(c.codingPath))
    }
}

extension Matrix {
    /// The storage rounded to single precision (the precision trees compare in).
    var singlePrecisionStorage: [Float] { storage.map { Float($0) } }
}
