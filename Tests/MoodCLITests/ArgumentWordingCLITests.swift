import Foundation
import MoodTestSupport
import XCTest

/// Issue 26, item 13: negative numbers get their option's range, long words are cut, words are
/// trimmed, and every "not found" says `Error:`.
final class ArgumentWordingCLITests: HardeningCLITestCase {
    func testNegativeNumbersAreRangeErrorsNotMissingValues() throws {
        let cases: [([String], String)] = [
            (["catalog", "filter", "--near", "5,5", "--radius", "-1"], "--radius must be a number greater than 0 and at most 12 (got -1.0)"),
            (["catalog", "filter", "--quadrant", "joy", "--offset", "-5"], "--offset must be between 0 and 10000000 (got -5)"),
            (["catalog", "filter", "--quadrant", "joy", "--min-intensity", "-0.5"], "--min-intensity must be a number between 0 and 1 (got -0.5)"),
            (["catalog", "filter", "--quadrant", "joy", "--min-confidence", "-1"], "--min-confidence must be a number between 0 and 1"),
            (["recommend", "samples/sad.xspf", "--diversity", "-0.5"], "--diversity must be a number between 0 and 1 (got -0.5)"),
            (["recommend", "samples/sad.xspf", "--max-per-artist", "-2"], "--max-per-artist must be at least 1 (got -2)"),
            (["recommend", "samples/sad.xspf", "--ridge", "-1"], "--ridge must be a number between"),
            (["recommend", "samples/sad.xspf", "--target", "7,7", "--path", "-3"], "--path must be between 2 and 100 steps (got -3)"),
            (["catalog", "add", "x.csv", "--batch", "-1"], "--batch must be between 1 and 10000 (got -1)"),
            (["catalog", "add", "x.csv", "--jobs", "-4"], "--jobs must be between 1 and 256 (got -4)"),
            (["catalog", "build", "--out-of-fold", "-2"], "--out-of-fold needs at least 2 folds"),
            (["extract", "x.wav", "--excerpts", "-1"], "--excerpts must be at least 1"),
        ]
        for (arguments, expected) in cases {
            let result = try CLI.run(arguments + ["--db", db])
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("Missing value"), "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }
    }

    func testLongWordsAreCutAndWordsAreTrimmed() throws {
        let long = String(repeating: "x", count: 100_000)
        for arguments in [["playlist", "--mood", long, "--from", "deam"], ["recommend", "samples/sad.xspf", "--target-mood", long],
                          ["catalog", "filter", "--sub-emotion", long], ["catalog", "filter", "--quadrant", long],
                          ["catalog", "filter", "--near", long]] {
            let result = try CLI.run(arguments + ["--db", db])
            XCTAssertNotEqual(result.status, 0, "\(arguments.prefix(2))")
            XCTAssertTrue(result.stderr.hasPrefix("Error: "), "\(arguments.prefix(2)): \(result.stderr.prefix(300))")
            XCTAssertLessThan(result.stderr.utf8.count, 2_000, "\(arguments.prefix(2)) echoed the whole word")
        }
        // A value the argument parser itself refuses is cut too.
        let format = try CLI.run(["analyze", "samples/sad.xspf", "--format", long, "--db", db])
        XCTAssertEqual(format.status, 64, format.stderr.prefix(300).description)
        XCTAssertTrue(format.stderr.hasPrefix("Error: "), format.stderr.prefix(300).description)
        XCTAssertTrue(format.stderr.contains("--format"), format.stderr.prefix(300).description)
        XCTAssertLessThan(format.stderr.utf8.count, 2_000, "the parser echoed the whole value")
        for word in ["SAD ", " Sad", "sad\n", " Melancholy ", "q3 "] {
            let result = try CLI.run(["playlist", "--mood", word, "--from", "deam", "-n", "3", "--db", db])
            XCTAssertEqual(result.status, 0, "'\(word)': \(result.stderr)")
        }
        let target = try CLI.run(["recommend", "samples/sad.xspf", "--target-mood", "Joy ", "-n", "3", "--db", db])
        XCTAssertEqual(target.status, 0, target.stderr)
    }

    func testRemovingWhatIsNotInTheCatalogSaysError() throws {
        let features = try FeatureFiles.write(to: directory.appendingPathComponent("song.csv"))
        XCTAssertEqual(try CLI.run(["catalog", "add", features.path, "--db", db]).status, 0)
        let missing = directory.appendingPathComponent("never-added.mp3").path
        let none = try CLI.run(["catalog", "remove", missing, "--db", db])
        XCTAssertEqual(none.status, 66, none.stderr)
        XCTAssertTrue(none.stderr.hasPrefix("Error: "), none.stderr)
        XCTAssertTrue(none.stderr.contains(missing), none.stderr)
        XCTAssertTrue(none.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("Error: ") }, none.stderr)
        let some = try CLI.run(["catalog", "remove", features.path, missing, String(repeating: "y", count: 100_000), "--db", db])
        XCTAssertEqual(some.status, 2, some.stderr)
        XCTAssertTrue(some.stdout.hasPrefix("1 removed"), some.stdout)
        XCTAssertTrue(some.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("Error: ") }, some.stderr)
        XCTAssertLessThan(some.stderr.utf8.count, 2_000, "the long argument was echoed whole")
    }
}
