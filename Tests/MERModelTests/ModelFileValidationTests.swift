import Foundation
import XCTest
import MERModel
import DEAMData
import Numerics
import MoodCore

// A seeded generator of corrupted model files: small trained models of every kind and the
// bundled default model are decoded as JSON, one value is changed (a storage array cut short,
// a shape changed, a scale zeroed, a value made huge or non-numeric, a feature name dropped or
// added, a tree index sent out of range, a kind or version changed, a member dropped), and the
// result must be refused with the expected typed error, or, for the random mutations that keep
// the file consistent, load and predict finite points on the 1–9 scale. Nothing may crash.

/// One step of a JSON path: an object key or an array index.
private enum Step: CustomStringConvertible {
    case key(String), index(Int)
    var description: String {
        switch self {
        case .key(let k): return k
        case .index(let i): return "[\(i)]"
        }
    }
}

/// The path as `ModelFileError.invalid` writes it (`pipeline.regressor.model.trees[3].link`).
private func render(_ steps: [Step]) -> String {
    var out = ""
    for step in steps {
        switch step {
        case .key(let k): out += out.isEmpty ? k : ".\(k)"
        case .index(let i): out += "[\(i)]"
        }
    }
    return out
}

private func value(_ json: Any, at path: ArraySlice<Step>) -> Any {
    guard let first = path.first else { return json }
    switch first {
    case .key(let k): return value((json as! [String: Any])[k]!, at: path.dropFirst())
    case .index(let i): return value((json as! [Any])[i], at: path.dropFirst())
    }
}

private func setting(_ json: Any, at path: ArraySlice<Step>, to newValue: Any) -> Any {
    guard let first = path.first else { return newValue }
    switch first {
    case .key(let k):
        var object = json as! [String: Any]
        object[k] = path.count == 1 ? newValue : setting(object[k]!, at: path.dropFirst(), to: newValue)
        return object
    case .index(let i):
        var array = json as! [Any]
        array[i] = setting(array[i], at: path.dropFirst(), to: newValue)
        return array
    }
}

/// Placeholders replaced in the written text by literals JSONSerialization cannot write.
private let hugeLiteral = "__HUGE_LITERAL__"
private let nanLiteral = "__NAN_LITERAL__"

private func serialize(_ json: Any) throws -> Data {
    var text = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
    text = text.replacingOccurrences(of: "\"\(hugeLiteral)\"", with: "1e400")
    text = text.replacingOccurrences(of: "\"\(nanLiteral)\"", with: "NaN")
    return Data(text.utf8)
}

/// What decoding a mutant must give.
private enum Expectation {
    /// `.malformed` whose detail mentions `mentioning`.
    case malformed(mentioning: String)
    /// `.invalid` whose path starts with `pathPrefix` and whose problem satisfies `problem`.
    case invalid(pathPrefix: String, problem: String, (ModelFileProblem) -> Bool)
    /// `.unsupportedVersion`.
    case unsupportedVersion
    /// `.malformed` or `.invalid` (e.g. a huge literal: the decoder or the finiteness check refuses it).
    case refused
}

private struct Mutant {
    var name: String
    /// Makes the mutated document (lazily: models with many trees have thousands of mutants).
    var make: () -> Any
    var expectation: Expectation
    /// Header and structural mutants are always checked; the rest may be sampled.
    var always = false
}

private let numericArraysChecked: Set<String> = [
    "mean", "scale", "variance", "intercepts", "alphas", "baselines", "targetMeans", "means", "scales",
    "coefficients", "featureMean", "featureScale", "targetMean", "targetScale", "explainedVariance", "bias", "weights",
    "threshold", "leafValues", "storage",
]
private let scaleArrays: Set<String> = ["scale", "scales", "featureScale", "targetScale"]
private let countedArrays: Set<String> = [
    "mean", "scale", "variance", "intercepts", "baselines", "targetMeans", "means", "scales", "logTransformed",
    "coefficients", "featureMean", "featureScale", "targetMean", "targetScale", "explainedVariance", "bias", "weights",
    "threshold", "link", "leafValues", "trees", "members", "boosters",
]

