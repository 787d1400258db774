import DEAMData
import Numerics
/// A weighted mean of whole pipelines, each with its own scaling and PCA, so
/// that models of different families (boosted trees, extra trees, the CNN,
/// linear models) can be blended — the registry's `ensemble`.
public struct BlendRegressor: Regressor, Codable {
    /// Hyperparameters: the members' relative weights.
    public struct Configuration: Codable, Sendable, Hashable {
        /// One non-negative weight per member; nil weighs members equally.
        public var weights: [Double]?

        public init(weights: [Double]? = nil) { self.weights = weights }
    }

    /// The hyperparameters.
    public var configuration: Configuration
    /// The member pipelines (fitted by `fit`).
    public private(set) var members: [ModelPipeline<RegressorModel>]

    /// A blend of `members`, equally weighted unless `configuration` says otherwise.
    public init(members: [ModelPipeline<RegressorModel>], configuration: Configuration = Configuration()) {
        self.members = members
        self.configuration = configuration
    }

    /// Member weights normalised to sum to one.
    public var normalizedWeights: [Double] {
        let raw = configuration.weights ?? [Double](repeating: 1, count: members.count)
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    /// Fits every member on the same rows.
    public mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        guard !members.isEmpty else {
            throw EstimatorError.invalidHyperparameter(model: "BlendRegressor", name: "members", value: "0", reason: "needs at least one member")
        }
        if let w = configuration.weights {
            guard w.count == members.count, w.allSatisfy({ $0.isFinite && $0 >= 0 }), w.contains(where: { $0 > 0 }) else {
                throw EstimatorError.invalidHyperparameter(
                    model: "BlendRegressor", name: "weights", value: "\(w)",
                    reason: "need one finite, non-negative weight per member (\(members.count)) with a positive sum")
            }
        }
        for i in members.indices { try members[i].fit(x, y, weights: weights) }
    }

    /// The weighted mean of the members' predictions.
    public func predict(_ x: Matrix) -> Matrix {
        let w = normalizedWeights
        var sum = Matrix(rows: x.rows, columns: 2)
        for (member, weight) in zip(members, w) where weight > 0 {
            let p = member.predict(x)
            for i in sum.storage.indices { sum.storage[i] += weight * p.storage[i] }
        }
        return sum
    }
}
