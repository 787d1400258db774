import Foundation
import MERModel
import DEAMData
import Numerics
import MoodCore
import XCTest

/// k-means, Gaussian mixtures, silhouette and the cluster/quadrant table on
/// hand-computed examples and on blobs generated from fixed seeds.
final class ClusteringTests: XCTestCase {
    /// `perBlob` points around each centre with standard deviation `spread` (generated).
    private func blobs(_ centres: [[Double]], perBlob: Int, spread: Double, seed: UInt64) -> (Matrix, [Int]) {
        var generator = SeededGenerator(seed: seed)
        var rows: [[Double]] = []
        var truth: [Int] = []
        for i in 0..<perBlob {
            for (c, centre) in centres.enumerated() {
                rows.append(centre.map { $0 + spread * generator.nextGaussian() })
                truth.append(c)
                _ = i
            }
        }
        return (Matrix(rows), truth)
    }

    // MARK: k-means

    func testKMeansOnHandComputedLine() throws {
        var kmeans = KMeans(clusters: 2)
        try kmeans.fit(Matrix([[0], [1], [10], [11]]))
        let centres = kmeans.centroids.column(0).sorted()
        XCTAssertEqual(centres, [0.5, 10.5])
        XCTAssertEqual(kmeans.inertia, 1, accuracy: 1e-12)
        XCTAssertEqual(kmeans.labels[0], kmeans.labels[1])
        XCTAssertEqual(kmeans.labels[2], kmeans.labels[3])
        XCTAssertNotEqual(kmeans.labels[0], kmeans.labels[2])
        XCTAssertEqual(kmeans.predict(Matrix([[2], [9]])), [kmeans.labels[0], kmeans.labels[2]])
    }

