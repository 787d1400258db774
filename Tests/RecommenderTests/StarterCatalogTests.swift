import Foundation
import MoodCore
import Recommender
import XCTest

final class StarterCatalogTests: XCTestCase {
    func testExportThenParseRoundTrips() throws {
        let catalog = try Catalog(path: ":memory:", mode: .createIfMissing)
        let inputs = Synthetic.deamTracks(30)
        try catalog.replaceDEAMTracks(inputs)
        let text = try StarterCatalog.export(from: catalog)
        XCTAssertFalse(text.contains("Artist"), "no metadata text in the starter catalog")
        let parsed = try StarterCatalog.parse(text, file: "starter.csv")
        XCTAssertEqual(parsed.map(\.deamID), inputs.map(\.deamID))
        for (p, i) in zip(parsed, inputs) {
            XCTAssertNil(p.annotation)
            XCTAssertNil(p.artist)
            XCTAssertEqual(p.predicted.valence, i.predicted.valence, accuracy: 1e-6)
            XCTAssertEqual(p.predicted.arousal, i.predicted.arousal, accuracy: 1e-6)
            XCTAssertEqual(p.modelVersion, "test-model-1")
        }
    }

    func testMalformedStarterNamesLineAndColumn() {
        let bad = "# comment\n\(StarterCatalog.header)\n12,5.0,4.0,m\n13,abc,4.0,m\n"
        XCTAssertThrowsError(try StarterCatalog.parse(bad, file: "s.csv")) { error in
            XCTAssertEqual(error as? CatalogError, .malformedStarter(file: "s.csv", line: 4, column: 2, reason: "invalid number 'abc'"))
            XCTAssertTrue("\(error)".hasPrefix("s.csv:4:2:"))
        }
        XCTAssertThrowsError(try StarterCatalog.parse("id,v,a\n", file: "s.csv"))
        XCTAssertThrowsError(try StarterCatalog.parse("\(StarterCatalog.header)\n12,5,4,m\n12,5,4,m\n", file: "s.csv"))
    }
}
