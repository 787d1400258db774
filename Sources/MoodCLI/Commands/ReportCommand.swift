import ArgumentParser
import Foundation
import Reporting
import MoodCore
import Recommender

/// `mood report PLAYLIST --out report.html`: a self-contained HTML page.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a self-contained HTML report: the circumplex plot, the tracks, the profile and recommendations.")

    @Argument(help: "An M3U/M3U8, XSPF or PLS playlist.")
    var playlist: String

    @Option(help: ArgumentHelp("The HTML file to write.", valueName: "report.html"))
    var out: String

    @Flag(name: .customLong("no-recommendations"), help: "Leave recommendations out of the report.")
    var noRecommendations = false

    @OptionGroup var options: RecommendationOptions
    @OptionGroup var placement: PlacementOptions


    @Option(help: ArgumentHelp("Also write the plot to this SVG file.", valueName: "file.svg"))
    var plot: String?

    func run() throws {
        try reportingErrors {
            let (catalog, model, analysis) = try placement.analyze(playlist)
            let view = placement.view
            var result: RecommendationResult?
            var target: MoodTarget?
            if !noRecommendations {
                let request = try options.request(for: analysis, view: view)
                target = request.target
                result = try RecommendationEngine(catalog: catalog).recommend(for: analysis.profile, request: request)
            }
            let report = HTMLReport(analysis: analysis, recommendations: result, target: target,
                                    notes: Report.notes(catalog: catalog, model: model.predictorVersion, view: view))
            try report.write(to: URL(fileURLWithPath: out))
            if let plot { try report.plot.write(to: URL(fileURLWithPath: plot)) }
            print("report written to \(out)")
        }
    }

    static func notes(catalog: Catalog, model: String, view: CoordinateView) -> [String] {
        [
            "View: \(view.rawValue) — \(view == .predicted ? "the model's (out-of-sample) placements, with confidence" : "DEAM's human ratings where known, else the model's placements") on DEAM's 1–9 scale (Russell's circumplex; sectors as in docs/circumplex.md).",
            "Catalog: \(catalog.path) (\(catalog.trackCount) tracks; DEAM model \((try? catalog.meta("deam.model_version")) ?? nil ?? "?")). Feature-file model: \(model).",
            "Made by mood.",
        ]
    }
}
