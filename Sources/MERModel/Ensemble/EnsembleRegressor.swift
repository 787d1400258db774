import DEAMData
import Numerics
/// One model inside an `EnsembleRegressor`: any of the concrete, Codable regressors.
public enum EnsembleMember: Regressor, Codable, Hashable {
    case decisionTree(DecisionTreeRegressor)
    case randomForest(RandomForestRegressor)
    case extraTrees(ExtraTreesRegressor)
    case gradientBoosting(GradientBoostingRegressor)
    case randomFourierRidge(RandomFourierRidgeRegressor)

    /// A short name for the member's model kind, as written in model files.
    public var kind: String {
        switch self {
        case .decisionTree: return "decisionTree"
        case .randomForest: return "randomForest"
        case .extraTrees: return "extraTrees"
        case .gradientBoosting: return "gradientBoosting"
        case .randomFourierRidge: return "randomFourierRidge"
        }
    }

    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        switch self {
        case .decisionTree(var m): try m.fit(x, y, weights: weights); self = .decisionTree(m)
        case .randomForest(var m): try m.fit(x, y, weights: weights); self = .randomForest(m)
        case .extraTrees(var m): try m.fit(x, y, weights: weights); self = .extraTrees(m)
        case .gradientBoosting(var m): try m.fit(x, y, weights: weights); self = .gradientBoosting(m)
        case .randomFourierRidge(var m): try m.fit(x, y, weights: weights); self = .randomFourierRidge(m)
        }
    }

    public func predict(_ x: Matrix) -> Matrix {
        switch self {
        case .decisionTree(let m): return m.predict(x)
        case .randomForest(let m): return m.predict(x)
        case .extraTrees(let m): return m.predict(x)
        case .gradientBoosting(let m): return m.predict(x)
        case .randomFourierRidge(let m): return m.predict(x)
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, model }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "decisionTree": self = .decisionTree(try c.decode(DecisionTreeRegressor.self, forKey: .model))
        case "randomForest": self = .randomForest(try c.decode(RandomForestRegressor.self, forKey: .model))
        case "extraTrees": self = .extraTrees(try c.decode(ExtraTreesRegressor.self, forKey: .model))
        case "gradientBoosting": self = .gradientBoosting(try c.decode(GradientBoostingRegressor.self, forKey: .model))
        case "randomFourierRidge": self = .randomFourierRidge(try c.decode(RandomFourierRidgeRegressor.self, forKey: .model))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c,
                debugDescription: "unknown ensemble member kind \"\(kind)\"")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .decisionTree(let m): try c.encode(m, forKey: .model)
        case .randomForest(let m): try c.encode(m, forKey: .model)
        case .extraTrees(let m): try c.encode(m, forKey: .model)
        case .gradientBoosting(let m): try c.encode(m, forKey: .model)
        case .randomFourierRidge(let m): try c.encode(m, forKey: .model)
        }
    }
}

/// Averages the predictions of several regressors, optionally weighted
/// (weights are normalised to sum to one).
public struct EnsembleRegressor: Regressor, Codable, Hashable {
    /// Hyperparameters: the members' relative weights.
    public struct Configuration: Codable, Hashable, Sendable {
        /// One non-negative weight per member; nil weighs members equally.
        public var weights: [Double]?
        public init(weights: [Double]? = nil) { self.weights = weights }
    }

    /// The hyperparameters.
    public var configuration: Configuration
    /// The members, fitted by `fit`.
    public private(set) var members: [EnsembleMember]

    /// An ensemble of `members` with the given configuration.
    public init(members: [EnsembleMember], configuration: Configuration = Configuration()) {
        self.members = members
        self.configuration = configuration
    }

    /// An ensemble of `members` weighted by `weights` (one per member).
    public init(members: [EnsembleMember], weights: [Double]) {
        self.init(members: members, configuration: Configuration(weights: weights))
    }

    /// The normalised weight of each member.
    public var normalizedWeights: [Double] {
        let raw = configuration.weights ?? [Double](repeating: 1, count: members.count)
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        guard !members.isEmpty else { throw TreeModelError.invalidConfiguration("an ensemble needs at least one member") }
        if let w = configuration.weights {
            guard w.count == members.count else {
                throw TreeModelError.invalidConfiguration("\(w.count) ensemble weights for \(members.count) members")
            }
            guard w.allSatisfy({ $0 >= 0 && $0.isFinite }), w.contains(where: { $0 > 0 }) else {
                throw TreeModelError.invalidConfiguration("ensemble weights must be non-negative with a positive sum, got \(w)")
            }
        }
        for j in members.indices { try members[j].fit(x, y, weights: weights) }
    }

    public func predict(_ x: Matrix) -> Matrix {
        precondition(!members.isEmpty, "EnsembleRegressor: no members")
        let w = normalizedWeights
        var sum: Matrix?
        for (j, member) in members.enumerated() where w[j] > 0 {
            let p = member.predict(x)
            if sum == nil { sum = Matrix(rows: p.rows, columns: p.columns) }
            for i in p.storage.indices { sum!.storage[i] += w[j] * p.storage[i] }
        }
        return sum!
    }
}
