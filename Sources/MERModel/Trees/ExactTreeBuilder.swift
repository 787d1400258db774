import DEAMData
import Numerics
/// Growth limits for one exact CART tree (scikit-learn's names in comments).
struct CARTParameters: Sendable {
    /// `max_depth`; nil grows until the other limits stop it.
    var maxDepth: Int?
    /// `min_samples_split`: a node with fewer rows becomes a leaf.
    var minSamplesSplit: Int
    /// `min_samples_leaf`: each child keeps at least this many rows.
    var minSamplesLeaf: Int
    /// `max_features`, already resolved to a count.
    var maxFeatures: Int
    /// Extra-trees splitting: one uniform random threshold per feature instead of the best one.
    var randomThresholds: Bool
}

/// Grows one multi-output regression tree by exact variance reduction
/// (CART, scikit-learn's `squared_error` criterion summed over outputs), on
/// presorted feature orders that are stably partitioned at every split.
enum ExactTreeBuilder {
    /// Builds a tree on the rows with positive `weights` (bootstrap counts times
    /// sample weights; zero leaves a row out). `rng` drives feature sampling and
    /// random thresholds only.
    static func build(data: PresortedData, weights: [Double], parameters: CARTParameters,
                      rng: inout SeededGenerator) -> RegressionTree {
        let n = data.rows, nf = data.featureCount, k = data.outputCount
        precondition(weights.count == n)
        var m = 0
        for w in weights where w > 0 { m += 1 }
        var tree = RegressionTree(outputCount: k, reservingNodes: 2 * m)
        if m == 0 { return RegressionTree(constant: [Float](repeating: 0, count: k)) }

        // Each feature's in-bag rows in ascending order; nodes own contiguous segments.
        var order = [Int32](repeating: 0, count: nf * m)
        var weightedY = [Double](repeating: 0, count: n * k)
        var goLeft = [UInt8](repeating: 0, count: n)
        var scratch = [Int32](repeating: 0, count: m)
        var permutation = Array(0..<nf)
        var leftSums = [Double](repeating: 0, count: k)
        var totals = [Double](repeating: 0, count: k)
        var leafBuffer = [Float](repeating: 0, count: k)

        data.sortedRows.withUnsafeBufferPointer { sorted in
            weights.withUnsafeBufferPointer { w in
                order.withUnsafeMutableBufferPointer { o in
                    for f in 0..<nf {
                        var q = f * m
                        for p in (f * n)..<(f * n + n) where w[Int(sorted[p])] > 0 {
                            o[q] = sorted[p]; q += 1
                        }
                    }
                }
                data.y.withUnsafeBufferPointer { y in
                    for i in 0..<n { for j in 0..<k { weightedY[i * k + j] = w[i] * y[i * k + j] } }
                }
            }
        }

        struct Pending { var start: Int; var end: Int; var depth: Int; var rightOf: Int }
        var stack = [Pending(start: 0, end: m, depth: 0, rightOf: -1)]
        let maxDepth = parameters.maxDepth ?? Int.max
        let minLeaf = max(parameters.minSamplesLeaf, 1)
        let minSplit = max(parameters.minSamplesSplit, 2, 2 * minLeaf)

        data.x.withUnsafeBufferPointer { xb in
        data.y.withUnsafeBufferPointer { yb in
        weights.withUnsafeBufferPointer { wb in
        weightedY.withUnsafeBufferPointer { wyb in
        order.withUnsafeMutableBufferPointer { ob in
        goLeft.withUnsafeMutableBufferPointer { gl in
        scratch.withUnsafeMutableBufferPointer { sc in
        leftSums.withUnsafeMutableBufferPointer { sl in
        totals.withUnsafeMutableBufferPointer { tot in
            let x = xb.baseAddress!, y = yb.baseAddress!, w = wb.baseAddress!, wy = wyb.baseAddress!
            while let node = stack.popLast() {
                if node.rightOf >= 0 { tree.setRightChildToNext(of: node.rightOf) }
                let count = node.end - node.start
                // Node totals from the first feature's segment (every segment holds the same rows).
                var wSum = 0.0, sqSum = 0.0
                for j in 0..<k { tot[j] = 0 }
                for p in node.start..<node.end {
                    let i = Int(ob[p])
                    wSum += w[i]
                    for j in 0..<k {
                        tot[j] += wy[i * k + j]
                        sqSum += wy[i * k + j] * y[i * k + j]
                    }
                }
                var proxy = 0.0
                for j in 0..<k { proxy += tot[j] * tot[j] / wSum }
                let impurity = (sqSum - proxy) / wSum
                func makeLeaf() {
                    for j in 0..<k { leafBuffer[j] = Float(tot[j] / wSum) }
                    tree.appendLeaf(leafBuffer)
                }
                if count < minSplit || node.depth >= maxDepth || impurity <= 1e-12 {
                    makeLeaf(); continue
                }

                var bestScore = -Double.infinity, bestFeature = -1
                var bestThreshold: Float = 0
                var visited = 0
                var drawn = 0
                while drawn < nf && visited < parameters.maxFeatures {
                    let r = drawn + Int(rng.next() % UInt64(nf - drawn))
                    permutation.swapAt(drawn, r)
                    let f = permutation[drawn]
                    drawn += 1
                    let col = x + f * n
                    let list = ob.baseAddress! + f * m
                    let lo = col[Int(list[node.start])], hi = col[Int(list[node.end - 1])]
                    if !(hi > lo) { continue }
                    visited += 1
                    for j in 0..<k { sl[j] = 0 }
                    var wLeft = 0.0
                    if parameters.randomThresholds {
                        let u = rng.nextUnit()
                        var t = Float(Double(lo) + u * (Double(hi) - Double(lo)))
                        if t >= hi { t = lo }
                        var p = node.start
                        while col[Int(list[p])] <= t {
                            let i = Int(list[p])
                            wLeft += w[i]
                            for j in 0..<k { sl[j] += wy[i * k + j] }
                            p += 1
                        }
                        let nLeft = p - node.start
                        if nLeft < minLeaf || count - nLeft < minLeaf { continue }
                        let wRight = wSum - wLeft
                        var score = 0.0
                        for j in 0..<k {
                            let r = tot[j] - sl[j]
                            score += sl[j] * sl[j] / wLeft + r * r / wRight
                        }
                        if score > bestScore { bestScore = score; bestFeature = f; bestThreshold = t }
                    } else if k == 2 {
                        // Two outputs (valence, arousal): accumulators in registers, and
                        // candidates compared without division: A/wL + B/wR > best
                        // ⇔ A·wR + B·wL > best·wL·wR.
                        let t0 = tot[0], t1 = tot[1]
                        var s0 = 0.0, s1 = 0.0
                        var p = node.start
                        let last = node.end - 1
                        var current = Int(list[p])
                        var v = col[current]
                        while p < last {
                            let i = current
                            wLeft += w[i]
                            s0 += wy[2 * i]; s1 += wy[2 * i + 1]
                            p += 1
                            current = Int(list[p])
                            let vPrevious = v
                            v = col[current]
                            if !(v > vPrevious) { continue }
                            let nLeft = p - node.start
                            if nLeft < minLeaf { continue }
                            if count - nLeft < minLeaf { break }
                            let wRight = wSum - wLeft
                            let r0 = t0 - s0, r1 = t1 - s1
                            let numerator = (s0 * s0 + s1 * s1) * wRight + (r0 * r0 + r1 * r1) * wLeft
                            let denominator = wLeft * wRight
                            if numerator > bestScore * denominator {
                                bestScore = numerator / denominator; bestFeature = f
                                bestThreshold = FeatureBinner.midpoint(vPrevious, v)
                            }
                        }
                    } else {
                        var p = node.start
                        let last = node.end - 1
                        var current = Int(list[p])
                        while p < last {
                            let i = current
                            wLeft += w[i]
                            for j in 0..<k { sl[j] += wy[i * k + j] }
                            p += 1
                            current = Int(list[p])
                            let v = col[i], vNext = col[current]
                            if !(vNext > v) { continue }
                            let nLeft = p - node.start
                            if nLeft < minLeaf { continue }
                            if count - nLeft < minLeaf { break }
                            let wRight = wSum - wLeft
                            var score = 0.0
                            for j in 0..<k {
                                let r = tot[j] - sl[j]
                                score += sl[j] * sl[j] / wLeft + r * r / wRight
                            }
                            if score > bestScore {
                                bestScore = score; bestFeature = f
                                bestThreshold = FeatureBinner.midpoint(v, vNext)
                            }
                        }
                    }
                }
                if bestFeature < 0 { makeLeaf(); continue }

                // Route the node's rows, then stably partition every feature's segment.
                let splitCol = x + bestFeature * n
                let side = gl.baseAddress!, spill = sc.baseAddress!
                var nLeft = 0
                for p in node.start..<node.end {
                    let i = Int(ob[p])
                    let left: UInt8 = splitCol[i] <= bestThreshold ? 1 : 0
                    side[i] = left
                    nLeft += Int(left)
                }
                if nLeft == 0 || nLeft == count { makeLeaf(); continue }
                for f in 0..<nf {
                    // Branch-free stable partition: left rows compact in place, right rows spill.
                    let list = ob.baseAddress! + f * m
                    var l = node.start, r = 0
                    for p in node.start..<node.end {
                        let i = list[p]
                        let g = Int(side[Int(i)])
                        list[l] = i; spill[r] = i
                        l += g; r += 1 - g
                    }
                    (list + l).update(from: spill, count: r)
                }
                let index = tree.appendSplit(feature: bestFeature, threshold: bestThreshold)
                let mid = node.start + nLeft
                stack.append(Pending(start: mid, end: node.end, depth: node.depth + 1, rightOf: index))
                stack.append(Pending(start: node.start, end: mid, depth: node.depth + 1, rightOf: -1))
            }
        }}}}}}}}}
        return tree
    }
}
