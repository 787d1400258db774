import ArgumentParser
import Foundation
import Reporting
import MoodIO
import MoodCore
import MoodEngine
import PlaylistImport
import Recommender

/// `mood recommend PLAYLIST`: catalog songs ranked for the playlist's mood.
struct Recommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Recommend catalog songs that match (or steer) a playlist's mood.",
        discussion: """
            Songs in the playlist's dominant quadrant come first (or the target's quadrant with \
            --target/--target-mood), nearest first; then the nearest songs outside it. Playlist tracks are \
            never recommended. --path STEPS instead walks from the playlist's mood to the target (the iso \
            principle), picking -n/STEPS songs near each step. When no song matches the constraints, it says \
            so on standard error and exits 0 with an empty list.
            """)

    @Argument(help: "An M3U/M3U8, XSPF or PLS playlist.")
    var playlist: String

    @OptionGroup var options: RecommendationOptions

    @Option(help: "Output: table, json or csv (csv: the recommendations).")
    var format: ResultFormat = .table

    @Flag(help: "With the table: say why each song was chosen.")
    var explain = false

    @OptionGroup var placement: PlacementOptions

    @Option(name: .customLong("min-confidence"), parsing: .unconditional, help: ArgumentHelp("Only songs at least this likely (0–1) to lie in the --sub-emotion/--quadrant asked for (without one: in their own quadrant); human ratings count as certain.", valueName: "p"))
    var minConfidence: Double?

    @Option(help: ArgumentHelp("Recommend from your own songs (library), DEAM's, or both (all).", valueName: "library|deam|all"))
    var from: TrackOrigin = .all


    @OptionGroup var plotFile: PlotFileOption

    @Option(help: ArgumentHelp("Save the recommendations as a playlist (.m3u8 or .xspf).", valueName: "file"))
    var out: String?

    @OptionGroup var plotOptions: PlotOptions

    func validate() throws {
        if let out { try PlaylistOutput.check(out) }
    }

    func run() throws {
        try reportingErrors {
            // Every destination is checked before any work, so a failure leaves none written.
            try AtomicFile.checkWritable([plotFile.path, out].compactMap { $0 })
            let placed = try placement.analyze(playlist)
            let (catalog, analysis) = (placed.catalog, placed.analysis)
            let view = placement.view
            var request = try options.request(for: analysis, view: view)
            request.from = from
            var result = try RecommendationEngine(catalog: catalog, scale: placed.scale).recommend(for: analysis.profile, request: request)
            result.recommendations = result.recommendations.keepingConfident(for: request, minConfidence: minConfidence)
            if result.recommendations.isEmpty {
                // Nothing matching is an answer, not a failure: said on standard error, exit 0.
                printError("no catalog song matches these constraints\(from == .all ? "" : " among --from \(from.rawValue) songs") (catalog \(catalog.path), \(catalog.trackCount) tracks): nothing to recommend")
            }
            if let plot = plotFile.path {
                try plotOptions.plot(analysis, recommendations: result, target: request.target, in: catalog)
                    .write(to: URL(fileURLWithPath: plot))
            }
            if let out {
                try PlaylistOutput.write(result.recommendations.map(\.track), files: try catalog.libraryFileRecords(), to: out, title: "mood: recommendations for \(analysis.name)")
            }
            switch format {
            case .table: RecommendationTable.show(analysis, result, target: request.target, view: view, scale: placed.scale, explain: explain)
            case .json:
                try printJSON(RecommendationResultJSON(analysis, result, request: request, view: view, libraryScale: placed.scale != nil))
            case .csv:
                print(RecommendationCSV.header)
                for r in result.recommendations { print(RecommendationCSV.row(r, view: view, libraryScale: placed.scale != nil)) }
            }
            if format == .table {
                if let plot = plotFile.path { print("plot written to \(plot)") }
                if let out { print("playlist written to \(out)") }
            }
        }
    }
}
