import ArgumentParser
import MoodCLI
import MoodTestSupport
import XCTest

/// Command-line parsing and option validation, without running the binary.
final class ParsingTests: XCTestCase {
    /// Parses `arguments` and returns the error message and exit code, or nil when they parse.
    private func rejection(_ arguments: [String]) -> (message: String, code: Int32)? {
        do {
            _ = try Mood.parseAsRoot(arguments)
            return nil
        } catch {
            return (Mood.message(for: error), Mood.exitCode(for: error).rawValue)
        }
    }

    func testSubcommandsParseToTheirCommands() throws {
        XCTAssertEqual("\(type(of: try Mood.parseAsRoot(["recommend", "p.m3u", "-n", "5"])))", "Recommend")
        XCTAssertEqual("\(type(of: try Mood.parseAsRoot(["catalog", "filter", "--quadrant", "Joy"])))", "CatalogFilterCommand")
        XCTAssertEqual("\(type(of: try Mood.parseAsRoot(["evaluate", "--kind", "ridge"])))", "Evaluate")
        XCTAssertEqual("\(type(of: try Mood.parseAsRoot(["evaluate", "--model", "ridge"])))", "Evaluate", "the older spelling")
        XCTAssertNotNil(rejection(["train", "--kind", "ridge", "--model", "ridge", "--out", "m.json"]))
        XCTAssertNil(rejection(["train", "--out", "m.json"]), "without --kind: the shipped model's recipe (best)")
        XCTAssertEqual("\(type(of: try Mood.parseAsRoot(["bench", "load"])))", "BenchLoad")
    }

    func testRecommendationRangesComeFromTheEngineInTheCommandsWords() {
        let cases: [([String], String)] = [
            (["-n", "0"], "-n must be between 1 and 10000 (got 0)"),
            (["-n", "-1"], "-n must be between 1 and 10000 (got -1)"),
            (["-n", "9223372036854775807"], "-n must be between 1 and 10000"),
            (["--ridge", "nan"], "--ridge must be a number between"),
            (["--min-intensity", "nan"], "--min-intensity must be a number between 0 and 1"),
            (["--diversity", "1.5"], "--diversity must be a number between 0 and 1"),
            (["--max-per-artist", "0"], "--max-per-artist must be at least 1"),
            (["--path", "5"], "--path needs --target V,A or --target-mood NAME"),
            (["--target", "7,7", "--path", "100000"], "--path must be between 2 and 100 steps"),
            (["--target", "7,7", "--path", "20"], "--path 20 needs at least 20 songs: raise -n"),
            (["--target", "7,7", "--target-mood", "joy"], "use either --target or --target-mood, not both"),
        ]
        for (extra, expected) in cases {
            guard let rejected = rejection(["recommend", "p.m3u"] + extra) else {
                XCTFail("\(extra) was accepted"); continue
            }
            XCTAssertTrue(rejected.message.contains(expected), "\(extra): \(rejected.message)")
            XCTAssertNotEqual(rejected.code, 0, "\(extra)")
        }
        XCTAssertNil(rejection(["recommend", "p.m3u", "--target", "7,7", "--path", "5", "-n", "10"]))
    }
}

/// One vocabulary: case-insensitive values, `--version` on the root only.
final class VocabularyTests: XCTestCase {
    func testEnumValuesAreCaseInsensitive() throws {
        XCTAssertNoThrow(try Mood.parseAsRoot(["analyze", "p.m3u", "--format", "JSON"]))
        XCTAssertNoThrow(try Mood.parseAsRoot(["recommend", "p.m3u", "--metric", "Mahalanobis"]))
        XCTAssertThrowsError(try Mood.parseAsRoot(["analyze", "p.m3u", "--format", "yaml"]))
        for listing in [["analyze", "p.m3u"], ["recommend", "p.m3u"], ["catalog", "filter", "--quadrant", "joy"], ["catalog", "info"]] {
            for format in ["json", "csv", "table"] {
                XCTAssertNoThrow(try Mood.parseAsRoot(listing + ["--format", format]), "\(listing) --format \(format)")
            }
        }
        XCTAssertNoThrow(try Mood.parseAsRoot(["cluster", "--format", "json"]))
    }

    func testVersionIsOnlyOnTheRootCommand() {
        XCTAssertNoThrow(try Mood.parseAsRoot(["--version"]))
        XCTAssertTrue(Mood.helpMessage(for: Mood.self).contains("--version"))
        for subcommand in Mood.configuration.subcommands + Mood.configuration.groupedSubcommands.flatMap(\.subcommands) {
            XCTAssertFalse(Mood.helpMessage(for: subcommand).contains("--version"), "\(subcommand)")
        }
    }
}

/// Model options: the registry's ranges in the command's words.
final class ModelOptionTests: XCTestCase {
    func testModelOptionsAreBoundedAndNamedByTheirFlags() {
        let cases: [([String], String)] = [
            (["--kind", "random-forest", "--trees", "0"], "--trees must be in 1…10000 (got 0)"),
            (["--kind", "random-forest", "--trees", "1000000000"], "--trees must be in 1…10000"),
            (["--kind", "knn", "--k", "100000"], "--k must be in 1…1000"),
            (["--kind", "ridge", "--alpha", "nan"], "--alpha must be in a finite number"),
            (["--kind", "ridge", "--pca", "0"], "--pca must be in 1…10000"),
            (["--kind", "knn", "--trees", "10"], "--trees does not apply to --kind knn"),
        ]
        for (arguments, expected) in cases {
            do {
                _ = try Mood.parseAsRoot(["evaluate"] + arguments)
                XCTFail("\(arguments) was accepted")
            } catch {
                XCTAssertTrue(Mood.message(for: error).contains(expected), "\(arguments): \(Mood.message(for: error))")
                XCTAssertEqual(Mood.exitCode(for: error).rawValue, 64, "\(arguments)")
            }
        }
    }
}
