import DEAMData
import Numerics
import Dispatch

/// Trains and evaluates bags of exact CART trees; shared by the random forest,
/// extra trees and the single decision tree.
enum ForestTraining {
    /// Grows `treeCount` trees. Tree `t` draws its bootstrap sample, feature
    /// order and thresholds from its own stream `SeededGenerator(seed).derived(t)`,
    /// so the result does not depend on `parallel` or on thread scheduling.
    static func train(_ x: Matrix, _ y: Matrix, weights: [Double]?, treeCount: Int,
                      parameters: CARTParameters, bootstrap: Bool, maxSamples: Double?,
                      seed: UInt64, parallel: Bool) -> [RegressionTree] {
        let data = PresortedData(x, y)
        let n = x.rows
        let baseWeights = weights ?? [Double](repeating: 1, count: n)
        let root = SeededGenerator(seed: seed)
        let drawCount = maxSamples.map { max(1, Int(($0 * Double(n)).rounded())) } ?? n

        func grow(_ t: Int) -> RegressionTree {
            var rng = root.derived(UInt64(t))
            var w = baseWeights
            if bootstrap {
                var counts = [Double](repeating: 0, count: n)
                for _ in 0..<drawCount { counts[Int(rng.next() % UInt64(n))] += 1 }
                for i in 0..<n { w[i] *= counts[i] }
            }
            return ExactTreeBuilder.build(data: data, weights: w, parameters: parameters, rng: &rng)
        }

        guard parallel, treeCount > 1 else { return (0..<treeCount).map(grow) }
        var trees = [RegressionTree?](repeating: nil, count: treeCount)
        trees.withUnsafeMutableBufferPointer { out in
            let slots = out
            DispatchQueue.concurrentPerform(iterations: treeCount) { t in
                slots[t] = grow(t)
            }
        }
        return trees.map { $0! }
    }

    /// The mean prediction of `trees` (each weighted equally), `outputCount` columns.
    static func averagePrediction(of trees: [RegressionTree], outputCount: Int, for x: Matrix) -> Matrix {
        let rows = x.rows, columns = x.columns
        let xf = x.singlePrecisionStorage
        var out = [Double](repeating: 0, count: rows * outputCount)
        guard !trees.isEmpty else { return Matrix(rows: rows, columns: outputCount, storage: out) }
        let scale = 1 / Double(trees.count)
        // Rows are independent: split them into chunks on large inputs.
        let chunk = 256
        let chunks = (rows + chunk - 1) / chunk
        xf.withUnsafeBufferPointer { xb in
            out.withUnsafeMutableBufferPointer { ob in
                let outBuffer = ob
                let work = { (c: Int) in
                    let lo = c * chunk, hi = min(rows, lo + chunk)
                    let xs = UnsafeBufferPointer(rebasing: xb[(lo * columns)..<(hi * columns)])
                    let os = UnsafeMutableBufferPointer(rebasing: outBuffer[(lo * outputCount)..<(hi * outputCount)])
                    for tree in trees {
                        tree.accumulatePredictions(xs, rows: hi - lo, columns: columns, into: os, scale: scale)
                    }
                }
                if chunks > 1 { DispatchQueue.concurrentPerform(iterations: chunks, execute: work) } else if chunks == 1 { work(0) }
            }
        }
        return Matrix(rows: rows, columns: outputCount, storage: out)
    }

    /// Throws unless a decoded ensemble's trees fit its feature and output counts.
    static func checkDecoded(_ trees: [RegressionTree], featureCount: Int, outputCount: Int,
                             codingPath: [CodingKey], key: String = "trees") throws {
        let path = ModelCheck.join(ModelCheck.path(codingPath), key)
        for (t, tree) in trees.enumerated() {
            try tree.validate(featureCount: featureCount, outputCount: outputCount, at: ModelCheck.join(path, "[\(t)]"))
        }
    }
}

/// Checks a prediction input against a fitted tree model's feature count.
@inline(__always)
func requireFitted(featureCount: Int?, x: Matrix, model: String) -> Int {
    guard let featureCount else { preconditionFailure("\(model): predict called before fit") }
    precondition(x.columns == featureCount, "\(model): fitted on \(featureCount) features, asked to predict from \(x.columns)")
    return featureCount
}