/// The array's elements as numbers, if every one is a number.
private func numbers(_ value: Any) -> [Double]? {
    guard let array = value as? [Any] else { return nil }
    let out = array.compactMap { element -> Double? in
        if element is String || element is [Any] || element is [String: Any] { return nil }
        if let d = element as? Double { return d }
        if let i = element as? Int { return Double(i) }
        return (element as? NSNumber)?.doubleValue
    }
    return out.count == array.count ? out : nil
}

private func ints(_ value: Any?) -> [Int]? {
    value.flatMap(numbers).map { $0.map { Int($0) } }
}

/// Every targeted mutation of `json` (a model's JSON), with its expected refusal.
private func targetedMutants(of json: Any) -> [Mutant] {
    var out = [Mutant]()
    let names = (json as! [String: Any])["featureNames"] as! [String]
    let kind = (json as! [String: Any])["kind"] as! String

    // Header and feature names.
    out.append(Mutant(name: "unknown kind", make: { setting(json, at: [.key("kind")], to: "gradient-magic") },
                      expectation: .invalid(pathPrefix: "kind", problem: "unknownKind") {
                          if case .unknownKind("gradient-magic") = $0 { return true } else { return false } }))
    let other = kind == "linear" ? "ridge" : "linear"
    out.append(Mutant(name: "other known kind", make: { setting(json, at: [.key("kind")], to: other) },
                      expectation: .invalid(pathPrefix: "pipeline.regressor.kind", problem: "kindMismatch") {
                          if case .kindMismatch = $0 { return true } else { return false } }))
    out.append(Mutant(name: "unknown regressor kind",
                      make: { setting(json, at: [.key("pipeline"), .key("regressor"), .key("kind")], to: "mystery") },
                      expectation: .invalid(pathPrefix: "pipeline.regressor.kind", problem: "unknownKind") {
                          if case .unknownKind("mystery") = $0 { return true } else { return false } }))
    out.append(Mutant(name: "future version", make: { setting(json, at: [.key("formatVersion")], to: 2) },
                      expectation: .unsupportedVersion))
    out.append(Mutant(name: "feature name dropped", make: { setting(json, at: [.key("featureNames")], to: Array(names.dropLast())) },
                      expectation: .invalid(pathPrefix: "pipeline", problem: "widthMismatch") {
                          if case .widthMismatch(names.count - 1, names.count) = $0 { return true } else { return false } }))
    out.append(Mutant(name: "feature name added", make: { setting(json, at: [.key("featureNames")], to: names + ["extra_amean"]) },
                      expectation: .invalid(pathPrefix: "pipeline", problem: "widthMismatch") {
                          if case .widthMismatch(names.count + 1, names.count) = $0 { return true } else { return false } }))
    var duplicated = names
    duplicated[1] = names[0]
    out.append(Mutant(name: "duplicate feature name", make: { setting(json, at: [.key("featureNames")], to: duplicated) },
                      expectation: .invalid(pathPrefix: "featureNames[1]", problem: "duplicateFeatureName") {
                          $0 == .duplicateFeatureName(names[0], first: 0, second: 1) }))
    out.append(Mutant(name: "no feature names", make: { setting(json, at: [.key("featureNames")], to: [String]()) },
                      expectation: .invalid(pathPrefix: "featureNames", problem: "noFeatureNames") { $0 == .noFeatureNames }))
    out.append(Mutant(name: "empty feature name", make: { setting(json, at: [.key("featureNames"), .index(2)], to: "") },
                      expectation: .invalid(pathPrefix: "featureNames[2]", problem: "badFeatureName") { $0 == .badFeatureName(index: 2) }))
    out.append(Mutant(name: "bad option", make: { setting(json, at: [.key("options"), .key("trees")], to: 0) },
                      expectation: .invalid(pathPrefix: "options", problem: "invalidValue") {
                          if case .invalidValue = $0 { return true } else { return false } }))
    for i in out.indices { out[i].always = true }

    // Components, found by walking the document.
    func walk(_ node: Any, _ path: [Step]) {
        if let object = node as? [String: Any] {
            let here = render(path)
            if object["storage"] != nil, let rows = object["rows"] as? Int, let columns = object["columns"] as? Int {
                if rows * columns > 0 {
                    let storage = object["storage"] as! [Any]
                    out.append(Mutant(name: "\(here): storage cut short",
                                      make: { setting(json, at: ArraySlice(path + [.key("storage")]), to: Array(storage.prefix(storage.count / 2))) },
                                      expectation: .malformed(mentioning: here)))
                }
                out.append(Mutant(name: "\(here): one more column", make: { setting(json, at: ArraySlice(path + [.key("columns")]), to: columns + 1) },
                                  expectation: .malformed(mentioning: here)))
                out.append(Mutant(name: "\(here): 2000000 columns", make: { setting(json, at: ArraySlice(path + [.key("columns")]), to: 2_000_000) },
                                  expectation: .malformed(mentioning: here)))
                out.append(Mutant(name: "\(here): overflowing rows", make: { setting(json, at: ArraySlice(path + [.key("rows")]), to: Int.max / 2) },
                                  expectation: .malformed(mentioning: here)))
            }
            if let feature = ints(object["feature"]), let link = ints(object["link"]), object["threshold"] != nil {
                let n = feature.count
                if let split = feature.firstIndex(where: { $0 >= 0 }) {
                    var f = feature
                    f[split] = names.count
                    out.append(Mutant(name: "\(here): split feature = width", make: { setting(json, at: ArraySlice(path + [.key("feature")]), to: f) },
                                      expectation: .invalid(pathPrefix: here + ".feature", problem: "indexOutOfRange") {
                                          if case .indexOutOfRange(split, names.count, _) = $0 { return true } else { return false } }))
                    for (label, target) in [("past the end", n), ("to itself", split), ("negative", -5)] {
                        var l = link
                        l[split] = target
                        out.append(Mutant(name: "\(here): right child \(label)", make: { setting(json, at: ArraySlice(path + [.key("link")]), to: l) },
                                          expectation: .invalid(pathPrefix: here + ".link", problem: "indexOutOfRange") {
                                              if case .indexOutOfRange(split, target, _) = $0 { return true } else { return false } }))
                    }
                }
                if let leaf = feature.firstIndex(where: { $0 < 0 }) {
                    var l = link
                    l[leaf] = 1 << 30
                    out.append(Mutant(name: "\(here): leaf value index out of range", make: { setting(json, at: ArraySlice(path + [.key("link")]), to: l) },
                                      expectation: .invalid(pathPrefix: here + ".link", problem: "indexOutOfRange") {
                                          if case .indexOutOfRange(leaf, 1 << 30, _) = $0 { return true } else { return false } }))
                }
            }
            if let neighbors = object["neighbors"] as? Int, object["weighting"] != nil {
                for k in [0, 1 << 40] {
                    out.append(Mutant(name: "\(here): \(k) neighbours", make: { setting(json, at: ArraySlice(path + [.key("neighbors")]), to: k) },
                                      expectation: .invalid(pathPrefix: render(path.dropLast()), problem: "invalidValue") {
                                          if case .invalidValue = $0 { return true } else { return false } }))
                }
                _ = neighbors
            }
            if let members = object["members"] as? [Any], members.count > 1 {
                out.append(Mutant(name: "\(here): member dropped", make: { setting(json, at: ArraySlice(path + [.key("members")]), to: Array(members.dropLast())) },
                                  expectation: .invalid(pathPrefix: here + ".configuration.weights", problem: "countMismatch") {
                                      $0 == .countMismatch(expected: members.count - 1, found: members.count) }, always: true))
                if let configuration = object["configuration"] as? [String: Any], let weights = configuration["weights"].flatMap(numbers) {
                    var negative = weights
                    negative[0] = -1
                    out.append(Mutant(name: "\(here): negative weight",
                                      make: { setting(json, at: ArraySlice(path + [.key("configuration"), .key("weights")]), to: negative) },
                                      expectation: .invalid(pathPrefix: here + ".configuration.weights", problem: "invalidValue") {
                                          if case .invalidValue = $0 { return true } else { return false } }))
                    out.append(Mutant(name: "\(here): zero weights",
                                      make: { setting(json, at: ArraySlice(path + [.key("configuration"), .key("weights")]), to: weights.map { _ in 0.0 }) },
                                      expectation: .invalid(pathPrefix: here + ".configuration.weights", problem: "invalidValue") {
                                          if case .invalidValue = $0 { return true } else { return false } }))
                }
            }
            if let boosters = object["boosters"] as? [[Any]] {
                out.append(Mutant(name: "\(here): booster dropped", make: { setting(json, at: ArraySlice(path + [.key("boosters")]), to: Array(boosters.dropLast())) },
                                  expectation: .invalid(pathPrefix: here, problem: "countMismatch") {
                                      if case .countMismatch = $0 { return true } else { return false } }, always: true))
            }
            if let inChannels = object["inChannels"] as? Int, object["kernelSize"] != nil {
                out.append(Mutant(name: "\(here): inChannels + 1", make: { setting(json, at: ArraySlice(path + [.key("inChannels")]), to: inChannels + 1) },
                                  expectation: .refused))
                out.append(Mutant(name: "\(here): huge kernel", make: { setting(json, at: ArraySlice(path + [.key("kernelSize")]), to: 1 << 40) },
                                  expectation: .refused))
            }
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                let childPath = path + [.key(key)]
                let at = render(childPath)
                if key != "logTransformed", let numbers = numbers(child), !numbers.isEmpty {
                    if countedArrays.contains(key) {
                        out.append(Mutant(name: "\(at): last value dropped", make: { setting(json, at: ArraySlice(childPath), to: Array(numbers.dropLast())) },
                                          expectation: key == "storage" ? .malformed(mentioning: here) : .invalid(pathPrefix: here, problem: "count") {
                                              switch $0 {
                                              case .countMismatch, .widthMismatch, .indexOutOfRange, .invalidValue: return true
                                              default: return false
                                              }
                                          }))
                    }
                    if scaleArrays.contains(key) {
                        out.append(Mutant(name: "\(at): zeros", make: { setting(json, at: ArraySlice(childPath), to: numbers.map { _ in 0.0 }) },
                                          expectation: .invalid(pathPrefix: at, problem: "zeroScale") { $0 == .zeroScale(index: 0) }))
                    }
                    if numericArraysChecked.contains(key) {
                        let index = numbers.count / 2
                        out.append(Mutant(name: "\(at): huge literal", make: { setting(json, at: ArraySlice(childPath + [.index(index)]), to: hugeLiteral) },
                                          expectation: .refused))
                        out.append(Mutant(name: "\(at): NaN literal", make: { setting(json, at: ArraySlice(childPath + [.index(index)]), to: nanLiteral) },
                                          expectation: .malformed(mentioning: "")))
                        out.append(Mutant(name: "\(at): \"NaN\" string", make: { setting(json, at: ArraySlice(childPath + [.index(index)]), to: "NaN") },
                                          expectation: .malformed(mentioning: at)))
                    }
                } else if let array = child as? [Any], countedArrays.contains(key), !array.isEmpty {
                    out.append(Mutant(name: "\(at): last element dropped", make: { setting(json, at: ArraySlice(childPath), to: Array(array.dropLast())) },
                                      expectation: .refused))
                }
                walk(child, childPath)
            }
        } else if let array = node as? [Any] {
            for (i, element) in array.enumerated() where element is [String: Any] || element is [Any] {
                walk(element, path + [.index(i)])
            }
        }
    }
    walk(json, [])
    return out
}

