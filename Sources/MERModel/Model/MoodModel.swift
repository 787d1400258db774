import Foundation
import MoodIO
import DEAMData
import Numerics
import MoodCore

/// The persisted model: the feature names it expects, the fitted pipeline
/// (scaler and PCA state, the regressor with its hyperparameters), the options
/// it was built from, the file-format version and how it was trained.
///
/// Files are JSON with sorted keys and no dates, so training twice with the
/// same data, model and seed writes byte-identical files.
public struct MoodModel: Codable, Sendable {
    /// The file-format version this build writes and reads.
    public static let currentFormatVersion = 1

    /// How the model was trained.
    public struct TrainingInfo: Codable, Sendable, Hashable {
        /// Number of songs fitted on.
        public var songs: Int
        /// Seed of the model's random choices.
        public var seed: UInt64
        /// Where the training data came from (e.g. `DEAM derived/specteral_data.csv + static annotations`).
        public var data: String

        public init(songs: Int, seed: UInt64, data: String) {
            self.songs = songs
            self.seed = seed
            self.data = data
        }
    }

    /// The file-format version of this value.
    public var formatVersion: Int
    /// The registry entry the model was built from.
    public var kind: ModelKind
    /// Hyperparameter overrides the model was built with.
    public var options: ModelOptions
    /// The feature columns, in the order `predict` expects them.
    public var featureNames: [String]
    /// The fitted scaler, PCA and regressor.
    public var pipeline: ModelPipeline<RegressorModel>
    /// How the model was trained (nil before `fit`).
    public var training: TrainingInfo?
    /// The predictive spread and out-of-distribution detector (nil: the model gives points only).
    public var confidence: ConfidenceCalibration?
    /// The class-balanced quadrant decision kept beside each point as a label (`quadrantDecisions`);
    /// points are never moved by it. Fitted with `confidence` by `calibrate`.
    public var quadrantBalancing: QuadrantBalancing?

    /// An unfitted model over `featureNames`.
    public init(specification: ModelSpecification, featureNames: [String]) {
        formatVersion = MoodModel.currentFormatVersion
        kind = specification.kind
        options = specification.options
        self.featureNames = featureNames
        pipeline = specification.makePipeline()
        training = nil
        confidence = nil
        quadrantBalancing = nil
    }

