import Foundation
import MERModel
import MoodCore
import Numerics
import Reporting
import XCTest

final class ChartTests: XCTestCase {
    func testChartTicksAreNiceAndCoverTheRange() {
        XCTAssertEqual(SVGLineChart.ticks(low: 0.31, high: 0.52, targetCount: 6), [0.3, 0.35, 0.4, 0.45, 0.5, 0.55].map { $0 }, accuracy: 1e-12)
        XCTAssertEqual(SVGLineChart.ticks(low: 1, high: 50), [0, 10, 20, 30, 40, 50], accuracy: 1e-12)
        let svg = SVGLineChart(title: "R² <sweep>", xLabel: "trees", yLabel: "R²",
                               series: [.init(name: "mean", points: [(10, 0.4), (100, 0.47)])]).render()
        XCTAssertTrue(svg.hasPrefix("<?xml") && svg.contains("\n<svg "), "a standalone SVG file")
        XCTAssertTrue(svg.contains("R² &lt;sweep&gt;"))
        XCTAssertTrue(svg.contains("<polyline"))
        XCTAssertTrue(svg.contains(">mean</text>"))
    }

    /// Generated data: k-means' elbow curve and a PCA sweep, drawn as line charts.
    func testElbowAndSweepCharts() throws {
        var g = SeededGenerator(seed: 5)
        let rows = (0..<120).map { i in (0..<6).map { d in (d == i % 4 ? 8.0 : 0) + 0.5 * g.nextGaussian() } }
        let targets = (0..<120).map { i in MoodPoint(valence: i % 2 == 0 ? 7 : 3, arousal: i % 4 < 2 ? 7 : 3) }
        let x = Matrix(rows), y = Matrix(moodPoints: targets)
        let report = try ClusterReport.run(features: x, targets: y, ks: [2, 3, 4], mixturePCAComponents: 3, seed: 1)
        let elbow = report.elbowChart().render()
        XCTAssertTrue(elbow.contains("<polyline"))
        XCTAssertTrue(elbow.contains("inertia"))
        let sweep = try Sweep(.pca, values: [2, 5]).run(kind: .ridge, options: ModelOptions(), x: x, y: y,
                                                       crossValidation: CrossValidation(.kFold(folds: 3), seed: 0))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("sweep.svg")
        try sweep.chart().write(to: url)
        let svg = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(svg.contains("<polyline"))
        XCTAssertTrue(svg.contains("R² mean"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["sweep.svg"])
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "\(a) vs \(b)", file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, "\(a) vs \(b)", file: file, line: line) }
}
