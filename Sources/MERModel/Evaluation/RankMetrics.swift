/// Rank-based scores: Spearman's correlation and the area under the ROC curve.
///
/// Both use mid-ranks for ties (as `scipy.stats.spearmanr` and `sklearn.metrics.roc_auc_score` do),
/// so they measure order only: any strictly increasing map of the predictions leaves them unchanged.
public enum RankMetrics {
    /// Mid-ranks (1-based) of `values`: tied values share the mean of the ranks they span.
    public static func midRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = rank }
            start = end + 1
        }
        return ranks
    }

    /// Pearson's correlation of two equally long samples (nan when either is constant or they have fewer than 2 values).
    public static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "samples differ in length")
        let n = Double(a.count)
        guard a.count >= 2 else { return .nan }
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var ab = 0.0, aa = 0.0, bb = 0.0
        for i in a.indices {
            ab += (a[i] - ma) * (b[i] - mb)
            aa += (a[i] - ma) * (a[i] - ma)
            bb += (b[i] - mb) * (b[i] - mb)
        }
        guard aa > 0, bb > 0 else { return .nan }
        return ab / (aa * bb).squareRoot()
    }

    /// Spearman's rank correlation: Pearson's correlation of the mid-ranks.
    public static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        pearson(midRanks(a), midRanks(b))
    }

    /// The area under the ROC curve of `scores` for the binary `labels` (true = positive): the
    /// probability that a random positive scores above a random negative, ties counting one half
    /// (the Mann–Whitney U statistic over the product of the class sizes). nan without both classes.
    public static func auc(scores: [Double], labels: [Bool]) -> Double {
        precondition(scores.count == labels.count, "scores and labels differ in length")
        let positives = labels.filter { $0 }.count, negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return .nan }
        let ranks = midRanks(scores)
        let positiveRankSum = zip(ranks, labels).reduce(0.0) { $0 + ($1.1 ? $1.0 : 0) }
        let u = positiveRankSum - Double(positives) * Double(positives + 1) / 2
        return u / (Double(positives) * Double(negatives))
    }
}