/// Every numeric leaf of `json` with its path.
private func numericLeaves(of json: Any, _ path: [Step] = []) -> [[Step]] {
    if let object = json as? [String: Any] {
        return object.keys.sorted().flatMap { numericLeaves(of: object[$0]!, path + [.key($0)]) }
    }
    if let array = json as? [Any] {
        return array.enumerated().flatMap { numericLeaves(of: $0.element, path + [.index($0.offset)]) }
    }
    if json is String { return [] }
    return json is NSNumber || json is Int || json is Double || json is Bool ? [path] : []
}

final class ModelFileValidationTests: XCTestCase {
    /// 60 rows × 8 generated features, targets on the 1–9 scale.
    private static func generated(rows n: Int = 60, seed: UInt64 = 11) -> (names: [String], x: Matrix, y: Matrix) {
        var g = SeededGenerator(seed: seed)
        let p = 8
        let x = Matrix(rows: n, columns: p, storage: (0..<(n * p)).map { _ in g.nextGaussian() })
        var y = Matrix(rows: n, columns: 2)
        for i in 0..<n {
            y[i, 0] = min(9, max(1, 5 + 1.1 * x[i, 0] - 0.6 * x[i, 2] + 0.3 * g.nextGaussian()))
            y[i, 1] = min(9, max(1, 5 + 0.8 * x[i, 1] + 0.5 * x[i, 3] + 0.3 * g.nextGaussian()))
        }
        return ((0..<p).map { "feature_\($0)_amean" }, x, y)
    }

