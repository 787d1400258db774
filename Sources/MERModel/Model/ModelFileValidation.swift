import Foundation
import MoodCore
import MoodIO
import Numerics

// Validation of decoded model files: every component is checked for internal consistency
// when it is decoded, and the whole model for consistency between its feature names and
// every component's input width, so that a damaged or hostile file is refused on load and
// `predict` can never index out of bounds, divide by a zero scale or loop.

/// The limits a model file must respect. Files written by `mood train` are far inside them
/// (the largest registry model, the `ensemble` on DEAM, is about 1 MB).
public enum ModelFileLimits {
    /// Largest model file read, in bytes (256 MB).
    public static let maximumFileBytes = 256 << 20
    /// Most feature columns a model may expect.
    public static let maximumFeatures = 100_000
    /// Longest feature name, in UTF-8 bytes.
    public static let maximumFeatureNameBytes = 1_024
    /// Most trees in a forest, and most boosting rounds per output.
    public static let maximumTrees = 100_000
    /// Most nodes in one tree.
    public static let maximumNodesPerTree = 1 << 22
    /// Most members of a blend.
    public static let maximumBlendMembers = 64
    /// Most random Fourier features of the kernel model.
    public static let maximumRandomFeatures = 200_000
    /// Most entries of the kernel model's regenerated projection (random features × inputs).
    public static let maximumProjectionEntries = 50_000_000
    /// Most channels of a CNN convolution, hidden units of its dense layer, and taps of a kernel.
    public static let maximumCNNChannels = 4_096
    public static let maximumCNNHiddenUnits = 65_536
    public static let maximumCNNKernelSize = 1_024
    public static let maximumCNNBlocks = 64
    /// Most values of one CNN activation (channels × length).
    public static let maximumCNNActivations = 10_000_000
}

/// What is wrong with one part of a model file (the part is named by a JSON path).
public enum ModelFileProblem: Equatable, Sendable, CustomStringConvertible {
    /// The model kind is not one this build knows.
    case unknownKind(String)
    /// The declared kind differs from the kind of the stored regressor.
    case kindMismatch(declared: String, stored: String)
    /// The list of feature names is empty.
    case noFeatureNames
    /// Feature name `index` (0-based) is empty or too long.
    case badFeatureName(index: Int)
    /// Two features have the same name (0-based indices).
    case duplicateFeatureName(String, first: Int, second: Int)
    /// The component reads `found` input columns where the stage before it gives `expected`.
    case widthMismatch(expected: Int, found: Int)
    /// An array or dimension holds `found` values where `expected` are needed.
    case countMismatch(expected: Int, found: Int)
    /// Value `index` (0-based) of the array is NaN or infinite.
    case nonFinite(index: Int)
    /// Scale factor `index` (0-based) is zero (or so small that its inverse is infinite).
    case zeroScale(index: Int)
    /// Entry `index` (0-based) holds `value`, outside `0..<bound`.
    case indexOutOfRange(index: Int, value: Int, bound: Int)
    /// The component holds `count` items; at most `limit` are allowed.
    case tooLarge(count: Int, limit: Int)
    /// A hyperparameter or structural value is out of range.
    case invalidValue(String)
    /// A fitted part is absent (the component was never fitted).
    case missing

    public var description: String {
        switch self {
        case .unknownKind(let name):
            return "unknown model kind '\(name)' (known: \(ModelKind.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .kindMismatch(let declared, let stored):
            return "the file declares kind '\(declared)' but holds a '\(stored)' model"
        case .noFeatureNames: return "the model names no features"
        case .badFeatureName(let index):
            return "feature name \(index + 1) is empty or longer than \(ModelFileLimits.maximumFeatureNameBytes) bytes"
        case .duplicateFeatureName(let name, let first, let second):
            return "feature '\(name)' is listed twice (positions \(first + 1) and \(second + 1))"
        case .widthMismatch(let expected, let found):
            return "reads \(found) input columns, but \(expected) reach it"
        case .countMismatch(let expected, let found):
            return "holds \(found) values where \(expected) are needed"
        case .nonFinite(let index): return "value \(index + 1) is not a finite number"
        case .zeroScale(let index): return "scale factor \(index + 1) is zero or not usable as a divisor"
        case .indexOutOfRange(let index, let value, let bound):
            return "entry \(index + 1) is \(value), outside 0…\(bound - 1)"
        case .tooLarge(let count, let limit): return "holds \(count) items; at most \(limit) are allowed"
        case .invalidValue(let detail): return detail
        case .missing: return "missing (the component was never fitted)"
        }
    }
}

