import ArgumentParser
import Foundation
import MERModel
import DEAMData
import Numerics

/// `mood cluster`: the study's unsupervised analysis (k-means elbow, GMM with BIC, silhouettes, quadrant alignment).
struct Cluster: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "k-means elbow curve, Gaussian mixtures (full and diagonal) with BIC, silhouettes, and how clusters line up with the quadrants.")

    @OptionGroup var deam: DEAMOption

    @Option(parsing: .unconditional, help: "Largest number of clusters tried (from 2).")
    var maxK: Int = 12

    @Option(parsing: .unconditional, help: "Principal components the Gaussian mixtures run on.")
    var pca: Int = 10

    @Option(parsing: .unconditional, help: "Seed of the k-means and mixture initialisations.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Also draw the elbow curve as an SVG line chart.", valueName: "file.svg"))
    var chart: String?

    /// `--format table|json` (the cluster report is a set of tables, not one list: no CSV).
    enum Format: String, CaseInsensitiveArgument { case table, json }

    @Option(help: "Output: table or json.")
    var format: Format = .table

    func validate() throws {
        guard (4...50).contains(maxK) else { throw ValidationError("--max-k must be between 4 and 50 (the quadrant comparison uses k = 4; got \(maxK))") }
        guard (1...130).contains(pca) else { throw ValidationError("--pca must be between 1 and 130 (got \(pca))") }
    }

    func run() throws {
        let dataset = try deam.load()
        let ks = Array(2...maxK)
        let bar = ProgressBar(total: ks.count * 3, label: "clustering")
        let report = try ClusterReport.run(features: dataset.features, targets: dataset.targets, ks: ks,
                                           mixturePCAComponents: pca, seed: seed) { done, _ in bar.update(done) }
        bar.finish()
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text(), terminator: "")
        }
        if let chart {
            try report.elbowChart().write(to: URL(fileURLWithPath: chart))
            printError("Wrote \(chart)")
        }
    }
}
