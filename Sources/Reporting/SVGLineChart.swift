import Foundation
import MERModel
import Recommender
import MoodIO
import MoodCore

/// A small, dependency-free SVG line chart (written with `SVGBuilder`): axes with "nice"
/// ticks, one polyline with point markers per series, axis labels, a title and a legend.
public struct SVGLineChart: Sendable {
    /// One line of the chart.
    public struct Series: Sendable {
        public var name: String
        /// Points in data coordinates, drawn in the given order; a non-finite point breaks the line.
        public var points: [(x: Double, y: Double)]
        /// Tooltips, one per point (optional).
        public var pointLabels: [String]
        /// The line's colour (default: the palette's next).
        public var colour: String?

        public init(name: String, points: [(x: Double, y: Double)], pointLabels: [String] = [], colour: String? = nil) {
            self.name = name
            self.points = points
            self.pointLabels = pointLabels
            self.colour = colour
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var width: Double
    public var height: Double
    /// A fixed y range (default: the data's).
    public var yDomain: ClosedRange<Double>?
    /// Dashed horizontal lines with a label (e.g. the scale's neutral midpoint).
    public var referenceLines: [(value: Double, label: String)]
    /// Fixed x ticks (default: "nice" ticks covering the data); the first and last bound the axis.
    public var xTicks: [Double]?

    public init(title: String, xLabel: String, yLabel: String, series: [Series], width: Double = 720, height: Double = 440,
                yDomain: ClosedRange<Double>? = nil, referenceLines: [(value: Double, label: String)] = [], xTicks: [Double]? = nil) {
        self.yDomain = yDomain
        self.xTicks = xTicks
        self.referenceLines = referenceLines
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.width = width
        self.height = height
    }

    /// Line colours, cycled (colour-blind-friendly Okabe–Ito palette).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    /// "Nice" tick values (steps of 1, 2 or 5 × 10ⁿ) covering `low...high`.
    public static func ticks(low: Double, high: Double, targetCount: Int = 6) -> [Double] {
        guard low.isFinite, high.isFinite else { return [] }
        var lo = low, hi = high
        if hi <= lo { lo -= 0.5; hi += 0.5 }
        let rawStep = (hi - lo) / Double(max(targetCount - 1, 1))
        let magnitude = pow(10, (log10(rawStep)).rounded(.down))
        let residual = rawStep / magnitude
        let step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10) * magnitude
        let first = Int((lo / step + 1e-9).rounded(.down)), last = Int((hi / step - 1e-9).rounded(.up))
        return (first...max(first, last)).map { Double($0) * step }
    }

    /// The SVG document (with an XML declaration).
    public func render() -> String { builder().document }

    /// The `<svg>` element alone, for inlining into HTML.
    public func svgElement() -> String { builder().markup }

