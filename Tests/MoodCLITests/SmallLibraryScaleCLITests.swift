import Foundation
import MoodTestSupport
import XCTest

/// Issue 26, item 15: a library too small to scale is shown on the absolute scale with a warning,
/// never as certain points with zero-size regions.
final class SmallLibraryScaleCLITests: HardeningCLITestCase {
    func testALibraryTooSmallToScaleWarnsAndStaysAbsolute() throws {
        let one = try FeatureFiles.write(to: directory.appendingPathComponent("one.csv"), seed: 1 + 1)
        XCTAssertEqual(try CLI.run(["catalog", "add", one.path, "--db", db]).status, 0)
        let absolute = try CLI.run(["catalog", "list", "--format", "json", "--db", db])
        let library = try CLI.run(["catalog", "list", "--format", "json", "--scale", "library", "--db", db])
        XCTAssertEqual(library.status, 0, library.stderr)
        XCTAssertTrue(library.stderr.contains("warning: --scale library needs at least 3 of your songs"), library.stderr)
        XCTAssertTrue(library.stderr.contains("has 1, so the absolute scale is shown"), library.stderr)
        XCTAssertEqual(library.stdout, absolute.stdout, "a library of one song must be shown on the absolute scale")
        let two = try FeatureFiles.write(to: directory.appendingPathComponent("two.csv"), seed: 2 + 1)
        XCTAssertEqual(try CLI.run(["catalog", "add", two.path, "--db", db]).status, 0)
        XCTAssertTrue(try CLI.run(["catalog", "list", "--scale", "library", "--db", db]).stderr.contains("has 2, so the absolute scale is shown"))
        // From three songs on, the library scale applies.
        for variant in 3...3 {
            let song = try FeatureFiles.write(to: directory.appendingPathComponent("song\(variant).csv"), seed: variant + 1)
            XCTAssertEqual(try CLI.run(["catalog", "add", song.path, "--db", db]).status, 0)
        }
        let three = try CLI.run(["catalog", "list", "--scale", "library", "--db", db])
        XCTAssertEqual(three.status, 0, three.stderr)
        XCTAssertTrue(three.stderr.contains("library scale (relative): 3 songs"), three.stderr)
    }
}
