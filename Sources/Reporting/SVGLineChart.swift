import Foundation
import MERModel
import Recommender
import MoodIO

/// A small, dependency-free SVG line chart: axes with "nice" ticks, one
/// polyline with point markers per series, axis labels, a title and a legend.
public struct SVGLineChart: Sendable {
    /// One line of the chart.
    public struct Series: Sendable {
        public var name: String
        /// Points in data coordinates, drawn in the given order.
        public var points: [(x: Double, y: Double)]

        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var width: Double
    public var height: Double

    public init(title: String, xLabel: String, yLabel: String, series: [Series], width: Double = 720, height: Double = 440) {
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

    /// The SVG document.
    public func render() -> String {
        let left = 70.0, right = 170.0, top = 48.0, bottom = 58.0
        let plotW = width - left - right, plotH = height - top - bottom
        let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let xTicks = SVGLineChart.ticks(low: all.map(\.x).min() ?? 0, high: all.map(\.x).max() ?? 1)
        let yTicks = SVGLineChart.ticks(low: all.map(\.y).min() ?? 0, high: all.map(\.y).max() ?? 1)
        let x0 = xTicks.first ?? 0, x1 = xTicks.last ?? 1
        let y0 = yTicks.first ?? 0, y1 = yTicks.last ?? 1
        func px(_ x: Double) -> Double { left + (x - x0) / max(x1 - x0, 1e-12) * plotW }
        func py(_ y: Double) -> Double { top + plotH - (y - y0) / max(y1 - y0, 1e-12) * plotH }

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(left + plotW / 2))" y="26" text-anchor="middle" font-size="16" font-weight="bold">\(XMLText.escape(title))</text>

        """
        for t in yTicks {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(py(t)))\" stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(label(t))</text>\n"
        }
        for t in xTicks {
            svg += "<line x1=\"\(f(px(t)))\" y1=\"\(f(top + plotH))\" x2=\"\(f(px(t)))\" y2=\"\(f(top + plotH + 5))\" stroke=\"black\"/>\n"
            svg += "<text x=\"\(f(px(t)))\" y=\"\(f(top + plotH + 19))\" text-anchor=\"middle\">\(label(t))</text>\n"
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"black\"/>\n"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"black\"/>\n"
        svg += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 14))\" text-anchor=\"middle\">\(XMLText.escape(xLabel))</text>\n"
        svg += "<text x=\"18\" y=\"\(f(top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(f(top + plotH / 2)))\">\(XMLText.escape(yLabel))</text>\n"

        for (i, s) in series.enumerated() {
            let colour = SVGLineChart.palette[i % SVGLineChart.palette.count]
            let points = s.points.filter { $0.x.isFinite && $0.y.isFinite }
            let path = points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(path)\"/>\n"
            for p in points {
                svg += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3\" fill=\"\(colour)\"/>\n"
            }
            let ly = top + 10 + Double(i) * 20
            let lx = left + plotW + 16
            svg += "<line x1=\"\(f(lx))\" y1=\"\(f(ly))\" x2=\"\(f(lx + 22))\" y2=\"\(f(ly))\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            svg += "<text x=\"\(f(lx + 28))\" y=\"\(f(ly + 4))\">\(XMLText.escape(s.name))</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// Writes the SVG atomically (a temporary file renamed into place).
    public func write(to url: URL) throws {
        try AtomicFile.write(render(), to: url)
    }

    private func f(_ v: Double) -> String { NumberText.fixed(v, 1) }

    private func label(_ v: Double) -> String { NumberText.trimmed(v, 3) }
}