/// A problem found while decoding or checking one component; `MoodModel.decode` turns it
/// into `ModelFileError.invalid` naming the file.
public struct ModelValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// JSON path of the offending value, e.g. `pipeline.scaler.scale`.
    public var path: String
    public var problem: ModelFileProblem

    public init(path: String, problem: ModelFileProblem) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

/// Small helpers shared by the component checks.
enum ModelCheck {
    /// Number of outputs every regressor must give (valence, arousal).
    static let outputs = 2

    /// Raw predictions a sound model of the 1–9 scale can make: the scale widened by its own width
    /// on each side. A model fitted to DEAM's ratings lands within a point or two of the scale even on
    /// music unlike DEAM's; one beyond this (an intercept of 1e300, a flipped sign in a weight) is
    /// damaged, and clamping would hide it as a song at a corner of the circumplex.
    static let plausiblePredictions = -7.0...17.0

    static func path(_ keys: [CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue { out += "[\(index)]" } else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return out
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : key.hasPrefix("[") ? path + key : "\(path).\(key)"
    }

    static func fail(_ path: String, _ key: String, _ problem: ModelFileProblem) -> ModelValidationError {
        ModelValidationError(path: join(path, key), problem: problem)
    }

    static func count(_ found: Int, _ expected: Int, _ path: String, _ key: String) throws {
        guard found == expected else { throw fail(path, key, .countMismatch(expected: expected, found: found)) }
    }

    static func width(_ found: Int, _ expected: Int, _ path: String, _ key: String) throws {
        guard found == expected else { throw fail(path, key, .widthMismatch(expected: expected, found: found)) }
    }

    static func limit(_ found: Int, _ limit: Int, _ path: String, _ key: String) throws {
        guard found <= limit else { throw fail(path, key, .tooLarge(count: found, limit: limit)) }
    }

    static func positive(_ value: Int, _ path: String, _ key: String) throws {
        guard value >= 1 else { throw fail(path, key, .invalidValue("must be at least 1, is \(value)")) }
    }

    static func finite<C: Collection>(_ values: C, _ path: String, _ key: String) throws where C.Element: FloatingPoint {
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw fail(path, key, .nonFinite(index: values.distance(from: values.startIndex, to: bad)))
        }
    }

    /// Divisors: finite, non-zero, with a finite inverse.
    static func scales(_ values: [Double], _ path: String, _ key: String) throws {
        try finite(values, path, key)
        if let bad = values.firstIndex(where: { !(1 / $0).isFinite }) { throw fail(path, key, .zeroScale(index: bad)) }
    }

    /// `a × b`, refusing overflow or a product above `limit`.
    static func product(_ a: Int, _ b: Int, limit: Int, _ path: String, _ key: String) throws -> Int {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow, p <= limit else { throw fail(path, key, .tooLarge(count: overflow ? Int.max : p, limit: limit)) }
        return p
    }

    /// Runs an estimator's own hyperparameter check, reporting its message as an invalid value.
    static func hyperparameters(_ path: String, _ body: () throws -> Void) throws {
        do { try body() } catch let error as ModelValidationError { throw error } catch {
            throw ModelValidationError(path: join(path, "configuration"), problem: .invalidValue("\(error)"))
        }
    }
}

// MARK: Whole model

extension MoodModel {
    /// Checks the decoded model: kind, options, feature names and that every component
    /// accepts the width the stage before it gives.
    /// - Throws: `ModelValidationError` naming the JSON path.
    public func validate() throws {
        let names = featureNames
        guard !names.isEmpty else { throw ModelValidationError(path: "featureNames", problem: .noFeatureNames) }
        try ModelCheck.limit(names.count, ModelFileLimits.maximumFeatures, "", "featureNames")
        var seen = [String: Int]()
        seen.reserveCapacity(names.count)
        for (index, name) in names.enumerated() {
            guard !name.isEmpty, name.utf8.count <= ModelFileLimits.maximumFeatureNameBytes else {
                throw ModelValidationError(path: "featureNames[\(index)]", problem: .badFeatureName(index: index))
            }
            if let first = seen[name] {
                throw ModelValidationError(path: "featureNames[\(index)]",
                                           problem: .duplicateFeatureName(name, first: first, second: index))
            }
            seen[name] = index
        }
        guard pipeline.regressor.kind == kind else {
            throw ModelValidationError(path: "pipeline.regressor.kind",
                                       problem: .kindMismatch(declared: kind.rawValue, stored: pipeline.regressor.kind.rawValue))
        }
        do { try options.validate() } catch {
            throw ModelValidationError(path: "options", problem: .invalidValue("\(error)"))
        }
        try pipeline.validate(inputWidth: names.count, at: "pipeline")
        try quadrantBalancing?.validate(at: "quadrantBalancing")
        try confidence?.validate(featureCount: names.count, at: "confidence")
    }

