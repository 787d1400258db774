import DEAMData
import Numerics
/// Every concrete regressor behind one Codable value, so that a pipeline
/// holding any of them can be saved and loaded. Encoded as
/// `{"kind": "<cli name>", "model": {…the model's own encoding…}}`.
public enum RegressorModel: Regressor, Codable {
    case linear(LinearRegression)
    case ridge(RidgeRegression)
    case knn(KNNRegressor)
    /// Random forest (`.best` splitter) or extra trees (`.random`).
    case forest(ForestRegressor)
    case gbm(GradientBoostingRegressor)
    case kernelRidge(RandomFourierRidgeRegressor)
    case cnn(CNNRegressor)
    case ensemble(BlendRegressor)

    /// The registry entry of the wrapped model.
    public var kind: ModelKind {
        switch self {
        case .linear: return .linear
        case .ridge: return .ridge
        case .knn: return .knn
        case .forest(let m): return m.configuration.splitter == .best ? .randomForest : .extraTrees
        case .gbm: return .gbm
        case .kernelRidge: return .kernelRidge
        case .cnn: return .cnn
        case .ensemble: return .ensemble
        }
    }

    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        switch self {
        case .linear(var m): try m.fit(x, y, weights: weights); self = .linear(m)
        case .ridge(var m): try m.fit(x, y, weights: weights); self = .ridge(m)
        case .knn(var m): try m.fit(x, y, weights: weights); self = .knn(m)
        case .forest(var m): try m.fit(x, y, weights: weights); self = .forest(m)
        case .gbm(var m): try m.fit(x, y, weights: weights); self = .gbm(m)
        case .kernelRidge(var m): try m.fit(x, y, weights: weights); self = .kernelRidge(m)
        case .cnn(var m): try m.fit(x, y, weights: weights); self = .cnn(m)
        case .ensemble(var m): try m.fit(x, y, weights: weights); self = .ensemble(m)
        }
    }

    public func predict(_ x: Matrix) -> Matrix {
        switch self {
        case .linear(let m): return m.predict(x)
        case .ridge(let m): return m.predict(x)
        case .knn(let m): return m.predict(x)
        case .forest(let m): return m.predict(x)
        case .gbm(let m): return m.predict(x)
        case .kernelRidge(let m): return m.predict(x)
        case .cnn(let m): return m.predict(x)
        case .ensemble(let m): return m.predict(x)
        }
    }

    private enum Keys: String, CodingKey { case kind, model }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let name = try c.decode(String.self, forKey: .kind)
        guard let kind = ModelKind(rawValue: name) else {
            throw ModelCheck.fail(ModelCheck.path(c.codingPath), "kind", .unknownKind(name))
        }
        switch kind {
        case .linear: self = .linear(try c.decode(LinearRegression.self, forKey: .model))
        case .ridge: self = .ridge(try c.decode(RidgeRegression.self, forKey: .model))
        case .knn: self = .knn(try c.decode(KNNRegressor.self, forKey: .model))
        case .randomForest, .extraTrees:
            // The kind decides the splitter (files written before it was stored hold none).
            var forest = try c.decode(ForestRegressor.self, forKey: .model)
            forest.configuration.splitter = kind == .randomForest ? .best : .random
            self = .forest(forest)
        case .gbm: self = .gbm(try c.decode(GradientBoostingRegressor.self, forKey: .model))
        case .kernelRidge: self = .kernelRidge(try c.decode(RandomFourierRidgeRegressor.self, forKey: .model))
        case .cnn: self = .cnn(try c.decode(CNNRegressor.self, forKey: .model))
        case .ensemble: self = .ensemble(try c.decode(BlendRegressor.self, forKey: .model))
        }
        // Consistent in itself (the width it reads is checked against the model's features by `MoodModel.validate`).
        try validate(inputWidth: declaredInputWidth, at: ModelCheck.path(c.codingPath))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kind.rawValue, forKey: .kind)
        switch self {
        case .linear(let m): try c.encode(m, forKey: .model)
        case .ridge(let m): try c.encode(m, forKey: .model)
        case .knn(let m): try c.encode(m, forKey: .model)
        case .forest(let m): try c.encode(m, forKey: .model)
        case .gbm(let m): try c.encode(m, forKey: .model)
        case .kernelRidge(let m): try c.encode(m, forKey: .model)
        case .cnn(let m): try c.encode(m, forKey: .model)
        case .ensemble(let m): try c.encode(m, forKey: .model)
        }
    }
}