    /// Small trained models of every kind (fast settings), one with PCA, and the bundled default.
    private static let bases: [(name: String, data: Data)] = {
        let data = generated()
        var out = [(String, Data)]()
        for kind in ModelKind.allCases {
            for pca in (kind == .ridge ? [nil, 3] : [nil]) as [Int?] {
                var options = ModelOptions(pcaComponents: pca, seed: 5)
                if kind.acceptedOptions.contains(.trees) { options.trees = 4 }
                if kind.acceptedOptions.contains(.epochs) { options.epochs = 2 }
                if kind.acceptedOptions.contains(.neighbors) { options.neighbors = 4 }
                var model = MoodModel(specification: try! kind.specification(options), featureNames: data.names)
                try! model.fit(data.x, data.y, data: "generated")
                out.append(("\(kind.rawValue)\(pca.map { "+pca\($0)" } ?? "")", try! model.encoded()))
            }
        }
        out.append(("default-model", try! MoodModel.bundledDefault().encoded()))
        return out
    }()

    private func check(_ mutant: Mutant, base: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let data = try serialize(mutant.make())
        let label = "\(base) / \(mutant.name)"
        do {
            _ = try MoodModel.decode(data, file: "mutant.json")
            XCTFail("\(label): accepted", file: file, line: line)
        } catch let error as ModelFileError {
            XCTAssertTrue(error.description.hasPrefix("mutant.json"), "\(label): \(error)", file: file, line: line)
            switch (mutant.expectation, error) {
            case (.malformed(let mentioning), .malformed(let name, let detail)):
                XCTAssertEqual(name, "mutant.json", file: file, line: line)
                XCTAssertTrue(mentioning.isEmpty || detail.contains(mentioning), "\(label): \(detail)", file: file, line: line)
            case (.invalid(let prefix, let expected, let matches), .invalid(let name, let path, let problem)):
                XCTAssertEqual(name, "mutant.json", file: file, line: line)
                XCTAssertTrue(path.hasPrefix(prefix), "\(label): path \(path), expected under \(prefix) (\(problem))", file: file, line: line)
                XCTAssertTrue(matches(problem), "\(label): \(problem), expected \(expected)", file: file, line: line)
            case (.unsupportedVersion, .unsupportedVersion): break
            case (.refused, .malformed), (.refused, .invalid): break
            default: XCTFail("\(label): unexpected \(error) for \(mutant.expectation)", file: file, line: line)
            }
        } catch {
            XCTFail("\(label): untyped error \(error)", file: file, line: line)
        }
    }