    /// Predicted points clamped to the 1–9 scale, like `predict`, but refusing instead of
    /// clamping a prediction that is not finite (NaN would become 1, infinity 9).
    /// - Parameters:
    ///   - file: the model's file, for the error.
    ///   - rowNames: a name per row of `features` (song or file), for the error.
    /// - Throws: `ModelFileError.featureCountMismatch` for a wrong width,
    ///   `ModelFileError.nonFinitePrediction` for the first non-finite prediction,
    ///   `ModelFileError.implausiblePrediction` for the first one no sound model of the 1–9 scale
    ///   makes (`ModelCheck.plausiblePredictions`): a damaged model is refused, not clamped.
    public func checkedPredict(_ features: Matrix, file: String? = nil, rowNames: [String]? = nil) throws -> [MoodPoint] {
        guard features.columns == featureNames.count else {
            throw ModelFileError.featureCountMismatch(file: file, expected: featureNames.count, found: features.columns)
        }
        let raw = predictValues(features)
        guard raw.rows == features.rows, raw.columns == ModelCheck.outputs else {
            throw ModelFileError.invalid(file: file ?? "model", path: "pipeline.regressor",
                                         problem: .countMismatch(expected: ModelCheck.outputs, found: raw.columns))
        }
        let scale = Circumplex.scale
        var points = [MoodPoint]()
        points.reserveCapacity(raw.rows)
        for r in 0..<raw.rows {
            let valence = raw[r, 0], arousal = raw[r, 1]
            guard valence.isFinite, arousal.isFinite else {
                let name = rowNames.flatMap { r < $0.count ? $0[r] : nil }
                throw ModelFileError.nonFinitePrediction(file: file, row: r, item: name)
            }
            guard ModelCheck.plausiblePredictions.contains(valence), ModelCheck.plausiblePredictions.contains(arousal) else {
                let name = rowNames.flatMap { r < $0.count ? $0[r] : nil }
                throw ModelFileError.implausiblePrediction(file: file, row: r, item: name,
                                                           value: ModelCheck.plausiblePredictions.contains(valence) ? arousal : valence)
            }
            points.append(MoodPoint(valence: min(scale.upperBound, max(scale.lowerBound, valence)),
                                    arousal: min(scale.upperBound, max(scale.lowerBound, arousal))))
        }
        return points
    }

    /// Reads at most `ModelFileLimits.maximumFileBytes` bytes of `url`.
    static func readBounded(_ url: URL) throws -> Data {
        let limit = ModelFileLimits.maximumFileBytes
        if let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
           attributes[.type] as? FileAttributeType == .typeRegular,
           let size = (attributes[.size] as? NSNumber)?.intValue, size > limit {
            throw ModelFileError.tooLarge(file: url.path, bytes: size, limit: limit)
        }
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw ModelFileError.unreadable(file: url.path, reason: SystemErrorText.reason(error))
        }
        guard data.count <= limit else { throw ModelFileError.tooLarge(file: url.path, bytes: data.count, limit: limit) }
        return data
    }
}

// MARK: Pipeline and preprocessing

extension ModelPipeline where Model == RegressorModel {
    /// The number of columns the pipeline reads, as its first stage declares it.
    var declaredInputWidth: Int {
        scaler?.featureCount ?? pca?.featureCount ?? regressor.declaredInputWidth
    }

    /// Checks every stage against the width the previous one gives.
    func validate(inputWidth: Int, at path: String) throws {
        var width = inputWidth
        if let scaler { try scaler.validate(inputWidth: width, at: ModelCheck.join(path, "scaler")) }
        if let pca { width = try pca.validate(inputWidth: width, at: ModelCheck.join(path, "pca")) }
        try regressor.validate(inputWidth: width, at: ModelCheck.join(path, "regressor"))
    }
}

