import Foundation
import MERModel
import Recommender
import MoodIO
import MoodCore

/// An SVG drawing of the circumplex: the four quadrants, the twelve labelled sectors, the
/// intensity rings, the playlist's tracks (numbered, keyed to a list beside the plot), its
/// profile centre with 1σ and 2σ covariance ellipses (clipped to the frame), the
/// recommendations above everything else, an optional target and path, optional
/// prediction → human-rating arrows, and a legend entry for every kind of mark.
///
/// When the data fill a small part of the 1–9 square the plot zooms to them and adds a
/// small inset of the full circle with the zoomed window marked.
///
/// Pure SVG 1.1 with no scripts or external references (written with `SVGBuilder`), so it
/// opens in any browser and can be inlined into HTML. Marks carry classes (`track`,
/// `recommendation`, `profile-centre`, `ellipse-1sigma`, `ellipse-2sigma`, `intensity-ring`,
/// `sector-line`, `target`, `path`, `waypoint`, `rating-arrow`, `zoom-window`, `track-tag`,
/// `recommendation-tag`, `key-entry`, `legend-item` with `data-mark`) for styling and tests.
///
/// Drawing happens in `Layer` order; a new kind of mark (say, a confidence region per
/// track) is one more `Layer` case drawn by one more method, clipped with `frameClip`.
public struct CircumplexPlot: Sendable {
    /// A labelled point.
    public struct Marker: Sendable, Equatable {
        public var point: MoodPoint
        /// The full name shown in the key and the tooltip (e.g. "Artist – Title").
        public var label: String
        /// A short tag drawn beside the point and in the key (e.g. the playlist position), or nil.
        public var tag: String?
        /// The model's prediction and the human rating, where both are known (for rating arrows).
        public var predicted: MoodPoint?
        public var rating: MoodPoint?
        /// The predictive distribution of a model placement, drawn as its 80% region.
        public var region: PlacementDistribution?

        public init(point: MoodPoint, label: String, tag: String? = nil, predicted: MoodPoint? = nil, rating: MoodPoint? = nil,
                    region: PlacementDistribution? = nil) {
            self.point = point
            self.label = label
            self.tag = tag
            self.predicted = predicted
            self.rating = rating
            self.region = region
        }

        /// The prediction → rating arrow, when both ends are known and apart.
        var arrow: (from: MoodPoint, to: MoodPoint)? {
            guard let predicted, let rating, predicted.distance(to: rating) > 0.02 else { return nil }
            return (predicted, rating)
        }
    }

    /// Whether to zoom to the data.
    public enum Zoom: Sendable {
        /// Zoom when the data are tight (they would fill little of the full square).
        case auto
        /// Always the whole 1–9 square.
        case full
    }

    public var title: String
    /// A line under the title (e.g. the profile in words), or nil.
    public var subtitle: String?
    public var tracks: [Marker]
    public var recommendations: [Marker]
    public var profile: MoodProfile?
    public var target: MoodTarget?
    public var waypoints: [MoodPoint]
    /// Draw prediction → human-rating arrows for markers that have both.
    public var ratingArrows: Bool
    public var zoom: Zoom

    public init(title: String, subtitle: String? = nil, tracks: [Marker], recommendations: [Marker] = [],
                profile: MoodProfile? = nil, target: MoodTarget? = nil, waypoints: [MoodPoint] = [],
                ratingArrows: Bool = false, zoom: Zoom = .auto) {
        self.title = title
        self.subtitle = subtitle
        self.tracks = tracks
        self.recommendations = recommendations
        self.profile = profile
        self.target = target
        self.waypoints = waypoints
        self.ratingArrows = ratingArrows
        self.zoom = zoom
    }

    static let trackColour = "#2563c9"
    static let recommendationColour = "#e8590c"
    static let centreColour = "#111111"
    static let targetColour = "#8a2be2"
    static let arrowColour = "#2b8a3e"
    static let quadrantFills: [Quadrant: String] = [.joy: "#fff4cc", .fear: "#fde0dc", .sadness: "#dde7f6", .contentment: "#dff3e2"]
    /// The id of the frame's clip path (use `url(#…)` on anything that may run off the frame).
    public static let frameClip = "circumplex-frame-clip"
    static let arrowHead = "circumplex-arrow-head"
    static let tagFontSize = 11.0

    // MARK: Geometry

    /// The data → pixel mapping: the visible square `[v0, v0 + span] × [a0, a0 + span]` drawn
    /// `side` pixels wide at (`left`, `top`).
    public struct Frame: Sendable, Equatable {
        public var left = 84.0, top = 78.0, side = 640.0
        public var v0: Double, a0: Double, span: Double

        public var unit: Double { side / span }
        /// Whether the frame shows less than the whole 1–9 square.
        public var isZoomed: Bool { span < Circumplex.scale.upperBound - Circumplex.scale.lowerBound - 1e-9 }
        public var right: Double { left + side }
        public var bottom: Double { top + side }

        public func x(_ valence: Double) -> Double { left + (min(max(valence, v0), v0 + span) - v0) * unit }
        public func y(_ arousal: Double) -> Double { top + (a0 + span - min(max(arousal, a0), a0 + span)) * unit }
        public func contains(x px: Double, y py: Double, inset: Double = 0) -> Bool {
            px >= left + inset && px <= right - inset && py >= top + inset && py <= bottom - inset
        }
    }

    /// A placed short label (a tag beside its point), in pixels.
    public struct PlacedLabel: Sendable, Equatable {
        public var text: String
        /// `track-tag` or `recommendation-tag`.
        public var className: String
        public var x: Double, y: Double, width: Double, height: Double
        /// The marker's centre, and whether a leader line joins them.
        public var anchorX: Double, anchorY: Double
        public var leader: Bool

