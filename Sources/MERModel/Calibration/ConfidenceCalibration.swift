import DEAMData
import Foundation
import MoodCore
import Numerics

/// How sure a model's placements are: a predictive distribution fitted on held-out residuals
/// of the training data, and a detector for inputs unlike the training data.
///
/// - **Spread.** The model is cross-validated *inside its training data* (`innerFolds`-fold);
///   the held-out residuals give a 2×2 covariance Σ. It is then scaled (split-conformal) so that
///   the ellipse `rᵀ Σ⁻¹ r ≤ χ²₂(0.8)` holds exactly 80% of those held-out residuals. Each placement
///   is N(point, Σ): its quadrant/sector probabilities and 80% region follow (`PlacementDistribution`).
///   DEAM's residuals are close to homoscedastic bivariate normal, so one Σ calibrates (the
///   10-fold check is in `mood evaluate`).
/// - **Unlike the training data.** A feature vector's *range excess* is the sum over features of how
///   many training standard deviations it lies outside the training minimum–maximum. Held-out DEAM
///   songs are almost always inside (≈93% have excess 0); the threshold is the 99th percentile of the
///   held-out excess of the inner folds (at least 1). Above it the placement is flagged and its
///   covariance becomes Σ + the ratings' own covariance: the model knows about as much as it would
///   without the features, and the 80% region says so.
public struct ConfidenceCalibration: Codable, Sendable, Hashable {
    /// Calibrated residual covariance (var V, cov VA, var A).
    public var residualVV: Double
    public var residualVA: Double
    public var residualAA: Double
    /// Covariance of the training ratings (var V, cov VA, var A), added for out-of-distribution inputs.
    public var targetVV: Double
    public var targetVA: Double
    public var targetAA: Double
    /// The conformal factor applied to the raw residual covariance.
    public var conformalFactor: Double
    /// Per-feature training minimum, maximum and standard deviation.
    public var featureMinimum: [Double]
    public var featureMaximum: [Double]
    public var featureScale: [Double]
    /// Range excess above which an input is out of distribution.
    public var excessThreshold: Double
    /// Folds of the inner cross-validation the residuals came from.
    public var innerFolds: Int

    /// The folds used inside training data when none are given.
    public static let defaultInnerFolds = 5
    /// The inner folds of `mood evaluate`'s cross-fitted models: as many as the shipped model's, so
    /// that each is calibrated like it (with 3, the inner models see a third less data and the
    /// spread comes out too wide).
    public static let crossFittingInnerFolds = defaultInnerFolds

    /// Range excess of one feature row (see the type's documentation).
    public func rangeExcess(_ row: [Double]) -> Double {
        Self.rangeExcess(row, minimum: featureMinimum, maximum: featureMaximum, scale: featureScale)
    }

    static func rangeExcess(_ row: [Double], minimum: [Double], maximum: [Double], scale: [Double]) -> Double {
        var total = 0.0
        for j in row.indices {
            let s = scale[j] > 0 ? scale[j] : 1
            if row[j] > maximum[j] { total += (row[j] - maximum[j]) / s }
            else if row[j] < minimum[j] { total += (minimum[j] - row[j]) / s }
        }
        return total.isFinite ? total : .infinity
    }

