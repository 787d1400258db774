import DEAMData
import Numerics
/// Optional standardisation, optional PCA, then a regressor — fitted together
/// so that cross-validation fits the scaler and PCA on the training fold only.
public struct ModelPipeline<Model: Regressor>: Regressor {
    /// Standardiser fitted on the training rows (nil: features pass unscaled).
    public var scaler: StandardScaler?
    /// Principal components fitted on the (scaled) training rows (nil: no reduction).
    public var pca: PCA?
    /// The model fitted on the transformed features.
    public var regressor: Model

    /// A pipeline of unfitted stages. `pcaComponents` keeps that many principal components.
    public init(standardize: Bool, pcaComponents: Int? = nil, regressor: Model) {
        scaler = standardize ? StandardScaler() : nil
        pca = pcaComponents.map { PCA(configuration: .init(components: .count($0))) }
        self.regressor = regressor
    }

    /// Fits the scaler, then PCA, then the regressor, each on the output of the previous stage.
    /// Sample weights go to the regressor only (as in scikit-learn's pipelines).
    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        var features = x
        if var s = scaler {
            try s.fit(features, weights: nil)
            features = s.transform(features)
            scaler = s
        }
        if var p = pca {
            try p.fit(features)
            features = p.transform(features)
            pca = p
        }
        try regressor.fit(features, y, weights: weights)
    }

    /// The features as the regressor sees them.
    public func transform(_ x: Matrix) -> Matrix {
        var features = x
        if let scaler { features = scaler.transform(features) }
        if let pca { features = pca.transform(features) }
        return features
    }

    /// Raw (unclamped) valence and arousal.
    public func predict(_ x: Matrix) -> Matrix {
        regressor.predict(transform(x))
    }
}

extension ModelPipeline: Codable where Model: Codable {}