        public func overlaps(_ other: Rect) -> Bool { Rect(x: x, y: y, width: width, height: height).overlaps(other) }
        public var rect: Rect { Rect(x: x, y: y, width: width, height: height) }
    }

    /// An axis-aligned rectangle in pixels.
    public struct Rect: Sendable, Equatable {
        public var x: Double, y: Double, width: Double, height: Double
        public init(x: Double, y: Double, width: Double, height: Double) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
        public func overlaps(_ o: Rect) -> Bool {
            x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height
        }
    }

    /// What the plot computes before drawing: the frame and where each tag goes.
    public struct Layout: Sendable {
        public var frame: Frame
        public var labels: [PlacedLabel]
        /// Marker footprints (the labels avoid them).
        public var markerBoxes: [Rect]
        /// Quadrant names in the frame's corners and sector names along their rays (avoiding markers and tags).
        public var quadrantLabels: [(text: String, rect: Rect, anchorEnd: Bool)] = []
        public var sectorLabels: [(text: String, rect: Rect)] = []
    }

    /// The estimated width of `text` at `fontSize` (Helvetica digits and capitals ≈ 0.6 em).
    public static func textWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.6 + 2
    }

    /// Points the view must show.
    private var dataPoints: [MoodPoint] {
        var points = tracks.map(\.point) + recommendations.map(\.point) + waypoints
        if let target { points.append(target.point) }
        if let profile {
            points.append(profile.centre)
            let eigen = profile.covariance.eigen
            // The 1σ ellipse's bounding box (the 2σ one may be clipped).
            let sv = max(profile.covariance.vv, 0).squareRoot(), sa = max(profile.covariance.aa, 0).squareRoot()
            if eigen.major.isFinite {
                points += [MoodPoint(valence: profile.centre.valence - sv, arousal: profile.centre.arousal - sa),
                           MoodPoint(valence: profile.centre.valence + sv, arousal: profile.centre.arousal + sa)]
            }
        }
        if ratingArrows {
            for marker in tracks + recommendations { if let (a, b) = marker.arrow { points += [a, b] } }
        }
        return points.filter { $0.valence.isFinite && $0.arousal.isFinite }
    }

    /// The visible square: the whole scale, or (zoom `.auto`, tight data) a square around the data.
    public var frame: Frame {
        let full = Frame(v0: Circumplex.scale.lowerBound, a0: Circumplex.scale.lowerBound,
                         span: Circumplex.scale.upperBound - Circumplex.scale.lowerBound)
        let points = dataPoints
        guard zoom == .auto, !points.isEmpty else { return full }
        let vs = points.map(\.valence), as_ = points.map(\.arousal)
        let vLow = vs.min()!, vHigh = vs.max()!, aLow = as_.min()!, aHigh = as_.max()!
        let padding = 0.45
        var span = max(vHigh - vLow, aHigh - aLow) + 2 * padding
        span = max(2.5, (span * 2).rounded(.up) / 2)
        // Zoom only when it pays: the data would fill under ~40% of the full square's width.
        guard span <= 5 else { return full }
        let lower = Circumplex.scale.lowerBound, upper = Circumplex.scale.upperBound
        func start(_ low: Double, _ high: Double) -> Double {
            min(max((low + high) / 2 - span / 2, lower), upper - span)
        }
        return Frame(v0: start(vLow, vHigh), a0: start(aLow, aHigh), span: span)
    }

    private var keyLeft: Double { frame.right + 44 }
    /// The plot, then the inset and the key (300 px).
    private var width: Double { frame.right + 44 + 300 }
    private var insetSide: Double { 150 }

    // MARK: Layout of tags

    /// Places every tag beside its marker: the nearest spot (8 directions, growing distance)
    /// that stays in the frame and overlaps no marker and no earlier tag; a leader line joins
    /// tags set further out. Recommendations are placed first.
    public func layout() -> Layout {
        let frame = self.frame
        var boxes = [Rect]()
        func box(_ p: MoodPoint, _ r: Double) -> Rect {
            Rect(x: frame.x(p.valence) - r, y: frame.y(p.arousal) - r, width: 2 * r, height: 2 * r)
        }
        boxes += tracks.map { box($0.point, 6.5) }
        boxes += recommendations.map { box($0.point, 7.5) }
        if let profile { boxes.append(box(profile.centre, 9.5)) }
        if let target { boxes.append(box(target.point, 14)) }
        if waypoints.count >= 2 { boxes += waypoints.map { box($0, 5.5) } }

        // Quadrant names in the corners (the quadrant each corner lies in).
        var quadrantLabels = [(text: String, rect: Rect, anchorEnd: Bool)]()
        var labelled = Set<Quadrant>()
        for (highV, highA) in [(true, true), (false, true), (false, false), (true, false)] {
            let corner = MoodPoint(valence: highV ? frame.v0 + frame.span - 1e-6 : frame.v0, arousal: highA ? frame.a0 + frame.span - 1e-6 : frame.a0)
            let quadrant = corner.quadrant
            guard labelled.insert(quadrant).inserted else { continue }
            let text = "\(quadrant.code) \(quadrant.name)"
            let w = CircumplexPlot.textWidth(text, fontSize: 16) + 4
            let x = highV ? frame.right - 10 - w : frame.left + 10
            let y = highA ? frame.top + 8 : frame.bottom - 30
            quadrantLabels.append((text, Rect(x: x, y: y, width: w, height: 20), highV))
        }
        let fixedBoxes = boxes + quadrantLabels.map(\.rect)

        var placed = [PlacedLabel]()
        let h = CircumplexPlot.tagFontSize + 1
        let directions: [(Double, Double)] = [(1, 0), (1, -1), (0, -1), (-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1)]
        let items = recommendations.compactMap { m in m.tag.map { (m, $0, "recommendation-tag") } }
            + tracks.compactMap { m in m.tag.map { (m, $0, "track-tag") } }
        for (marker, tag, className) in items {
            let mx = frame.x(marker.point.valence), my = frame.y(marker.point.arousal)
            let w = CircumplexPlot.textWidth(tag, fontSize: CircumplexPlot.tagFontSize)
            var best: PlacedLabel?
            search: for distance in [7.5, 12.0, 18, 26, 36, 48, 62, 80] {
                for (dx, dy) in directions {
                    let cx = mx + dx * (distance + w / 2), cy = my + dy * (distance + h / 2)
                    let candidate = PlacedLabel(text: tag, className: className, x: cx - w / 2, y: cy - h / 2, width: w, height: h,
                                                anchorX: mx, anchorY: my, leader: distance > 12)
                    guard frame.contains(x: candidate.x, y: candidate.y, inset: 1),
                          frame.contains(x: candidate.x + w, y: candidate.y + h, inset: 1) else { continue }
                    let padded = Rect(x: candidate.x - 1, y: candidate.y - 1, width: w + 2, height: h + 2)
                    if fixedBoxes.contains(where: { $0.overlaps(padded) }) || placed.contains(where: { $0.overlaps(padded) }) { continue }
                    best = candidate
                    break search
                }
            }
            // Nowhere free (a very crowded plot): put it right of the point; the key still lists it.
            placed.append(best ?? PlacedLabel(text: tag, className: className, x: mx + 7.5, y: my - h / 2, width: w, height: h,
                                              anchorX: mx, anchorY: my, leader: false))
        }
        // Sector names along each sector's middle ray, as far out as the frame and the marks allow.
        var sectorLabels = [(text: String, rect: Rect)]()
        let cx = frame.x(Circumplex.centre), cy = frame.y(Circumplex.centre)
        for sub in SubEmotion.allCases {
            let angle = sub.centreAngle * .pi / 180
            let w = CircumplexPlot.textWidth(sub.name, fontSize: 12.5), sh = 14.0
            var fallback: Rect?
            for fraction in stride(from: 0.86, through: 0.25, by: -0.03) {
                let r = Circumplex.radius * fraction * frame.unit
                let rect = Rect(x: cx + r * cos(angle) - w / 2, y: cy - r * sin(angle) - sh / 2, width: w, height: sh)
                guard frame.contains(x: rect.x, y: rect.y, inset: 3), frame.contains(x: rect.x + w, y: rect.y + sh, inset: 3),
                      !quadrantLabels.contains(where: { $0.rect.overlaps(rect) }) else { continue }
                if fallback == nil { fallback = rect }
                if boxes.contains(where: { $0.overlaps(rect) }) || placed.contains(where: { $0.overlaps(rect) }) { continue }
                fallback = rect
                break
            }
            if let fallback { sectorLabels.append((sub.name, fallback)) }
        }
        return Layout(frame: frame, labels: placed, markerBoxes: boxes, quadrantLabels: quadrantLabels, sectorLabels: sectorLabels)
    }

    // MARK: Drawing

    /// The layers, bottom to top.
    enum Layer: CaseIterable {
        case background, sectorLabels, frame, regions, path, arrows, tracks, centre, recommendations, target, tags, key, legend
    }

    /// The SVG document (with an XML declaration).
    public func svg() -> String { builder().document }

    /// The `<svg>` element alone, for inlining into HTML.
    public func svgElement() -> String { builder().markup }

    /// Writes the SVG atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(svg(), to: url)
    }

    private var legendItems: [LegendItem] { legend() }

    private var height: Double {
        let legendBottom = frame.bottom + 64 + Double((legendItems.count + 3) / 4) * 24 + 10
        return max(legendBottom, keyBottom + 20)
    }

    private func builder() -> SVGBuilder {
        let layout = self.layout()
        return SVGBuilder.svg(width: width, height: height, title: title, attributes: ["class": "circumplex"]) { out in
            out.style(CircumplexPlot.css)
            out.group("defs") { defs in
                defs.group("clipPath", ["id": CircumplexPlot.frameClip]) {
                    $0.element("rect", ["x": layout.frame.left, "y": layout.frame.top, "width": layout.frame.side, "height": layout.frame.side])
                }
                defs.group("marker", ["id": CircumplexPlot.arrowHead, "viewBox": "0 0 10 10", "refX": 9, "refY": 5,
                                      "markerWidth": 7, "markerHeight": 7, "orient": "auto"]) {
                    $0.element("path", ["d": SVGPath.polygon([(0, 0), (10, 5), (0, 10)]), "fill": CircumplexPlot.arrowColour])
                }
            }
            out.element("rect", ["class": "background", "x": 0, "y": 0, "width": width, "height": height, "fill": "#ffffff"])
            out.element("text", ["class": "plot-title", "x": 24.0, "y": 32, "font-size": 20, "font-weight": "bold", "fill": "#222"], text: title)
            if let subtitle {
                out.element("text", ["class": "plot-subtitle", "x": 24.0, "y": 54, "font-size": 14, "fill": "#555"], text: subtitle)
            }
            for layer in Layer.allCases { draw(layer, layout: layout, into: &out) }
        }
    }

    private func draw(_ layer: Layer, layout: Layout, into out: inout SVGBuilder) {
        let frame = layout.frame
        switch layer {
        case .background: drawBackground(frame, &out)
        case .sectorLabels: drawNames(layout, &out)
        case .frame: drawFrame(frame, &out)
        case .regions:
            drawPlacementRegions(frame, &out)
            drawProfileEllipses(frame, &out)
        case .path: drawPath(frame, &out)
        case .arrows: drawArrows(frame, &out)
        case .tracks: drawMarkers(tracks, className: "track", keyPrefix: "t", frame, &out)
        case .centre: drawCentre(frame, &out)
        case .target: drawTarget(frame, &out)
        case .recommendations: drawMarkers(recommendations, className: "recommendation", keyPrefix: "r", frame, &out)
        case .tags: drawTags(layout.labels, &out)
        case .key: drawKey(frame, &out)
        case .legend: drawLegend(frame, &out)
        }
    }

    /// Quadrant fills, intensity rings, sector lines and the centre axes, clipped to the frame.
    private func drawBackground(_ frame: Frame, _ out: inout SVGBuilder) {
        let mid = Circumplex.centre
        let cx = frame.x(mid), cy = frame.y(mid)
        out.group("g", ["class": "background-layer", "clip-path": SVGURL(CircumplexPlot.frameClip)]) { g in
            for quadrant in Quadrant.allCases {
                let x0 = quadrant.highValence ? cx : frame.left, x1 = quadrant.highValence ? frame.right : cx
                let y0 = quadrant.highArousal ? frame.top : cy, y1 = quadrant.highArousal ? cy : frame.bottom
                guard x1 > x0, y1 > y0 else { continue }
                g.element("rect", ["class": "quadrant", "x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0,
                                   "fill": CircumplexPlot.quadrantFills[quadrant] ?? "#eeeeee"])
            }
            for (intensity, dash) in [(1.0, "6 4"), (0.5, "2 4")] {
                g.element("circle", ["class": "intensity-ring", "cx": cx, "cy": cy, "r": intensity * Circumplex.radius * frame.unit,
                                     "fill": "none", "stroke": "#8a8a8a", "stroke-width": 1.0, "stroke-dasharray": dash],
                          title: "intensity \(NumberText.trimmed(intensity, 1))")
            }
            let rim = Circumplex.radius * frame.unit
            for k in 0..<12 where k % 3 != 0 {
                let angle = Double(k) * 30 * .pi / 180
                g.element("line", ["class": "sector-line", "x1": cx, "y1": cy, "x2": cx + rim * cos(angle), "y2": cy - rim * sin(angle),
                                   "stroke": "#a0a0a0", "stroke-width": 0.8])
            }
            g.element("line", ["class": "axis", "x1": frame.left, "y1": cy, "x2": frame.right, "y2": cy, "stroke": "#333", "stroke-width": 1.4])
            g.element("line", ["class": "axis", "x1": cx, "y1": frame.top, "x2": cx, "y2": frame.bottom, "stroke": "#333", "stroke-width": 1.4])
        }
    }

    /// Sector and quadrant names where the layout put them.
    private func drawNames(_ layout: Layout, _ out: inout SVGBuilder) {
        for label in layout.sectorLabels {
            out.element("text", ["class": "sector-label", "x": label.rect.x + label.rect.width / 2, "y": label.rect.y + label.rect.height - 3,
                                 "text-anchor": "middle", "font-size": 12.5, "fill": "#444",
                                 "stroke": "#ffffff", "stroke-width": 3.0, "stroke-opacity": 0.8, "paint-order": "stroke"], text: label.text)
        }
        for label in layout.quadrantLabels {
            out.element("text", ["class": "quadrant-label", "x": label.anchorEnd ? label.rect.x + label.rect.width : label.rect.x,
                                 "y": label.rect.y + 16, "text-anchor": label.anchorEnd ? "end" : "start",
                                 "font-size": 16, "font-weight": "bold", "fill": "#555"], text: label.text)
        }
    }

    private func ticks(_ low: Double, _ span: Double) -> [Double] {
        let step = span <= 3 ? 0.5 : 1
        let first = (low / step).rounded(.up) * step
        return stride(from: first, through: low + span + 1e-9, by: step).map { $0 }
    }

    private func drawFrame(_ frame: Frame, _ out: inout SVGBuilder) {
        out.element("rect", ["class": "frame", "x": frame.left, "y": frame.top, "width": frame.side, "height": frame.side,
                             "fill": "none", "stroke": "#333", "stroke-width": 1.2])
        for tick in ticks(frame.v0, frame.span) {
            let tx = frame.x(tick)
            out.element("line", ["class": "tick", "x1": tx, "y1": frame.bottom, "x2": tx, "y2": frame.bottom + 6, "stroke": "#333"])
            out.element("text", ["class": "tick-label", "x": tx, "y": frame.bottom + 21, "text-anchor": "middle", "font-size": 12, "fill": "#333"],
                        text: NumberText.trimmed(tick, 1))
        }
        for tick in ticks(frame.a0, frame.span) {
            let ty = frame.y(tick)
            out.element("line", ["class": "tick", "x1": frame.left - 6, "y1": ty, "x2": frame.left, "y2": ty, "stroke": "#333"])
            out.element("text", ["class": "tick-label", "x": frame.left - 10, "y": ty + 4, "text-anchor": "end", "font-size": 12, "fill": "#333"],
                        text: NumberText.trimmed(tick, 1))
        }
        out.element("text", ["class": "axis-title", "x": frame.left + frame.side / 2, "y": frame.bottom + 44, "text-anchor": "middle",
                             "font-size": 14, "fill": "#222"],
                    text: "Valence (displeasure → pleasure)" + (frame.isZoomed ? " — zoomed, see inset" : ""))
        let ax = frame.left - 50, ay = frame.top + frame.side / 2
        out.element("text", ["class": "axis-title", "x": ax, "y": ay, "text-anchor": "middle", "font-size": 14, "fill": "#222",
                             "transform": SVGTransform.rotate(-90, ax, ay)], text: "Arousal (calm → excited)")
    }

    /// One ellipse per σ level around the profile centre, clipped to the frame.
    /// The 80% region of every model-placed marker: a light ellipse from its predictive
    /// distribution, orange when the input was unlike DEAM's music.
    private func drawPlacementRegions(_ frame: Frame, _ out: inout SVGBuilder) {
        let scale = PlacementDistribution.regionChiSquare.squareRoot()
        for marker in regionMarkers {
            guard let d = marker.region else { continue }
            let cov = d.sdValence * d.sdArousal * d.correlation
            let eigen = SymmetricMatrix2(vv: d.sdValence * d.sdValence, va: cov, aa: d.sdArousal * d.sdArousal).eigen
            guard eigen.major.isFinite, eigen.major > 0 else { continue }
            let degrees = -atan2(eigen.majorAxis.a, eigen.majorAxis.v) * 180 / .pi
            let colour = d.outOfDistribution ? CircumplexPlot.unlikeColour : CircumplexPlot.trackColour
            CircumplexPlot.ellipse(centre: marker.point, semiMajor: scale * eigen.major.squareRoot(),
                                   semiMinor: scale * max(eigen.minor, 0).squareRoot(), degrees: degrees, frame: frame,
                                   attributes: ["class": "region-80", "fill": colour, "fill-opacity": 0.04, "stroke": colour,
                                                "stroke-opacity": 0.5, "stroke-width": 1.0, "stroke-dasharray": "3 3"],
                                   title: "\(marker.label): 80% region of the model's placement"
                                       + (d.outOfDistribution ? " (unlike DEAM's music: the model is unsure)" : ""),
                                   into: &out)
        }
    }

    /// The markers whose 80% regions are drawn: all of them when there are at most
    /// `maxRegions`; otherwise, so that the regions do not bury the points, the first one (as a
    /// sample of the size) and every one whose input was unlike DEAM's music.
    var regionMarkers: [Marker] {
        let placed = (tracks + recommendations).filter { $0.region != nil }
        guard placed.count > CircumplexPlot.maxRegions else { return placed }
        return placed.enumerated().filter { $0.offset == 0 || ($0.element.region?.outOfDistribution ?? false) }.map(\.element)
    }

    /// The most regions drawn before only a sample and the flagged ones are.
    static let maxRegions = 6

    /// The colour of a region whose input was unlike DEAM's music.
    static let unlikeColour = "#d9480f"

    private func drawProfileEllipses(_ frame: Frame, _ out: inout SVGBuilder) {
        guard let profile else { return }
        let eigen = profile.covariance.eigen
        guard eigen.major > 1e-12, eigen.major.isFinite else { return }
        // SVG's y axis points down, so a counter-clockwise angle in data space is negative here.
        let degrees = -atan2(eigen.majorAxis.a, eigen.majorAxis.v) * 180 / .pi
        for k in [1.0, 2.0] {
            CircumplexPlot.ellipse(centre: profile.centre, semiMajor: k * max(eigen.major, 0).squareRoot(),
                                   semiMinor: k * max(eigen.minor, 0).squareRoot(), degrees: degrees, frame: frame,
                                   attributes: ["class": k == 1 ? "ellipse-1sigma" : "ellipse-2sigma",
                                                "fill": k == 1 ? "rgba(17,17,17,0.06)" : "none", "stroke": "#111",
                                                "stroke-width": k == 1 ? 1.8 : 1.3, "stroke-dasharray": k == 1 ? "none" : "7 5"],
                                   title: "\(k == 1 ? "1σ" : "2σ") covariance ellipse", into: &out)
        }
    }

    /// An ellipse in data units (semi-axes on the 1–9 scale, rotated `degrees` on screen),
    /// clipped to the frame by its group (not by itself: its clip would turn with its transform) — for the profile's ellipses and any per-track region.
    static func ellipse(centre: MoodPoint, semiMajor: Double, semiMinor: Double, degrees: Double, frame: Frame,
                        attributes: SVGBuilder.Attributes, title: String?, into out: inout SVGBuilder) {
        let cx = frame.x(centre.valence), cy = frame.y(centre.arousal)
        out.group("g", ["clip-path": SVGURL(frameClip)]) { g in
            var attrs: [(String, any SVGAttributeValue)] = attributes.map { ($0.key, $0.value) }
            attrs += [("cx", cx), ("cy", cy), ("rx", semiMajor * frame.unit), ("ry", max(semiMinor * frame.unit, 0.5)),
                      ("transform", SVGTransform.rotate(degrees, cx, cy))]
            g.element("ellipse", attrs, title: title)
        }
    }

    private func drawPath(_ frame: Frame, _ out: inout SVGBuilder) {
        guard waypoints.count >= 2 else { return }
        out.element("polyline", ["class": "path", "points": SVGPoints(waypoints.map { (frame.x($0.valence), frame.y($0.arousal)) }),
                                 "fill": "none", "stroke": CircumplexPlot.targetColour, "stroke-width": 2.0, "stroke-dasharray": "5 4"])
        for (i, waypoint) in waypoints.enumerated() {
            out.element("circle", ["class": "waypoint", "cx": frame.x(waypoint.valence), "cy": frame.y(waypoint.arousal), "r": 4.0,
                                   "fill": "#ffffff", "stroke": CircumplexPlot.targetColour, "stroke-width": 2.0],
                        title: "step \(i + 1) of \(waypoints.count): \(waypoint.description)")
        }
    }

    private func drawArrows(_ frame: Frame, _ out: inout SVGBuilder) {
        guard ratingArrows else { return }
        for marker in tracks + recommendations {
            guard let (from, to) = marker.arrow else { continue }
            out.element("line", ["class": "rating-arrow", "x1": frame.x(from.valence), "y1": frame.y(from.arousal),
                                 "x2": frame.x(to.valence), "y2": frame.y(to.arousal), "stroke": CircumplexPlot.arrowColour,
                                 "stroke-width": 1.4, "marker-end": SVGURL(CircumplexPlot.arrowHead)],
                        title: "\(marker.label): model \(from.description) → human rating \(to.description)")
        }
    }

    private func tooltip(_ marker: Marker) -> String {
        "\(marker.tag.map { "\($0). " } ?? "")\(marker.label) (\(marker.point.description), \(marker.point.subEmotion.name))"
    }

    private func drawMarkers(_ markers: [Marker], className: String, keyPrefix: String, _ frame: Frame, _ out: inout SVGBuilder) {
        for (i, marker) in markers.enumerated() {
            let mx = frame.x(marker.point.valence), my = frame.y(marker.point.arousal)
            let key = "\(keyPrefix)\(i + 1)"
            if className == "recommendation" {
                let s = 7.0
                out.element("path", ["class": className, "data-key": key, "d": SVGPath.polygon([(mx, my - s), (mx + s, my), (mx, my + s), (mx - s, my)]),
                                     "fill": CircumplexPlot.recommendationColour, "stroke": "#ffffff", "stroke-width": 1.2], title: tooltip(marker))
            } else {
                out.element("circle", ["class": className, "data-key": key, "cx": mx, "cy": my, "r": 5.5,
                                       "fill": CircumplexPlot.trackColour, "fill-opacity": 0.85, "stroke": "#ffffff", "stroke-width": 1.0],
                            title: tooltip(marker))
            }
        }
    }

    private func drawCentre(_ frame: Frame, _ out: inout SVGBuilder) {
        guard let profile else { return }
        let cx = frame.x(profile.centre.valence), cy = frame.y(profile.centre.arousal)
        let colour = CircumplexPlot.centreColour
        out.group("g", ["class": "profile-centre"], title: "profile centre: \(profile.centre.description), \(profile.dominantSubEmotion.name)") { g in
            g.element("circle", ["cx": cx, "cy": cy, "r": 8.0, "fill": "#ffffff", "fill-opacity": 0.7, "stroke": colour, "stroke-width": 2.5])
            g.element("line", ["x1": cx - 5, "y1": cy, "x2": cx + 5, "y2": cy, "stroke": colour, "stroke-width": 2.0])
            g.element("line", ["x1": cx, "y1": cy - 5, "x2": cx, "y2": cy + 5, "stroke": colour, "stroke-width": 2.0])
        }
    }

    private func drawTarget(_ frame: Frame, _ out: inout SVGBuilder) {
        guard let target else { return }
        // An outline, drawn above the recommendations without hiding those that sit on the target.
        out.element("path", ["class": "target", "d": CircumplexPlot.star(cx: frame.x(target.point.valence), cy: frame.y(target.point.arousal), outer: 14, inner: 6),
                             "fill": "none", "stroke": CircumplexPlot.targetColour, "stroke-width": 2.2, "stroke-linejoin": "round"],
                    title: "target: \(target.label) (\(target.point.description))")
    }

    private func drawTags(_ labels: [PlacedLabel], _ out: inout SVGBuilder) {
        out.group("g", ["class": "tags"]) { g in
            for label in labels {
                let colour = label.className == "track-tag" ? CircumplexPlot.trackColour : CircumplexPlot.recommendationColour
                if label.leader {
                    // From the marker's edge to the nearest point of the tag's box.
                    let ex = min(max(label.anchorX, label.x), label.x + label.width), ey = min(max(label.anchorY, label.y), label.y + label.height)
                    let dx = ex - label.anchorX, dy = ey - label.anchorY, d = max((dx * dx + dy * dy).squareRoot(), 1e-9)
                    g.element("line", ["class": "leader", "x1": label.anchorX + dx / d * 6, "y1": label.anchorY + dy / d * 6, "x2": ex, "y2": ey,
                                       "stroke": colour, "stroke-width": 0.8, "stroke-opacity": 0.7])
                }
                g.element("text", ["class": label.className, "x": label.x + label.width / 2, "y": label.y + label.height - 2.5,
                                   "text-anchor": "middle", "font-size": CircumplexPlot.tagFontSize, "font-weight": "bold", "fill": colour,
                                   "stroke": "#ffffff", "stroke-width": 2.5, "paint-order": "stroke"], text: label.text)
            }
        }
    }

    // MARK: Key, inset and legend

    private var keyRows: [(tag: String, text: String, className: String, key: String, tooltip: String)] {
        var rows = [(String, String, String, String, String)]()
        for (i, m) in tracks.enumerated() { rows.append((m.tag ?? "•", m.label, "track", "t\(i + 1)", tooltip(m))) }
        for (i, m) in recommendations.enumerated() { rows.append((m.tag ?? "•", m.label, "recommendation", "r\(i + 1)", tooltip(m))) }
        return rows
    }

    private var keyTop: Double { frame.top + (frame.isZoomed ? insetSide + 36 : 0) }
    private static let keyRowHeight = 16.0
    private var keyBottom: Double {
        let headers = (tracks.isEmpty ? 0 : 1) + (recommendations.isEmpty ? 0 : 1)
        return keyTop + Double(keyRows.count) * CircumplexPlot.keyRowHeight + Double(headers) * 28 + 8
    }

    /// The small full circle with the zoomed window, then the numbered list of tracks and recommendations.
    private func drawKey(_ frame: Frame, _ out: inout SVGBuilder) {
        let x0 = keyLeft
        if frame.isZoomed { drawInset(frame, x: x0, y: frame.top, into: &out) }
        var y = keyTop
        let maxCharacters = Int((width - x0 - 40) / (12 * 0.55))
        out.group("g", ["class": "key"]) { g in
            for (header, className) in [("Playlist tracks", "track"), ("Recommendations", "recommendation")] {
                let rows = keyRows.filter { $0.className == className }
                guard !rows.isEmpty else { continue }
                y += className == "track" ? 18 : 26
                g.element("text", ["class": "key-header", "x": x0, "y": y, "font-size": 13, "font-weight": "bold", "fill": "#222"], text: header)
                y += 6
                for row in rows {
                    y += CircumplexPlot.keyRowHeight
                    let colour = className == "track" ? CircumplexPlot.trackColour : CircumplexPlot.recommendationColour
                    let text = row.text.count > maxCharacters ? String(row.text.prefix(maxCharacters - 1)) + "…" : row.text
                    g.group("g", ["class": "key-entry", "data-key": row.key], title: row.tooltip) { e in
                        e.element("text", ["x": x0 + 26, "y": y, "text-anchor": "end", "font-size": 12, "font-weight": "bold", "fill": colour], text: row.tag)
                        e.element("text", ["x": x0 + 34, "y": y, "font-size": 12, "fill": "#222"], text: text)
                    }
                }
            }
        }
    }

    private func drawInset(_ frame: Frame, x: Double, y: Double, into out: inout SVGBuilder) {
        let side = insetSide
        let inset = Frame(left: x, top: y, side: side, v0: Circumplex.scale.lowerBound, a0: Circumplex.scale.lowerBound,
                          span: Circumplex.scale.upperBound - Circumplex.scale.lowerBound)
        let cx = inset.x(Circumplex.centre), cy = inset.y(Circumplex.centre)
        out.group("g", ["class": "inset"], title: "The full circumplex; the box is the zoomed area") { g in
            for quadrant in Quadrant.allCases {
                g.element("rect", ["x": quadrant.highValence ? cx : inset.left, "y": quadrant.highArousal ? inset.top : cy,
                                   "width": side / 2, "height": side / 2, "fill": CircumplexPlot.quadrantFills[quadrant] ?? "#eeeeee"])
            }
            g.element("circle", ["cx": cx, "cy": cy, "r": Circumplex.radius * inset.unit, "fill": "none", "stroke": "#8a8a8a", "stroke-dasharray": "4 3"])
            g.element("rect", ["x": inset.left, "y": inset.top, "width": side, "height": side, "fill": "none", "stroke": "#333"])
            for m in tracks {
                g.element("circle", ["cx": inset.x(m.point.valence), "cy": inset.y(m.point.arousal), "r": 1.8, "fill": CircumplexPlot.trackColour])
            }
            for m in recommendations {
                g.element("circle", ["cx": inset.x(m.point.valence), "cy": inset.y(m.point.arousal), "r": 1.8, "fill": CircumplexPlot.recommendationColour])
            }
            g.element("rect", ["class": "zoom-window", "x": inset.x(frame.v0), "y": inset.y(frame.a0 + frame.span),
                               "width": frame.span * inset.unit, "height": frame.span * inset.unit,
                               "fill": "none", "stroke": "#d6336c", "stroke-width": 1.6])
            for quadrant in Quadrant.allCases {
                g.element("text", ["x": quadrant.highValence ? inset.right - 4 : inset.left + 4, "y": quadrant.highArousal ? inset.top + 12 : inset.bottom - 5,
                                   "text-anchor": quadrant.highValence ? "end" : "start", "font-size": 10, "fill": "#666"], text: quadrant.name)
            }
            g.element("text", ["x": inset.left + side + 10, "y": inset.top + 14, "font-size": 12, "fill": "#444"], text: "full circle")
            g.element("text", ["x": inset.left + side + 10, "y": inset.top + 30, "font-size": 12, "fill": "#444"], text: "(box: zoomed area,")
            g.element("text", ["x": inset.left + side + 10, "y": inset.top + 46, "font-size": 12, "fill": "#444"],
                      text: "valence \(NumberText.trimmed(frame.v0, 1))–\(NumberText.trimmed(frame.v0 + frame.span, 1)),")
            g.element("text", ["x": inset.left + side + 10, "y": inset.top + 62, "font-size": 12, "fill": "#444"],
                      text: "arousal \(NumberText.trimmed(frame.a0, 1))–\(NumberText.trimmed(frame.a0 + frame.span, 1)))")
        }
    }

    struct LegendItem {
        /// The class of the marks the entry explains.
        var mark: String
        var text: String
        var symbol: (inout SVGBuilder) -> Void
    }

    /// One entry per kind of mark the plot draws.
    private func legend() -> [LegendItem] {
        var items = [LegendItem]()
        if !tracks.isEmpty {
            items.append(LegendItem(mark: "track", text: "playlist track (\(tracks.count), numbered)") {
                $0.element("circle", ["cx": 0, "cy": 0, "r": 5.5, "fill": CircumplexPlot.trackColour])
            })
        }
        if !recommendations.isEmpty {
            items.append(LegendItem(mark: "recommendation", text: "recommendation (\(recommendations.count))") {
                $0.element("path", ["d": SVGPath.polygon([(0, -7), (7, 0), (0, 7), (-7, 0)]), "fill": CircumplexPlot.recommendationColour])
            })
        }
        if !regionMarkers.isEmpty {
            let all = regionMarkers.count == (tracks + recommendations).filter({ $0.region != nil }).count
            items.append(LegendItem(mark: "region-80", text: all ? "80% region of a model placement" : "80% region (one shown)") {
                $0.element("ellipse", ["cx": 0, "cy": 0, "rx": 9, "ry": 5, "fill": CircumplexPlot.trackColour, "fill-opacity": 0.06,
                                       "stroke": CircumplexPlot.trackColour, "stroke-opacity": 0.6, "stroke-dasharray": "3 3"])
            })
        }
        if let profile {
            items.append(LegendItem(mark: "profile-centre", text: "profile centre (weighted mean)") {
                $0.element("circle", ["cx": 0, "cy": 0, "r": 7, "fill": "#ffffff", "stroke": "#111", "stroke-width": 2.5])
                $0.element("line", ["x1": -4, "y1": 0, "x2": 4, "y2": 0, "stroke": "#111", "stroke-width": 2])
                $0.element("line", ["x1": 0, "y1": -4, "x2": 0, "y2": 4, "stroke": "#111", "stroke-width": 2])
            })
            if profile.covariance.eigen.major > 1e-12 {
                items.append(LegendItem(mark: "ellipse-1sigma", text: "1σ spread (covariance ellipse)") {
                    $0.element("line", ["x1": -9, "y1": 0, "x2": 9, "y2": 0, "stroke": "#111", "stroke-width": 1.8])
                })
                items.append(LegendItem(mark: "ellipse-2sigma", text: "2σ spread") {
                    $0.element("line", ["x1": -9, "y1": 0, "x2": 9, "y2": 0, "stroke": "#111", "stroke-width": 1.3, "stroke-dasharray": "4 3"])
                })
            }
        }
        if let target {
            items.append(LegendItem(mark: "target", text: "target: \(target.label)") {
                $0.element("path", ["d": CircumplexPlot.star(cx: 0, cy: 0, outer: 10, inner: 4.3), "fill": "none", "stroke": CircumplexPlot.targetColour,
                                    "stroke-width": 2, "stroke-linejoin": "round"])
            })
        }
        if waypoints.count >= 2 {
            items.append(LegendItem(mark: "path", text: "path to the target") {
                $0.element("line", ["x1": -9, "y1": 0, "x2": 9, "y2": 0, "stroke": CircumplexPlot.targetColour, "stroke-width": 2, "stroke-dasharray": "5 4"])
            })
            items.append(LegendItem(mark: "waypoint", text: "path step (\(waypoints.count))") {
                $0.element("circle", ["cx": 0, "cy": 0, "r": 4, "fill": "#ffffff", "stroke": CircumplexPlot.targetColour, "stroke-width": 2])
            })
        }
        if ratingArrows, (tracks + recommendations).contains(where: { $0.arrow != nil }) {
            items.append(LegendItem(mark: "rating-arrow", text: "model → human rating") {
                $0.element("line", ["x1": -10, "y1": 0, "x2": 9, "y2": 0, "stroke": CircumplexPlot.arrowColour, "stroke-width": 1.4,
                                    "marker-end": SVGURL(CircumplexPlot.arrowHead)])
            })
        }
        items.append(LegendItem(mark: "intensity-ring", text: "intensity 1 (outer) and 0.5 rings") {
            $0.element("line", ["x1": -10, "y1": -3, "x2": 10, "y2": -3, "stroke": "#8a8a8a", "stroke-dasharray": "6 4"])
            $0.element("line", ["x1": -10, "y1": 3, "x2": 10, "y2": 3, "stroke": "#8a8a8a", "stroke-dasharray": "2 4"])
        })
        items.append(LegendItem(mark: "sector-line", text: "sub-emotion sector (30°)") {
            $0.element("line", ["x1": -10, "y1": 0, "x2": 10, "y2": 0, "stroke": "#a0a0a0", "stroke-width": 0.8])
        })
        if frame.isZoomed {
            items.append(LegendItem(mark: "zoom-window", text: "zoomed area (inset)") {
                $0.element("rect", ["x": -8, "y": -6, "width": 16, "height": 12, "fill": "none", "stroke": "#d6336c", "stroke-width": 1.6])
            })
        }
        return items
    }

    private func drawLegend(_ frame: Frame, _ out: inout SVGBuilder) {
        let items = legendItems
        let y0 = frame.bottom + 72, columnWidth = (width - frame.left) / 4
        out.group("g", ["class": "legend"]) { g in
            for (i, item) in items.enumerated() {
                let lx = frame.left - 30 + Double(i % 4) * columnWidth + 10, ly = y0 + Double(i / 4) * 24
                g.group("g", ["class": "legend-item", "data-mark": item.mark, "transform": SVGTransform.translate(lx, ly)]) { entry in
                    item.symbol(&entry)
                    entry.element("text", ["x": 18, "y": 4.5, "font-size": 13, "fill": "#222"], text: item.text)
                }
            }
        }
    }

    private static func star(cx: Double, cy: Double, outer: Double, inner: Double) -> SVGPath {
        SVGPath.polygon((0..<10).map { i in
            let r = i % 2 == 0 ? outer : inner
            let angle = (-90 + Double(i) * 36) * .pi / 180
            return (cx + r * cos(angle), cy + r * sin(angle))
        })
    }

    static let css = """
        .track:hover,.recommendation:hover{stroke:#000;stroke-width:2.5}
        .key-entry:hover text,.key-entry.hl text{font-weight:bold;text-decoration:underline}
        .track.hl,.recommendation.hl{stroke:#000;stroke-width:3}
        """
}
