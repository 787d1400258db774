import Foundation
import MERModel
import Recommender
import MoodIO
import MoodCore

/// A self-contained HTML page (inline SVG, CSS and a few lines of script; no network, no
/// external files) with the circumplex plot, the mood timeline, the playlist's tracks, its
/// profile and the recommendations. Hovering a point, a key entry or a table row highlights
/// the track everywhere and shows its name and coordinates.
public struct HTMLReport: Sendable {
    public var analysis: PlaylistAnalysis
    public var recommendations: RecommendationResult?
    public var target: MoodTarget?
    /// Lines describing how the report was made (model, catalog, options).
    public var notes: [String]
    /// Catalog rows of the playlist's songs by catalog id (their predictions and human ratings, for arrows).
    public var catalogTracks: [Int64: CatalogTrack]
    /// Draw prediction → human-rating arrows in the plot.
    public var ratingArrows: Bool

    public init(analysis: PlaylistAnalysis, recommendations: RecommendationResult? = nil, target: MoodTarget? = nil, notes: [String] = [],
                catalogTracks: [Int64: CatalogTrack] = [:], ratingArrows: Bool = false) {
        self.analysis = analysis
        self.recommendations = recommendations
        self.target = target
        self.notes = notes
        self.catalogTracks = catalogTracks
        self.ratingArrows = ratingArrows
    }

    /// The plot the report embeds.
    public var plot: CircumplexPlot {
        CircumplexPlot.forAnalysis(analysis, recommendations: recommendations, target: target,
                                   catalogTracks: catalogTracks, ratingArrows: ratingArrows)
    }

    /// The timeline the report embeds.
    public var timeline: SVGLineChart { SVGLineChart.timeline(for: analysis) }

    /// What was asked, in a few words: "sad.xspf → Joy in 5 steps", "sad.xspf → Joy",
    /// "sad.xspf: 5 songs like it", or "sad.xspf: mood profile".
    public static func heading(_ analysis: PlaylistAnalysis, recommendations: RecommendationResult?, target: MoodTarget?) -> String {
        if let target {
            let steps = recommendations?.waypoints.count ?? 0
            return "\(analysis.name) → \(target.label)" + (steps >= 2 ? " in \(steps) steps" : "")
        }
        if let recommendations {
            let n = recommendations.recommendations.count
            return "\(analysis.name): \(n) song\(n == 1 ? "" : "s") like it"
        }
        return "\(analysis.name): mood profile"
    }

