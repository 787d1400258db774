import ArgumentParser
import Dispatch
import Foundation
import MERModel
import DEAMData
import Numerics

/// `mood bench …`: timings of the heavy parts, for comparison with Python peers in `bench/`.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the heavy parts of mood (loading, training, …).",
        subcommands: [BenchLoad.self, BenchLinalg.self, BenchForest.self, BenchTrees.self, BenchImport.self, BenchCatalog.self, BenchAudio.self])
}

/// `mood bench load`: loads every DEAM file (annotations, metadata, features) and joins them.
struct BenchLoad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load all of DEAM (static and dynamic annotations, metadata, feature table) and time it.",
        discussion: "Peer: python3 bench/pandas_load.py DEAM_DIR reads the same files with pandas.")

    @OptionGroup var deam: DEAMOption

    @Option(help: "How many times to load.")
    var iterations: Int = 1

    func validate() throws {
        guard (1...1000).contains(iterations) else { throw ValidationError("--iterations must be between 1 and 1000 (got \(iterations))") }
    }

    func run() throws {
        let directory = try deam.directory()
        var times = [Double]()
        var dataset: DEAMDataset?
        for _ in 0..<iterations {
            let start = DispatchTime.now().uptimeNanoseconds
            dataset = try DEAMDataset.load(from: directory)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        guard let dataset else { return }
        let sorted = times.sorted()
        let checksum = dataset.features.storage.reduce(0, +) + dataset.targets.storage.reduce(0, +)
        print("songs \(dataset.count), features \(dataset.features.columns), metadata \(dataset.metadata.count), warnings \(dataset.warnings.count)")
        print(String(format: "load: median %.2f ms, min %.2f ms over %d iteration(s); checksum %.6f",
                     sorted[sorted.count / 2], sorted[0], iterations, checksum))
    }
}
