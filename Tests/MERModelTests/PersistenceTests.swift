import Foundation
import XCTest
import MERModel
import DEAMData
import Numerics
import MoodCore

/// Generated (not DEAM) data: 70 named features (the kernel ridge reads the first 65, as on DEAM), targets linear in them plus noise, on the 1–9 scale.
private func syntheticData(rows n: Int = 120, seed: UInt64 = 3) -> (names: [String], x: Matrix, y: Matrix) {
    var g = SeededGenerator(seed: seed)
    let p = featureCount
    let x = Matrix(rows: n, columns: p, storage: (0..<(n * p)).map { _ in g.nextGaussian() })
    var y = Matrix(rows: n, columns: 2)
    for i in 0..<n {
        y[i, 0] = min(9, max(1, 5 + 1.2 * x[i, 0] - 0.7 * x[i, 2] + 0.3 * g.nextGaussian()))
        y[i, 1] = min(9, max(1, 5 + 0.9 * x[i, 1] + 0.5 * x[i, 3] + 0.3 * g.nextGaussian()))
    }
    return ((0..<p).map { "feature_\($0)_amean" }, x, y)
}

private let featureCount = 70

/// Fast settings for every registry entry, so the round trip covers every concrete model.
private func quickOptions(_ kind: ModelKind) -> ModelOptions {
    var o = ModelOptions(seed: 4)
    if kind.acceptedOptions.contains(.trees) { o.trees = 8 }
    if kind.acceptedOptions.contains(.epochs) { o.epochs = 3 }
    if kind.acceptedOptions.contains(.neighbors) { o.neighbors = 4 }
    return o
}

