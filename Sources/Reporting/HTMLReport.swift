import Foundation
import MERModel
import Recommender
import MoodIO
import MoodIO
import MoodCore

/// A self-contained HTML page (inline SVG and CSS, no scripts or external files) with
/// the circumplex plot, the playlist's tracks, its profile and the recommendations.
public struct HTMLReport: Sendable {
    public var analysis: PlaylistAnalysis
    public var recommendations: RecommendationResult?
    public var target: MoodTarget?
    /// Lines describing how the report was made (model, catalog, options).
    public var notes: [String]

    public init(analysis: PlaylistAnalysis, recommendations: RecommendationResult? = nil, target: MoodTarget? = nil, notes: [String] = []) {
        self.analysis = analysis
        self.recommendations = recommendations
        self.target = target
        self.notes = notes
    }

    /// The plot the report embeds.
    public var plot: CircumplexPlot {
        CircumplexPlot.forAnalysis(analysis, recommendations: recommendations, target: target)
    }

    /// The HTML document.
    public func html() -> String {
        let profile = analysis.profile
        let svg = plot.svg().split(separator: "\n").filter { !$0.hasPrefix("<?xml") }.joined(separator: "\n")
        var h = [String]()
        h.append("<!DOCTYPE html>")
        h.append(#"<html lang="en"><head><meta charset="utf-8">"#)
        h.append("<title>Mood report: \(XMLText.escape(analysis.name))</title>")
        h.append("<style>\(HTMLReport.css)</style></head><body><main>")
        h.append("<h1>Mood report: \(XMLText.escape(analysis.name))</h1>")
        h.append(#"<p class="summary">\#(XMLText.escape(HTMLReport.summary(profile)))</p>"#)
        h.append(#"<div class="layout"><figure class="plot">\#(svg)</figure><section class="profile"><h2>Profile</h2>"#)
        h.append(definitionList(profile))
        h.append("<h3>Quadrants</h3>")
        h.append(shareTable(profile.quadrants, dominant: profile.dominantQuadrant.name))
        h.append("<h3>Sub-emotions</h3>")
        h.append(shareTable(profile.subEmotions.filter { $0.count > 0 }, dominant: profile.dominantSubEmotion.name))
        h.append("</section></div>")
        h.append("<h2>Tracks (\(analysis.placedTracks.count) of \(analysis.tracks.count) placed)</h2>")
        h.append(trackTable())
        if let recommendations {
            h.append("<h2>Recommendations</h2>")
            h.append(recommendationTable(recommendations))
        }
        if !notes.isEmpty {
            h.append(#"<footer><ul>\#(notes.map { "<li>\(XMLText.escape($0))</li>" }.joined())</ul></footer>"#)
        }
        h.append("</main></body></html>")
        return h.joined(separator: "\n") + "\n"
    }

    /// Writes the page atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(html(), to: url)
    }

    /// One sentence describing the profile.
    public static func summary(_ profile: MoodProfile) -> String {
        let share = Int((profile.share(of: profile.dominantQuadrant) * 100).rounded())
        return "Mostly \(profile.dominantQuadrant.name) (\(share)% of the tracks), leaning \(profile.dominantSubEmotion.name); "
            + "centre \(profile.centre.description), \(profile.centre.subEmotion.name); spread \(String(format: "%.2f", profile.spread)); "
            + "coherence \(String(format: "%.2f", profile.coherence)) (\(profile.coherenceLabel))."
    }

    private func definitionList(_ p: MoodProfile) -> String {
        let c = p.covariance
        let rows: [(String, String)] = [
            ("Tracks placed", "\(p.trackCount)"),
            ("Centre", "\(p.centre.description) (\(p.centre.quadrant.name) / \(p.centre.subEmotion.name), intensity \(String(format: "%.2f", p.centre.intensity)))"),
            ("Covariance", String(format: "[[%.3f, %.3f], [%.3f, %.3f]]", c.vv, c.va, c.va, c.aa)),
            ("Spread", String(format: "%.2f (RMS distance from the centre)", p.spread)),
            ("Coherence", String(format: "%.2f — %@", p.coherence, p.coherenceLabel)),
            ("Mean intensity", String(format: "%.2f", p.meanIntensity)),
            ("Dominant", "\(p.dominantQuadrant.name) / \(p.dominantSubEmotion.name)"),
        ]
        return "<dl>" + rows.map { "<dt>\(XMLText.escape($0.0))</dt><dd>\(XMLText.escape($0.1))</dd>" }.joined() + "</dl>"
    }

    private func shareTable(_ shares: [MoodShare], dominant: String) -> String {
        var rows = [String]()
        for share in shares {
            let percent = share.share * 100
            let cls = share.name == dominant ? #" class="dominant""# : ""
            rows.append(#"<tr\#(cls)><td>\#(XMLText.escape(share.name))</td><td class="num">\#(share.count)</td><td class="bar"><span style="width:\#(String(format: "%.1f", percent))%"></span></td><td class="num">\#(String(format: "%.0f%%", percent))</td></tr>"#)
        }
        return #"<table class="shares"><tbody>\#(rows.joined())</tbody></table>"#
    }

    private func trackTable() -> String {
        var rows = [String]()
        for t in analysis.tracks {
            let p = t.point
            func number(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "–" }
            var cells: [String] = ["\(t.index)", t.displayName, t.status.rawValue]
            cells.append(number(p?.valence))
            cells.append(number(p?.arousal))
            cells.append(p?.quadrant.name ?? "–")
            cells.append(p?.subEmotion.name ?? "–")
            cells.append(number(p?.intensity))
            let detail = t.detail.map { #" title="\#(XMLText.escape($0))""# } ?? ""
            rows.append("<tr\(t.point == nil ? #" class="unresolved""# : "")\(detail)>" + cells.enumerated().map { i, v in
                "<td\(i == 0 || (3...4).contains(i) || i == 7 ? #" class="num""# : "")>\(XMLText.escape(v))</td>"
            }.joined() + "</tr>")
        }
        return "<table><thead><tr><th>#</th><th>Track</th><th>Status</th><th>Valence</th><th>Arousal</th><th>Quadrant</th><th>Sub-emotion</th><th>Intensity</th></tr></thead><tbody>"
            + rows.joined() + "</tbody></table>"
    }

    private func recommendationTable(_ result: RecommendationResult) -> String {
        var rows = [String]()
        for r in result.recommendations {
            let cells = [
                "\(r.rank)", r.track.displayName, r.track.deamID.map(String.init) ?? "–",
                String(format: "%.2f", r.point.valence), String(format: "%.2f", r.point.arousal),
                r.point.subEmotion.name, String(format: "%.2f", r.distance), r.reason,
            ]
            rows.append("<tr>" + cells.enumerated().map { i, v in
                "<td\([0, 2, 3, 4, 6].contains(i) ? #" class="num""# : "")>\(XMLText.escape(v))</td>"
            }.joined() + "</tr>")
        }
        return #"<table class="recs"><thead><tr><th>#</th><th>Track</th><th>DEAM</th><th>Valence</th><th>Arousal</th><th>Sub-emotion</th><th>Distance</th><th>Why</th></tr></thead><tbody>"#
            + rows.joined() + "</tbody></table>"
    }

    static let css = """
        body{margin:0;background:#f6f6f3;color:#1d1d1d;font:15px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
        main{max-width:1280px;margin:0 auto;padding:24px 28px 48px}
        h1{font-size:26px;margin:0 0 6px}h2{font-size:20px;margin:28px 0 10px}h3{font-size:15px;margin:16px 0 6px;color:#444}
        .summary{font-size:16px;color:#333;margin:0 0 18px}
        .layout{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
        figure.plot{margin:0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px;flex:0 1 760px}
        figure.plot svg{width:100%;height:auto;display:block}
        section.profile{flex:1 1 360px;background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px 18px 16px}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:8px 0}dt{font-weight:600;color:#444}dd{margin:0}
        table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
        th,td{padding:5px 9px;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
        th{background:#efefea;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr.unresolved td{color:#999;font-style:italic}
        table.shares td{border:none;padding:2px 6px}table.shares tr.dominant td{font-weight:700}
        td.bar{width:55%}td.bar span{display:block;height:11px;background:#2563c9;border-radius:2px;min-width:1px}
        table.recs td:nth-child(8){color:#555;font-size:13px}
        footer{margin-top:28px;color:#666;font-size:13px}
        """
}

extension CircumplexPlot {
    /// The plot of a playlist analysis with optional recommendations and target.
    public static func forAnalysis(_ analysis: PlaylistAnalysis, recommendations: RecommendationResult? = nil,
                                   target: MoodTarget? = nil) -> CircumplexPlot {
        let tracks = analysis.placedTracks.compactMap { t in t.point.map { CircumplexPlot.Marker(point: $0, label: "\(t.index). \(t.displayName)") } }
        let recs = recommendations?.recommendations.map {
            CircumplexPlot.Marker(point: $0.point, label: "#\($0.rank) \($0.track.displayName)", tag: "\($0.rank)")
        } ?? []
        let profile = analysis.profile
        let title = "\(analysis.name): \(profile.dominantQuadrant.name) / \(profile.dominantSubEmotion.name)"
        return CircumplexPlot(title: title, tracks: tracks, recommendations: recs, profile: profile, target: target,
                              waypoints: recommendations?.waypoints ?? [])
    }
}
