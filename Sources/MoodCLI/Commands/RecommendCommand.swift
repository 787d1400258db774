import ArgumentParser
import Foundation
import Reporting
import MoodIO
import MoodCore
import PlaylistImport
import Recommender

/// `mood recommend PLAYLIST`: catalog songs ranked for the playlist's mood.
struct Recommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recommend catalog songs that match (or steer) a playlist's mood.",
        discussion: """
            Songs in the playlist's dominant quadrant come first (or the target's quadrant with \
            --target/--target-mood), nearest first; then the nearest songs outside it. Playlist tracks are \
            never recommended. --path STEPS instead walks from the playlist's mood to the target (the iso \
            principle), picking -n/STEPS songs near each step.
            """)

    @Argument(help: "An M3U/M3U8, XSPF or PLS playlist.")
    var playlist: String

    @OptionGroup var options: RecommendationOptions

    @Option(help: "Output: table, json or csv (csv: the recommendations).")
    var format: ResultFormat = .table

    @OptionGroup var placement: PlacementOptions

    @Option(help: ArgumentHelp("Recommend from your own songs (library), DEAM's, or both (all).", valueName: "library|deam|all"))
    var from: TrackOrigin = .all


    @Option(help: ArgumentHelp("Also draw the circumplex with the recommendations to this SVG file.", valueName: "file.svg"))
    var plot: String?

    @Option(help: ArgumentHelp("Save the recommendations as a playlist (.m3u8 or .xspf).", valueName: "file"))
    var out: String?

    @OptionGroup var plotOptions: PlotOptions

    func validate() throws {
        if let out { try PlaylistOutput.check(out) }
        try checkOutputFile(plot, .svg, option: "--plot")
    }

    func run() throws {
        try reportingErrors {
            let (catalog, _, analysis) = try placement.analyze(playlist)
            let view = placement.view
            var request = try options.request(for: analysis, view: view)
            request.from = from
            let result = try RecommendationEngine(catalog: catalog).recommend(for: analysis.profile, request: request)
            if result.recommendations.isEmpty {
                throw ExitStatus.failure.fail("no catalog song matches these constraints\(from == .all ? "" : " among --from \(from.rawValue) songs") (catalog \(catalog.path), \(catalog.trackCount) tracks)")
            }
            if let plot {
                try CircumplexPlot.forAnalysis(analysis, recommendations: result, target: request.target,
                                               catalogTracks: try plotOptions.catalogTracks(of: analysis, in: catalog),
                                               ratingArrows: plotOptions.ratingArrows).write(to: URL(fileURLWithPath: plot))
            }
            if let out {
                try PlaylistOutput.write(result.recommendations.map(\.track), files: try catalog.libraryFileRecords(), to: out, title: "mood: recommendations for \(analysis.name)")
            }
            switch format {
            case .table: Recommend.printTable(analysis, result, target: request.target)
            case .json:
                struct Output: Encodable {
                    var playlist: String, view: String, profile: ProfileJSON, target: PointJSON?, targetLabel: String?
                    var waypoints: [PointJSON], recommendations: [RecommendationJSON]
                }
                try printJSON(Output(playlist: analysis.name, view: view.rawValue, profile: ProfileJSON(analysis.profile),
                                     target: request.target.map { PointJSON($0.point) }, targetLabel: request.target?.label,
                                     waypoints: result.waypoints.map(PointJSON.init),
                                     recommendations: result.recommendations.map(RecommendationJSON.init)))
            case .csv: Recommend.printCSV(result)
            }
            if format == .table {
                if let plot { print("plot written to \(plot)") }
                if let out { print("playlist written to \(out)") }
            }
        }
    }

    static func printTable(_ analysis: PlaylistAnalysis, _ result: RecommendationResult, target: MoodTarget?) {
        let p = analysis.profile
        print("\(analysis.name): \(p.trackCount) placed tracks, centre \(p.centre.description), mostly \(p.dominantQuadrant.name) / \(p.dominantSubEmotion.name), coherence \(fixed(p.coherence))")
        if let target { print("target: \(target.label) (\(target.point.description))") }
        print("")
        print("  #  " + column("song", 40) + " DEAM  valence arousal  " + column("sub-emotion", 12) + "distance  why")
        for r in result.recommendations {
            print(rightAligned("\(r.rank)", 3) + "  " + column(r.track.displayName, 40) + rightAligned(r.track.deamID.map(String.init) ?? "–", 5)
                  + rightAligned(fixed(r.point.valence), 9) + rightAligned(fixed(r.point.arousal), 8) + "  "
                  + column(r.point.subEmotion.name, 12) + rightAligned(fixed(r.distance), 8) + "  " + r.reason)
        }
    }

    static func printCSV(_ result: RecommendationResult) {
        print("rank,catalogId,deamId,artist,title,valence,arousal,quadrant,subEmotion,distance,step,reason")
        for r in result.recommendations {
            print([
                "\(r.rank)", "\(r.track.id)", r.track.deamID.map(String.init) ?? "", csvField(r.track.artist ?? ""), csvField(r.track.title ?? ""),
                fixed(r.point.valence, 4), fixed(r.point.arousal, 4), r.point.quadrant.name, r.point.subEmotion.name,
                fixed(r.distance, 4), r.step.map(String.init) ?? "", csvField(r.reason),
            ].joined(separator: ","))
        }
    }
}
