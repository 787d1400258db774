import MoodCore
import Recommender

/// The recommendation table of `recommend` (and `demo`).
enum RecommendationTable {
    /// The table fits 100 columns; `explain` adds each song's reason on a line of its own.
    static func show(_ analysis: PlaylistAnalysis, _ result: RecommendationResult, target: MoodTarget?,
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
}
