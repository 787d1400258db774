import XCTest
import MoodCore
import Recommender

/// The committed starter catalog holds the default model's own estimates: no value piled up on a
/// quadrant boundary (issue 19: models before it moved 12% of DEAM songs to 4.98 or 5.02).
final class StarterCatalogPlacementTests: XCTestCase {
    func testNoValenceOrArousalValueIsSharedByMoreThanOnePercentOfSongs() throws {
        let tracks = try StarterCatalog.load(contentsOf: try StarterCatalog.bundledURL())
        XCTAssertEqual(tracks.count, 1802)
        for (axis, values) in [("valence", tracks.map(\.predicted.valence)), ("arousal", tracks.map(\.predicted.arousal))] {
            let counts = Dictionary(grouping: values, by: { $0 }).mapValues(\.count)
            let (value, count) = try XCTUnwrap(counts.max { $0.value < $1.value })
            XCTAssertLessThanOrEqual(Double(count) / Double(tracks.count), 0.01, "\(axis) \(value) is shared by \(count) songs")
        }
    }
}
