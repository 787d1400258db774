import DEAMData
import Foundation
import MoodTestSupport
import XCTest

/// A corrupted `--model` is refused with exit status 65 and a message naming the file and the
/// bad part, and the catalog is left byte for byte as it was.
final class BadModelFileCLITests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mood-bad-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The bundled default model, changed by `change`, written to `name`.
    private func corruptedModel(_ name: String, _ change: (inout [String: Any]) -> Void) throws -> URL {
        let source = CLI.packageRoot.appendingPathComponent("Sources/MERModel/Resources/default-model.json")
        var json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        change(&json)
        let url = directory.appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        return url
    }

    /// A DEAM-format per-frame feature file (the columns every model reads) with two frames.
    private func featureFile() throws -> URL { try DataTestSupport.frameFeatureFile(in: directory) }

    func testBadModelExits65AndLeavesTheCatalogUnchanged() throws {
        let db = directory.appendingPathComponent("catalog.sqlite").path
        let build = try CLI.run(["catalog", "build", "--starter", "--db", db])
        XCTAssertEqual(build.status, 0, build.stderr)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let features = try featureFile()

        func member(_ json: inout [String: Any], _ index: Int, _ change: (inout [String: Any]) -> Void) {
            var pipeline = json["pipeline"] as! [String: Any]
            var regressor = pipeline["regressor"] as! [String: Any]
            var blend = regressor["model"] as! [String: Any]
            var members = blend["members"] as! [[String: Any]]
            var memberRegressor = members[index]["regressor"] as! [String: Any]
            var model = memberRegressor["model"] as! [String: Any]
            change(&model)
            memberRegressor["model"] = model
            members[index]["regressor"] = memberRegressor
            blend["members"] = members
            regressor["model"] = blend
            pipeline["regressor"] = regressor
            json["pipeline"] = pipeline
        }
        let bad: [(URL, String)] = [
            (try corruptedModel("short-names.json") { $0["featureNames"] = ($0["featureNames"] as! [String]).dropLast().map { $0 } },
             "reads 130 input columns, but 129 reach it"),
            (try corruptedModel("short-coefficients.json") { member(&$0, 1) { $0["coefficients"] = Array(($0["coefficients"] as! [Any]).prefix(10)) } },
             "pipeline.regressor.model.members[1].regressor.model.coefficients"),
            (try corruptedModel("zero-scales.json") { member(&$0, 1) { $0["scales"] = ($0["scales"] as! [Any]).map { _ in 0 } } },
             "scale factor 1 is zero"),
            (try corruptedModel("bad-tree.json") {
                member(&$0, 0) { gbm in
                    var boosters = gbm["boosters"] as! [[[String: Any]]]
                    var tree = boosters[0][0]
                    tree["feature"] = (tree["feature"] as! [Any]).map { ($0 as! Int) >= 0 ? 5000 : -1 }
                    boosters[0][0] = tree
                    gbm["boosters"] = boosters
                }
            }, "boosters[0][0].feature"),
            (try corruptedModel("unknown-kind.json") { $0["kind"] = "telepathy" }, "unknown model kind 'telepathy'"),
        ]
        for (model, expected) in bad {
            for arguments in [["catalog", "add", features.path], ["analyze", "samples/sad.xspf"]] {
                let result = try CLI.run(arguments + ["--db", db, "--model", model.path])
                XCTAssertEqual(result.status, 65, "\(arguments) \(model.lastPathComponent): \(result.stderr)")
                XCTAssertTrue(result.stderr.contains(model.lastPathComponent), result.stderr)
                XCTAssertTrue(result.stderr.contains(expected), "\(model.lastPathComponent): \(result.stderr)")
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before, "\(arguments) changed the catalog")
            }
        }
        // The original report: `catalog build --model` with a cut coefficient array must not rewrite the catalog.
        let deam = try CLI.deamDirectory()
        let rebuild = try CLI.run(["catalog", "build", "--deam", deam.path, "--db", db, "--model", bad[1].0.path])
        XCTAssertEqual(rebuild.status, 65, rebuild.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before)

        // The unchanged default model still adds the file.
        let good = try CLI.run(["catalog", "add", features.path, "--db", db])
        XCTAssertEqual(good.status, 0, good.stderr)
    }
}
