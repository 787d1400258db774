import Foundation
import MERModel
import Recommender
import MoodIO
import MoodIO
import MoodCore

/// An SVG drawing of the circumplex: the four quadrants, the twelve labelled sectors,
/// the playlist's tracks, its profile centre with 1σ and 2σ covariance ellipses, the
/// recommendations in another colour, an optional target and path, and a legend.
///
/// Pure SVG 1.1 with no scripts or external references, so it opens in any browser and
/// can be inlined into HTML. Elements carry classes (`sector-label`, `track`,
/// `recommendation`, `profile-centre`, `ellipse-1sigma`, `ellipse-2sigma`, `target`,
/// `waypoint`) for styling and tests.
public struct CircumplexPlot: Sendable {
    /// A labelled point.
    public struct Marker: Sendable, Equatable {
        public var point: MoodPoint
        /// Tooltip text (e.g. "DEAM 12 – Artist – Title").
        public var label: String
        /// A short tag drawn beside the point (e.g. a rank), or nil.
        public var tag: String?

        public init(point: MoodPoint, label: String, tag: String? = nil) {
            self.point = point
            self.label = label
            self.tag = tag
        }
    }

    public var title: String
    public var tracks: [Marker]
    public var recommendations: [Marker]
    public var profile: MoodProfile?
    public var target: MoodTarget?
    public var waypoints: [MoodPoint]

    public init(title: String, tracks: [Marker], recommendations: [Marker] = [], profile: MoodProfile? = nil,
                target: MoodTarget? = nil, waypoints: [MoodPoint] = []) {
        self.title = title
        self.tracks = tracks
        self.recommendations = recommendations
        self.profile = profile
        self.target = target
        self.waypoints = waypoints
    }

    // Layout: the 1–9 square is `side` pixels, offset by `left`/`top`.
    private let width = 760.0
    private let left = 90.0
    private let top = 70.0
    private let side = 580.0
    private var unit: Double { side / (Circumplex.scale.upperBound - Circumplex.scale.lowerBound) }
    private var legendTop: Double { top + side + 70 }
    private var height: Double { legendTop + 70 }

    static let trackColour = "#2563c9"
    static let recommendationColour = "#e8590c"
    static let centreColour = "#111111"
    static let targetColour = "#8a2be2"
    static let quadrantFills: [Quadrant: String] = [.joy: "#fff4cc", .fear: "#fde0dc", .sadness: "#dde7f6", .contentment: "#dff3e2"]

    private func x(_ valence: Double) -> Double {
        left + (min(max(valence, Circumplex.scale.lowerBound), Circumplex.scale.upperBound) - Circumplex.scale.lowerBound) * unit
    }

    private func y(_ arousal: Double) -> Double {
        top + (Circumplex.scale.upperBound - min(max(arousal, Circumplex.scale.lowerBound), Circumplex.scale.upperBound)) * unit
    }

    private static func f(_ value: Double) -> String { NumberText.fixed(value, 1) }

