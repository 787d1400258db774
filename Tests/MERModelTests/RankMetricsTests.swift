import XCTest
import MERModel

final class RankMetricsTests: XCTestCase {
    func testMidRanksShareTies() {
        XCTAssertEqual(RankMetrics.midRanks([10, 20, 20, 5]), [2, 3.5, 3.5, 1])
        XCTAssertEqual(RankMetrics.midRanks([]), [])
    }

    func testSpearmanMatchesSciPyWithTies() {
        // scipy.stats.spearmanr([1,2,2,5,3,8], [2,1,4,4,6,7]).correlation = 0.7794117647058825
        XCTAssertEqual(RankMetrics.spearman([1, 2, 2, 5, 3, 8], [2, 1, 4, 4, 6, 7]), 0.7794117647058825, accuracy: 1e-12)
    }

    func testSpearmanSeesOrderOnly() {
        let a: [Double] = [0.3, 1.7, -2, 4, 5.5, 0.9]
        let b: [Double] = [1, 3, 0, 2, 6, 5]
        let monotone = a.map { exp($0) * 3 + 1 }
        XCTAssertEqual(RankMetrics.spearman(monotone, b), RankMetrics.spearman(a, b), accuracy: 1e-12)
        XCTAssertEqual(RankMetrics.spearman(a, a.map { -$0 }), -1, accuracy: 1e-12)
        XCTAssertTrue(RankMetrics.spearman([1, 1, 1], [1, 2, 3]).isNaN, "a constant sample has no rank correlation")
    }

    func testAUCMatchesScikitLearnWithTies() {
        // sklearn.metrics.roc_auc_score([1,0,1,0,1,0], [0.9,0.3,0.5,0.5,0.2,0.1]) = 0.7222222222222222
        let auc = RankMetrics.auc(scores: [0.9, 0.3, 0.5, 0.5, 0.2, 0.1], labels: [true, false, true, false, true, false])
        XCTAssertEqual(auc, 0.7222222222222222, accuracy: 1e-12)
        XCTAssertEqual(RankMetrics.auc(scores: [1, 2, 3, 4], labels: [false, false, true, true]), 1)
        XCTAssertEqual(RankMetrics.auc(scores: [1, 2, 3, 4], labels: [true, true, false, false]), 0)
        XCTAssertTrue(RankMetrics.auc(scores: [1, 2], labels: [true, true]).isNaN)
    }
}