    private func builder() -> SVGBuilder {
        let left = 70.0, right = 170.0, top = 48.0, bottom = 58.0
        let plotW = width - left - right, plotH = height - top - bottom
        let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let xTicks = self.xTicks.flatMap { $0.count >= 2 ? $0 : nil }
            ?? SVGLineChart.ticks(low: all.map(\.x).min() ?? 0, high: all.map(\.x).max() ?? 1)
        let yTicks = yDomain.map { SVGLineChart.ticks(low: $0.lowerBound, high: $0.upperBound, targetCount: 9) }
            ?? SVGLineChart.ticks(low: all.map(\.y).min() ?? 0, high: all.map(\.y).max() ?? 1)
        let x0 = xTicks.first ?? 0, x1 = xTicks.last ?? 1
        let y0 = yTicks.first ?? 0, y1 = yTicks.last ?? 1
        func px(_ x: Double) -> Double { left + (x - x0) / max(x1 - x0, 1e-12) * plotW }
        func py(_ y: Double) -> Double { top + plotH - (y - y0) / max(y1 - y0, 1e-12) * plotH }

        return SVGBuilder.svg(width: width, height: height, title: title, attributes: ["class": "line-chart", "font-size": 12]) { svg in
            svg.element("rect", ["width": "100%", "height": "100%", "fill": "white"])
            svg.element("text", ["class": "chart-title", "x": left + plotW / 2, "y": 26, "text-anchor": "middle", "font-size": 16, "font-weight": "bold"], text: title)
            for t in yTicks {
                svg.element("line", ["class": "grid", "x1": left, "y1": py(t), "x2": left + plotW, "y2": py(t), "stroke": "#e5e5e5"])
                svg.element("text", ["class": "tick-label", "x": left - 8, "y": py(t) + 4, "text-anchor": "end"], text: label(t))
            }
            for reference in referenceLines where reference.value >= y0 && reference.value <= y1 {
                svg.element("line", ["class": "reference", "x1": left, "y1": py(reference.value), "x2": left + plotW, "y2": py(reference.value),
                                     "stroke": "#777", "stroke-dasharray": "5 4"])
                svg.element("text", ["class": "reference-label", "x": left + plotW - 4, "y": py(reference.value) - 5, "text-anchor": "end",
                                     "fill": "#555", "font-size": 11], text: reference.label)
            }
            for t in xTicks {
                svg.element("line", ["class": "tick", "x1": px(t), "y1": top + plotH, "x2": px(t), "y2": top + plotH + 5, "stroke": "black"])
                svg.element("text", ["class": "tick-label", "x": px(t), "y": top + plotH + 19, "text-anchor": "middle"], text: label(t))
            }
            svg.element("line", ["class": "axis", "x1": left, "y1": top + plotH, "x2": left + plotW, "y2": top + plotH, "stroke": "black"])
            svg.element("line", ["class": "axis", "x1": left, "y1": top, "x2": left, "y2": top + plotH, "stroke": "black"])
            svg.element("text", ["class": "axis-title", "x": left + plotW / 2, "y": height - 14, "text-anchor": "middle"], text: xLabel)
            svg.element("text", ["class": "axis-title", "x": 18, "y": top + plotH / 2, "text-anchor": "middle",
                                 "transform": SVGTransform.rotate(-90, 18, top + plotH / 2)], text: yLabel)

            for (i, s) in series.enumerated() {
                let colour = s.colour ?? SVGLineChart.palette[i % SVGLineChart.palette.count]
                svg.group("g", ["class": "series", "data-series": s.name]) { g in
                    // A point that is not finite breaks the line (an unplaced track, say).
                    var run = [(Double, Double)]()
                    func flush() {
                        if run.count >= 2 {
                            g.element("polyline", ["fill": "none", "stroke": colour, "stroke-width": 2.0, "points": SVGPoints(run)])
                        }
                        run = []
                    }
                    for p in s.points {
                        if p.x.isFinite && p.y.isFinite { run.append((px(p.x), py(p.y))) } else { flush() }
                    }
                    flush()
                    for (k, p) in s.points.enumerated() where p.x.isFinite && p.y.isFinite {
                        let tip = k < s.pointLabels.count ? s.pointLabels[k] : nil
                        g.element("circle", ["class": "point", "cx": px(p.x), "cy": py(p.y), "r": 3.0, "fill": colour], title: tip)
                    }
                }
                let ly = top + 10 + Double(i) * 20
                let lx = left + plotW + 16
                svg.group("g", ["class": "legend-item", "data-series": s.name]) { g in
                    g.element("line", ["x1": lx, "y1": ly, "x2": lx + 22, "y2": ly, "stroke": colour, "stroke-width": 2.0])
                    g.element("text", ["x": lx + 28, "y": ly + 4], text: s.name)
                }
            }
        }
    }

    /// Writes the SVG atomically (a temporary file renamed into place).
    public func write(to url: URL) throws {
        try AtomicFile.write(render(), to: url)
    }

    private func label(_ v: Double) -> String { NumberText.trimmed(v, 3) }
}

extension SVGLineChart {
    /// The mood timeline: valence and arousal of each placed track along the playlist's order
    /// (1–9 scale, the neutral midpoint dashed; unplaced entries break the lines).
    public static func timeline(for analysis: PlaylistAnalysis, width: Double = 1100, height: Double = 340) -> SVGLineChart {
        func series(_ name: String, colour: String, _ value: (MoodPoint) -> Double) -> Series {
            let points = analysis.tracks.map { t in (x: Double(t.index), y: t.point.map(value) ?? .nan) }
            let labels = analysis.tracks.map { t in
                "\(t.index). \(t.displayName)" + (t.point.map { ": \(name.lowercased()) \(NumberText.fixed(value($0), 2)), \($0.subEmotion.name)" } ?? " (not placed)")
            }
            return Series(name: name, points: points, pointLabels: labels, colour: colour)
        }
        return SVGLineChart(
            title: "Mood timeline of \(analysis.name): valence and arousal in playlist order", xLabel: "position in the playlist",
            yLabel: "rating (1–9)",
            series: [series("Valence", colour: "#D55E00") { $0.valence }, series("Arousal", colour: "#0072B2") { $0.arousal }],
            width: width, height: height, yDomain: Circumplex.scale,
            referenceLines: [(Circumplex.centre, "neutral (5)")],
            xTicks: analysis.tracks.count <= 30 ? (1...max(analysis.tracks.count, 2)).map(Double.init) : nil)
    }
}
