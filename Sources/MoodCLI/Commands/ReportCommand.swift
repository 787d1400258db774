import ArgumentParser
import Foundation
import Reporting
import MoodCore
import MoodIO
import Recommender

/// `mood report PLAYLIST --out report.html`: a self-contained HTML page.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report: the circumplex plot, the tracks, the profile and recommendations.")

    @Argument(help: "An M3U/M3U8, XSPF or PLS playlist.")
    var playlist: String

    @Option(help: ArgumentHelp("The HTML file to write (.html).", valueName: "report.html"))
    var out: String

    @Flag(name: .customLong("no-recommendations"), help: "Leave recommendations out of the report.")
    var noRecommendations = false

    @OptionGroup var options: RecommendationOptions
    @OptionGroup var placement: PlacementOptions


    @OptionGroup var plotFile: PlotFileOption

    @OptionGroup var plotOptions: PlotOptions

    func validate() throws {
        try checkOutputFile(out, .html, option: "--out")
    }

    func run() throws {
        try reportingErrors {
            // Every destination is checked before any work, so a failure leaves none written.
            try AtomicFile.checkWritable([out] + [plotFile.path].compactMap { $0 })
            let placed = try placement.analyze(playlist)
            let (catalog, analysis) = (placed.catalog, placed.analysis)
            let view = placement.view
            var result: RecommendationResult?
            var target: MoodTarget?
            if !noRecommendations {
                let request = try options.request(for: analysis, view: view)
                target = request.target
                result = try RecommendationEngine(catalog: catalog, scale: placed.scale).recommend(for: analysis.profile, request: request)
            }
            let report = try plotOptions.report(analysis, recommendations: result, target: target,
                                                notes: Report.notes(catalog: catalog, model: placed.model.predictorVersion, view: view, scale: placed.scale), in: catalog)
            try report.write(to: URL(fileURLWithPath: out))
            if let plot = plotFile.path { try report.plot.write(to: URL(fileURLWithPath: plot)) }
            print("report written to \(out)")
        }
    }

    static func notes(catalog: Catalog, model: String, view: CoordinateView, scale: LibraryScale? = nil) -> [String] {
        let scaleNote = scale.map {
            ["Scale: library (RELATIVE) — your songs' coordinates rank them within your library of \($0.librarySize) songs, mapped per axis onto \($0.reference.rawValue); they say how a song compares with the rest of your library, not how a DEAM listener would rate it. DEAM songs are unchanged."]
        } ?? []
        return [
            "View: \(view.rawValue) — \(view == .predicted ? "the model's (out-of-sample) placements, with confidence" : "DEAM's human ratings where known, else the model's placements") on DEAM's 1–9 scale (Russell's circumplex; sectors as in docs/circumplex.md).",
            "Catalog: \(catalog.path) (\(catalog.trackCount) tracks; DEAM model \((try? catalog.meta("deam.model_version")) ?? nil ?? "?")). Feature-file model: \(model).",
        ] + scaleNote + ["Made by mood."]
    }
}

/// Plot options shared by `analyze`, `recommend` and `report`.
struct PlotOptions: ParsableArguments {
    @Flag(name: .customLong("rating-arrows"),
          help: "In the plot, draw an arrow from the model's prediction to DEAM's human rating for songs that have both.")
    var ratingArrows = false

    /// The HTML report of `analysis`, its plot drawn as these options ask.
    func report(_ analysis: PlaylistAnalysis, recommendations: RecommendationResult?, target: MoodTarget? = nil,
                notes: [String], in catalog: Catalog) throws -> HTMLReport {
        HTMLReport(analysis: analysis, recommendations: recommendations, target: target, notes: notes,
                   catalogTracks: try catalogTracks(of: analysis, in: catalog), ratingArrows: ratingArrows)
    }

    /// The circumplex plot of `analysis`, with its recommendations and target, drawn as these options ask.
    func plot(_ analysis: PlaylistAnalysis, recommendations: RecommendationResult? = nil, target: MoodTarget? = nil,
              in catalog: Catalog) throws -> CircumplexPlot {
        CircumplexPlot.forAnalysis(analysis, recommendations: recommendations, target: target,
                                   catalogTracks: try catalogTracks(of: analysis, in: catalog), ratingArrows: ratingArrows)
    }

    /// The catalog rows of the playlist's songs (for their predictions and ratings), when arrows are asked for.
    func catalogTracks(of analysis: PlaylistAnalysis, in catalog: Catalog) throws -> [Int64: CatalogTrack] {
        guard ratingArrows else { return [:] }
        return Dictionary(try catalog.tracks(ids: Array(analysis.catalogIDs)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }
}

/// `--plot FILE.svg`: also draw the circumplex to this file.
struct PlotFileOption: ParsableArguments {
    @Option(name: .customLong("plot"), help: ArgumentHelp("Also draw the circumplex to this SVG file.", valueName: "file.svg"))
    var path: String?

    func validate() throws { try checkOutputFile(path, .svg, option: "--plot") }
}

/// Refuses (usage error, exit 64) an output file whose extension does not match what is written into it.
func checkOutputFile(_ path: String?, _ kind: OutputFile, option: String) throws {
    guard let path else { return }
    do {
        try kind.check(path)
    } catch let error as OutputFileError {
        // The option's name replaces the file's at the front: "--plot writes an SVG image, not .png: …".
        throw ValidationError("\(option) writes " + String(error.description.dropFirst("\(path) would hold ".count)))
    }
}