extension StandardScaler {
    func validate(inputWidth: Int, at path: String) throws {
        try ModelCheck.width(scale.count, inputWidth, path, "scale")
        try ModelCheck.count(mean.count, inputWidth, path, "mean")
        try ModelCheck.count(variance.count, inputWidth, path, "variance")
        try ModelCheck.finite(mean, path, "mean")
        try ModelCheck.finite(variance, path, "variance")
        try ModelCheck.scales(scale, path, "scale")
    }
}

extension PCA {
    /// Returns the number of components (the width PCA gives the next stage).
    func validate(inputWidth: Int, at path: String) throws -> Int {
        try ModelCheck.width(mean.count, inputWidth, path, "mean")
        try ModelCheck.width(components.columns, inputWidth, path, "components.columns")
        let k = components.rows
        guard k >= 1, k <= inputWidth else {
            throw ModelCheck.fail(path, "components.rows", .invalidValue("\(k) components for \(inputWidth) inputs (need 1…\(inputWidth))"))
        }
        try ModelCheck.count(explainedVariance.count, k, path, "explainedVariance")
        try ModelCheck.count(explainedVarianceRatio.count, k, path, "explainedVarianceRatio")
        try ModelCheck.count(singularValues.count, k, path, "singularValues")
        try ModelCheck.finite(mean, path, "mean")
        try ModelCheck.finite(explainedVariance, path, "explainedVariance")
        if let bad = explainedVariance.firstIndex(where: { $0 < 0 }) {
            throw ModelCheck.fail(path, "explainedVariance", .invalidValue("variance \(bad + 1) is negative"))
        }
        try ModelCheck.finite(explainedVarianceRatio, path, "explainedVarianceRatio")
        try ModelCheck.finite(singularValues, path, "singularValues")
        return k
    }
}

// MARK: Regressors

extension RegressorModel {
    /// The number of columns the regressor reads, as it declares it.
    var declaredInputWidth: Int {
        switch self {
        case .linear(let m): return m.coefficients.rows
        case .ridge(let m): return m.coefficients.rows
        case .knn(let m): return m.trainingFeatures.columns
        case .forest(let m): return m.featureCount ?? 0
        case .gbm(let m): return m.featureCount ?? 0
        case .kernelRidge(let m): return m.featureCount ?? 0
        case .cnn(let m): return m.featureCount
        case .ensemble(let m): return m.members.first?.declaredInputWidth ?? 0
        }
    }

    /// Checks the regressor for `inputWidth` input columns and two outputs.
    func validate(inputWidth: Int, at path: String) throws {
        guard inputWidth >= 1 else { throw ModelCheck.fail(path, "model", .widthMismatch(expected: 1, found: inputWidth)) }
        let model = ModelCheck.join(path, "model")
        switch self {
        case .linear(let m):
            try LinearDesign.validate(coefficients: m.coefficients, intercepts: m.intercepts, inputWidth: inputWidth, at: model)
        case .ridge(let m):
            try LinearDesign.validate(coefficients: m.coefficients, intercepts: m.intercepts, inputWidth: inputWidth, at: model)
            try ModelCheck.finite(m.alphas, model, "alphas")
        case .knn(let m): try m.validate(inputWidth: inputWidth, at: model)
        case .forest(let m): try m.validate(inputWidth: inputWidth, at: model)
        case .gbm(let m): try m.validate(inputWidth: inputWidth, at: model)
        case .kernelRidge(let m): try m.validate(inputWidth: inputWidth, at: model)
        case .cnn(let m): try m.validate(inputWidth: inputWidth, at: model)
        case .ensemble(let m): try m.validate(inputWidth: inputWidth, at: model)
        }
    }
}

extension LinearDesign {
    static func validate(coefficients: Matrix, intercepts: [Double], inputWidth: Int, at path: String) throws {
        try ModelCheck.width(coefficients.rows, inputWidth, path, "coefficients.rows")
        try ModelCheck.count(coefficients.columns, ModelCheck.outputs, path, "coefficients.columns")
        try ModelCheck.count(intercepts.count, ModelCheck.outputs, path, "intercepts")
        try ModelCheck.finite(coefficients.storage, path, "coefficients.storage")
        try ModelCheck.finite(intercepts, path, "intercepts")
    }
}

