import DEAMData
import Dispatch
import MoodCore
import Numerics

/// DEAM's three collections, collected and rated separately: 2013 (ids up to 1000, 45 s excerpts),
/// 2014 (ids 1001–2000, 45 s excerpts) and 2015 (ids above 2000, full songs).
public enum DEAMYear: String, CaseIterable, Codable, Sendable, Comparable {
    case y2013 = "2013"
    case y2014 = "2014"
    case y2015 = "2015"

    /// The collection a DEAM song id belongs to.
    public init(songID: Int) {
        if songID <= 1000 { self = .y2013 } else if songID <= 2000 { self = .y2014 } else { self = .y2015 }
    }

    public static func < (lhs: DEAMYear, rhs: DEAMYear) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One train → test pairing of DEAM's years.
public struct YearSplit: Sendable, Hashable, CustomStringConvertible {
    /// The years the model is fitted on.
    public var train: [DEAMYear]
    /// The held-out year.
    public var test: DEAMYear

    public init(train: [DEAMYear], test: DEAMYear) {
        self.train = train.sorted()
        self.test = test
    }

    /// The three transfers: 2013 → 2014, 2014 → 2013, 2013+2014 → 2015.
    public static let standard = [
        YearSplit(train: [.y2013], test: .y2014),
        YearSplit(train: [.y2014], test: .y2013),
        YearSplit(train: [.y2013, .y2014], test: .y2015),
    ]

    /// The training years joined by `+` (e.g. `2013+2014`).
    public var trainName: String { train.map(\.rawValue).joined(separator: "+") }

    public var description: String { "\(trainName) → \(test.rawValue)" }

    /// The rows (indices into `songIDs`, ascending) to fit on and to test on.
    public func rows(songIDs: [Int]) -> (train: [Int], test: [Int]) {
        var trainRows = [Int](), testRows = [Int]()
        for (i, id) in songIDs.enumerated() {
            let year = DEAMYear(songID: id)
            if year == test { testRows.append(i) } else if train.contains(year) { trainRows.append(i) }
        }
        return (trainRows, testRows)
    }
}

/// How well one axis carried to a held-out year.
public struct AxisTransfer: Codable, Sendable, Equatable {
    /// Spearman's rank correlation of predictions and ratings.
    public var spearman: Double
    /// Coefficient of determination (scikit-learn's `r2_score`) on the held-out year.
    public var r2: Double
    /// Mean prediction − mean rating (scale units): the year's offset as the model sees it.
    public var offset: Double
    /// Pearson's correlation.
    public var pearson: Double

    /// Scores `predicted` against `truth` (same length, at least two values).
    public init(truth: [Double], predicted: [Double]) {
        spearman = RankMetrics.spearman(predicted, truth)
        pearson = RankMetrics.pearson(predicted, truth)
        r2 = RegressionMetrics.r2(truth: truth, predicted: predicted)
        let n = Double(max(1, truth.count))
        offset = predicted.reduce(0, +) / n - truth.reduce(0, +) / n
    }
}

/// One transfer: a model fitted on some years, scored on a held-out one.
public struct YearTransferResult: Encodable, Sendable {
    public var split: YearSplit
    public var trainSongs: Int
    public var testSongs: Int
    public var valence: AxisTransfer
    public var arousal: AxisTransfer
    /// Share of the held-out ratings inside their 80% regions (nil: the recipe has no confidence).
    public var coverage80: Double?
    /// Share of the held-out songs flagged as unlike the training data (nil: no confidence).
    public var outOfDistributionShare: Double?
    /// Share of held-out songs whose point lies in the rated quadrant.
    public var quadrantAccuracy: Double

    private enum Keys: String, CodingKey {
        case train, test, songs, valence, arousal, coverage80, outOfDistributionShare, quadrantAccuracy
    }
    private enum SongKeys: String, CodingKey { case train, test }

    /// `{train: "2013", test: "2014", songs: {train, test}, valence: {spearman, r2, offset, pearson},
    /// arousal: {…}, coverage80, outOfDistributionShare, quadrantAccuracy}`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(split.trainName, forKey: .train)
        try c.encode(split.test.rawValue, forKey: .test)
        var songs = c.nestedContainer(keyedBy: SongKeys.self, forKey: .songs)
        try songs.encode(trainSongs, forKey: .train)
        try songs.encode(testSongs, forKey: .test)
        try c.encode(valence, forKey: .valence)
        try c.encode(arousal, forKey: .arousal)
        try c.encodeIfPresent(coverage80, forKey: .coverage80)
        try c.encodeIfPresent(outOfDistributionShare, forKey: .outOfDistributionShare)
        try c.encode(quadrantAccuracy, forKey: .quadrantAccuracy)
    }
}

/// Transfer across DEAM's years: for each `YearSplit`, the model recipe is fitted on the training
/// years only — the regressors, then (with `innerFolds` > 0) its calibrations on an inner
/// cross-validation of the same rows, exactly as `MoodModel.trainCalibrated` builds the shipped
/// model — and scored on the held-out year. Nothing of the held-out year is used in fitting.
public struct YearTransferEvaluation: Encodable, Sendable {
    /// The recipe's registry name.
    public var model: String
    public var seed: UInt64
    /// Folds of the inner cross-validation fitting the calibrations (0: points only).
    public var innerFolds: Int
    public var transfer: [YearTransferResult]
    /// Wall-clock seconds of the whole evaluation.
    public var seconds: Double