    func testKMeansSeparatesWellSeparatedBlobsDeterministically() throws {
        let centres: [[Double]] = [[0, 0, 0], [10, 10, 0], [-10, 10, 5]]
        let (x, truth) = blobs(centres, perBlob: 60, spread: 0.5, seed: 31)
        var kmeans = KMeans(configuration: .init(clusters: 3, seed: 7))
        try kmeans.fit(x)
        let agreement = try ClusterQuadrantAgreement.adjustedRandIndex(kmeans.labels, truth)
        XCTAssertEqual(agreement, 1, accuracy: 1e-12)
        for centre in centres {
            let nearest = (0..<3).map { c in zip(kmeans.centroids.row(c), centre).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) }.min()!
            XCTAssertLessThan(nearest.squareRoot(), 0.3)
        }
        // Inertia is the sum of squared distances to the assigned centres.
        var inertia = 0.0
        for i in 0..<x.rows { for j in 0..<3 { inertia += pow(x[i, j] - kmeans.centroids[kmeans.labels[i], j], 2) } }
        XCTAssertEqual(kmeans.inertia, inertia, accuracy: 1e-9)
        var again = KMeans(configuration: .init(clusters: 3, seed: 7))
        try again.fit(x)
        XCTAssertEqual(again, kmeans, "same seed, same model")
        XCTAssertEqual(try JSONDecoder().decode(KMeans.self, from: JSONEncoder().encode(kmeans)), kmeans)
    }

    func testElbowCurveBendsAtTheTrueNumberOfClusters() throws {
        let (x, _) = blobs([[0, 0], [8, 0], [0, 8], [8, 8]], perBlob: 40, spread: 0.6, seed: 32)
        let curve = try KMeans.elbow(x, ks: [1, 2, 3, 4, 5, 6], configuration: .init(initializations: 4, seed: 3))
        XCTAssertEqual(curve.map(\.k), [1, 2, 3, 4, 5, 6])
        let inertias = curve.map(\.inertia)
        for (a, b) in zip(inertias, inertias.dropFirst()) { XCTAssertGreaterThan(a, b) }
        // Big drop up to k = 4, little after.
        XCTAssertGreaterThan(inertias[2] / inertias[3], 5)
        XCTAssertLessThan(inertias[3] / inertias[4], 1.5)
        XCTAssertThrowsError(try KMeans.elbow(x, ks: [0]))
    }

    func testKMeansRejectsBadInput() {
        var kmeans = KMeans(clusters: 3)
        XCTAssertThrowsError(try kmeans.fit(Matrix([[1], [2]]))) { error in
            XCTAssertEqual(error as? EstimatorError, .tooFewSamples(model: "KMeans", needed: 3, found: 2))
        }
        XCTAssertThrowsError(try kmeans.fit(Matrix([[1], [.nan], [3]])))
    }

    // MARK: Gaussian mixture

    /// 30 % of rows from N((−5, 0), diag(1, 0.25)), 70 % from a correlated N((5, 2), [[1, 0.8], [0.8, 1]]) (generated).
    private func mixtureSample(count: Int, seed: UInt64) -> Matrix {
        var generator = SeededGenerator(seed: seed)
        var rows: [[Double]] = []
        for _ in 0..<count {
            let u = generator.nextUnit()
            let z1 = generator.nextGaussian(), z2 = generator.nextGaussian()
            if u < 0.3 {
                rows.append([-5 + z1, 0 + 0.5 * z2])
            } else {
                rows.append([5 + z1, 2 + 0.8 * z1 + 0.6 * z2])
            }
        }
        return Matrix(rows)
    }

    func testGaussianMixtureRecoversKnownMeansWeightsAndCovariances() throws {
        let x = mixtureSample(count: 4000, seed: 33)
        var gmm = GaussianMixture(configuration: .init(components: 2, covarianceType: .full, seed: 1))
        try gmm.fit(x)
        XCTAssertTrue(gmm.converged)
        let first = gmm.means[0, 0] < gmm.means[1, 0] ? 0 : 1, second = 1 - first
        XCTAssertEqual(gmm.weights[first], 0.3, accuracy: 0.03)
        XCTAssertEqual(gmm.weights[second], 0.7, accuracy: 0.03)
        XCTAssertEqual(gmm.means[first, 0], -5, accuracy: 0.1)
        XCTAssertEqual(gmm.means[first, 1], 0, accuracy: 0.1)
        XCTAssertEqual(gmm.means[second, 0], 5, accuracy: 0.1)
        XCTAssertEqual(gmm.means[second, 1], 2, accuracy: 0.1)
        XCTAssertEqual(gmm.covariances[second][0, 1], 0.8, accuracy: 0.1)
        XCTAssertEqual(gmm.covariances[first][1, 1], 0.25, accuracy: 0.05)
        XCTAssertEqual(gmm.covariances[first][0, 1], 0, accuracy: 0.1)
        let probabilities = gmm.predictProbabilities(Matrix([[-5, 0], [5, 2]]))
        XCTAssertGreaterThan(probabilities[0, first], 0.999)
        XCTAssertGreaterThan(probabilities[1, second], 0.999)
        XCTAssertEqual(gmm.predict(Matrix([[-5, 0], [5, 2]])), [first, second])
        XCTAssertEqual(gmm.parameterCount, 2 * 3 + 2 * 2 + 1)

        var diagonal = GaussianMixture(configuration: .init(components: 2, covarianceType: .diagonal, seed: 1))
        try diagonal.fit(x)
        let d = diagonal.means[0, 0] < diagonal.means[1, 0] ? 0 : 1
        XCTAssertEqual(diagonal.weights[d], 0.3, accuracy: 0.03)
        XCTAssertEqual(diagonal.covariances[d][0, 1], 0)
        XCTAssertEqual(diagonal.parameterCount, 2 * 2 + 2 * 2 + 1)

        // BIC prefers the true number of components.
        var one = GaussianMixture(configuration: .init(components: 1))
        try one.fit(x)
        XCTAssertLessThan(gmm.bic(x), one.bic(x))
        XCTAssertEqual(try JSONDecoder().decode(GaussianMixture.self, from: JSONEncoder().encode(gmm)), gmm)
    }

    func testSingleGaussianLogLikelihoodMatchesClosedForm() throws {
        // One component: mean and (population) covariance of the data; the mean
        // log-likelihood is −½(p·ln 2π + ln det Σ + p) up to the regulariser.
        let x = Matrix([[1, 2], [3, 3], [2, 7], [6, 4], [0, 1]])
        var gmm = GaussianMixture(configuration: .init(components: 1, regularization: 0))
        try gmm.fit(x)
        XCTAssertEqual(gmm.means.row(0)[0], 2.4, accuracy: 1e-12)
        XCTAssertEqual(gmm.means.row(0)[1], 3.4, accuracy: 1e-12)
        let s = gmm.covariances[0]
        // Population covariance computed by hand: var x = 4.24, var y = 4.24, cov = 1.64.
        XCTAssertEqual(s[0, 0], 4.24, accuracy: 1e-12)
        XCTAssertEqual(s[1, 1], 4.24, accuracy: 1e-12)
        XCTAssertEqual(s[0, 1], 1.64, accuracy: 1e-12)
        let determinant = 4.24 * 4.24 - 1.64 * 1.64
        let expected = -0.5 * (2 * log(2 * Double.pi) + log(determinant) + 2)
        XCTAssertEqual(gmm.meanLogLikelihood(x), expected, accuracy: 1e-12)
        XCTAssertEqual(gmm.bic(x), -2 * 5 * expected + 5 * log(5), accuracy: 1e-10)
    }

    // MARK: Silhouette

    func testSilhouetteHandComputedExample() throws {
        // Points 0, 1 | 4, 5. Row 0: a = 1, b = (4+5)/2 → 3.5/4.5; row 1: a = 1, b = 3.5 → 2.5/3.5.
        let x = Matrix([[0], [1], [4], [5]])
        let samples = try Silhouette.samples(x, labels: [0, 0, 1, 1])
        let expected = [3.5 / 4.5, 2.5 / 3.5, 2.5 / 3.5, 3.5 / 4.5]
        for (got, want) in zip(samples, expected) { XCTAssertEqual(got, want, accuracy: 1e-12) }
        XCTAssertEqual(try Silhouette.score(x, labels: [0, 0, 1, 1]), expected.reduce(0, +) / 4, accuracy: 1e-12)
        // A singleton cluster scores 0; row 0: a = 1, b = 4 → 0.75; row 1: a = 1, b = 3 → 2/3.
        let single = try Silhouette.samples(Matrix([[0], [1], [4]]), labels: [7, 7, 9])
        XCTAssertEqual(single[0], 0.75, accuracy: 1e-12)
        XCTAssertEqual(single[1], 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(single[2], 0)
        XCTAssertThrowsError(try Silhouette.score(x, labels: [0, 0, 0, 0]))
        XCTAssertThrowsError(try Silhouette.score(x, labels: [0, 1]))
    }

    func testSilhouetteOnBlobsMatchesNaiveComputation() throws {
        let (x, truth) = blobs([[0, 0], [3, 0], [0, 3]], perBlob: 50, spread: 1, seed: 34)
        let fast = try Silhouette.samples(x, labels: truth)
        for i in stride(from: 0, to: x.rows, by: 7) {
            var sums = [0.0, 0.0, 0.0], counts = [0, 0, 0]
            for j in 0..<x.rows where j != i {
                sums[truth[j]] += zip(x.row(i), x.row(j)).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
                counts[truth[j]] += 1
            }
            let a = sums[truth[i]] / Double(counts[truth[i]])
            let b = (0..<3).filter { $0 != truth[i] }.map { sums[$0] / Double(counts[$0]) }.min()!
            XCTAssertEqual(fast[i], (b - a) / max(a, b), accuracy: 1e-10)
        }
    }

    // MARK: Cluster / quadrant agreement

    func testClusterQuadrantTableHandComputed() throws {
        let table = try ClusterQuadrantAgreement(
            clusterLabels: [0, 0, 1, 1, 1, 2],
            quadrants: [.joy, .joy, .sadness, .sadness, .fear, .contentment])
        XCTAssertEqual(table.clusters, [0, 1, 2])
        XCTAssertEqual(table.counts, [[2, 0, 0, 0], [0, 1, 2, 0], [0, 0, 0, 1]])
        XCTAssertEqual(table.dominantQuadrants, [.joy, .sadness, .contentment])
        XCTAssertEqual(table.purity, 5.0 / 6, accuracy: 1e-15)
        // Σ C(nᵢⱼ,2) = 2, Σ C(aᵢ,2) = 4, Σ C(bⱼ,2) = 2, C(6,2) = 15 → (2 − 8/15) / (3 − 8/15) = 22/37.
        XCTAssertEqual(table.adjustedRandIndex, 22.0 / 37, accuracy: 1e-14)
        // scikit-learn's normalized_mutual_info_score on the same labelings.
        XCTAssertEqual(table.normalizedMutualInformation, 0.8640546073105768, accuracy: 1e-12)
        XCTAssertTrue(table.description.contains("Sadness"))
        // Relabelled identical partitions agree perfectly.
        XCTAssertEqual(try ClusterQuadrantAgreement.adjustedRandIndex([0, 0, 1, 2], [5, 5, 3, 1]), 1, accuracy: 1e-15)
        XCTAssertEqual(try ClusterQuadrantAgreement.normalizedMutualInformation([0, 0, 1, 2], [5, 5, 3, 1]), 1, accuracy: 1e-14)
        let points = [MoodPoint(valence: 7, arousal: 7), MoodPoint(valence: 2, arousal: 2)]
        let fromPoints = try ClusterQuadrantAgreement(clusterLabels: [4, 4], points: points)
        XCTAssertEqual(fromPoints.counts, [[1, 0, 1, 0]])
        XCTAssertThrowsError(try ClusterQuadrantAgreement(clusterLabels: [1], quadrants: []))
    }
}
