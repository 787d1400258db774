import XCTest
import MERModel
import DEAMData
import Numerics
import MoodCore

final class ClusterReportTests: XCTestCase {
    /// Generated data: four well-separated blobs in 6 dimensions, each blob's
    /// songs annotated in a different quadrant.
    func testFourBlobsAreFoundAndLineUpWithTheQuadrants() throws {
        var g = SeededGenerator(seed: 21)
        let perBlob = 40, p = 6
        let centres: [[Double]] = [[8, 0, 0, 0, 0, 0], [0, 8, 0, 0, 0, 0], [0, 0, 8, 0, 0, 0], [0, 0, 0, 8, 0, 0]]
        let quadrantPoints = [MoodPoint(valence: 7, arousal: 7), MoodPoint(valence: 3, arousal: 7),
                              MoodPoint(valence: 3, arousal: 3), MoodPoint(valence: 7, arousal: 3)]
        var rows = [[Double]](), targets = [MoodPoint]()
        for (b, centre) in centres.enumerated() {
            for _ in 0..<perBlob {
                rows.append((0..<p).map { centre[$0] + 0.5 * g.nextGaussian() })
                targets.append(quadrantPoints[b])
            }
        }
        let report = try ClusterReport.run(features: Matrix(rows), targets: Matrix(moodPoints: targets), ks: [2, 3, 4, 5, 6],
                                           mixturePCAComponents: 4, seed: 1)
        XCTAssertEqual(report.kMeans.map(\.k), [2, 3, 4, 5, 6])
        for (a, b) in zip(report.kMeans, report.kMeans.dropFirst()) { XCTAssertGreaterThan(a.inertia, b.inertia) }
        let best = report.kMeans.max { $0.silhouette < $1.silhouette }
        XCTAssertEqual(best?.k, 4)
        XCTAssertEqual(report.mixtures.count, 10)
        XCTAssertEqual(report.alignments.count, 3)
        for alignment in report.alignments {
            XCTAssertEqual(alignment.agreement.purity, 1, accuracy: 1e-12, alignment.method)
            XCTAssertEqual(alignment.agreement.adjustedRandIndex, 1, accuracy: 1e-12, alignment.method)
        }
        for covariance in [GaussianMixture.CovarianceType.full, .diagonal] {
            let bic = Dictionary(uniqueKeysWithValues: report.mixtures.filter { $0.covariance == covariance }.map { ($0.k, $0.bic) })
            XCTAssertLessThan(bic[4]!, bic[2]!, "\(covariance)")
            XCTAssertLessThan(bic[4]!, bic[3]!, "\(covariance)")
        }
        let text = report.text()
        XCTAssertTrue(text.contains("elbow"))
        XCTAssertTrue(text.contains("purity 1.000"))
    }
}