final class PersistenceTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mood-persistence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func trained(_ kind: ModelKind, pca: Int? = nil) throws -> (MoodModel, Matrix, [String]) {
        let data = syntheticData()
        var options = quickOptions(kind)
        options.pcaComponents = pca
        var model = MoodModel(specification: try kind.specification(options), featureNames: data.names)
        try model.fit(data.x, data.y, data: "generated test data")
        return (model, data.x, data.names)
    }

    func testEveryModelRoundTripsWithIdenticalPredictionsAndBytes() throws {
        for kind in ModelKind.allCases {
            for pca in [nil, 8] as [Int?] {
                let (model, x, names) = try trained(kind, pca: pca)
                let url = directory.appendingPathComponent("\(kind.rawValue)-\(pca ?? 0).json")
                try model.write(to: url)
                let loaded = try MoodModel.load(contentsOf: url, expectedFeatures: names)
                XCTAssertEqual(loaded.kind, kind)
                XCTAssertEqual(loaded.featureNames, names)
                XCTAssertEqual(loaded.training?.songs, x.rows)
                XCTAssertEqual(loaded.pipeline.pca?.componentCount, pca)
                XCTAssertEqual(loaded.predictValues(x), model.predictValues(x), "\(kind) pca \(pca as Any)")
                XCTAssertEqual(try loaded.encoded(), try Data(contentsOf: url), "\(kind): re-encoding changes the bytes")
                // Training again with the same seed writes the same bytes (the CNN's
                // wall-clock training time is not stored).
                let (again, _, _) = try trained(kind, pca: pca)
                XCTAssertEqual(try again.encoded(), try Data(contentsOf: url), "\(kind): training is not reproducible")
            }
        }
    }

    func testForestFilesWrittenWithoutASplitterLoadWithTheKindsSplitter() throws {
        for (kind, splitter) in [(ModelKind.randomForest, ForestRegressor.Splitter.best), (.extraTrees, .random)] {
            let (model, x, names) = try trained(kind)
            guard case .forest(let forest) = model.pipeline.regressor else { return XCTFail("\(kind) is not a forest") }
            XCTAssertEqual(forest.configuration.splitter, splitter)
            XCTAssertEqual(forest.configuration.bootstrap, splitter == .best, "scikit-learn's bootstrap default")
            // Model files from before the forests were one type hold no splitter.
            let text = String(decoding: try model.encoded(), as: UTF8.self)
            let old = text.replacingOccurrences(of: #""splitter":"\#(splitter.rawValue)","#, with: "")
            XCTAssertNotEqual(old, text)
            let url = directory.appendingPathComponent("old-\(kind.rawValue).json")
            try Data(old.utf8).write(to: url)
            let loaded = try MoodModel.load(contentsOf: url, expectedFeatures: names)
            XCTAssertEqual(loaded.kind, kind)
            guard case .forest(let reloaded) = loaded.pipeline.regressor else { return XCTFail("\(kind) is not a forest") }
            XCTAssertEqual(reloaded.configuration, forest.configuration)
            XCTAssertEqual(loaded.predictValues(x), model.predictValues(x))
        }
    }

    func testWrongFeatureSetIsATypedErrorNamingTheFirstMismatch() throws {
        let (model, _, names) = try trained(.ridge)
        let url = directory.appendingPathComponent("ridge.json")
        try model.write(to: url)
        var renamed = names
        renamed[3] = "pcm_zcr_sma_amean"
        XCTAssertThrowsError(try MoodModel.load(contentsOf: url, expectedFeatures: renamed)) { error in
            XCTAssertEqual(error as? ModelFileError,
                           .featureMismatch(file: url.path, index: 3, expected: "feature_3_amean", found: "pcm_zcr_sma_amean"))
            XCTAssertTrue("\(error)".contains("feature 4"), "\(error)")
        }
        XCTAssertThrowsError(try MoodModel.load(contentsOf: url, expectedFeatures: Array(names.prefix(4)))) { error in
            XCTAssertEqual(error as? ModelFileError, .featureCountMismatch(file: url.path, expected: featureCount, found: 4))
        }
        XCTAssertThrowsError(try model.predict(Matrix(rows: 1, columns: featureCount), featureNames: renamed))
    }

    func testUnknownFormatVersionAndMalformedFilesAreClearErrors() throws {
        let (model, _, _) = try trained(.linear)
        var object = try JSONSerialization.jsonObject(with: model.encoded()) as! [String: Any]
        object["formatVersion"] = 99
        let future = directory.appendingPathComponent("future.json")
        try JSONSerialization.data(withJSONObject: object).write(to: future)
        XCTAssertThrowsError(try MoodModel.load(contentsOf: future)) { error in
            XCTAssertEqual(error as? ModelFileError, .unsupportedVersion(file: future.path, found: 99, supported: MoodModel.currentFormatVersion))
        }
        object["formatVersion"] = MoodModel.currentFormatVersion
        object["featureNames"] = 7
        let broken = directory.appendingPathComponent("broken.json")
        try JSONSerialization.data(withJSONObject: object).write(to: broken)
        XCTAssertThrowsError(try MoodModel.load(contentsOf: broken)) { error in
            guard case .malformed(let file, let detail)? = error as? ModelFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, broken.path)
            XCTAssertTrue(detail.contains("featureNames"), detail)
        }
        let garbage = directory.appendingPathComponent("garbage.json")
        try Data("not json".utf8).write(to: garbage)
        XCTAssertThrowsError(try MoodModel.load(contentsOf: garbage)) { XCTAssertNotNil($0 as? ModelFileError) }
        XCTAssertThrowsError(try MoodModel.load(contentsOf: directory.appendingPathComponent("missing.json"))) { error in
            guard case .unreadable? = error as? ModelFileError else { return XCTFail("\(error)") }
        }
    }

    func testPredictionsAreClampedToTheScale() throws {
        let (model, _, _) = try trained(.linear)
        let extreme = Matrix([[40, -40, -40, 40] + [Double](repeating: 0, count: featureCount - 4),
                              [-40, 40, 40, -40] + [Double](repeating: 0, count: featureCount - 4)])
        let raw = model.predictValues(extreme)
        XCTAssertGreaterThan(raw.storage.max()!, 9)
        XCTAssertLessThan(raw.storage.min()!, 1)
        for point in model.predict(extreme) {
            XCTAssertTrue(Circumplex.scale.contains(point.valence) && Circumplex.scale.contains(point.arousal))
        }
        XCTAssertEqual(model.predict(extreme)[0].valence, 9)
    }

    func testBundledDefaultModelLoadsAndPredictsDEAMFeatures() throws {
        let model = try MoodModel.bundledDefault()
        XCTAssertEqual(model.kind, MoodModel.bundledDefaultKind)
        XCTAssertEqual(model.featureNames.count, 130)
        XCTAssertEqual(model.featureNames.first, "F0final_sma_amean")
        XCTAssertEqual(model.training?.songs, 1802)
        let points = model.predict(Matrix(rows: 2, columns: 130))
        XCTAssertEqual(points.count, 2)
    }

    func testRegistryRejectsInapplicableAndInvalidOptions() {
        XCTAssertThrowsError(try ModelKind.knn.specification(ModelOptions(trees: 10))) {
            XCTAssertEqual($0 as? ModelKindError, .optionNotApplicable(option: .trees, model: "knn"))
        }
        XCTAssertThrowsError(try ModelKind.knn.specification(ModelOptions(neighbors: 0)))
        XCTAssertThrowsError(try ModelKind.ridge.specification(ModelOptions(alpha: -1)))
        XCTAssertNil(ModelKind(name: "svm"))
        XCTAssertEqual(ModelKind(name: "BEST"), ModelKind.best)
        for kind in ModelKind.allCases { XCTAssertEqual(ModelKind(name: kind.rawValue), kind) }
    }
}