    func testUnchangedFilesStillLoadAfterAJSONRoundTrip() throws {
        for (name, data) in Self.bases {
            let json = try JSONSerialization.jsonObject(with: data)
            XCTAssertNoThrow(try MoodModel.decode(try serialize(json), file: name), name)
        }
    }

    func testEveryTargetedCorruptionIsRefusedWithItsTypedError() throws {
        var total = 0
        var covered = Set<String>()
        for (name, data) in Self.bases {
            let json = try JSONSerialization.jsonObject(with: data)
            var mutants = targetedMutants(of: json)
            // Models with many trees give thousands: the header and structural mutants and a seeded sample of the rest.
            var rest = mutants.filter { !$0.always }
            let sample = name == "default-model" ? 60 : 150
            if rest.count > sample {
                var g = SeededGenerator(seed: 21)
                rest.shuffle(using: &g)
                mutants = mutants.filter(\.always) + rest.prefix(sample)
            }
            for mutant in mutants {
                try check(mutant, base: name)
                covered.insert(String(mutant.name.split(separator: ":").last ?? ""))
            }
            total += mutants.count
        }
        XCTAssertGreaterThan(total, 400)
        for needed in [" storage cut short", " 2000000 columns", " zeros", " split feature = width", " right child past the end",
                       " member dropped", " booster dropped", " 0 neighbours", " inChannels + 1", " huge literal"] {
            XCTAssertTrue(covered.contains(needed), "no mutant '\(needed)'")
        }
    }

