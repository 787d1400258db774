import Foundation
import MERModel
import DEAMData
import Numerics
import MoodTestSupport
import XCTest

/// The linear models, KNN and PCA on the real DEAM features ($DEAM_DIR or
/// ../shared/data/deam), against scikit-learn 1.9.1 on the same split. The
/// reference numbers were produced by this script (songs sorted by id; every
/// 10th song held out; scaler fitted on the rest):
///
///     idx = np.arange(len(X)); te = idx % 10 == 0; tr = ~te
///     sc = StandardScaler().fit(X[tr]); A, B = sc.transform(X[tr]), sc.transform(X[te])
///     LinearRegression().fit(A, Y[tr])                        -> r2 0.2835983438933746
///     RidgeCV(alphas=np.logspace(-2, 4, 25)).fit(A, Y[tr])    -> alpha_ 177.82794100389228, r2 0.41215274512679817
///     KNeighborsRegressor(15, weights="distance").fit(A, Y[tr]) -> r2 0.317754402286401
///     PCA(10).fit(A).explained_variance_ratio_[:3]            -> 0.18407276155470617, 0.15640790054186668, 0.07830030822403264
///     PCA(0.9).fit(A).n_components_                           -> 35
final class RealDataModelTests: XCTestCase {
    private struct Split {
        let trainX: Matrix, trainY: Matrix, testX: Matrix, testY: Matrix
    }

    private func split() throws -> Split {
        let data = try DataTestSupport.requireRealDataset()
        let test = (0..<data.count).filter { $0 % 10 == 0 }
        let train = (0..<data.count).filter { $0 % 10 != 0 }
        var scaler = StandardScaler()
        let trainX = try scaler.fitTransform(data.features.selectingRows(train))
        return Split(
            trainX: trainX, trainY: data.targets.selectingRows(train),
            testX: scaler.transform(data.features.selectingRows(test)), testY: data.targets.selectingRows(test))
    }

    /// Mean over columns of the coefficient of determination.
    private func r2(_ truth: Matrix, _ prediction: Matrix) -> Double {
        (0..<truth.columns).map { c in
            let column = truth.column(c)
            let mean = column.reduce(0, +) / Double(column.count)
            let residual = (0..<truth.rows).map { pow(truth[$0, c] - prediction[$0, c], 2) }.reduce(0, +)
            let total = column.map { pow($0 - mean, 2) }.reduce(0, +)
            return 1 - residual / total
        }.reduce(0, +) / Double(truth.columns)
    }

    func testLinearRidgeAndKNNMatchScikitLearn() throws {
        let s = try split()
        var linear = LinearRegression()
        try linear.fit(s.trainX, s.trainY)
        XCTAssertEqual(r2(s.testY, linear.predict(s.testX)), 0.2835983438933746, accuracy: 1e-9)

        var ridge = RidgeRegression()
        try ridge.fit(s.trainX, s.trainY)
        XCTAssertEqual(ridge.alphas[0], 177.82794100389228, accuracy: 1e-9)
        XCTAssertEqual(r2(s.testY, ridge.predict(s.testX)), 0.41215274512679817, accuracy: 1e-9)

        var knn = KNNRegressor(configuration: .init(neighbors: 15, weighting: .distance))
        try knn.fit(s.trainX, s.trainY)
        // Neighbour ties between duplicated songs may break differently from scikit-learn.
        XCTAssertEqual(r2(s.testY, knn.predict(s.testX)), 0.317754402286401, accuracy: 2e-3)
    }

    func testPCAExplainedVarianceMatchesScikitLearn() throws {
        let s = try split()
        var pca = PCA(configuration: .init(components: .count(10)))
        try pca.fit(s.trainX)
        for (got, want) in zip(pca.explainedVarianceRatio, [0.18407276155470617, 0.15640790054186668, 0.07830030822403264]) {
            XCTAssertEqual(got, want, accuracy: 1e-10)
        }
        var fraction = PCA(configuration: .init(components: .varianceFraction(0.9)))
        try fraction.fit(s.trainX)
        XCTAssertEqual(fraction.componentCount, 35)
    }
}
