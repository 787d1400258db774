import XCTest
import MoodCore

final class PlacementDistributionTests: XCTestCase {
    /// A small deterministic normal generator (Box–Muller on a 64-bit LCG) for Monte Carlo checks.
    private struct Normals {
        var state: UInt64
        mutating func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / 9007199254740992
        }
        mutating func pair() -> (Double, Double) {
            let r = (-2 * log(uniform())).squareRoot(), t = 2 * Double.pi * uniform()
            return (r * cos(t), r * sin(t))
        }
    }

    func testIsotropicAtTheCentreSpreadsEvenly() {
        let d = PlacementDistribution(mean: MoodPoint(valence: 5, arousal: 5), sdValence: 1, sdArousal: 1, correlation: 0)
        let p = d.sectorProbabilities
        XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-9)
        for value in p { XCTAssertEqual(value, 1.0 / 12, accuracy: 1e-6) }
        for q in d.quadrantProbabilities { XCTAssertEqual(q, 0.25, accuracy: 1e-6) }
    }

    func testSectorProbabilitiesMatchMonteCarloForACorrelatedOffCentreDistribution() {
        let d = PlacementDistribution(mean: MoodPoint(valence: 4.2, arousal: 6.1), sdValence: 0.8, sdArousal: 1.1, correlation: 0.4)
        var counts = [Double](repeating: 0, count: 12)
        var inside = 0.0
        var g = Normals(state: 42)
        let n = 200_000
        let rho = d.correlation
        for _ in 0..<n {
            let (z1, z2) = g.pair()
            let v = d.mean.valence + d.sdValence * z1
            let a = d.mean.arousal + d.sdArousal * (rho * z1 + (1 - rho * rho).squareRoot() * z2)
            let point = MoodPoint(valence: v, arousal: a)
            counts[point.subEmotion.rawValue] += 1
            if d.regionContains(point) { inside += 1 }
        }
        let exact = d.sectorProbabilities
        for k in 0..<12 { XCTAssertEqual(exact[k], counts[k] / Double(n), accuracy: 0.005, "sector \(k)") }
        XCTAssertEqual(inside / Double(n), 0.8, accuracy: 0.005, "80% region")
        let quadrants = d.quadrantProbabilities
        XCTAssertGreaterThan(quadrants[Quadrant.fear.rawValue - 1], quadrants[Quadrant.joy.rawValue - 1])
    }

    func testASurePlacementFarFromTheCentreIsCertainOfItsSector() {
        let point = MoodPoint(angle: 135, intensity: 0.8)
        let d = PlacementDistribution(mean: point, sdValence: 0.05, sdArousal: 0.05, correlation: 0)
        XCTAssertEqual(d.sectorProbabilities[SubEmotion.anger.rawValue], 1, accuracy: 1e-6)
        let placement = Placement(point: point, source: .model, distribution: d)
        XCTAssertEqual(placement.confidence, 1, accuracy: 1e-6)
        XCTAssertEqual(Placement(point: point, source: .human).probability(of: .anger), 1)
        XCTAssertEqual(Placement(point: point, source: .human).probability(of: .joy), 0)
    }

    func testRegionAxesFollowTheCovariance() {
        let d = PlacementDistribution(mean: MoodPoint(valence: 5, arousal: 5), sdValence: 2, sdArousal: 1, correlation: 0)
        let r = d.region
        let k = PlacementDistribution.regionChiSquare.squareRoot()
        XCTAssertEqual(r.major, 2 * k, accuracy: 1e-9)
        XCTAssertEqual(r.minor, 1 * k, accuracy: 1e-9)
        XCTAssertEqual(r.angle, 0, accuracy: 1e-9)
        XCTAssertEqual(d.regionRadius, (2.0).squareRoot() * k, accuracy: 1e-9)
    }
}
