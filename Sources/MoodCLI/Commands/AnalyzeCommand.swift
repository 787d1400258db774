import ArgumentParser
import Foundation
import Reporting
import MoodCore
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
            case .table: Analyze.printTable(analysis, view: view, scale: placed.scale, detail: detail)
            case .json:
                struct Output: Encodable {
                    var playlist: String, view: String, scale: String, catalog: String, tracks: [TrackJSON], profile: ProfileJSON
                }
                try printJSON(Output(playlist: analysis.name, view: view.rawValue, scale: ConfidenceText.scaleName(placed.scale), catalog: catalog.path,
                                     tracks: analysis.tracks.map(TrackJSON.init), profile: ProfileJSON(analysis.profile)))
            case .csv: Analyze.printCSV(analysis)
            }
            if format == .table {
                if let plot = plotFile.path { print("\nplot written to \(plot)") }
                if let timeline { print("\(plotFile.path == nil ? "\n" : "")timeline written to \(timeline)") }
            }
        }
    }

    /// The table fits 100 columns; `detail` adds the profile's statistics (covariance, coherence).
    static func printTable(_ analysis: PlaylistAnalysis, view: CoordinateView, scale: LibraryScale? = nil, detail: Bool = false) {
        let placed = analysis.placedTracks.count
        print("\(terminalSafe(analysis.name)): \(analysis.tracks.count) entries, \(placed) placed")
        print(ConfidenceText.viewLine(view, scale: scale))
        print("")
        print("  #  " + column("track", 30) + column("status", 9) + rightAligned("V", 5) + rightAligned("A", 6) + "  "
              + column("quadrant/sub-emotion", 23) + ConfidenceText.header)
        var neutral = false
        for t in analysis.tracks {
            var line = rightAligned("\(t.index)", 3) + "  " + column(t.displayName, 30) + column(t.status.rawValue, 9)
            if let p = t.point {
                neutral = neutral || p.isNeutral()
                line += rightAligned(fixed(p.valence), 5) + rightAligned(fixed(p.arousal), 6) + "  "
                    + column(moodCell(p), 23) + ConfidenceText.cells(t.placement)
            } else {
                line += column(t.detail ?? "unresolved", 56)
            }
            print(line)
        }
        if let note = ConfidenceText.footnote(analysis.tracks.map(\.placement)) { print(note) }
        if neutral { print("~ near the neutral centre: the sub-emotion says little") }
        if placed > 0 { print(ConfidenceText.legend) }
        print("")
        print("Profile of \(placed) track\(placed == 1 ? "" : "s")")
        for line in ProfileText.lines(analysis.profile, detail: detail) { print("  " + line) }
    }

    /// "Sadness/Melancholy", with "~" for a point near the neutral centre.
    static func moodCell(_ p: MoodPoint) -> String {
        "\(p.quadrant.name)/\(p.subEmotion.name)" + (p.isNeutral() ? "~" : "")
    }

    static func printCSV(_ analysis: PlaylistAnalysis) {
        print("index,location,status,deamId,artist,title,valence,arousal,quadrant,subEmotion,intensity,detail," + ConfidenceText.csvHeader)
        for t in analysis.tracks {
            let p = t.point
            let fields: [String] = [
                "\(t.index)", csvField(t.location), t.status.rawValue, t.deamID.map(String.init) ?? "",
                csvField(t.artist ?? ""), csvField(t.title ?? ""),
                p.map { fixed($0.valence, 4) } ?? "", p.map { fixed($0.arousal, 4) } ?? "",
                p?.quadrant.name ?? "", p?.subEmotion.name ?? "", p.map { fixed($0.intensity, 4) } ?? "", csvField(t.detail ?? ""),
                ConfidenceText.csv(t.placement),
            ]
            print(fields.joined(separator: ","))
        }
    }
}
