import Foundation
import MoodIO
import DEAMData
import Numerics

/// The study's unsupervised analysis on DEAM's song features: the k-means
/// elbow curve with silhouettes, Gaussian mixtures (full and diagonal
/// covariance) scored by BIC and silhouette, and how four clusters line up
/// with the four quadrants of the songs' annotated (valence, arousal).
///
/// k-means runs on the standardised 130 features; the mixtures run on their
/// first `mixturePCAComponents` principal components (a full 130-dimensional
/// covariance per component would have more parameters than DEAM has songs).
public struct ClusterReport: Encodable, Sendable {
    /// One k of the k-means elbow curve.
    public struct KMeansPoint: Encodable, Sendable {
        public var k: Int
        public var inertia: Double
        public var silhouette: Double
    }

    /// One fitted mixture.
    public struct MixturePoint: Encodable, Sendable {
        public var covariance: GaussianMixture.CovarianceType
        public var k: Int
        public var bic: Double
        public var silhouette: Double
        public var converged: Bool
    }

    /// A clustering with four clusters against the quadrants.
    public struct Alignment: Encodable, Sendable {
        public var method: String
        public var agreement: ClusterQuadrantAgreement
    }

    public var songs: Int
    public var mixturePCAComponents: Int
    public var kMeans: [KMeansPoint]
    public var mixtures: [MixturePoint]
    public var alignments: [Alignment]

    /// Runs the analysis for `ks` clusters; `targets` are the songs' (valence, arousal).
    public static func run(features: Matrix, targets: Matrix, ks: [Int] = Array(2...12), mixturePCAComponents: Int = 10,
                           seed: UInt64 = 0, progress: ((Int, Int) -> Void)? = nil) throws -> ClusterReport {
        var scaler = StandardScaler()
        let scaled = try scaler.fitTransform(features)
        var pca = PCA(configuration: .init(components: .count(min(mixturePCAComponents, features.columns))))
        let reduced = try pca.fitTransform(scaled)
        let quadrants = targets.moodPoints.map(\.quadrant)
        let total = ks.count * 3
        var done = 0

        var kMeans = [KMeansPoint]()
        var alignments = [Alignment]()
        for k in ks {
            var model = KMeans(configuration: .init(clusters: k, seed: seed))
            try model.fit(scaled)
            kMeans.append(KMeansPoint(k: k, inertia: model.inertia, silhouette: try Silhouette.score(scaled, labels: model.labels)))
            if k == 4 {
                alignments.append(Alignment(method: "k-means (k = 4, standardised features)",
                                            agreement: try ClusterQuadrantAgreement(clusterLabels: model.labels, quadrants: quadrants)))
            }
            done += 1; progress?(done, total)
        }
        var mixtures = [MixturePoint]()
        for covariance in [GaussianMixture.CovarianceType.full, .diagonal] {
            for k in ks {
                var gmm = GaussianMixture(configuration: .init(components: k, covarianceType: covariance, seed: seed))
                try gmm.fit(reduced)
                let labels = gmm.predict(reduced)
                let silhouette = Set(labels).count >= 2 ? try Silhouette.score(reduced, labels: labels) : .nan
                mixtures.append(MixturePoint(covariance: covariance, k: k, bic: gmm.bic(reduced), silhouette: silhouette,
                                             converged: gmm.converged))
                if k == 4 {
                    alignments.append(Alignment(method: "GMM \(covariance.rawValue) (k = 4, \(pca.componentCount) PCs)",
                                                agreement: try ClusterQuadrantAgreement(clusterLabels: labels, quadrants: quadrants)))
                }
                done += 1; progress?(done, total)
            }
        }
        return ClusterReport(songs: features.rows, mixturePCAComponents: pca.componentCount,
                             kMeans: kMeans, mixtures: mixtures, alignments: alignments)
    }

    /// The report as plain text.
    public func text() -> String {
        let pad = EvaluationReport.pad
        func num(_ v: Double, _ digits: Int = 3) -> String { NumberText.fixed(v, digits) }
        var out = "Unsupervised analysis of \(songs) DEAM songs\n\n"
        out += "k-means on the standardised features (elbow curve)\n"
        out += "     k     inertia  silhouette\n"
        for p in kMeans { out += pad(String(p.k), 6) + pad(num(p.inertia, 1), 12) + pad(num(p.silhouette), 12) + "\n" }
        for covariance in [GaussianMixture.CovarianceType.full, .diagonal] {
            let rows = mixtures.filter { $0.covariance == covariance }
            let best = rows.min { $0.bic < $1.bic }
            out += "\nGaussian mixture, \(covariance.rawValue) covariance, on the first \(mixturePCAComponents) principal components\n"
            out += "     k         BIC  silhouette  converged\n"
            for p in rows {
                out += pad(String(p.k), 6) + pad(num(p.bic, 1), 12) + pad(num(p.silhouette), 12) + pad(p.converged ? "yes" : "no", 11)
                out += (p.k == best?.k ? "   ← lowest BIC" : "") + "\n"
            }
        }
        out += "\nFour clusters against the four quadrants (rows: clusters; columns: Joy, Fear, Sadness, Contentment)\n"
        for a in alignments {
            out += "\n  \(a.method): purity \(num(a.agreement.purity)), ARI \(num(a.agreement.adjustedRandIndex)), NMI \(num(a.agreement.normalizedMutualInformation))\n"
            for (i, row) in a.agreement.counts.enumerated() {
                out += "    cluster \(a.agreement.clusters[i])" + row.map { pad(String($0), 7) }.joined()
                    + "   mostly \(a.agreement.dominantQuadrants[i].name)\n"
            }
        }
        return out
    }

}
