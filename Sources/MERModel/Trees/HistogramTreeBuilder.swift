import DEAMData
import Numerics
/// Histogram memory reused from one boosting tree to the next.
struct HistogramWorkspace {
    private var buffer: [Double] = []
    private var stride = 0

    init() {}

    mutating func take(stride: Int) -> [Double] {
        if stride != self.stride { buffer = []; self.stride = stride }
        let b = buffer
        buffer = []
        return b
    }

    mutating func give(back b: [Double]) { buffer = b }
}

/// Binned training data shared by every tree of a gradient-boosting fit.
struct BinnedData: Sendable {
    let rows: Int
    let featureCount: Int
    /// Column-major bin indices: `bins[f * rows + i]`.
    let bins: [UInt8]
    /// Per feature, the single-precision threshold of each bin's upper edge.
    let edges: [[Float]]
    /// Offset of feature `f`'s first bin in a flat histogram.
    let binOffsets: [Int]
    /// Total bins over all features.
    let totalBins: Int

    init(_ x: Matrix, maxBins: Int) {
        let data = PresortedColumns(x)
        let binner = FeatureBinner(columns: data.columns, rows: x.rows, featureCount: x.columns, maxBins: maxBins)
        rows = x.rows
        featureCount = x.columns
        bins = binner.transform(columns: data.columns, rows: x.rows)
        edges = binner.edges
        var offsets = [Int](), total = 0
        for f in 0..<x.columns { offsets.append(total); total += binner.binCount(f) }
        binOffsets = offsets
        totalBins = total
    }
}

/// Column-major single-precision copy of a feature matrix.
struct PresortedColumns {
    let columns: [Float]
    init(_ x: Matrix) {
        var c = [Float](repeating: 0, count: x.rows * x.columns)
        x.storage.withUnsafeBufferPointer { s in
            for i in 0..<x.rows { for f in 0..<x.columns { c[f * x.rows + i] = Float(s[i * x.columns + f]) } }
        }
        columns = c
    }
}

/// Growth limits of one boosting tree (scikit-learn `HistGradientBoostingRegressor` names in comments).
struct HistogramTreeParameters: Sendable {
    /// `max_leaf_nodes`; nil for no limit (then `maxDepth` should be set).
    var maxLeafNodes: Int?
    /// `max_depth`; nil for no limit.
    var maxDepth: Int?
    /// `min_samples_leaf`.
    var minSamplesLeaf: Int
    /// `l2_regularization` (λ in the leaf value −G/(H+λ) and the split gain).
    var l2: Double
    /// Fraction of the tree's features drawn for each split (`max_features`).
    var featuresPerSplit: Double
    /// Factor applied to every leaf value (the learning rate).
    var shrinkage: Double
}

/// A boosting tree grown leaf-wise (best-first, like LightGBM and scikit-learn's
/// histogram gradient boosting) on gradient/hessian histograms, with the
/// sibling-subtraction trick. Returns the tree and, for each node, the split's
/// bin so training rows can be routed on their bins.
enum HistogramTreeBuilder {
    struct Result {
        var tree: RegressionTree
        /// Per tree node (pre-order), the bin threshold of a split (left when `bin <= value`).
        var binThresholds: [UInt8]
    }

    private struct Split {
        var gain = 0.0
        var feature = -1
        var bin = 0
    }

    private struct Node {
        var start: Int, end: Int, depth: Int
        var sumG: Double, sumH: Double
        var histogram: Int          // slot in the histogram pool, −1 once released
        var split = Split()
        var left = -1, right = -1   // children, −1 for leaves
    }

