import MoodCore
import Recommender

/// The analysis table of `analyze` (and `demo`).
enum AnalysisTable {
    /// The table fits 100 columns; `detail` adds the profile's statistics (covariance, coherence).
    static func show(_ analysis: PlaylistAnalysis, view: CoordinateView, scale: LibraryScale? = nil, detail: Bool = false) {
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
}