    /// The SVG document.
    public func svg() -> String {
        var out = [String]()
        let f = CircumplexPlot.f
        out.append(##"<?xml version="1.0" encoding="UTF-8"?>"##)
        out.append(##"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\##(f(width))" height="\##(f(height))" viewBox="0 0 \##(f(width)) \##(f(height))" font-family="Helvetica, Arial, sans-serif" role="img">"##)
        out.append("<title>\(XMLText.escape(title))</title>")
        out.append(##"<rect class="background" x="0" y="0" width="\##(f(width))" height="\##(f(height))" fill="#ffffff"/>"##)
        out.append(##"<text class="plot-title" x="\##(f(width / 2))" y="32" text-anchor="middle" font-size="19" font-weight="bold" fill="#222">\##(XMLText.escape(title))</text>"##)
        drawQuadrants(&out)
        drawRings(&out)
        drawSectors(&out)
        drawAxes(&out)
        drawProfile(&out)
        drawPath(&out)
        var tagPositions = [(Double, Double)]()
        drawMarkers(tracks, className: "track", colour: CircumplexPlot.trackColour, tags: &tagPositions, into: &out)
        drawMarkers(recommendations, className: "recommendation", colour: CircumplexPlot.recommendationColour, tags: &tagPositions, into: &out)
        drawTarget(&out)
        drawCentre(&out)
        drawLegend(&out)
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// Writes the SVG atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(svg(), to: url)
    }

    private func drawQuadrants(_ out: inout [String]) {
        let f = CircumplexPlot.f
        let mid = Circumplex.centre
        let half = side / 2
        for quadrant in Quadrant.allCases {
            let qx = quadrant.highValence ? x(mid) : left
            let qy = quadrant.highArousal ? top : y(mid)
            let fill = CircumplexPlot.quadrantFills[quadrant] ?? "#eeeeee"
            out.append(##"<rect class="quadrant" x="\##(f(qx))" y="\##(f(qy))" width="\##(f(half))" height="\##(f(half))" fill="\##(fill)"/>"##)
            let tx = quadrant.highValence ? left + side - 10 : left + 10
            let ty = quadrant.highArousal ? top + 24 : top + side - 14
            let anchor = quadrant.highValence ? "end" : "start"
            out.append(##"<text class="quadrant-label" x="\##(f(tx))" y="\##(f(ty))" text-anchor="\##(anchor)" font-size="16" font-weight="bold" fill="#555">\##(quadrant.code) \##(quadrant.name)</text>"##)
        }
    }

    private func drawRings(_ out: inout [String]) {
        let f = CircumplexPlot.f
        let cx = x(Circumplex.centre), cy = y(Circumplex.centre)
        for (intensity, dash) in [(1.0, "6 4"), (0.5, "2 4")] {
            out.append(##"<circle class="intensity-ring" cx="\##(f(cx))" cy="\##(f(cy))" r="\##(f(intensity * Circumplex.radius * unit))" fill="none" stroke="#8a8a8a" stroke-width="1" stroke-dasharray="\##(dash)"/>"##)
        }
    }

    private func drawSectors(_ out: inout [String]) {
        let f = CircumplexPlot.f
        let cx = x(Circumplex.centre), cy = y(Circumplex.centre)
        let rim = Circumplex.radius * unit
        for k in 0..<12 where k % 3 != 0 {
            let angle = Double(k) * 30 * .pi / 180
            out.append(##"<line class="sector-line" x1="\##(f(cx))" y1="\##(f(cy))" x2="\##(f(cx + rim * cos(angle)))" y2="\##(f(cy - rim * sin(angle)))" stroke="#a0a0a0" stroke-width="0.8"/>"##)
        }
        for sub in SubEmotion.allCases {
            let angle = sub.centreAngle * .pi / 180
            let r = rim * 0.86
            let lx = cx + r * cos(angle), ly = cy - r * sin(angle) + 4
            out.append(##"<text class="sector-label" x="\##(f(lx))" y="\##(f(ly))" text-anchor="middle" font-size="12.5" fill="#444" stroke="#ffffff" stroke-width="3" stroke-opacity="0.8" paint-order="stroke">\##(sub.name)</text>"##)
        }
    }

    private func drawAxes(_ out: inout [String]) {
        let f = CircumplexPlot.f
        let cx = x(Circumplex.centre), cy = y(Circumplex.centre)
        out.append(##"<rect class="frame" x="\##(f(left))" y="\##(f(top))" width="\##(f(side))" height="\##(f(side))" fill="none" stroke="#333" stroke-width="1.2"/>"##)
        out.append(##"<line class="axis" x1="\##(f(left))" y1="\##(f(cy))" x2="\##(f(left + side))" y2="\##(f(cy))" stroke="#333" stroke-width="1.4"/>"##)
        out.append(##"<line class="axis" x1="\##(f(cx))" y1="\##(f(top))" x2="\##(f(cx))" y2="\##(f(top + side))" stroke="#333" stroke-width="1.4"/>"##)
        for tick in 1...9 {
            let tx = x(Double(tick)), ty = y(Double(tick))
            out.append(##"<line class="tick" x1="\##(f(tx))" y1="\##(f(top + side))" x2="\##(f(tx))" y2="\##(f(top + side + 6))" stroke="#333"/>"##)
            out.append(##"<text class="tick-label" x="\##(f(tx))" y="\##(f(top + side + 21))" text-anchor="middle" font-size="12" fill="#333">\##(tick)</text>"##)
            out.append(##"<line class="tick" x1="\##(f(left - 6))" y1="\##(f(ty))" x2="\##(f(left))" y2="\##(f(ty))" stroke="#333"/>"##)
            out.append(##"<text class="tick-label" x="\##(f(left - 10))" y="\##(f(ty + 4))" text-anchor="end" font-size="12" fill="#333">\##(tick)</text>"##)
        }
        out.append(##"<text class="axis-title" x="\##(f(left + side / 2))" y="\##(f(top + side + 46))" text-anchor="middle" font-size="14" fill="#222">Valence (displeasure → pleasure)</text>"##)
        let ay = top + side / 2
        out.append(##"<text class="axis-title" x="\##(f(left - 48))" y="\##(f(ay))" text-anchor="middle" font-size="14" fill="#222" transform="rotate(-90 \##(f(left - 48)) \##(f(ay)))">Arousal (calm → excited)</text>"##)
    }

    private func drawProfile(_ out: inout [String]) {
        guard let profile else { return }
        let f = CircumplexPlot.f
        let eigen = profile.covariance.eigen
        guard eigen.major > 1e-12 else { return }
        let cx = x(profile.centre.valence), cy = y(profile.centre.arousal)
        // SVG's y axis points down, so a counter-clockwise angle in data space is negative here.
        let degrees = -atan2(eigen.majorAxis.a, eigen.majorAxis.v) * 180 / .pi
        for (k, className, dash) in [(1.0, "ellipse-1sigma", ""), (2.0, "ellipse-2sigma", ##" stroke-dasharray="7 5""##)] {
            let rx = k * max(eigen.major, 0).squareRoot() * unit
            let ry = max(k * max(eigen.minor, 0).squareRoot() * unit, 0.5)
            out.append(##"<ellipse class="\##(className)" cx="\##(f(cx))" cy="\##(f(cy))" rx="\##(f(rx))" ry="\##(f(ry))" transform="rotate(\##(f(degrees)) \##(f(cx)) \##(f(cy)))" fill="\##(k == 1 ? "rgba(17,17,17,0.06)" : "none")" stroke="#111" stroke-width="\##(k == 1 ? "1.8" : "1.3")"\##(dash)/>"##)
        }
    }

    private func drawPath(_ out: inout [String]) {
        let f = CircumplexPlot.f
        if waypoints.count >= 2 {
            let points = waypoints.map { "\(f(x($0.valence))),\(f(y($0.arousal)))" }.joined(separator: " ")
            out.append(##"<polyline class="path" points="\##(points)" fill="none" stroke="\##(CircumplexPlot.targetColour)" stroke-width="2" stroke-dasharray="5 4"/>"##)
            for (i, waypoint) in waypoints.enumerated() {
                out.append(##"<circle class="waypoint" cx="\##(f(x(waypoint.valence)))" cy="\##(f(y(waypoint.arousal)))" r="4" fill="#ffffff" stroke="\##(CircumplexPlot.targetColour)" stroke-width="2"><title>step \##(i + 1): \##(XMLText.escape(waypoint.description))</title></circle>"##)
            }
        }
    }

    private func drawTarget(_ out: inout [String]) {
        if let target {
            let tx = x(target.point.valence), ty = y(target.point.arousal)
            out.append(##"<path class="target" d="\##(starPath(cx: tx, cy: ty, outer: 11, inner: 4.5))" fill="\##(CircumplexPlot.targetColour)" stroke="#ffffff" stroke-width="1"><title>target: \##(XMLText.escape(target.label))</title></path>"##)
        }
    }

    /// Draws markers; tags go beside their point where they do not overlap earlier tags
    /// (tried at four offsets), and are left out where every offset would overlap.
    private func drawMarkers(_ markers: [Marker], className: String, colour: String, tags: inout [(Double, Double)],
                             into out: inout [String]) {
        let f = CircumplexPlot.f
        for marker in markers {
            let mx = x(marker.point.valence), my = y(marker.point.arousal)
            let tooltip = "<title>\(XMLText.escape(marker.label)) (\(XMLText.escape(marker.point.description)))</title>"
            if className == "recommendation" {
                let s = 6.5
                out.append(##"<path class="\##(className)" d="M\##(f(mx)) \##(f(my - s)) L\##(f(mx + s)) \##(f(my)) L\##(f(mx)) \##(f(my + s)) L\##(f(mx - s)) \##(f(my)) Z" fill="\##(colour)" fill-opacity="0.9" stroke="#ffffff" stroke-width="1">\##(tooltip)</path>"##)
            } else {
                out.append(##"<circle class="\##(className)" cx="\##(f(mx))" cy="\##(f(my))" r="5.5" fill="\##(colour)" fill-opacity="0.85" stroke="#ffffff" stroke-width="1">\##(tooltip)</circle>"##)
            }
            if let tag = marker.tag {
                let width = 6.5 * Double(tag.count) + 2
                let offsets: [(Double, Double)] = [(8, -6), (8, 14), (-8 - width, -6), (-8 - width, 14)]
                let free = offsets.map { (mx + $0.0, my + $0.1) }.first { spot in
                    !tags.contains { abs($0.0 - spot.0) < width + 2 && abs($0.1 - spot.1) < 12 }
                }
                if let (tx, ty) = free {
                    tags.append((tx, ty))
                    out.append(##"<text class="\##(className)-tag" x="\##(f(tx))" y="\##(f(ty))" font-size="10.5" fill="\##(colour)" font-weight="bold" stroke="#ffffff" stroke-width="2.5" paint-order="stroke">\##(XMLText.escape(tag))</text>"##)
                }
            }
        }
    }

    private func drawCentre(_ out: inout [String]) {
        guard let profile else { return }
        let f = CircumplexPlot.f
        let cx = x(profile.centre.valence), cy = y(profile.centre.arousal)
        out.append(##"<g class="profile-centre"><title>profile centre: \##(XMLText.escape(profile.centre.description)), \##(profile.dominantSubEmotion.name)</title><circle cx="\##(f(cx))" cy="\##(f(cy))" r="8" fill="#ffffff" stroke="\##(CircumplexPlot.centreColour)" stroke-width="2.5"/><line x1="\##(f(cx - 5))" y1="\##(f(cy))" x2="\##(f(cx + 5))" y2="\##(f(cy))" stroke="\##(CircumplexPlot.centreColour)" stroke-width="2"/><line x1="\##(f(cx))" y1="\##(f(cy - 5))" x2="\##(f(cx))" y2="\##(f(cy + 5))" stroke="\##(CircumplexPlot.centreColour)" stroke-width="2"/></g>"##)
    }

    private func drawLegend(_ out: inout [String]) {
        let f = CircumplexPlot.f
        var items: [(symbol: String, text: String)] = []
        let y0 = legendTop
        func at(_ i: Int) -> (Double, Double) { (left + Double(i % 3) * 200, y0 + Double(i / 3) * 26) }
        items.append((##"<circle cx="0" cy="0" r="5.5" fill="\##(CircumplexPlot.trackColour)"/>"##, "playlist track (\(tracks.count))"))
        if !recommendations.isEmpty {
            items.append((##"<path d="M0 -6.5 L6.5 0 L0 6.5 L-6.5 0 Z" fill="\##(CircumplexPlot.recommendationColour)"/>"##, "recommendation (\(recommendations.count))"))
        }
        if profile != nil {
            items.append((##"<circle cx="0" cy="0" r="7" fill="#ffffff" stroke="#111" stroke-width="2.5"/>"##, "profile centre"))
            items.append((##"<line x1="-9" y1="0" x2="9" y2="0" stroke="#111" stroke-width="1.8"/>"##, "1σ covariance ellipse"))
            items.append((##"<line x1="-9" y1="0" x2="9" y2="0" stroke="#111" stroke-width="1.3" stroke-dasharray="4 3"/>"##, "2σ covariance ellipse"))
        }
        if target != nil {
            items.append((##"<path d="\##(starPath(cx: 0, cy: 0, outer: 9, inner: 3.8))" fill="\##(CircumplexPlot.targetColour)"/>"##, waypoints.count >= 2 ? "target and path" : "target"))
        }
        out.append(##"<g class="legend">"##)
        for (i, item) in items.enumerated() {
            let (lx, ly) = at(i)
            out.append(##"<g transform="translate(\##(f(lx + 8)) \##(f(ly)))">\##(item.symbol)<text x="16" y="4.5" font-size="13" fill="#222">\##(XMLText.escape(item.text))</text></g>"##)
        }
        out.append("</g>")
    }

    private func starPath(cx: Double, cy: Double, outer: Double, inner: Double) -> String {
        let f = CircumplexPlot.f
        var parts = [String]()
        for i in 0..<10 {
            let r = i % 2 == 0 ? outer : inner
            let angle = (-90 + Double(i) * 36) * .pi / 180
            parts.append("\(i == 0 ? "M" : "L")\(f(cx + r * cos(angle))) \(f(cy + r * sin(angle)))")
        }
        return parts.joined(separator: " ") + " Z"
    }
}
