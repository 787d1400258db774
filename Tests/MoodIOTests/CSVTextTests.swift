import MoodIO
import XCTest

final class CSVTextTests: XCTestCase {
    func testCSVFieldsAreQuotedAndDefused() {
        XCTAssertEqual(CSVText.field("plain"), "plain")
        XCTAssertEqual(CSVText.field("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVText.field("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVText.field("=SUM(A1)"), "'=SUM(A1)")
        XCTAssertEqual(CSVText.field("-1.5"), "-1.5")
    }
}
