import XCTest
import MoodCore
import Numerics
import MERModel
import MoodTestSupport

final class YearTransferTests: XCTestCase {
    func testSongIDsFallIntoTheirCollections() {
        XCTAssertEqual(DEAMYear(songID: 2), .y2013)
        XCTAssertEqual(DEAMYear(songID: 1000), .y2013)
        XCTAssertEqual(DEAMYear(songID: 1001), .y2014)
        XCTAssertEqual(DEAMYear(songID: 2000), .y2014)
        XCTAssertEqual(DEAMYear(songID: 2001), .y2015)
        XCTAssertEqual(DEAMYear(songID: 2058), .y2015)
    }

    func testSplitsSeparateTrainingAndHeldOutYears() {
        let ids = [3, 999, 1000, 1001, 1500, 2000, 2001, 2058]
        XCTAssertEqual(YearSplit.standard.map(\.description), ["2013 → 2014", "2014 → 2013", "2013+2014 → 2015"])
        let forward = YearSplit.standard[0].rows(songIDs: ids)
        XCTAssertEqual(forward.train, [0, 1, 2])
        XCTAssertEqual(forward.test, [3, 4, 5])
        let backward = YearSplit.standard[1].rows(songIDs: ids)
        XCTAssertEqual(backward.train, [3, 4, 5])
        XCTAssertEqual(backward.test, [0, 1, 2])
        let toFullSongs = YearSplit.standard[2].rows(songIDs: ids)
        XCTAssertEqual(toFullSongs.train, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(toFullSongs.test, [6, 7])
        XCTAssertEqual(YearSplit(train: [.y2014, .y2013], test: .y2015).trainName, "2013+2014", "training years are named in order")
    }

    func testAxisScoresReportRankOffsetAndR2() {
        let truth: [Double] = [2, 3, 4, 5, 6]
        // Perfect order, shifted up by one: Spearman 1, offset +1, R² = 1 − 5/10.
        let shifted = AxisTransfer(truth: truth, predicted: truth.map { $0 + 1 })
        XCTAssertEqual(shifted.spearman, 1, accuracy: 1e-12)
        XCTAssertEqual(shifted.offset, 1, accuracy: 1e-12)
        XCTAssertEqual(shifted.r2, 0.5, accuracy: 1e-12)
        let reversed = AxisTransfer(truth: truth, predicted: truth.reversed())
        XCTAssertEqual(reversed.spearman, -1, accuracy: 1e-12)
        XCTAssertEqual(reversed.offset, 0, accuracy: 1e-12)
    }

    /// Generated data in three "years": ratings linear in the first feature, the 2014 ratings offset by +1.
    private func synthetic() -> (ids: [Int], x: Matrix, y: Matrix) {
        var state: UInt64 = 11
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / 9007199254740992
        }
        let ids = Array(1...300) + Array(1001...1300) + Array(2001...2060)
        var x = Matrix(rows: ids.count, columns: 4), y = Matrix(rows: ids.count, columns: 2)
        for (i, id) in ids.enumerated() {
            for j in 0..<4 { x[i, j] = uniform() * 2 - 1 }
            let shift = DEAMYear(songID: id) == .y2014 ? 1.0 : 0
            y[i, 0] = 5 + 1.5 * x[i, 0] + 0.3 * (uniform() - 0.5) + shift
            y[i, 1] = 5 - 1.5 * x[i, 1] + 0.3 * (uniform() - 0.5) + shift
        }
        return (ids, x, y)
    }

    func testTransferFitsOnTrainingYearsAndSeesTheHeldOutYearsOffset() throws {
        let (ids, x, y) = synthetic()
        let specification = try ModelKind.linear.specification()
        let result = try YearTransferEvaluation.measure(specification, songIDs: ids, x: x, y: y, innerFolds: 5, seed: 0)
        XCTAssertEqual(result.transfer.map(\.trainSongs), [300, 300, 600])
        XCTAssertEqual(result.transfer.map(\.testSongs), [300, 300, 60])
        let forward = result.transfer[0], backward = result.transfer[1]
        XCTAssertGreaterThan(forward.valence.spearman, 0.95)
        XCTAssertGreaterThan(forward.arousal.spearman, 0.95)
        // Fitted on 2013, the +1 of 2014's ratings is missed: predictions are one lower; the other way, one higher.
        XCTAssertEqual(forward.valence.offset, -1, accuracy: 0.1)
        XCTAssertEqual(backward.arousal.offset, 1, accuracy: 0.1)
        XCTAssertLessThan(forward.valence.r2, 0.5, "an offset of one costs R² but not rank")
        // The regions were calibrated on the training year alone; they miss the shifted ratings.
        XCTAssertLessThan(try XCTUnwrap(forward.coverage80), 0.3)
        let toFullSongs = try XCTUnwrap(result.transfer[2].coverage80)
        XCTAssertGreaterThan(toFullSongs, 0.3)

        let points = try YearTransferEvaluation.measure(specification, songIDs: ids, x: x, y: y, innerFolds: 0, seed: 0)
        XCTAssertNil(points.transfer[0].coverage80, "no calibration, no regions")
        XCTAssertEqual(points.transfer[0].arousal.spearman, forward.arousal.spearman, accuracy: 0.02)

        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any]
        XCTAssertEqual(encoded?["protocol"] as? String, "years")
        let first = (encoded?["transfer"] as? [[String: Any]])?.first
        XCTAssertEqual(first?["train"] as? String, "2013")
        XCTAssertEqual(first?["test"] as? String, "2014")
        XCTAssertNotNil((first?["valence"] as? [String: Any])?["spearman"])
        XCTAssertNotNil((first?["arousal"] as? [String: Any])?["offset"])
        XCTAssertNotNil(first?["coverage80"])
    }

    func testASplitWithoutHeldOutSongsIsATypedError() throws {
        let (ids, x, y) = synthetic()
        let onlyEarly = Array(ids.prefix(300))
        XCTAssertThrowsError(try YearTransferEvaluation.measure(
            try ModelKind.linear.specification(), songIDs: onlyEarly, x: x.selectingRows(Array(0..<300)),
            y: y.selectingRows(Array(0..<300)), innerFolds: 0, seed: 0)) { error in
            XCTAssertEqual(error as? YearTransferError, .emptySplit(split: "2013 → 2014", trainSongs: 300, testSongs: 0))
        }
    }

    func testDEAMsYearsHaveTheDocumentedSizes() throws {
        let dataset = try DataTestSupport.requireRealDataset()
        XCTAssertEqual(YearSplit.standard.map { $0.rows(songIDs: dataset.songIDs).test.count }, [1000, 744, 58])
        XCTAssertEqual(YearSplit.standard.map { $0.rows(songIDs: dataset.songIDs).train.count }, [744, 1000, 1744])
    }
}