extension KNNRegressor {
    func validate(inputWidth: Int, at path: String) throws {
        let n = trainingFeatures.rows
        try ModelCheck.width(trainingFeatures.columns, inputWidth, path, "trainingFeatures.columns")
        try ModelCheck.positive(n, path, "trainingFeatures.rows")
        try ModelCheck.count(trainingTargets.rows, n, path, "trainingTargets.rows")
        try ModelCheck.count(trainingTargets.columns, ModelCheck.outputs, path, "trainingTargets.columns")
        let k = configuration.neighbors
        guard k >= 1, k <= n else {
            throw ModelCheck.fail(path, "configuration.neighbors", .invalidValue("\(k) neighbours for \(n) training rows (need 1…\(n))"))
        }
        try ModelCheck.finite(trainingFeatures.storage, path, "trainingFeatures.storage")
        try ModelCheck.finite(trainingTargets.storage, path, "trainingTargets.storage")
        if let sampleWeights {
            try ModelCheck.count(sampleWeights.count, n, path, "sampleWeights")
            try ModelCheck.finite(sampleWeights, path, "sampleWeights")
            if let bad = sampleWeights.firstIndex(where: { $0 < 0 }) {
                throw ModelCheck.fail(path, "sampleWeights", .invalidValue("weight \(bad + 1) is negative"))
            }
        }
    }
}

extension RegressionTree {
    /// Structure alone: parallel arrays of one length, pre-order children (so walks end),
    /// leaves pointing at stored values, finite thresholds and values, a bounded size.
    func validateStructure(at path: String) throws {
        let n = feature.count
        try ModelCheck.positive(outputCount, path, "outputCount")
        try ModelCheck.positive(n, path, "feature")
        try ModelCheck.limit(n, ModelFileLimits.maximumNodesPerTree, path, "feature")
        try ModelCheck.count(threshold.count, n, path, "threshold")
        try ModelCheck.count(link.count, n, path, "link")
        guard leafValues.count % outputCount == 0 else {
            throw ModelCheck.fail(path, "leafValues", .invalidValue("\(leafValues.count) values are not \(outputCount) per leaf"))
        }
        let leaves = leafValues.count / outputCount
        for i in 0..<n {
            if feature[i] < 0 {
                guard link[i] >= 0, Int(link[i]) < leaves else {
                    throw ModelCheck.fail(path, "link", .indexOutOfRange(index: i, value: Int(link[i]), bound: leaves))
                }
            } else {
                // Pre-order: the left child is the next node and the right one comes after it,
                // which rules out cycles.
                guard i + 1 < n, Int(link[i]) > i + 1, Int(link[i]) < n else {
                    throw ModelCheck.fail(path, "link", .indexOutOfRange(index: i, value: Int(link[i]), bound: n))
                }
            }
        }
        try ModelCheck.finite(threshold, path, "threshold")
        try ModelCheck.finite(leafValues, path, "leafValues")
    }

    /// Structure, plus split features below `featureCount` and `outputCount` values per leaf.
    func validate(featureCount: Int, outputCount expected: Int, at path: String) throws {
        try validateStructure(at: path)
        try ModelCheck.count(outputCount, expected, path, "outputCount")
        if let bad = feature.firstIndex(where: { Int($0) >= featureCount }) {
            throw ModelCheck.fail(path, "feature", .indexOutOfRange(index: bad, value: Int(feature[bad]), bound: featureCount))
        }
    }
}

extension ForestRegressor {
    func validate(inputWidth: Int, at path: String) throws {
        guard let featureCount else { throw ModelCheck.fail(path, "featureCount", .missing) }
        try ModelCheck.width(featureCount, inputWidth, path, "featureCount")
        try ModelCheck.count(outputCount, ModelCheck.outputs, path, "outputCount")
        try ModelCheck.hyperparameters(path) { try configuration.validate() }
        try ModelCheck.limit(trees.count, ModelFileLimits.maximumTrees, path, "trees")
        try ModelCheck.count(trees.count, configuration.treeCount, path, "trees")
        for (t, tree) in trees.enumerated() {
            try tree.validate(featureCount: featureCount, outputCount: outputCount, at: ModelCheck.join(path, "trees[\(t)]"))
        }
    }
}