    private enum Keys: String, CodingKey { case `protocol`, model, seed, innerFolds, transfer, seconds }

    /// `{protocol: "years", model, seed, innerFolds, seconds, transfer: [YearTransferResult…]}`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode("years", forKey: .protocol)
        try c.encode(model, forKey: .model)
        try c.encode(seed, forKey: .seed)
        try c.encode(innerFolds, forKey: .innerFolds)
        try c.encode(transfer, forKey: .transfer)
        try c.encode((seconds * 1000).rounded() / 1000, forKey: .seconds)
    }

    /// Scores one split: fits `specification` (and its calibrations) on the split's training rows.
    /// - Throws: `YearTransferError.emptySplit` when either side has fewer than two songs; fitting errors.
    public static func measure(_ specification: ModelSpecification, split: YearSplit, songIDs: [Int], x: Matrix, y: Matrix,
                               innerFolds: Int, seed: UInt64) throws -> YearTransferResult {
        let (trainRows, testRows) = split.rows(songIDs: songIDs)
        guard trainRows.count >= 2, testRows.count >= 2 else {
            throw YearTransferError.emptySplit(split: split.description, trainSongs: trainRows.count, testSongs: testRows.count)
        }
        let xTrain = x.selectingRows(trainRows), yTrain = y.selectingRows(trainRows)
        var model = MoodModel(specification: specification, featureNames: (0..<x.columns).map { "f\($0)" })
        try model.fit(xTrain, yTrain, data: "DEAM \(split.trainName)")
        if innerFolds > 0 {
            try model.calibrate(specification, x: xTrain, y: yTrain, folds: innerFolds, seed: seed)
        }
        let xTest = x.selectingRows(testRows), yTest = y.selectingRows(testRows)
        let predicted = model.predictValues(xTest)
        let truth = yTest.moodPoints, points = predicted.moodPoints
        var coverage: Double?, ood: Double?
        if let placements = model.placements(xTest) {
            coverage = Double(zip(placements, truth).filter { $0.regionContains($1) }.count) / Double(truth.count)
            ood = Double(placements.filter(\.outOfDistribution).count) / Double(truth.count)
        }
        let sameQuadrant = zip(points, truth).filter { $0.quadrant == $1.quadrant }.count
        return YearTransferResult(
            split: split, trainSongs: trainRows.count, testSongs: testRows.count,
            valence: AxisTransfer(truth: yTest.column(0), predicted: predicted.column(0)),
            arousal: AxisTransfer(truth: yTest.column(1), predicted: predicted.column(1)),
            coverage80: coverage, outOfDistributionShare: ood,
            quadrantAccuracy: Double(sameQuadrant) / Double(truth.count))
    }

    /// Runs every split in order; `progress` is called with (splits done, splits).
    public static func measure(_ specification: ModelSpecification, songIDs: [Int], x: Matrix, y: Matrix,
                               splits: [YearSplit] = YearSplit.standard, innerFolds: Int, seed: UInt64,
                               name: String? = nil, progress: ((Int, Int) -> Void)? = nil) throws -> YearTransferEvaluation {
        let start = DispatchTime.now().uptimeNanoseconds
        var results = [YearTransferResult]()
        for (i, split) in splits.enumerated() {
            results.append(try measure(specification, split: split, songIDs: songIDs, x: x, y: y, innerFolds: innerFolds, seed: seed))
            progress?(i + 1, splits.count)
        }
        return YearTransferEvaluation(model: name ?? specification.kind.rawValue, seed: seed, innerFolds: innerFolds,
                                      transfer: results, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// A plain-text table of the transfers.
    public var text: String {
        func f(_ v: Double?) -> String { v.map { EvaluationReport.fmt($0) } ?? "—" }
        var out = "Transfer across DEAM's years (\(model), seed \(seed); calibrations fitted inside the training years)\n"
        out += "train → test        songs      valence ρ  R²      offset | arousal ρ  R²      offset | 80% cover  unlike  quadrant\n"
        for r in transfer {
            let name = "\(r.split.trainName) → \(r.split.test.rawValue)".padding(toLength: 19, withPad: " ", startingAt: 0)
            let songs = "\(r.trainSongs)/\(r.testSongs)".padding(toLength: 10, withPad: " ", startingAt: 0)
            func axis(_ a: AxisTransfer) -> String {
                [f(a.spearman), f(a.r2), f(a.offset)].map { $0.padding(toLength: 7, withPad: " ", startingAt: 0) }.joined(separator: " ")
            }
            out += "\(name) \(songs) \(axis(r.valence)) | \(axis(r.arousal)) | "
                + [f(r.coverage80), f(r.outOfDistributionShare), f(r.quadrantAccuracy)].map { $0.padding(toLength: 9, withPad: " ", startingAt: 0) }.joined(separator: " ")
                + "\n"
        }
        return out
    }
}

/// A year transfer that cannot be run.
public enum YearTransferError: Error, CustomStringConvertible, Equatable {
    /// The data holds too few songs of the training or the held-out years.
    case emptySplit(split: String, trainSongs: Int, testSongs: Int)

    public var description: String {
        switch self {
        case let .emptySplit(split, trainSongs, testSongs):
            return "cannot evaluate the transfer \(split): \(trainSongs) training and \(testSongs) held-out songs (need at least 2 of each)"
        }
    }
}
