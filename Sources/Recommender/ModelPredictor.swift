import DEAMData
import Foundation
import MERModel
import MoodCore
import MoodIO
import Numerics

/// A trained `MoodModel` as the catalog's `TrackPredictor`.
///
/// The version — `<kind>-<first 10 hex digits of the SHA-256 of the model's JSON>` — is
/// computed once, when the predictor is made: two catalogs built with the same model show the
/// same version, a retrained model a new one.
public struct ModelPredictor: TrackPredictor, Sendable {
    /// The model that predicts.
    public let model: MoodModel
    /// `<kind>-<digest>`, stored beside every prediction.
    public let predictorVersion: String

    /// The model's file (nil for the bundled default), named in prediction errors.
    public let source: String?

    /// Wraps `model` (read from `source`, if given), hashing its JSON encoding once.
    public init(_ model: MoodModel, source: String? = nil) {
        self.model = model
        self.source = source
        let digest = (try? model.encoded()).map { String(SHA256.hex($0).prefix(10)) } ?? "unknown"
        predictorVersion = "\(model.kind.rawValue)-\(digest)"
    }

    /// The bundled default model.
    public static func bundledDefault() throws -> ModelPredictor { ModelPredictor(try MoodModel.bundledDefault()) }

    /// The model saved at `url` by `mood train`.
    public static func load(contentsOf url: URL) throws -> ModelPredictor {
        ModelPredictor(try MoodModel.load(contentsOf: url), source: url.path)
    }

    public var predictorFeatureNames: [String] { model.featureNames }

    /// Predicted points; throws `ModelFileError.nonFinitePrediction` rather than clamp NaN or infinity.
    public func predictPoints(_ features: Matrix) throws -> [MoodPoint] { try model.checkedPredict(features, file: source) }

    public func predictSpreads(_ features: Matrix) throws -> [PlacementSpread?]? {
        model.placements(features).map { $0.map { PlacementSpread($0) } }
    }

    /// The spread of an in-distribution placement (the calibrated residual spread), e.g. for
    /// cross-fitted DEAM songs and the starter catalog; nil without confidence.
    public var typicalSpread: PlacementSpread? {
        guard let c = model.confidence else { return nil }
        return PlacementSpread(PlacementDistribution(mean: MoodPoint(valence: 5, arousal: 5),
                                                     covariance: (c.residualVV, c.residualVA, c.residualAA)))
    }
}
