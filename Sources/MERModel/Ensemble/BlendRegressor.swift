import DEAMData
import Numerics
/// A weighted mean of whole pipelines, each with its own scaling and PCA, so
/// that models of different families (boosted trees, extra trees, the CNN,
/// linear models) can be blended — the registry's `ensemble`.
///
/// Optionally a dedicated gradient-boosting model of the *difference* V − A (the direction that
/// separates Fear from Contentment, which per-axis models predict worst) is blended into the
/// members' difference: with weight w, the prediction keeps the members' sum V + A and takes
/// `(1 − w)·(V − A)_members + w·(V − A)_dedicated` as its difference.
public struct BlendRegressor: Regressor, Codable {
    /// Hyperparameters: the members' relative weights and the optional difference model.
    public struct Configuration: Codable, Sendable, Hashable {
        /// One non-negative weight per member; nil weighs members equally.
        public var weights: [Double]?
        /// The dedicated model of V − A; nil: none.
        public var difference: DifferenceModel?

        public init(weights: [Double]? = nil, difference: DifferenceModel? = nil) {
            self.weights = weights
            self.difference = difference
        }
    }

    /// A gradient-boosting model fitted on the single target V − A, and its weight in the blend's difference.
    public struct DifferenceModel: Codable, Sendable, Hashable {
        /// Weight of the dedicated prediction in the difference, in 0…1.
        public var weight: Double
        /// The booster's hyperparameters.
        public var boosting: GradientBoostingRegressor.Configuration

        public init(weight: Double, boosting: GradientBoostingRegressor.Configuration) {
            self.weight = weight
            self.boosting = boosting
        }
    }

    /// The hyperparameters.
    public var configuration: Configuration
    /// The member pipelines (fitted by `fit`).
    public private(set) var members: [ModelPipeline<RegressorModel>]
    /// The fitted model of V − A (one output) when `configuration.difference` asks for one.
    public private(set) var differenceBooster: GradientBoostingRegressor?

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
        if let difference = configuration.difference, !(difference.weight.isFinite && (0...1).contains(difference.weight)) {
            throw EstimatorError.invalidHyperparameter(model: "BlendRegressor", name: "difference.weight",
                                                       value: "\(difference.weight)", reason: "must be in 0…1")
        }
        for i in members.indices { try members[i].fit(x, y, weights: weights) }
        differenceBooster = nil
        if let difference = configuration.difference {
            guard y.columns == 2 else {
                throw EstimatorError.invalidHyperparameter(model: "BlendRegressor", name: "difference", value: "\(y.columns) targets",
                                                           reason: "a difference model needs (valence, arousal) targets")
            }
            var booster = GradientBoostingRegressor(configuration: difference.boosting)
            let target = Matrix(rows: y.rows, columns: 1, storage: (0..<y.rows).map { y[$0, 0] - y[$0, 1] })
            try booster.fit(x, target, weights: weights)
            differenceBooster = booster
        }
    }

    /// The weighted mean of the members' predictions.
    public func predict(_ x: Matrix) -> Matrix {
        let w = normalizedWeights
        var sum = Matrix(rows: x.rows, columns: 2)
        for (member, weight) in zip(members, w) where weight > 0 {
            let p = member.predict(x)
            for i in sum.storage.indices { sum.storage[i] += weight * p.storage[i] }
        }
        if let booster = differenceBooster, let w = configuration.difference?.weight {
            let dedicated = booster.predict(x)
            for r in 0..<sum.rows {
                let total = sum[r, 0] + sum[r, 1]
                let difference = (1 - w) * (sum[r, 0] - sum[r, 1]) + w * dedicated[r, 0]
                sum[r, 0] = (total + difference) / 2
                sum[r, 1] = (total - difference) / 2
            }
        }
        return sum
    }
}