    /// Fits the whole pipeline on every row of `x` (columns in `featureNames` order). Calibrations
    /// of an earlier fit are dropped (`calibrate` fits them for the new one).
    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]? = nil, data: String) throws {
        guard x.columns == featureNames.count else {
            throw ModelFileError.featureCountMismatch(file: nil, expected: featureNames.count, found: x.columns)
        }
        try pipeline.fit(x, y, weights: weights)
        confidence = nil
        quadrantBalancing = nil
        training = TrainingInfo(songs: x.rows, seed: options.seed, data: data)
    }

    /// Trains a model of `specification` on a whole dataset.
    public static func train(_ specification: ModelSpecification, on dataset: DEAMDataset, weights: [Double]? = nil) throws -> MoodModel {
        var model = MoodModel(specification: specification, featureNames: dataset.featureNames)
        try model.fit(dataset.features, dataset.targets, weights: weights,
                      data: "DEAM \(DEAMDirectory.featureTable) + static annotations")
        return model
    }

    /// Predicted points, clamped to the 1–9 scale. `features` has the columns of `featureNames`.
    public func predict(_ features: Matrix) -> [MoodPoint] {
        let raw = predictValues(features)
        let scale = Circumplex.scale
        return (0..<raw.rows).map {
            MoodPoint(valence: min(scale.upperBound, max(scale.lowerBound, raw[$0, 0])),
                      arousal: min(scale.upperBound, max(scale.lowerBound, raw[$0, 1])))
        }
    }

    /// Predicted points for features whose columns are named `names`; the names must equal `featureNames`.
    public func predict(_ features: Matrix, featureNames names: [String]) throws -> [MoodPoint] {
        try checkFeatures(names)
        return predict(features)
    }

    /// Raw (unclamped) two-column (valence, arousal) predictions: the regressors' estimate.
    public func predictValues(_ features: Matrix) -> Matrix {
        precondition(features.columns == featureNames.count,
                     "features have \(features.columns) columns, the model expects \(featureNames.count)")
        return pipeline.predict(features)
    }

    /// The class-balanced quadrant decision about each row's point (nil when the model has no
    /// `quadrantBalancing`): a label beside the point of `predict`, which it does not move.
    public func quadrantDecisions(_ features: Matrix) -> [QuadrantDecision]? {
        guard let quadrantBalancing else { return nil }
        return predict(features).map { quadrantBalancing.decision(at: $0) }
    }

    /// Throws unless `names` are exactly the model's features, in order, naming the first difference.
    public func checkFeatures(_ names: [String], file: String? = nil) throws {
        for (i, (expected, found)) in zip(featureNames, names).enumerated() where expected != found {
            throw ModelFileError.featureMismatch(file: file, index: i, expected: expected, found: found)
        }
        guard names.count == featureNames.count else {
            throw ModelFileError.featureCountMismatch(file: file, expected: featureNames.count, found: names.count)
        }
    }

    // MARK: Files

    /// The JSON encoding: sorted keys, so equal models give equal bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Writes the model atomically (a temporary file renamed into place).
    public func write(to url: URL) throws {
        let data: Data
        do { data = try encoded() } catch {
            throw ModelFileError.unwritable(file: url.path, reason: "\(error)")
        }
        do { try AtomicFile.write(data, to: url) } catch {
            throw ModelFileError.unwritable(file: url.path, reason: SystemErrorText.reason(error))
        }
    }

    /// Reads a model file; with `expectedFeatures`, also checks that the model
    /// was trained on exactly those feature columns.
    public static func load(contentsOf url: URL, expectedFeatures: [String]? = nil) throws -> MoodModel {
        let data = try readBounded(url)
        let model = try decode(data, file: url.path)
        if let expectedFeatures { try model.checkFeatures(expectedFeatures, file: url.path) }
        return model
    }

    /// Decodes and validates a model from JSON (see `validate()` and `ModelFileLimits`);
    /// `file` names the source in errors.
    public static func decode(_ data: Data, file: String) throws -> MoodModel {
        struct Header: Decodable { var formatVersion: Int; var kind: String? }
        guard data.count <= ModelFileLimits.maximumFileBytes else {
            throw ModelFileError.tooLarge(file: file, bytes: data.count, limit: ModelFileLimits.maximumFileBytes)
        }
        let decoder = JSONDecoder()
        let header: Header
        do { header = try decoder.decode(Header.self, from: data) } catch {
            throw ModelFileError.malformed(file: file, detail: describe(error))
        }
        guard header.formatVersion == currentFormatVersion else {
            throw ModelFileError.unsupportedVersion(file: file, found: header.formatVersion, supported: currentFormatVersion)
        }
        if let kind = header.kind, ModelKind(rawValue: kind) == nil {
            throw ModelFileError.invalid(file: file, path: "kind", problem: .unknownKind(kind))
        }
        let model: MoodModel
        do {
            model = try decoder.decode(MoodModel.self, from: data)
            try model.validate()
        } catch let error as ModelValidationError {
            throw ModelFileError.invalid(file: file, path: error.path, problem: error.problem)
        } catch {
            throw ModelFileError.malformed(file: file, detail: describe(error))
        }
        // Sound in shape, but also in size? A typical input — the middle of the training data's
        // ranges — must be placed near the scale (`ModelCheck.plausiblePredictions`).
        if let calibration = model.confidence, calibration.featureMinimum.count == model.featureNames.count {
            let middle = zip(calibration.featureMinimum, calibration.featureMaximum).map { ($0 + $1) / 2 }
            _ = try model.checkedPredict(Matrix(rows: 1, columns: middle.count, storage: middle), file: file,
                                         rowNames: ["the middle of its training data"])
        }
        return model
    }

    /// The registry entry of the bundled default model: the `ensemble` (`best`) — tuned
    /// gradient boosting 0.55 + random-Fourier kernel ridge 0.45 with a dedicated model of
    /// V − A, its quadrant balancing and calibrated confidence (about 1.0 MB).
    public static let bundledDefaultKind = ModelKind.best

    /// The default model committed with the package (`bundledDefaultKind`, trained on all of DEAM).
    public static func bundledDefault() throws -> MoodModel {
        guard let url = Bundle.module.url(forResource: bundledDefaultName, withExtension: "json") else {
            throw ModelFileError.unreadable(file: "\(bundledDefaultName).json", reason: "not found in the MERModel resources")
        }
        return try load(contentsOf: url)
    }

    /// File name (without extension) of the bundled default model.
    public static let bundledDefaultName = "default-model"

    private static func describe(_ error: Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [CodingKey]) -> String {
            keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch decoding {
        case .dataCorrupted(let c): return "\(c.debugDescription) at \(path(c.codingPath))"
        case .keyNotFound(let key, let c): return "missing key '\(key.stringValue)' at \(path(c.codingPath))"
        case .typeMismatch(let type, let c): return "expected \(type) at \(path(c.codingPath)): \(c.debugDescription)"
        case .valueNotFound(let type, let c): return "missing \(type) value at \(path(c.codingPath))"
        @unknown default: return "\(error)"
        }
    }
}

