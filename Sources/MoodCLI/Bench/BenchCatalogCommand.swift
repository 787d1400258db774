import ArgumentParser
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MERModel
import DEAMData
import Numerics
import MoodCore
import Recommender

/// `mood bench catalog`: a synthetic catalog (default 1,000,000 tracks) to time the build
/// and the queries with the R*Tree / B-tree indexes against full scans.
struct BenchCatalog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Time catalog build throughput and query latency (index vs full scan) on a synthetic catalog.",
        discussion: """
            Generates TRACKS random tracks (seeded; valence/arousal clustered near the centre like DEAM),
            builds a catalog in one transaction, then times on random queries: a top-10 recommendation
            for a 12-track playlist profile (dominant quadrant first, then distance), a plain nearest-10,
            a sub-emotion filter page (50) and a near+radius filter page (50), each with the indexes and
            with a full scan, checking both return the same songs.
            """)

    @Option(help: "Number of synthetic tracks.")
    var tracks: Int = 1_000_000

    @Option(help: "Queries timed with the indexes.")
    var queries: Int = 200

    @Option(help: "Queries timed with full scans (slow on big catalogs).")
    var scanQueries: Int = 10

    @Option(help: "Catalog file to build (default: a temporary file, deleted afterwards).")
    var db: String?

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    /// `--format table|json`.
    enum Format: String, CaseInsensitiveArgument { case table, json }

    @Option(help: "Output: table or json.")
    var format: Format = .table

    func validate() throws {
        guard (100...10_000_000).contains(tracks) else { throw ValidationError("--tracks must be between 100 and 10000000 (got \(tracks))") }
        guard (1...100_000).contains(queries), (1...10_000).contains(scanQueries) else {
            throw ValidationError("--queries must be between 1 and 100000 and --scan-queries between 1 and 10000")
        }
    }

    func run() throws {
        var rng = SeededGenerator(seed: seed)
        func clamp(_ x: Double) -> Double { min(9, max(1, x)) }
        let generationStart = DispatchTime.now().uptimeNanoseconds
        var inputs = [CatalogTrackInput]()
        inputs.reserveCapacity(tracks)
        for id in 1...tracks {
            let p = MoodPoint(valence: clamp(5 + 1.3 * rng.nextGaussian()), arousal: clamp(5 + 1.3 * rng.nextGaussian()))
            let annotation = id % 3 == 0 ? MoodPoint(valence: clamp(p.valence + 0.8 * rng.nextGaussian()), arousal: clamp(p.arousal + 0.8 * rng.nextGaussian())) : nil
            inputs.append(.deam(id: id, predicted: p, modelVersion: "bench", annotation: annotation,
                                artist: "Artist \(id % max(1, tracks / 8))", title: "Track \(id)"))
        }
        let generationSeconds = seconds(since: generationStart)

        let temporaryDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("mood-bench-\(ProcessInfo.processInfo.processIdentifier)")
        let path = db ?? temporaryDirectory.appendingPathComponent("catalog.sqlite").path
        defer { if db == nil { try? FileManager.default.removeItem(at: temporaryDirectory) } }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        let catalog = try Catalog(path: path, mode: .createIfMissing)
        let bar = ProgressBar(total: tracks, label: "building")
        let buildStart = DispatchTime.now().uptimeNanoseconds
        let buildCPUStart = processCPUSeconds()
        try catalog.replaceDEAMTracks(inputs, source: "bench") { done, _ in bar.update(done) }
        let buildSeconds = seconds(since: buildStart)
        let buildCPUSeconds = processCPUSeconds() - buildCPUStart
        bar.finish()
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        inputs = []

        // Query workload.
        struct Query { let profile: MoodProfile; let point: MoodPoint; let sector: SubEmotion }
        var workload = [Query]()
        for _ in 0..<max(queries, scanQueries) {
            let centre = MoodPoint(valence: clamp(5 + 1.5 * rng.nextGaussian()), arousal: clamp(5 + 1.5 * rng.nextGaussian()))
            let points = (0..<12).map { _ in MoodPoint(valence: clamp(centre.valence + 0.6 * rng.nextGaussian()), arousal: clamp(centre.arousal + 0.6 * rng.nextGaussian())) }
            let sector = SubEmotion(rawValue: Int(rng.next() % 12)) ?? .elation
            workload.append(Query(profile: try MoodProfile(points: points), point: centre, sector: sector))
        }

        typealias Operation = (name: String, run: (Query, CatalogAccess) throws -> [Int64])
        let operations: [Operation] = [
            ("recommend top-10", { q, access in
                try RecommendationEngine(catalog: catalog, access: access).recommend(for: q.profile, request: RecommendationRequest(count: 10)).recommendations.map(\.track.id)
            }),
            ("nearest-10", { q, access in try catalog.nearest(to: q.point, count: 10, access: access).map(\.track.id) }),
            ("filter sub-emotion (page of 50)", { q, access in
                try catalog.filter(CatalogFilter(constraints: CatalogConstraints(subEmotion: q.sector), limit: 50), access: access).hits.map(\.track.id)
            }),
            ("filter near r=0.25 (page of 50)", { q, access in
                try catalog.filter(CatalogFilter(near: q.point, radius: 0.25, limit: 50), access: access).hits.map(\.track.id)
            }),
        ]

        struct Row: Encodable {
            let operation: String
            let indexMedianMs: Double, indexP95Ms: Double, indexCPUMedianMs: Double
            let scanMedianMs: Double, scanCPUMedianMs: Double
            let speedup: Double, cpuSpeedup: Double, identicalResults: Bool
        }
        var rows = [Row]()
        for operation in operations {
            var indexTimes = [Double](), indexCPU = [Double](), scanTimes = [Double](), scanCPU = [Double]()
            var indexResults = [[Int64]]()
            for q in workload.prefix(queries) {
                let start = DispatchTime.now().uptimeNanoseconds, cpu = threadCPUSeconds()
                indexResults.append(try operation.run(q, .index))
                indexCPU.append((threadCPUSeconds() - cpu) * 1000)
                indexTimes.append(seconds(since: start) * 1000)
            }
            var identical = true
            for (i, q) in workload.prefix(scanQueries).enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds, cpu = threadCPUSeconds()
                let result = try operation.run(q, .fullScan)
                scanCPU.append((threadCPUSeconds() - cpu) * 1000)
                scanTimes.append(seconds(since: start) * 1000)
                if i < indexResults.count && result != indexResults[i] { identical = false }
            }
            rows.append(Row(operation: operation.name, indexMedianMs: median(indexTimes), indexP95Ms: percentile(indexTimes, 0.95),
                            indexCPUMedianMs: median(indexCPU), scanMedianMs: median(scanTimes), scanCPUMedianMs: median(scanCPU),
                            speedup: median(scanTimes) / max(median(indexTimes), 1e-9),
                            cpuSpeedup: median(scanCPU) / max(median(indexCPU), 1e-9), identicalResults: identical))
        }

        struct Report: Encodable {
            let tracks: Int, generationSeconds: Double, buildSeconds: Double, buildCPUSeconds: Double, buildTracksPerSecond: Double, fileMegabytes: Double
            let sqlite: String, queries: Int, scanQueries: Int, operations: [Row]
        }
        let report = Report(tracks: tracks, generationSeconds: generationSeconds, buildSeconds: buildSeconds, buildCPUSeconds: buildCPUSeconds,
                            buildTracksPerSecond: Double(tracks) / buildSeconds, fileMegabytes: Double(fileBytes) / 1_048_576,
                            sqlite: Catalog.sqliteVersion, queries: queries, scanQueries: scanQueries, operations: rows)
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        print(String(format: "catalog: %d tracks, SQLite %@, file %.1f MB", tracks, Catalog.sqliteVersion, report.fileMegabytes))
        print(String(format: "build (one transaction, R*Tree + indexes): %.2f s = %.0f tracks/s; CPU %.2f s (generating the tracks: %.2f s)",
                     buildSeconds, report.buildTracksPerSecond, buildCPUSeconds, generationSeconds))
        print("")
        print("operation".padding(toLength: 33, withPad: " ", startingAt: 0)
              + "      index: median    p95     CPU   full scan: median     CPU    ratio (wall / CPU)  same")
        for row in rows {
            print(row.operation.padding(toLength: 33, withPad: " ", startingAt: 0)
                  + String(format: "  %10.3f ms %6.2f %7.3f   %12.1f ms %7.1f   %6.0f× / %5.0f×      %@",
                           row.indexMedianMs, row.indexP95Ms, row.indexCPUMedianMs, row.scanMedianMs, row.scanCPUMedianMs,
                           row.speedup, row.cpuSpeedup, row.identicalResults ? "yes" : "NO"))
        }
        print("\n(index: \(queries) queries; full scan: \(scanQueries) queries; medians)")
    }

    /// CPU time of this process (all threads), so that a busy machine does not hide the cost.
    private func processCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// CPU time of the calling thread (queries run on one thread).
    private func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    private func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    private func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

    private func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }
}
