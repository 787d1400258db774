import MoodCore
import Recommender

/// The table of `catalog filter`: 100 columns.
enum CatalogSearchTable {
    static func show(_ page: CatalogSearch.Page, near: Bool) {
        let (rows, region, view, offset, limit) = (page.rows, page.region, page.search.view, page.search.offset, page.search.limit)
        print(ConfidenceText.viewLine(view))
        if let region { print("ranked by the probability of lying in \(region)") }
        // 100 columns: song 28, DEAM 5, V 6, A 6, quadrant/sub-emotion 22, p(region) or distance 6, confidence 18.
        let extra = region != nil ? "p(in)" : (near ? "dist" : "")
        print("  #  " + column("song", 28) + rightAligned("DEAM", 5) + rightAligned("V", 6) + rightAligned("A", 6) + "  "
              + column("quadrant/sub-emotion", 22) + rightAligned(extra, 6) + "  " + ConfidenceText.header)
        for (i, row) in rows.enumerated() {
            let point = row.placement.point
            let extraCell = row.probability.map { fixed($0) } ?? row.distance.map { fixed($0) } ?? (extra.isEmpty ? "" : "–")
            print(rightAligned("\(offset + i + 1)", 3) + "  " + column(row.track.displayName, 28) + rightAligned(row.track.deamID.map(String.init) ?? "–", 5)
                  + rightAligned(fixed(point.valence), 6) + rightAligned(fixed(point.arousal), 6) + "  "
                  + column(AnalysisTable.moodCell(point), 22) + rightAligned(extraCell, 6) + "  " + ConfidenceText.cells(row.placement))
        }
        if let note = ConfidenceText.footnote(rows.map(\.placement)) { print(note) }
        if !rows.isEmpty {
            if let region { print("p(in): probability of lying in \(region)") } else if near { print("dist: distance from --near") }
            print(ConfidenceText.legend)
        }
        if rows.isEmpty { print("  (no songs match)") }
        if page.hasMore { print("… more: --offset \(offset + limit)") }
    }
}
