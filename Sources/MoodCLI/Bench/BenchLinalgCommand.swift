import ArgumentParser
import Dispatch
import Foundation
import MERModel
import DEAMData
import Numerics

/// `mood bench linalg`: the numeric kernels and the linear/KNN/clustering models on DEAM's features.
struct BenchLinalg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linalg",
        abstract: "Time the linear-algebra kernels, linear models, KNN and clustering on the DEAM features.",
        discussion: "Peer: python3 bench/numpy_linalg.py DEAM_DIR times the same steps with numpy/scikit-learn.")

    @OptionGroup var deam: DEAMOption

    @Option(help: "Repetitions per step (the median is reported).")
    var iterations: Int = 20

    func validate() throws {
        guard (1...1000).contains(iterations) else { throw ValidationError("--iterations must be between 1 and 1000 (got \(iterations))") }
    }

    func run() throws {
        let dataset = try deam.load()
        var scaler = StandardScaler()
        let x = try scaler.fitTransform(dataset.features)
        let y = dataset.targets
        let n = x.rows, p = x.columns
        print("songs \(n), features \(p), iterations \(iterations) (median wall-clock ms)")

        func time(_ name: String, repeats: Int? = nil, _ body: () throws -> Void) rethrows {
            try body()  // warm-up
            var times: [Double] = []
            for _ in 0..<(repeats ?? iterations) {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            times.sort()
            print(name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%9.3f", times[times.count / 2]))
        }

        let gram = try LinearAlgebra.gram(x)
        let rhs = try LinearAlgebra.transposeMultiply(x, y)
        try time("gram XᵀX \(n)×\(p)") { _ = try LinearAlgebra.gram(x) }
        try time("gram + ridge Cholesky solve") {
            var a = try LinearAlgebra.gram(x)
            for j in 0..<p { a[j, j] += 1 }
            _ = try LinearAlgebra.choleskySolve(a, rhs)
        }
        try time("symmetric eigen \(p)×\(p)") { _ = try SymmetricEigenDecomposition(gram) }
        try time("least squares \(n)×\(p) (QR + Jacobi SVD)") { _ = try LinearAlgebra.leastSquares(x, y) }
        try time("LinearRegression fit") { var m = LinearRegression(); try m.fit(x, y) }
        try time("RidgeRegression fit (LOO over 25 alphas)") { var m = RidgeRegression(); try m.fit(x, y) }
        try time("PCA fit (all components)") { var m = PCA(); try m.fit(x) }

        let trainRows = 0..<(n * 9 / 10), testRows = (n * 9 / 10)..<min(n, n * 9 / 10 + 180)
        var knn = KNNRegressor(configuration: .init(neighbors: 15, weighting: .distance))
        try knn.fit(x.selectingRows(trainRows), y.selectingRows(trainRows))
        let queries = x.selectingRows(testRows)
        time("KNN predict \(queries.rows)×\(trainRows.count) (k 15)") { _ = knn.predict(queries) }

        let repeats = max(1, iterations / 5)
        var kmeans = KMeans(configuration: .init(clusters: 4, initializations: 10, seed: 0))
        try time("KMeans k 4, 10 inits", repeats: repeats) { try kmeans.fit(x) }
        try time("silhouette (\(n) rows)", repeats: repeats) { _ = try Silhouette.score(x, labels: kmeans.labels) }
        var pca = PCA(configuration: .init(components: .count(10)))
        let reduced = try pca.fitTransform(x)
        try time("GaussianMixture 4 full on 10 PCA comps", repeats: repeats) {
            var gmm = GaussianMixture(configuration: .init(components: 4))
            try gmm.fit(reduced)
        }
    }
}
