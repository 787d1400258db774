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
        commandName: "recommend",
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

    @Flag(help: "With the table: say why each song was chosen.")
    var explain = false

    @OptionGroup var placement: PlacementOptions

    @Option(name: .customLong("min-confidence"), help: ArgumentHelp("Only songs at least this likely (0–1) to lie in the --sub-emotion/--quadrant asked for (without one: in their own quadrant); human ratings count as certain.", valueName: "p"))
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
            let placed = try placement.analyze(playlist)
            let (catalog, analysis) = (placed.catalog, placed.analysis)
            let view = placement.view
            var request = try options.request(for: analysis, view: view)
            request.from = from
            var result = try RecommendationEngine(catalog: catalog, scale: placed.scale).recommend(for: analysis.profile, request: request)
            result.recommendations = Recommend.confident(result.recommendations, request: request, minConfidence: minConfidence)
            if result.recommendations.isEmpty {
                throw ExitStatus.failure.fail("no catalog song matches these constraints\(from == .all ? "" : " among --from \(from.rawValue) songs") (catalog \(catalog.path), \(catalog.trackCount) tracks)")
            }
            if let plot = plotFile.path {
                try plotOptions.plot(analysis, recommendations: result, target: request.target, in: catalog)
                    .write(to: URL(fileURLWithPath: plot))
            }
            if let out {
                try PlaylistOutput.write(result.recommendations.map(\.track), files: try catalog.libraryFileRecords(), to: out, title: "mood: recommendations for \(analysis.name)")
            }
            switch format {
            case .table: Recommend.printTable(analysis, result, target: request.target, view: view, scale: placed.scale, explain: explain)
            case .json:
                struct Output: Encodable {
                    var playlist: String, view: String, scale: String, profile: ProfileJSON, target: PointJSON?, targetLabel: String?
                    var waypoints: [PointJSON], recommendations: [RecommendationJSON]
                }
                try printJSON(Output(playlist: analysis.name, view: view.rawValue, scale: ConfidenceText.scaleName(placed.scale), profile: ProfileJSON(analysis.profile),
                                     target: request.target.map { PointJSON($0.point) }, targetLabel: request.target?.label,
                                     waypoints: result.waypoints.map(PointJSON.init),
                                     recommendations: result.recommendations.map { RecommendationJSON($0, placement: $0.placement) }))
            case .csv: Recommend.printCSV(result, view: view, scale: placed.scale)
            }
            if format == .table {
                if let plot = plotFile.path { print("plot written to \(plot)") }
                if let out { print("playlist written to \(out)") }
            }
        }
    }

    /// Region-constrained lists ranked by the probability of lying in the region (then as the engine
    /// ranked them); `minConfidence` drops songs less likely than that to lie in the region (without
    /// one: in their own quadrant). Ranks are renumbered.
    static func confident(_ list: [Recommendation], request: RecommendationRequest, minConfidence: Double?) -> [Recommendation] {
        func probability(_ r: Recommendation) -> Double {
            let p = r.placement
            if let s = request.subEmotion { return p.probability(of: s) }
            if let q = request.quadrant { return p.probability(of: q) }
            return p.confidence
        }
        var kept = list.filter { minConfidence == nil || probability($0) >= minConfidence! }
        if (request.subEmotion != nil || request.quadrant != nil) && request.pathSteps == nil {
            kept = kept.enumerated().sorted { x, y in
                let px = probability(x.element), py = probability(y.element)
                return px != py ? px > py : x.offset < y.offset
            }.map(\.element)
        }
        for i in kept.indices { kept[i].rank = i + 1 }
        return kept
    }

    /// The table fits 100 columns; `explain` adds each song's reason on a line of its own.
    static func printTable(_ analysis: PlaylistAnalysis, _ result: RecommendationResult, target: MoodTarget?,
                           view: CoordinateView, scale: LibraryScale? = nil, explain: Bool = false) {
        print(ConfidenceText.viewLine(view, scale: scale))
        let p = analysis.profile
        print("\(terminalSafe(analysis.name)): \(p.trackCount) placed tracks, centre \(p.centre.description), mostly \(p.dominantQuadrant.name) / \(p.dominantSubEmotion.name)")
        if let target { print("target: \(terminalSafe(target.label)) (\(target.point.description))") }
        print("")
        print("  #  " + column("song", 34) + rightAligned("DEAM", 5) + rightAligned("V", 6) + rightAligned("A", 6) + "  "
              + column("sub-emotion", 12) + rightAligned("dist", 5) + "  " + ConfidenceText.header)
        for r in result.recommendations {
            let placement = r.placement
            print(rightAligned("\(r.rank)", 3) + "  " + column(r.track.displayName, 34) + rightAligned(r.track.deamID.map(String.init) ?? "–", 5)
                  + rightAligned(fixed(r.point.valence), 6) + rightAligned(fixed(r.point.arousal), 6) + "  "
                  + column(r.point.subEmotion.name, 12) + rightAligned(fixed(r.distance), 5) + "  " + ConfidenceText.cells(placement))
            if explain { print("     " + column(r.reason, 95)) }
        }
        if let note = ConfidenceText.footnote(result.recommendations.map(\.placement)) { print(note) }
        if !result.recommendations.isEmpty {
            print("dist: distance from the playlist's mood (1–9 scale)")
            print(ConfidenceText.legend)
            if !explain { print("(--explain shows why each song was chosen)") }
        }
    }

    static func printCSV(_ result: RecommendationResult, view: CoordinateView, scale: LibraryScale? = nil) {
        print("rank,catalogId,deamId,artist,title,valence,arousal,quadrant,subEmotion,distance,step,reason,view,scale," + ConfidenceText.csvHeader)
        for r in result.recommendations {
            print([
                "\(r.rank)", "\(r.track.id)", r.track.deamID.map(String.init) ?? "", csvField(r.track.artist ?? ""), csvField(r.track.title ?? ""),
                fixed(r.point.valence, 4), fixed(r.point.arousal, 4), r.point.quadrant.name, r.point.subEmotion.name,
                fixed(r.distance, 4), r.step.map(String.init) ?? "", csvField(r.reason),
                view.rawValue, ConfidenceText.scaleName(scale), ConfidenceText.csv(r.placement),
            ].joined(separator: ","))
        }
    }
}
