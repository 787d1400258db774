import XCTest
import MoodCore
import MERModel
import MoodTestSupport

/// The bundled model's points are the regressors' estimate on DEAM: no value piles up (issue 19).
final class DefaultModelPlacementTests: XCTestCase {
    func testNoValenceOrArousalValueIsSharedByMoreThanOnePercentOfDEAMSongs() throws {
        let dataset = try DataTestSupport.requireRealDataset()
        let model = try MoodModel.bundledDefault()
        let points = model.predict(dataset.features)
        for (axis, values) in [("valence", points.map(\.valence)), ("arousal", points.map(\.arousal))] {
            let counts = Dictionary(grouping: values, by: { $0 }).mapValues(\.count)
            let (value, count) = try XCTUnwrap(counts.max { $0.value < $1.value })
            XCTAssertLessThanOrEqual(Double(count) / Double(dataset.count), 0.01, "\(axis) \(value) is shared by \(count) songs")
        }
        // The balanced quadrant is a label beside the point, and it still finds off-diagonal songs.
        let decisions = try XCTUnwrap(model.quadrantDecisions(dataset.features))
        XCTAssertEqual(decisions.count, dataset.count)
        XCTAssertGreaterThan(zip(decisions, points).filter { $0.quadrant != $1.quadrant }.count, 0)
        for d in decisions { XCTAssertEqual(d.probabilities.reduce(0, +), 1, accuracy: 1e-6) }
    }
}
