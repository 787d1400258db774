import MoodCore
import Recommender
import XCTest

final class MoodProfileTests: XCTestCase {
    let points = [MoodPoint(valence: 2, arousal: 3), MoodPoint(valence: 4, arousal: 7), MoodPoint(valence: 6, arousal: 5)]

    func testCentreCovarianceAndSpreadByHand() throws {
        let p = try MoodProfile(points: points)
        // Mean (4, 5); deviations (-2,-2), (0,2), (2,0).
        XCTAssertEqual(p.centre.valence, 4, accuracy: 1e-12)
        XCTAssertEqual(p.centre.arousal, 5, accuracy: 1e-12)
        XCTAssertEqual(p.covariance.vv, 8.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(p.covariance.va, 4.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(p.covariance.aa, 8.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(p.spread, (16.0 / 3).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(p.trackCount, 3)
    }

    func testWeightedCovarianceByHand() throws {
        let p = try MoodProfile(points: points, weights: [1, 2, 1])
        // Mean (4, 5.5); deviations (-2,-2.5), (0,1.5)×2, (2,-0.5); divide by total weight 4.
        XCTAssertEqual(p.centre.valence, 4, accuracy: 1e-12)
        XCTAssertEqual(p.centre.arousal, 5.5, accuracy: 1e-12)
        XCTAssertEqual(p.covariance.vv, 2, accuracy: 1e-12)
        XCTAssertEqual(p.covariance.va, 1, accuracy: 1e-12)
        XCTAssertEqual(p.covariance.aa, 2.75, accuracy: 1e-12)
        XCTAssertEqual(p.share(of: .fear), 0.5, accuracy: 1e-12)
        XCTAssertEqual(p.dominantQuadrant, .fear)
    }

    func testMixAndDominance() throws {
        let p = try MoodProfile(points: points)
        XCTAssertEqual(p.quadrants.map(\.count), [1, 1, 1, 0])
        XCTAssertEqual(p.quadrants.map(\.name), ["Joy", "Fear", "Sadness", "Contentment"])
        XCTAssertEqual(p.subEmotions.count, 12)
        XCTAssertEqual(p.subEmotions.map(\.count).reduce(0, +), 3)
        // A three-way tie goes to the quadrant of the centre (4, 5): low valence, arousal ≥ 5 = Fear.
        XCTAssertEqual(p.dominantQuadrant, .fear)
        let sad = try MoodProfile(points: [MoodPoint(valence: 3, arousal: 3), MoodPoint(valence: 2.5, arousal: 3.5), MoodPoint(valence: 6, arousal: 6)])
        XCTAssertEqual(sad.dominantQuadrant, .sadness)
        XCTAssertEqual(sad.quadrants[2].share, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(sad.dominantSubEmotion, .melancholy)
    }

    func testCoherence() throws {
        // Angles 213.69°, 116.57°, 0°: resultant length 0.1466 (worked by hand).
        XCTAssertEqual(try MoodProfile(points: points).coherence, 0.1466, accuracy: 1e-3)
        let aligned = try MoodProfile(points: [MoodPoint(valence: 3, arousal: 3), MoodPoint(valence: 2, arousal: 2), MoodPoint(valence: 4.5, arousal: 4.5)])
        XCTAssertEqual(aligned.coherence, 1, accuracy: 1e-12)
        XCTAssertEqual(aligned.meanAngle ?? -1, 225, accuracy: 1e-9)
        XCTAssertEqual(aligned.coherenceLabel, "focused")
        let opposite = try MoodProfile(points: [MoodPoint(valence: 7, arousal: 7), MoodPoint(valence: 3, arousal: 3)])
        XCTAssertEqual(opposite.coherence, 0, accuracy: 1e-12)
        XCTAssertEqual(opposite.coherenceLabel, "mixed")
    }

    func testMahalanobisWithRidgeByHand() throws {
        let p = try MoodProfile(points: points)
        // Σ + 0.1·I = [[2.7667, 1.3333], [1.3333, 2.7667]]; d = (1, 1):
        // dᵀ Σ⁻¹ d = (2.7667 − 2·1.3333 + 2.7667) / (2.7667² − 1.3333²) = 2.8667 / 5.8767.
        let expected = ((8.0 / 3 + 0.1 - 8.0 / 3 + 8.0 / 3 + 0.1) / ((8.0 / 3 + 0.1) * (8.0 / 3 + 0.1) - 16.0 / 9)).squareRoot()
        XCTAssertEqual(p.mahalanobisDistance(to: MoodPoint(valence: 5, arousal: 6), ridge: 0.1), expected, accuracy: 1e-12)
        XCTAssertEqual(expected, 0.6984, accuracy: 1e-4)
        // Along the major axis (1,1) a unit step is "closer" than across it (1,-1).
        XCTAssertLessThan(p.mahalanobisDistance(to: MoodPoint(valence: 5, arousal: 6)), p.mahalanobisDistance(to: MoodPoint(valence: 5, arousal: 4)))
    }

    func testOneTrackPlaylistStillWorks() throws {
        let p = try MoodProfile(points: [MoodPoint(valence: 3, arousal: 3)])
        XCTAssertEqual(p.covariance, .zero)
        XCTAssertEqual(p.spread, 0)
        // Ridge only: distance = Euclidean / sqrt(ridge).
        XCTAssertEqual(p.mahalanobisDistance(to: MoodPoint(valence: 4, arousal: 3), ridge: 0.25), 2, accuracy: 1e-12)
        XCTAssertEqual(p.coherence, 1)
    }

    func testInvalidInputs() {
        XCTAssertThrowsError(try MoodProfile(points: [])) { XCTAssertEqual($0 as? MoodProfileError, .noTracks) }
        XCTAssertThrowsError(try MoodProfile(points: points, weights: [1, 1]))
        XCTAssertThrowsError(try MoodProfile(points: points, weights: [0, 0, 0]))
        XCTAssertThrowsError(try MoodProfile(points: points, weights: [1, -1, 1]))
    }

    func testEigenDecomposition() {
        let m = SymmetricMatrix2(vv: 2, va: 1, aa: 2)
        let e = m.eigen
        XCTAssertEqual(e.major, 3, accuracy: 1e-12)
        XCTAssertEqual(e.minor, 1, accuracy: 1e-12)
        XCTAssertEqual(abs(e.majorAxis.v), 1 / 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(e.majorAxis.v * e.majorAxis.a, 0.5, accuracy: 1e-12)
    }
}