    /// The HTML document.
    public func html() -> String {
        let profile = analysis.profile
        let heading = HTMLReport.heading(analysis, recommendations: recommendations, target: target)
        var h = [String]()
        h.append("<!DOCTYPE html>")
        h.append(#"<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">"#)
        h.append("<title>Mood report: \(XMLText.escape(heading))</title>")
        h.append("<style>\(HTMLReport.css)</style></head><body><main>")
        h.append("<h1>\(XMLText.escape(heading))</h1>")
        h.append(#"<p class="summary">\#(XMLText.escape(HTMLReport.summary(profile)))</p>"#)
        h.append(#"<figure class="plot">\#(plot.svgElement())</figure>"#)
        h.append(#"<div id="hover-card" class="hover-card" hidden></div>"#)
        h.append(#"<figure class="timeline">\#(timeline.svgElement())</figure>"#)
        h.append(#"<section class="profile"><h2>Profile</h2><div class="columns"><div>"#)
        h.append(definitionList(profile))
        h.append("</div><div><h3>Quadrants</h3>")
        h.append(shareTable(profile.quadrants, dominant: profile.dominantQuadrant.name))
        h.append("<h3>Sub-emotions</h3>")
        h.append(shareTable(profile.subEmotions.filter { $0.count > 0 }, dominant: profile.dominantSubEmotion.name))
        h.append("</div></div></section>")
        h.append("<h2>Tracks (\(analysis.placedTracks.count) of \(analysis.tracks.count) placed)</h2>")
        h.append(trackTable())
        if let recommendations {
            h.append("<h2>Recommendations</h2>")
            h.append(recommendationTable(recommendations))
        }
        if !notes.isEmpty {
            h.append(#"<footer><ul>\#(notes.map { "<li>\(XMLText.escape($0))</li>" }.joined())</ul></footer>"#)
        }
        h.append("</main><script>\(HTMLReport.script)</script></body></html>")
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
            + "centre \(profile.centre.description), \(profile.centre.subEmotion.name); spread \(NumberText.fixed(profile.spread, 2)); "
            + "coherence \(NumberText.fixed(profile.coherence, 2)) (\(profile.coherenceLabel))."
    }

    private func definitionList(_ p: MoodProfile) -> String {
        let c = p.covariance
        let rows: [(String, String)] = [
            ("Tracks placed", "\(p.trackCount)"),
            ("Centre", "\(p.centre.description) (\(p.centre.quadrant.name) / \(p.centre.subEmotion.name), intensity \(NumberText.fixed(p.centre.intensity, 2)))"),
            ("Covariance", "[[\(NumberText.fixed(c.vv, 3)), \(NumberText.fixed(c.va, 3))], [\(NumberText.fixed(c.va, 3)), \(NumberText.fixed(c.aa, 3))]]"),
            ("Spread", NumberText.fixed(p.spread, 2) + " (RMS distance from the centre)"),
            ("Coherence", NumberText.fixed(p.coherence, 2) + " — " + p.coherenceLabel),
            ("Mean intensity", NumberText.fixed(p.meanIntensity, 2)),
            ("Dominant", "\(p.dominantQuadrant.name) / \(p.dominantSubEmotion.name)"),
        ]
        return "<dl>" + rows.map { "<dt>\(XMLText.escape($0.0))</dt><dd>\(XMLText.escape($0.1))</dd>" }.joined() + "</dl>"
    }

    private func shareTable(_ shares: [MoodShare], dominant: String) -> String {
        var rows = [String]()
        for share in shares {
            let percent = share.share * 100
            let cls = share.name == dominant ? #" class="dominant""# : ""
            rows.append(#"<tr\#(cls)><td>\#(XMLText.escape(share.name))</td><td class="num">\#(share.count)</td><td class="bar"><span style="width:\#(NumberText.fixed(percent, 1))%"></span></td><td class="num">\#(NumberText.fixed(percent, 0) + "%")</td></tr>"#)
        }
        return #"<table class="shares"><tbody>\#(rows.joined())</tbody></table>"#
    }

    private func trackTable() -> String {
        var rows = [String]()
        var placed = 0
        for t in analysis.tracks {
            if t.point != nil { placed += 1 }
            let key = t.point == nil ? "" : #" data-key="t\#(placed)""#
            let p = t.point
            func number(_ value: Double?) -> String { value.map { NumberText.fixed($0, 2) } ?? "–" }
            var cells: [String] = ["\(t.index)", t.displayName, t.status.rawValue]
            cells.append(number(p?.valence))
            cells.append(number(p?.arousal))
            cells.append(p?.quadrant.name ?? "–")
            cells.append(p?.subEmotion.name ?? "–")
            cells.append(number(p?.intensity))
            let detail = t.detail.map { #" title="\#(XMLText.escape($0))""# } ?? ""
            rows.append("<tr\(t.point == nil ? #" class="unresolved""# : "")\(key)\(detail)>" + cells.enumerated().map { i, v in
                "<td\(i == 0 || (3...4).contains(i) || i == 7 ? #" class="num""# : "")>\(XMLText.escape(v))</td>"
            }.joined() + "</tr>")
        }
        return #"<table class="tracks"><thead><tr><th>#</th><th>Track</th><th>Status</th><th>Valence</th><th>Arousal</th><th>Quadrant</th><th>Sub-emotion</th><th>Intensity</th></tr></thead><tbody>"#
            + rows.joined() + "</tbody></table>"
    }

    private func recommendationTable(_ result: RecommendationResult) -> String {
        var rows = [String]()
        for (i, r) in result.recommendations.enumerated() {
            let cells = [
                "\(r.rank)", r.track.displayName, r.track.deamID.map(String.init) ?? "–",
                NumberText.fixed(r.point.valence, 2), NumberText.fixed(r.point.arousal, 2),
                r.point.subEmotion.name, NumberText.fixed(r.distance, 2), r.reason,
            ]
            rows.append(#"<tr data-key="r\#(i + 1)">"# + cells.enumerated().map { i, v in
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
        figure{margin:0 0 18px;background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px}
        figure svg{width:100%;height:auto;display:block}
        section.profile{background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px 18px 16px}
        .columns{display:flex;flex-wrap:wrap;gap:8px 40px}.columns>div{flex:1 1 340px}
        .hover-card{position:fixed;z-index:10;pointer-events:none;background:#fffffa;border:1px solid #888;border-radius:4px;padding:5px 9px;font-size:13px;box-shadow:0 2px 6px rgba(0,0,0,.2);max-width:420px}
        .hover-card[hidden]{display:none}
        tr.hl td{background:#fff1c2}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:8px 0}dt{font-weight:600;color:#444}dd{margin:0}
        table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
        th,td{padding:5px 9px;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
        th{background:#efefea;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr.unresolved td{color:#999;font-style:italic}
        table.shares td{border:none;padding:2px 6px}table.shares tr.dominant td{font-weight:700}
        td.bar{width:55%}td.bar span{display:block;height:11px;background:#2563c9;border-radius:2px;min-width:1px}
        table.recs td:nth-child(8){color:#555;font-size:13px}
        footer{margin-top:28px;color:#666;font-size:13px}
        """ + "\n" + CircumplexPlot.css

    /// Hover: highlight a track's point, key entry and table row together, and show its tooltip text.
    static let script = """
        (function(){
          var card = document.getElementById("hover-card");
          function clear(){ document.querySelectorAll(".hl").forEach(function(e){ e.classList.remove("hl"); }); }
          document.addEventListener("mouseover", function(event){
            clear();
            var el = event.target.closest ? event.target.closest("[data-key]") : null;
            if (!el) { card.hidden = true; return; }
            var key = el.getAttribute("data-key");
            document.querySelectorAll('[data-key="' + key + '"]').forEach(function(e){ e.classList.add("hl"); });
            var title = document.querySelector('.circumplex [data-key="' + key + '"] > title');
            if (title) { card.textContent = title.textContent; card.hidden = false; }
          });
          document.addEventListener("mousemove", function(event){
            card.style.left = (event.clientX + 14) + "px";
            card.style.top = (event.clientY + 14) + "px";
          });
        })();
        """
}

extension CircumplexPlot {
    /// The plot of a playlist analysis with optional recommendations and target: tracks tagged
    /// with their playlist position, recommendations with "R" and their rank.
    /// - Parameters:
    ///   - catalogTracks: catalog rows of the playlist's songs by catalog id, for their prediction and human rating.
    ///   - ratingArrows: draw prediction → human-rating arrows where both are known.
    public static func forAnalysis(_ analysis: PlaylistAnalysis, recommendations: RecommendationResult? = nil,
                                   target: MoodTarget? = nil, catalogTracks: [Int64: CatalogTrack] = [:],
                                   ratingArrows: Bool = false) -> CircumplexPlot {
        let tracks = analysis.placedTracks.compactMap { t -> Marker? in
            guard let point = t.point else { return nil }
            let row = t.catalogID.flatMap { catalogTracks[$0] }
            return Marker(point: point, label: t.displayName, tag: "\(t.index)", predicted: row?.predicted, rating: row?.annotation,
                          region: t.placement?.distribution)
        }
        let recs = recommendations?.recommendations.map {
            Marker(point: $0.point, label: $0.track.displayName, tag: "R\($0.rank)", predicted: $0.track.predicted, rating: $0.track.annotation,
                   region: $0.placement.distribution)
        } ?? []
        let profile = analysis.profile
        let share = Int((profile.share(of: profile.dominantQuadrant) * 100).rounded())
        let subtitle = "Mostly \(profile.dominantQuadrant.name) (\(share)%), leaning \(profile.dominantSubEmotion.name) · "
            + "\(analysis.placedTracks.count) of \(analysis.tracks.count) tracks placed · centre \(profile.centre.description)"
        return CircumplexPlot(title: HTMLReport.heading(analysis, recommendations: recommendations, target: target), subtitle: subtitle,
                              tracks: tracks, recommendations: recs, profile: profile, target: target,
                              waypoints: recommendations?.waypoints ?? [], ratingArrows: ratingArrows)
    }
}