extension GradientBoostingRegressor {
    /// `outputs`: the boosters the model must hold (two for a regressor of the model; one for a
    /// blend's difference model).
    func validate(inputWidth: Int, outputs: Int = ModelCheck.outputs, at path: String) throws {
        guard let featureCount else { throw ModelCheck.fail(path, "featureCount", .missing) }
        try ModelCheck.width(featureCount, inputWidth, path, "featureCount")
        try ModelCheck.hyperparameters(path) { try configuration.validate() }
        try ModelCheck.count(boosters.count, outputs, path, "boosters")
        try ModelCheck.count(baselines.count, outputs, path, "baselines")
        try ModelCheck.finite(baselines, path, "baselines")
        for (k, booster) in boosters.enumerated() {
            let boosterPath = ModelCheck.join(path, "boosters[\(k)]")
            try ModelCheck.limit(booster.count, ModelFileLimits.maximumTrees, path, "boosters[\(k)]")
            try ModelCheck.count(booster.count, configuration.maxIterations, path, "boosters[\(k)]")
            for (t, tree) in booster.enumerated() {
                try tree.validate(featureCount: featureCount, outputCount: 1, at: ModelCheck.join(boosterPath, "[\(t)]"))
            }
        }
    }
}

extension RandomFourierRidgeRegressor {
    func validate(inputWidth: Int, at path: String) throws {
        guard let featureCount else { throw ModelCheck.fail(path, "featureCount", .missing) }
        try ModelCheck.width(featureCount, inputWidth, path, "featureCount")
        try ModelCheck.hyperparameters(path) { try configuration.validate() }
        let d = configuration.componentCount
        try ModelCheck.limit(d, ModelFileLimits.maximumRandomFeatures, path, "configuration.componentCount")
        if let indices = configuration.featureIndices, let bad = indices.firstIndex(where: { $0 >= featureCount }) {
            throw ModelCheck.fail(path, "configuration.featureIndices",
                                  .indexOutOfRange(index: bad, value: indices[bad], bound: featureCount))
        }
        let p = usedFeatures.count
        try ModelCheck.positive(p, path, "configuration.featureIndices")
        _ = try ModelCheck.product(d, p, limit: ModelFileLimits.maximumProjectionEntries, path, "configuration.componentCount")
        try ModelCheck.count(logTransformed.count, p, path, "logTransformed")
        try ModelCheck.count(means.count, p, path, "means")
        try ModelCheck.count(scales.count, p, path, "scales")
        try ModelCheck.finite(means, path, "means")
        try ModelCheck.scales(scales, path, "scales")
        try ModelCheck.count(targetMeans.count, ModelCheck.outputs, path, "targetMeans")
        try ModelCheck.finite(targetMeans, path, "targetMeans")
        try ModelCheck.count(coefficients.count, d * ModelCheck.outputs, path, "coefficients")
        try ModelCheck.finite(coefficients, path, "coefficients")
    }
}

extension CNNRegressor {
    func validate(inputWidth: Int, at path: String) throws {
        guard let network else { throw ModelCheck.fail(path, "network", .missing) }
        try ModelCheck.width(featureMean.count, inputWidth, path, "featureMean")
        try ModelCheck.hyperparameters(path) { try CNNRegressor.validate(configuration, inputLength: inputWidth) }
        try ModelCheck.count(featureScale.count, inputWidth, path, "featureScale")
        try ModelCheck.finite(featureMean, path, "featureMean")
        try ModelCheck.scales(featureScale, path, "featureScale")
        try ModelCheck.count(targetMean.count, ModelCheck.outputs, path, "targetMean")
        try ModelCheck.count(targetScale.count, ModelCheck.outputs, path, "targetScale")
        try ModelCheck.finite(targetMean, path, "targetMean")
        try ModelCheck.scales(targetScale, path, "targetScale")
        try network.validate(inputLength: inputWidth, outputs: ModelCheck.outputs, at: ModelCheck.join(path, "network"))
    }
}

