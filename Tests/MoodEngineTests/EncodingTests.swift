import Foundation
import MoodCore
import MoodEngine
import Recommender
import XCTest

/// The one encoder per result value: JSON keys and CSV columns every front end shares.
final class EncodingTests: XCTestCase {
    private func json(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A model placement with its distribution, and a human rating.
    private let model = Placement(point: MoodPoint(valence: 6.2, arousal: 3.1), source: .model,
                                  distribution: PlacementDistribution(mean: MoodPoint(valence: 6.2, arousal: 3.1),
                                                                      sdValence: 0.6, sdArousal: 0.5, correlation: 0.1))
    private let human = Placement(point: MoodPoint(valence: 2.5, arousal: 7), source: .human, distribution: nil)

    func testPlacementJSONCarriesSourceConfidenceAndRegion() throws {
        let object = try json(PlacementJSON(model))
        XCTAssertEqual(object["source"] as? String, "model")
        let probabilities = try XCTUnwrap(object["quadrantProbabilities"] as? [String: Double])
        XCTAssertEqual(Set(probabilities.keys), Set(Quadrant.allCases.map(\.name)))
        XCTAssertEqual(probabilities.values.reduce(0, +), 1, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(object["confidence"] as? Double), probabilities["Contentment"]!, accuracy: 1e-12)
        XCTAssertEqual((object["sectorProbabilities"] as? [String: Double])?.count, 12)
        XCTAssertNotNil(object["region80"] as? [String: Double])

        let rating = try json(PlacementJSON(human))
        XCTAssertEqual(rating["source"] as? String, "human")
        XCTAssertNil(rating["region80"] as? [String: Double], "a human rating has no 80% region")
    }

    func testCSVRowsHaveTheHeadersColumns() {
        func columns(_ line: String) -> Int {
            // No field here is quoted, so commas separate columns.
            line.split(separator: ",", omittingEmptySubsequences: false).count
        }
        XCTAssertEqual(columns(PlacementCSV.row(model)), columns(PlacementCSV.header))
        XCTAssertEqual(columns(PlacementCSV.row(nil)), columns(PlacementCSV.header))
        XCTAssertTrue(PlacementCSV.row(human).hasPrefix("human,1.0000,,false,"))
    }
}