/// Why a model file could not be written, read or used.
public enum ModelFileError: Error, CustomStringConvertible, Equatable {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The file could not be written.
    case unwritable(file: String, reason: String)
    /// The file is not a valid model (names the JSON path of the problem).
    case malformed(file: String, detail: String)
    /// The file was written by an unknown format version.
    case unsupportedVersion(file: String, found: Int, supported: Int)
    /// The data's feature at `index` differs from the model's.
    case featureMismatch(file: String?, index: Int, expected: String, found: String)
    /// The data has a different number of features than the model.
    case featureCountMismatch(file: String?, expected: Int, found: Int)
    /// The file is larger than `ModelFileLimits.maximumFileBytes`.
    case tooLarge(file: String, bytes: Int, limit: Int)
    /// The file decodes, but the value at JSON `path` is inconsistent or out of range.
    case invalid(file: String, path: String, problem: ModelFileProblem)
    /// The model's prediction for row `row` (0-based; `item` names it when known) is NaN or infinite.
    case nonFinitePrediction(file: String?, row: Int, item: String?)
    /// The model's prediction for row `row` lies so far off the 1–9 scale that the model is damaged.
    case implausiblePrediction(file: String?, row: Int, item: String?, value: Double)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "cannot read model file \(file): \(reason)"
        case .unwritable(let file, let reason): return "cannot write model file \(file): \(reason)"
        case .malformed(let file, let detail): return "\(file): not a valid mood model: \(detail)"
        case .unsupportedVersion(let file, let found, let supported):
            return "\(file): model format version \(found) is not supported (this build reads version \(supported)); retrain it with this version of mood"
        case .featureMismatch(let file, let index, let expected, let found):
            return "\(file.map { "\($0): " } ?? "")feature \(index + 1) of the data is '\(found)' but the model was trained with '\(expected)' there"
        case .featureCountMismatch(let file, let expected, let found):
            return "\(file.map { "\($0): " } ?? "")the data has \(found) features but the model was trained on \(expected)"
        case .tooLarge(let file, let bytes, let limit):
            return "\(file): model file is \(bytes) bytes, more than the limit of \(limit) bytes"
        case .invalid(let file, let path, let problem):
            return "\(file): not a valid mood model: \(path): \(problem)"
        case .nonFinitePrediction(let file, let row, let item):
            return "\(file.map { "\($0): " } ?? "")the model's prediction for \(item ?? "row \(row + 1)") is not a finite number"
        case .implausiblePrediction(let file, let row, let item, let value):
            return "\(file.map { "\($0): " } ?? "")the model's prediction for \(item ?? "row \(row + 1)") is \(String(format: "%.3g", value)), "
                + "far outside the 1–9 scale: the model is damaged"
        }
    }
}