extension CNNNetwork {
    /// Layer shapes chain from `inputLength` single-channel inputs to `outputs` values,
    /// every weight array has its shape's size, and every activation stays bounded.
    func validate(inputLength: Int, outputs: Int, at path: String) throws {
        let limits = ModelFileLimits.self
        try ModelCheck.width(self.inputLength, inputLength, path, "inputLength")
        try ModelCheck.positive(convolutions.count, path, "convolutions")
        try ModelCheck.limit(convolutions.count, limits.maximumCNNBlocks, path, "convolutions")
        try ModelCheck.positive(pool.poolSize, path, "pool.poolSize")
        var channels = 1, length = inputLength
        for (i, conv) in convolutions.enumerated() {
            let at = ModelCheck.join(path, "convolutions[\(i)]")
            try ModelCheck.width(conv.inChannels, channels, at, "inChannels")
            try ModelCheck.positive(conv.outChannels, at, "outChannels")
            try ModelCheck.limit(conv.outChannels, limits.maximumCNNChannels, at, "outChannels")
            try ModelCheck.positive(conv.kernelSize, at, "kernelSize")
            try ModelCheck.limit(conv.kernelSize, limits.maximumCNNKernelSize, at, "kernelSize")
            guard conv.padding >= 0, conv.padding < conv.kernelSize else {
                throw ModelCheck.fail(at, "padding", .invalidValue("\(conv.padding) must be in 0…\(conv.kernelSize - 1)"))
            }
            let taps = try ModelCheck.product(conv.outChannels, conv.inChannels * conv.kernelSize, limit: Int.max, at, "weights")
            try ModelCheck.count(conv.weights.count, taps, at, "weights")
            try ModelCheck.count(conv.bias.count, conv.outChannels, at, "bias")
            try ModelCheck.finite(conv.weights, at, "weights")
            try ModelCheck.finite(conv.bias, at, "bias")
            let convLength = conv.outputLength(inputLength: length)
            _ = try ModelCheck.product(max(conv.inChannels, conv.outChannels), conv.paddedStride(inputLength: length),
                                       limit: limits.maximumCNNActivations, at, "outChannels")
            let pooled = pool.outputLength(inputLength: convLength)
            guard pooled >= 1 else {
                throw ModelCheck.fail(at, "kernelSize", .invalidValue("block \(i + 1) reduces \(length) inputs to nothing"))
            }
            channels = conv.outChannels
            length = pooled
        }
        let flat = channels * length
        try ModelCheck.width(hidden.inputs, flat, path, "hidden.inputs")
        try ModelCheck.positive(hidden.outputs, path, "hidden.outputs")
        try ModelCheck.limit(hidden.outputs, limits.maximumCNNHiddenUnits, path, "hidden.outputs")
        try ModelCheck.width(output.inputs, hidden.outputs, path, "output.inputs")
        try ModelCheck.count(output.outputs, outputs, path, "output.outputs")
        for (name, layer) in [("hidden", hidden), ("output", output)] {
            let size = try ModelCheck.product(layer.inputs, layer.outputs, limit: Int.max, path, "\(name).weights")
            try ModelCheck.count(layer.weights.count, size, path, "\(name).weights")
            try ModelCheck.count(layer.bias.count, layer.outputs, path, "\(name).bias")
            try ModelCheck.finite(layer.weights, path, "\(name).weights")
            try ModelCheck.finite(layer.bias, path, "\(name).bias")
        }
    }
}

extension BlendRegressor {
    func validate(inputWidth: Int, at path: String) throws {
        try ModelCheck.positive(members.count, path, "members")
        try ModelCheck.limit(members.count, ModelFileLimits.maximumBlendMembers, path, "members")
        if let weights = configuration.weights {
            try ModelCheck.count(weights.count, members.count, path, "configuration.weights")
            try ModelCheck.finite(weights, path, "configuration.weights")
            if let bad = weights.firstIndex(where: { $0 < 0 }) {
                throw ModelCheck.fail(path, "configuration.weights", .invalidValue("weight \(bad + 1) is negative"))
            }
            guard weights.reduce(0, +) > 0, weights.reduce(0, +).isFinite else {
                throw ModelCheck.fail(path, "configuration.weights", .invalidValue("the weights must have a positive, finite sum"))
            }
        }
        for (i, member) in members.enumerated() {
            try member.validate(inputWidth: inputWidth, at: ModelCheck.join(path, "members[\(i)]"))
        }
        switch (configuration.difference, differenceBooster) {
        case (nil, nil): break
        case (nil, .some):
            throw ModelCheck.fail(path, "differenceBooster", .invalidValue("present without configuration.difference"))
        case (.some, nil):
            throw ModelCheck.fail(path, "differenceBooster", .missing)
        case (.some(let difference), .some(let booster)):
            guard difference.weight.isFinite, (0...1).contains(difference.weight) else {
                throw ModelCheck.fail(path, "configuration.difference.weight", .invalidValue("must be in 0…1, is \(difference.weight)"))
            }
            guard booster.configuration == difference.boosting else {
                throw ModelCheck.fail(path, "differenceBooster.configuration",
                                      .invalidValue("differs from configuration.difference.boosting"))
            }
            try booster.validate(inputWidth: inputWidth, outputs: 1, at: ModelCheck.join(path, "differenceBooster"))
        }
    }
}