    /// Each column's minimum, maximum and population standard deviation (0, 0, 0 for no rows):
    /// the training ranges `rangeExcess` measures against.
    static func featureRanges(_ features: Matrix) -> (minimum: [Double], maximum: [Double], scale: [Double]) {
        var minimum = [Double](), maximum = [Double](), scale = [Double]()
        for j in 0..<features.columns {
            let column = features.column(j)
            minimum.append(column.min() ?? 0)
            maximum.append(column.max() ?? 0)
            let mean = column.reduce(0, +) / Double(max(1, column.count))
            scale.append((column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, column.count))).squareRoot())
        }
        return (minimum, maximum, scale)
    }

    /// The predictive distribution of a placement at `point` for the feature row `row`.
    public func distribution(at point: MoodPoint, features row: [Double]) -> PlacementDistribution {
        let ood = rangeExcess(row) > excessThreshold
        var cov = (vv: residualVV, va: residualVA, aa: residualAA)
        if ood { cov = (cov.vv + targetVV, cov.va + targetVA, cov.aa + targetAA) }
        return PlacementDistribution(mean: point, covariance: cov, outOfDistribution: ood)
    }

    /// The calibration from held-out residuals (`truth − predicted`, two columns) and the
    /// held-out range excess of the same rows, with the training features and ratings.
    public static func fit(heldOutTruth truth: Matrix, heldOutPredicted predicted: Matrix, heldOutExcess: [Double],
                           features: Matrix, targets: Matrix, innerFolds: Int) -> ConfidenceCalibration {
        let n = truth.rows
        var rv = [Double](), ra = [Double]()
        for i in 0..<n {
            rv.append(truth[i, 0] - predicted[i, 0])
            ra.append(truth[i, 1] - predicted[i, 1])
        }
        let raw = covariance(rv, ra)
        // Split-conformal scaling of the 80% ellipse.
        let det = raw.vv * raw.aa - raw.va * raw.va
        let d2 = (0..<n).map { i in (raw.aa * rv[i] * rv[i] - 2 * raw.va * rv[i] * ra[i] + raw.vv * ra[i] * ra[i]) / det }.sorted()
        let rank = min(n - 1, max(0, Int((Double(n + 1) * PlacementDistribution.regionCoverage).rounded(.up)) - 1))
        let factor = n > 0 ? d2[rank] / PlacementDistribution.regionChiSquare : 1
        let target = covariance(targets.column(0), targets.column(1))
        let (minimum, maximum, scale) = featureRanges(features)
        let sortedExcess = heldOutExcess.sorted()
        let threshold = sortedExcess.isEmpty ? 1 : max(1, sortedExcess[min(sortedExcess.count - 1, Int(Double(sortedExcess.count) * 0.99))])
        return ConfidenceCalibration(
            residualVV: raw.vv * factor, residualVA: raw.va * factor, residualAA: raw.aa * factor,
            targetVV: target.vv, targetVA: target.va, targetAA: target.aa, conformalFactor: factor,
            featureMinimum: minimum, featureMaximum: maximum, featureScale: scale,
            excessThreshold: threshold, innerFolds: innerFolds)
    }

    /// Cross-validates `specification` on `x`, `y` with `folds` folds (seeded) and fits the calibration.
    public static func fit(_ specification: ModelSpecification, x: Matrix, y: Matrix, folds: Int = defaultInnerFolds,
                           seed: UInt64, parallel: Bool = true) throws -> ConfidenceCalibration {
        let held = try heldOut(specification, x: x, y: y, folds: folds, seed: seed, parallel: parallel)
        return fit(heldOutTruth: held.truth, heldOutPredicted: held.predicted, heldOutExcess: held.excess,
                   features: x, targets: y, innerFolds: folds)
    }

    /// Held-out predictions of a seeded `folds`-fold cross-validation of `specification` on `x`, `y`
    /// (truth and predictions in the same row order), with each row's range excess against the
    /// ranges of the other folds.
    static func heldOut(_ specification: ModelSpecification, x: Matrix, y: Matrix, folds: Int,
                        seed: UInt64, parallel: Bool) throws -> (truth: Matrix, predicted: Matrix, excess: [Double]) {
        let cv = CrossValidation(.kFold(folds: folds), seed: seed &+ 0x9E37_79B9, parallel: parallel)
        let held = try cv.predictions(x: x, y: y) { specification.makePipeline() }
        // Held-out range excess: each row against the ranges of the other folds.
        let partitions = try cv.folds(count: x.rows)
        var excess = [Double](repeating: 0, count: x.rows)
        for fold in partitions {
            let (minimum, maximum, scale) = featureRanges(x.selectingRows(fold.train))
            for row in fold.test { excess[row] = rangeExcess(x.row(row), minimum: minimum, maximum: maximum, scale: scale) }
        }
        return (held.truth, held.predicted, held.rows.map { excess[$0] })
    }

    private static func covariance(_ a: [Double], _ b: [Double]) -> (vv: Double, va: Double, aa: Double) {
        let n = Double(max(1, a.count))
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var vv = 0.0, va = 0.0, aa = 0.0
        for i in a.indices {
            vv += (a[i] - ma) * (a[i] - ma)
            va += (a[i] - ma) * (b[i] - mb)
            aa += (b[i] - mb) * (b[i] - mb)
        }
        let d = max(1, n - 1)
        return (vv / d, va / d, aa / d)
    }
}

extension MoodModel {
    /// The predictive distribution of every row of `features` (nil when the model has no calibration).
    public func placements(_ features: Matrix) -> [PlacementDistribution]? {
        guard let confidence else { return nil }
        let points = predict(features)
        return points.indices.map { confidence.distribution(at: points[$0], features: features.row($0)) }
    }

    /// Fits the model on all of `dataset`, then its placement calibration (`calibrate`) on
    /// `innerFolds`-fold held-out predictions of the same data.
    public static func trainCalibrated(_ specification: ModelSpecification, on dataset: DEAMDataset,
                                       innerFolds: Int = ConfidenceCalibration.defaultInnerFolds) throws -> MoodModel {
        var model = try train(specification, on: dataset)
        try model.calibrate(specification, x: dataset.features, y: dataset.targets, folds: innerFolds,
                            seed: specification.options.seed)
        return model
    }

    /// Fits the calibrations that use held-out predictions of the training data `x`, `y` (the rows
    /// this model was fitted on), from one seeded `folds`-fold cross-validation of `specification`:
    /// the `ConfidenceCalibration` on the held-out residuals, then the `QuadrantBalancing` label
    /// (its decision uses the same spread). Nothing outside `x`, `y` is used; no point is moved.
    public mutating func calibrate(_ specification: ModelSpecification, x: Matrix, y: Matrix, folds: Int,
                                   seed: UInt64, parallel: Bool = true) throws {
        let held = try ConfidenceCalibration.heldOut(specification, x: x, y: y, folds: folds, seed: seed, parallel: parallel)
        let calibration = ConfidenceCalibration.fit(heldOutTruth: held.truth, heldOutPredicted: held.predicted,
                                                    heldOutExcess: held.excess, features: x, targets: y, innerFolds: folds)
        confidence = calibration
        quadrantBalancing = QuadrantBalancing.fit(
            heldOutTruth: held.truth, heldOutPredicted: held.predicted,
            covariance: (calibration.residualVV, calibration.residualVA, calibration.residualAA), targets: y)
    }
}