    /// Random values in random numeric places: refused with a `ModelFileError`, or the model
    /// still loads and then predicts finite points on the 1–9 scale (or refuses a non-finite or
    /// implausible one).
    func testSeededRandomCorruptionsNeverCrash() throws {
        var g = SeededGenerator(seed: 2026)
        let replacements: [Any] = [0, -1, 1, 3, 1 << 31, -(1 << 31), 1 << 62, 1e300, -1e300, Double.leastNonzeroMagnitude * 1e4, 0.5, hugeLiteral]
        let probe = Self.generated(rows: 7, seed: 99)
        var refused = 0, loaded = 0
        for (name, data) in Self.bases {
            let json = try JSONSerialization.jsonObject(with: data)
            let leaves = numericLeaves(of: json)
            for _ in 0..<(name == "default-model" ? 20 : 60) {
                let path = leaves[Int(g.next() % UInt64(leaves.count))]
                let replacement = replacements[Int(g.next() % UInt64(replacements.count))]
                let mutated = try serialize(setting(json, at: ArraySlice(path), to: replacement))
                do {
                    let model = try MoodModel.decode(mutated, file: "random.json")
                    loaded += 1
                    let x = model.featureNames.count == probe.x.columns ? probe.x : Matrix(rows: 7, columns: model.featureNames.count, repeating: 0.5)
                    do {
                        let points = try model.checkedPredict(x)
                        XCTAssertTrue(points.allSatisfy { (1...9).contains($0.valence) && (1...9).contains($0.arousal) })
                    } catch let error as ModelFileError {
                        switch error {
                        case .nonFinitePrediction, .implausiblePrediction: break
                        default: return XCTFail("\(name) \(render(path)): \(error)")
                        }
                    }
                } catch is ModelFileError {
                    refused += 1
                } catch {
                    XCTFail("\(name) \(render(path)) = \(replacement): untyped error \(error)")
                }
            }
        }
        XCTAssertGreaterThan(refused, 100)
        XCTAssertGreaterThan(loaded, 0)
    }