// MARK: Calibrations

extension ConfidenceCalibration {
    /// Checks what predictions read: one finite minimum ≤ maximum and a finite non-negative
    /// scale per feature, positive-definite finite residual and rating covariances, a finite
    /// positive conformal factor, a non-negative excess threshold and at least 2 inner folds.
    func validate(featureCount: Int, at path: String) throws {
        try ModelCheck.count(featureMinimum.count, featureCount, path, "featureMinimum")
        try ModelCheck.count(featureMaximum.count, featureCount, path, "featureMaximum")
        try ModelCheck.count(featureScale.count, featureCount, path, "featureScale")
        try ModelCheck.finite(featureMinimum, path, "featureMinimum")
        try ModelCheck.finite(featureMaximum, path, "featureMaximum")
        try ModelCheck.finite(featureScale, path, "featureScale")
        if let bad = featureScale.firstIndex(where: { $0 < 0 }) {
            throw ModelCheck.fail(path, "featureScale[\(bad)]", .invalidValue("must not be negative"))
        }
        if let bad = featureMinimum.indices.first(where: { featureMinimum[$0] > featureMaximum[$0] }) {
            throw ModelCheck.fail(path, "featureMinimum[\(bad)]", .invalidValue("is above the feature's maximum"))
        }
        for (key, vv, va, aa) in [("residualVV", residualVV, residualVA, residualAA), ("targetVV", targetVV, targetVA, targetAA)] {
            try ModelCheck.finite([vv, va, aa], path, key)
            guard vv > 0, aa > 0, vv * aa - va * va > 0 else {
                throw ModelCheck.fail(path, key, .invalidValue("the covariance must be positive definite"))
            }
        }
        guard conformalFactor.isFinite, conformalFactor > 0 else {
            throw ModelCheck.fail(path, "conformalFactor", .invalidValue("must be a positive number, is \(conformalFactor)"))
        }
        guard !excessThreshold.isNaN, excessThreshold >= 0 else {
            throw ModelCheck.fail(path, "excessThreshold", .invalidValue("must not be negative, is \(excessThreshold)"))
        }
        guard innerFolds >= 2 else { throw ModelCheck.fail(path, "innerFolds", .invalidValue("must be at least 2, is \(innerFolds)")) }
    }
}

extension QuadrantBalancing {
    /// The largest prior-correction exponent a file may hold (`fit` chooses at most 1).
    static let maximumAlpha = 4.0

    /// Checks the exponent, the prior (four finite non-negative shares summing to 1, each positive
    /// where the exponent divides by it) and the covariance (positive definite).
    func validate(at path: String) throws {
        guard alpha.isFinite, (0...Self.maximumAlpha).contains(alpha) else {
            throw ModelCheck.fail(path, "alpha", .invalidValue("must be in 0…\(Self.maximumAlpha), is \(alpha)"))
        }
        try ModelCheck.count(prior.count, 4, path, "prior")
        try ModelCheck.finite(prior, path, "prior")
        guard prior.allSatisfy({ $0 >= 0 }), abs(prior.reduce(0, +) - 1) < 1e-6 else {
            throw ModelCheck.fail(path, "prior", .invalidValue("must be four non-negative shares summing to 1"))
        }
        if alpha > 0, let empty = prior.firstIndex(where: { $0 < 1e-9 }) {
            throw ModelCheck.fail(path, "prior[\(empty)]", .invalidValue("must be positive when alpha is"))
        }
        let covariance = [covarianceVV, covarianceVA, covarianceAA]
        try ModelCheck.finite(covariance, path, "covariance")
        guard covarianceVV > 0, covarianceAA > 0, covarianceVV * covarianceAA - covarianceVA * covarianceVA > 0 else {
            throw ModelCheck.fail(path, "covarianceVV", .invalidValue("the covariance must be positive definite"))
        }
    }
}
