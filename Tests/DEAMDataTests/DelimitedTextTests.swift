import Foundation
import DEAMData
import Numerics
import MoodTestSupport
import XCTest

/// The byte-level tokenizer and number parser. Inputs are generated in the tests.
final class DelimitedTextTests: XCTestCase {
    private func records(_ text: String, separator: Character = ",") throws -> [(line: Int, fields: [String])] {
        try DelimitedText(bytes: Array(text.utf8), file: "t.csv", separator: separator.asciiValue!).allRecords()
    }

    func testSplitsCRLFAndLFAndSkipsBlankLinesAndBOM() throws {
        let rows = try records("\u{FEFF}a,b\r\n1,2\r\n\r\n3,\n\n4,5")
        XCTAssertEqual(rows.map(\.fields), [["a", "b"], ["1", "2"], ["3", ""], ["4", "5"]])
        XCTAssertEqual(rows.map(\.line), [1, 2, 4, 6])
    }

    func testQuotedFieldsWithSeparatorsQuotesAndNewlines() throws {
        let rows = try records("id,text\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\",x\n4,after")
        XCTAssertEqual(rows[1].fields, ["1", "a, b"])
        XCTAssertEqual(rows[2].fields, ["2", "say \"hi\""])
        XCTAssertEqual(rows[3].fields, ["3", "two\nlines", "x"])
        XCTAssertEqual(rows[4].line, 6, "line numbers count the newline inside quotes")
    }

    func testSemicolonSeparator() throws {
        XCTAssertEqual(try records("a;b,c;d\n", separator: ";").map(\.fields), [["a", "b,c", "d"]])
    }

    func testUnterminatedQuoteNamesFileLineColumn() {
        DataTestSupport.assertDataError(try records("a,b\n1,\"open\n2,3\n"), contains: ["t.csv:2", "column 2", "never closed"])
    }

    func testNumbersMatchSwiftsParserExactly() throws {
        var generator = SeededGenerator(seed: 42)
        var cells = ["0", "-0", "1", "-1.5", "3.14159", "1e10", "1E-05", "-7.77E-08", "4.75E-11", "737043.5263",
                     "0.000000e+00", "1.7976931348623157e308", "2.2250738585072014e-308", "4.9e-324",
                     "123456789012345678901234567890", "0.1234567890123456789012", "9007199254740993",
                     "+2.5", " 3.5 ", "\t4\t", ".5", "5.", "1e22", "1e23", "123456789e-30"]
        for _ in 0..<20_000 {
            let mantissa = Double.random(in: -1e6...1e6, using: &generator)
            let exponent = Int.random(in: -30...30, using: &generator)
            let value = mantissa * pow(10, Double(exponent))
            cells.append("\(value)")
            cells.append(String(format: "%.\(Int.random(in: 1...17, using: &generator))g", value))
            cells.append(String(format: "%.9f", mantissa))
        }
        let text = cells.map { "\"\($0)\"" }.joined(separator: "\n")
        var index = 0
        try DelimitedText(bytes: Array(text.utf8), file: "n.csv").forEachRecord { record in
            let cell = cells[index]
            let expected = Double(cell.trimmingCharacters(in: .whitespaces))!
            let parsed = try record.double(0, columnName: "x")
            XCTAssertEqual(parsed.bitPattern, expected.bitPattern, "cell '\(cell)'")
            index += 1
        }
        XCTAssertEqual(index, cells.count)
    }

    func testRejectsNonNumbersNaNAndInfinity() throws {
        let text = "x\nabc\nnan\ninf\n-Infinity\n1e999\n0x1p3\n1.2.3\n\n1e\n--1\n,"
        var errors = [String]()
        try DelimitedText(bytes: Array(text.utf8), file: "bad.csv").forEachRecord { record in
            guard record.line > 1 else { return }
            do {
                _ = try record.double(0, columnName: "x")
                errors.append("no error on line \(record.line)")
            } catch let error as DataFileError {
                errors.append(error.description)
            }
        }
        XCTAssertEqual(errors, [
            "bad.csv:2: column 1 (x): 'abc' is not a number",
            "bad.csv:3: column 1 (x): 'nan' is not a finite number",
            "bad.csv:4: column 1 (x): 'inf' is not a finite number",
            "bad.csv:5: column 1 (x): '-Infinity' is not a finite number",
            "bad.csv:6: column 1 (x): '1e999' is not a finite number",
            "bad.csv:7: column 1 (x): '0x1p3' is not a number",
            "bad.csv:8: column 1 (x): '1.2.3' is not a number",
            "bad.csv:10: column 1 (x): '1e' is not a number",
            "bad.csv:11: column 1 (x): '--1' is not a number",
            "bad.csv:12: column 1 (x): cell is empty",
        ])
    }

    func testMissingFileIsAClearError() {
        DataTestSupport.assertDataError(try DelimitedText(contentsOf: URL(fileURLWithPath: "/nonexistent/x.csv")),
                                        contains: ["/nonexistent/x.csv", "file not found"])
    }
}