    func testOversizedFileIsRefusedBeforeDecoding() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mood-huge-\(UUID().uuidString).json")
        XCTAssertTrue(FileManager.default.createFile(atPath: url.path, contents: Data("{".utf8)))
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(ModelFileLimits.maximumFileBytes) + 1)  // sparse
        try handle.close()
        XCTAssertThrowsError(try MoodModel.load(contentsOf: url)) {
            XCTAssertEqual($0 as? ModelFileError,
                           .tooLarge(file: url.path, bytes: ModelFileLimits.maximumFileBytes + 1, limit: ModelFileLimits.maximumFileBytes))
        }
    }

    func testNonFinitePredictionsAreRefusedNotClamped() throws {
        let data = Self.generated()
        var model = MoodModel(specification: try ModelKind.linear.specification(), featureNames: data.names)
        try model.fit(data.x, data.y, data: "generated")
        var json = try JSONSerialization.jsonObject(with: try model.encoded())
        let coefficients: [Step] = [.key("pipeline"), .key("regressor"), .key("model"), .key("coefficients"), .key("storage")]
        let storage = value(json, at: ArraySlice(coefficients)) as! [Any]
        json = setting(json, at: ArraySlice(coefficients), to: storage.map { _ in 1.5e308 })
        let huge = try MoodModel.decode(try serialize(json), file: "huge.json")  // finite, so it loads…
        let x = Matrix(rows: 3, columns: data.names.count, repeating: 50)
        XCTAssertEqual(huge.predict(x).first, MoodPoint(valence: 9, arousal: 9))  // …and clamping would hide it
        XCTAssertThrowsError(try huge.checkedPredict(x, file: "huge.json", rowNames: ["a", "b", "c"])) {
            XCTAssertEqual($0 as? ModelFileError, .nonFinitePrediction(file: "huge.json", row: 0, item: "a"))
        }
        XCTAssertEqual(try model.checkedPredict(data.x).count, data.x.rows)
    }

    /// The confidence calibration is read per feature when spreads are predicted: a damaged one is
    /// refused on load, naming the field, instead of failing (or indexing out of range) later.
    func testDamagedConfidenceCalibrationIsRefusedAtItsField() throws {
        let data = try XCTUnwrap(Self.bases.first { $0.name == "default-model" }?.data)
        let json = try JSONSerialization.jsonObject(with: data)
        let minimum = try XCTUnwrap(value(json, at: [.key("confidence"), .key("featureMinimum")]) as? [Any])
        let cases: [(path: [Step], value: Any, field: String)] = [
            ([.key("confidence"), .key("featureMinimum")], Array(minimum.dropLast()), "confidence.featureMinimum"),
            ([.key("confidence"), .key("featureScale"), .index(3)], -1.0, "confidence.featureScale[3]"),
            ([.key("confidence"), .key("residualVV")], -0.5, "confidence.residualVV"),
            ([.key("confidence"), .key("targetVA")], 1e300, "confidence.targetVV"),
            ([.key("confidence"), .key("conformalFactor")], 0, "confidence.conformalFactor"),
            ([.key("confidence"), .key("innerFolds")], 1, "confidence.innerFolds"),
        ]
        for c in cases {
            let mutated = try serialize(setting(json, at: ArraySlice(c.path), to: c.value))
            XCTAssertThrowsError(try MoodModel.decode(mutated, file: "damaged.json"), render(c.path)) { error in
                XCTAssertTrue("\(error)".contains(c.field), "\(render(c.path)): \(error)")
            }
        }
    }

    func testBundledDefaultModelIsValid() throws {
        let model = try MoodModel.bundledDefault()
        XCTAssertNoThrow(try model.validate())
        XCTAssertEqual(model.featureNames.count, 130)
    }
}
