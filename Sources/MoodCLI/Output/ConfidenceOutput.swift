import ArgumentParser
import Foundation
import MoodCore
import Recommender

extension CoordinateView: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { ["human", "predicted"] }
}

/// `--view human|predicted`: which coordinates place DEAM songs.
struct ViewOption: ParsableArguments {
    @Option(help: ArgumentHelp("human: DEAM songs at their human ratings, the model elsewhere (default); predicted: the model's (out-of-sample) placement for every song, with its confidence.", valueName: "human|predicted"))
    var view: CoordinateView = .annotated
}

enum ConfidenceText {
    /// Table header cells for the confidence columns (18 columns wide).
    static let header = column("source", 7) + rightAligned("conf", 5) + rightAligned("±80%", 6)
    /// `human      –     –`, or `model    63%  1.21`, with ` !` when the input is unlike DEAM's music.
    static func cells(_ p: Placement?) -> String {
        guard let p else { return "" }
        if p.source == .human { return column("human", 7) + rightAligned("–", 5) + rightAligned("–", 6) }
        guard let d = p.distribution else { return column("model", 7) + rightAligned("?", 5) + rightAligned("?", 6) }
        return column("model", 7) + rightAligned("\(Int((p.confidence * 100).rounded()))%", 5) + rightAligned(fixed(d.regionRadius), 6)
            + (d.outOfDistribution ? " !" : "")
    }

    /// The footnote for ` !` cells, when any placement in `placements` is flagged.
    static func footnote(_ placements: [Placement?]) -> String? {
        placements.contains { $0?.distribution?.outOfDistribution ?? false }
            ? "! unlike DEAM's music: the model is unsure of this placement (its 80% region is wide)" : nil
    }

    /// "conf" and "±80%", explained once under a table.
    static let legend = "conf: probability of the song's quadrant; ±80%: radius of its 80% region (1–9 scale)"

    /// One line naming the view, for table headers.
    static func viewLine(_ view: CoordinateView, scale: LibraryScale? = nil) -> String {
        let line = view == .annotated
            ? "view: human — DEAM songs at their human ratings; other songs placed by the model (with confidence)"
            : "view: predicted — every song placed by the model (DEAM songs out-of-sample), with confidence"
        guard let scale else { return line }
        return line + "\nscale: library, RELATIVE — your \(scale.librarySize) songs mapped by rank onto \(scale.reference.rawValue)"
    }

    /// `absolute` or `library`, as JSON and CSV say it.
    static func scaleName(_ scale: LibraryScale?) -> String { scale == nil ? "absolute" : "library" }
}