    /// Grows a tree on `rows` (indices into `data`), with per-row `gradients`
    /// and `hessians`, considering only `features`.
    static func build(data: BinnedData, gradients: [Double], hessians: [Double], rows: [Int32],
                      features: [Int], parameters: HistogramTreeParameters,
                      workspace: inout HistogramWorkspace, rng: inout SeededGenerator) -> Result {
        let n = data.rows
        var rowBuffer = rows
        var scratch = [Int32](repeating: 0, count: rows.count)
        // Histogram slots, each (Σg, Σh, count) for every bin, back to back in one buffer.
        let stride = data.totalBins * 3
        var pool = workspace.take(stride: stride)
        defer { workspace.give(back: pool) }
        var slotCount = 0
        var freeSlots: [Int] = []
        var nodes: [Node] = []
        let minLeaf = max(1, parameters.minSamplesLeaf)
        let maxDepth = parameters.maxDepth ?? Int.max
        let maxLeaves = parameters.maxLeafNodes ?? Int.max
        let lambda = parameters.l2
        let minHessian = 1e-3
        let perSplit = max(1, Int(parameters.featuresPerSplit * Double(features.count)))
        var splitFeatures = features

        func takeSlot() -> Int {
            let s: Int
            if let free = freeSlots.popLast() { s = free } else {
                s = slotCount
                slotCount += 1
                if pool.count < slotCount * stride {
                    pool.append(contentsOf: repeatElement(0, count: max(slotCount * stride, 2 * pool.count) - pool.count))
                }
            }
            pool.withUnsafeMutableBufferPointer { p in
                UnsafeMutableBufferPointer(rebasing: p[(s * stride)..<((s + 1) * stride)]).update(repeating: 0)
            }
            return s
        }

        /// Fills histogram `slot` with (Σg, Σh, count) per bin of the rows in `start..<end`.
        func fillHistogram(_ slot: Int, start: Int, end: Int) {
            data.bins.withUnsafeBufferPointer { bins in
            gradients.withUnsafeBufferPointer { g in
            hessians.withUnsafeBufferPointer { h in
            rowBuffer.withUnsafeBufferPointer { r in
            pool.withUnsafeMutableBufferPointer { poolBuffer in
                let hist = poolBuffer.baseAddress! + slot * stride
                let count = end - start
                // Gather the node's gradients once, in row order.
                var og = [Double](repeating: 0, count: count), oh = [Double](repeating: 0, count: count)
                for p in 0..<count { let i = Int(r[start + p]); og[p] = g[i]; oh[p] = h[i] }
                for f in features {
                    let col = bins.baseAddress! + f * n
                    let base = hist + data.binOffsets[f] * 3
                    for p in 0..<count {
                        let b = Int(col[Int(r[start + p])]) * 3
                        base[b] += og[p]; base[b + 1] += oh[p]; base[b + 2] += 1
                    }
                }
            }}}}}
        }

        func findSplit(_ index: Int) {
            let node = nodes[index]
            let count = node.end - node.start
            guard node.depth < maxDepth, count >= 2 * minLeaf else { return }
            if perSplit < features.count {
                for j in 0..<perSplit {
                    let r = j + Int(rng.next() % UInt64(splitFeatures.count - j))
                    splitFeatures.swapAt(j, r)
                }
            }
            let candidates = perSplit < features.count ? Array(splitFeatures[0..<perSplit]).sorted() : features
            let parentScore = node.sumG * node.sumG / (node.sumH + lambda)
            var best = Split()
            pool.withUnsafeBufferPointer { poolBuffer in
                let hist = poolBuffer.baseAddress! + node.histogram * stride
                for f in candidates {
                    let base = hist + data.binOffsets[f] * 3
                    let bins = data.edges[f].count + 1
                    var gL = 0.0, hL = 0.0, cL = 0.0
                    // Best-so-far as a score (gain + parent score), compared without division:
                    // gL²/(hL+λ) + gR²/(hR+λ) > s  ⇔  gL²(hR+λ) + gR²(hL+λ) > s(hL+λ)(hR+λ).
                    var bestScore = best.gain + parentScore
                    for b in 0..<(bins - 1) {
                        let c = base[3 * b + 2]
                        // An empty bin gives the same split as the previous one.
                        if c == 0 { continue }
                        gL += base[3 * b]; hL += base[3 * b + 1]; cL += c
                        let cR = Double(count) - cL
                        if cL < Double(minLeaf) || hL < minHessian { continue }
                        if cR < Double(minLeaf) { break }
                        let gR = node.sumG - gL, hR = node.sumH - hL
                        if hR < minHessian { break }
                        let dL = hL + lambda, dR = hR + lambda
                        let numerator = gL * gL * dR + gR * gR * dL
                        let denominator = dL * dR
                        if numerator > bestScore * denominator {
                            bestScore = numerator / denominator
                            best = Split(gain: bestScore - parentScore, feature: f, bin: b)
                        }
                    }
                }
            }
            nodes[index].split = best
        }

        // Root.
        var sumG = 0.0, sumH = 0.0
        for i in rows { sumG += gradients[Int(i)]; sumH += hessians[Int(i)] }
        nodes.append(Node(start: 0, end: rows.count, depth: 0, sumG: sumG, sumH: sumH, histogram: takeSlot()))
        fillHistogram(0, start: 0, end: rows.count)
        findSplit(0)
        var leafCount = 1

        while leafCount < maxLeaves {
            // The leaf with the largest gain (first on ties).
            var chosen = -1
            for (j, node) in nodes.enumerated() where node.left < 0 && node.split.feature >= 0 {
                if chosen < 0 || node.split.gain > nodes[chosen].split.gain { chosen = j }
            }
            if chosen < 0 { break }
            let parent = nodes[chosen]
            let f = parent.split.feature, splitBin = UInt8(parent.split.bin)
            // Stable partition of the parent's rows, summing the left side's gradients.
            var l = parent.start, r = 0
            var gLeft = 0.0, hLeft = 0.0
            data.bins.withUnsafeBufferPointer { bins in
                let col = bins.baseAddress! + f * n
                for p in parent.start..<parent.end {
                    let i = rowBuffer[p]
                    if col[Int(i)] <= splitBin {
                        rowBuffer[l] = i; l += 1
                        gLeft += gradients[Int(i)]; hLeft += hessians[Int(i)]
                    } else { scratch[r] = i; r += 1 }
                }
            }
            for q in 0..<r { rowBuffer[l + q] = scratch[q] }
            var left = Node(start: parent.start, end: l, depth: parent.depth + 1,
                            sumG: gLeft, sumH: hLeft, histogram: -1)
            var right = Node(start: l, end: parent.end, depth: parent.depth + 1,
                             sumG: parent.sumG - gLeft, sumH: parent.sumH - hLeft, histogram: -1)
            // Build the smaller child's histogram; the larger one is parent − smaller.
            let small = takeSlot()
            let leftIsSmaller = (l - parent.start) <= (parent.end - l)
            if leftIsSmaller { fillHistogram(small, start: left.start, end: left.end) }
            else { fillHistogram(small, start: right.start, end: right.end) }
            let large = parent.histogram
            pool.withUnsafeMutableBufferPointer { poolBuffer in
                let big = poolBuffer.baseAddress! + large * stride
                let s = poolBuffer.baseAddress! + small * stride
                for f in features {
                    let lo = data.binOffsets[f] * 3, hi = lo + (data.edges[f].count + 1) * 3
                    for j in lo..<hi { big[j] -= s[j] }
                }
            }
            left.histogram = leftIsSmaller ? small : large
            right.histogram = leftIsSmaller ? large : small
            nodes[chosen].histogram = -1
            nodes[chosen].left = nodes.count
            nodes[chosen].right = nodes.count + 1
            nodes.append(left); nodes.append(right)
            findSplit(nodes.count - 2)
            findSplit(nodes.count - 1)
            leafCount += 1
            // A child that cannot split never needs its histogram again.
            for c in [nodes.count - 2, nodes.count - 1] where nodes[c].split.feature < 0 {
                freeSlots.append(nodes[c].histogram); nodes[c].histogram = -1
            }
        }

        // Flatten to pre-order.
        var tree = RegressionTree(outputCount: 1, reservingNodes: nodes.count)
        var binThresholds = [UInt8]()
        binThresholds.reserveCapacity(nodes.count)
        var stack: [(node: Int, rightOf: Int)] = [(0, -1)]
        while let (index, rightOf) = stack.popLast() {
            if rightOf >= 0 { tree.setRightChildToNext(of: rightOf) }
            let node = nodes[index]
            if node.left < 0 {
                let value = -node.sumG / (node.sumH + lambda) * parameters.shrinkage
                tree.appendLeaf([Float(value)])
                binThresholds.append(0)
            } else {
                let f = node.split.feature
                let at = tree.appendSplit(feature: f, threshold: data.edges[f][node.split.bin])
                binThresholds.append(UInt8(node.split.bin))
                stack.append((node.right, at))
                stack.append((node.left, -1))
            }
        }
        return Result(tree: tree, binThresholds: binThresholds)
    }
}

extension RegressionTree {
    /// The single output of this tree for row `i` of binned training data.
    func value(binnedRow i: Int, data: BinnedData, binThresholds: [UInt8]) -> Float {
        var node = 0
        while true {
            let f = Int(feature[node])
            if f < 0 { return leafValues[Int(link[node])] }
            node = data.bins[f * data.rows + i] <= binThresholds[node] ? node + 1 : Int(link[node])
        }
    }
}
