import ArgumentParser
import Foundation
import MoodEngine
import Reporting
import MoodCore
import MoodIO
import Recommender

/// `mood analyze PLAYLIST`: every entry on the circumplex, then the playlist's profile.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Place every entry of a playlist on the circumplex and profile the playlist's mood.",
        discussion: """
            DEAM songs take the catalog's coordinates (the model's predictions, or with --view human \
            the human ratings where known); DEAM per-frame feature files are predicted with the model.
            """)

    @Argument(help: "An M3U/M3U8, XSPF or PLS playlist.")
    var playlist: String

    @Option(help: "Output: table, json or csv (csv: the track table).")
    var format: ResultFormat = .table

    @Flag(help: "With the table: also the profile's statistics (covariance, coherence).")
    var detail = false

    @OptionGroup var placement: PlacementOptions


    @OptionGroup var plotFile: PlotFileOption

    @Option(help: ArgumentHelp("Also draw the mood timeline (valence and arousal in playlist order) to this SVG file.", valueName: "file.svg"))
    var timeline: String?

    @OptionGroup var plotOptions: PlotOptions

    func validate() throws {
        try checkOutputFile(timeline, .svg, option: "--timeline")
    }

    func run() throws {
        try reportingErrors {
            // Every destination is checked before any work, so a failure leaves none written.
            try AtomicFile.checkWritable([plotFile.path, timeline].compactMap { $0 })
            let placed = try placement.analyze(playlist)
            let (catalog, analysis) = (placed.catalog, placed.analysis)
            let view = placement.view
            if let plot = plotFile.path {
                try plotOptions.plot(analysis, in: catalog).write(to: URL(fileURLWithPath: plot))
            }
            if let timeline {
                try SVGLineChart.timeline(for: analysis).write(to: URL(fileURLWithPath: timeline))
            }
            switch format {
            case .table: AnalysisTable.show(analysis, view: view, scale: placed.scale, detail: detail)
            case .json:
                try printJSON(AnalysisJSON(analysis, view: view, libraryScale: placed.scale != nil, catalog: catalog.path))
            case .csv:
                print(AnalysisCSV.header)
                for t in analysis.tracks { print(AnalysisCSV.row(t)) }
            }
            if format == .table {
                if let plot = plotFile.path { print("\nplot written to \(plot)") }
                if let timeline { print("\(plotFile.path == nil ? "\n" : "")timeline written to \(timeline)") }
            }
        }
    }
}
