import DEAMData
import Numerics
import MoodCore

/// A model that learns valence and arousal from song feature vectors.
///
/// `x` has one row per song; `y` has two columns, valence then arousal, on
/// DEAM's 1–9 scale. Implementations are value types; `fit` replaces any
/// earlier fit and is deterministic for a given configuration (including its seed).
public protocol Regressor: Sendable {
    /// Learns from `x` and `y`; `weights` (one per row) default to 1.
    mutating func fit(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws
    /// Predicts a two-column (valence, arousal) matrix, one row per row of `x`.
    func predict(_ x: Matrix) -> Matrix
}

extension Regressor {
    /// Learns from `x` and `y` with equal weights.
    public mutating func fit(_ x: Matrix, _ y: Matrix) throws {
        try fit(x, y, weights: nil)
    }
}

extension Matrix {
    /// Reads a two-column (valence, arousal) matrix as circumplex points.
    public var moodPoints: [MoodPoint] {
        precondition(columns == 2, "expected (valence, arousal) columns")
        return (0..<rows).map { MoodPoint(valence: self[$0, 0], arousal: self[$0, 1]) }
    }

    /// A two-column (valence, arousal) matrix from circumplex points.
    public init(moodPoints: [MoodPoint]) {
        self.init(rows: moodPoints.count, columns: 2, storage: moodPoints.flatMap { [$0.valence, $0.arousal] })
    }
}
