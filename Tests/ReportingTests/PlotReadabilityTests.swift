import Foundation
import MoodCore
import MoodTestSupport
import Numerics
import Recommender
import Reporting
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Elements in document order with their attributes, text and whether an ancestor has a clip path.
final class SVGTree: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        var ancestors: [[String: String]]
        func has(class name: String) -> Bool { (attributes["class"] ?? "").split(separator: " ").contains(Substring(name)) }
    }

    var elements = [Element]()
    private var stack = [Int]()

    static func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> SVGTree {
        let tree = SVGTree()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = tree
        XCTAssertTrue(parser.parse(), "SVG is not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")", file: file, line: line)
        return tree
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        elements.append(Element(name: elementName, attributes: attributeDict, ancestors: stack.map { elements[$0].attributes }))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = stack.last { elements[last].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        stack.removeLast()
    }

    func all(class name: String) -> [Element] { elements.filter { $0.has(class: name) } }
    func firstIndex(class name: String) -> Int? { elements.firstIndex { $0.has(class: name) } }
    func lastIndex(class name: String) -> Int? { elements.lastIndex { $0.has(class: name) } }
}

/// The checks behind "plots that explain at a glance".
final class PlotReadabilityTests: XCTestCase {
    /// A tight, sad playlist like the demo's: `count` tracks in a small blob, recommendations among them.
    static func tightAnalysis(count: Int = 22, seed: UInt64 = 3) throws -> PlaylistAnalysis {
        var g = SeededGenerator(seed: seed)
        let tracks = (0..<count).map { i in
            AnalyzedTrack(index: i + 1, location: "\(i).mp3", status: .catalog, deamID: 100 + i, catalogID: Int64(100 + i),
                          artist: "Artist \(i)", title: "A rather long song title number \(i)",
                          point: MoodPoint(valence: 3.4 + 0.35 * g.nextGaussian(), arousal: 3.3 + 0.3 * g.nextGaussian()))
        } + [AnalyzedTrack(index: count + 1, location: "gone.mp3", status: .unresolved, detail: "not in the catalog")]
        return try PlaylistAnalysis(name: "sad.xspf", tracks: tracks)
    }

    /// `n` recommendations, the first ones exactly on `centre`.
    static func recommendations(around centre: MoodPoint, n: Int = 5, waypoints: [MoodPoint] = []) -> RecommendationResult {
        let recs = (0..<n).map { i -> Recommendation in
            let p = MoodPoint(valence: centre.valence + (i < 2 ? 0 : 0.1 * Double(i)), arousal: centre.arousal + (i < 2 ? 0 : 0.05 * Double(i)))
            let track = CatalogTrack(id: Int64(900 + i), source: .deam, deamID: 900 + i, path: nil, contentHash: nil, artist: "Rec artist",
                                     title: "Rec \(i)", genre: nil, predicted: p, modelVersion: "m",
                                     annotation: MoodPoint(valence: p.valence + 0.6, arousal: p.arousal - 0.4))
            return Recommendation(rank: i + 1, track: track, point: p, distance: 0.1, reason: "close")
        }
        return RecommendationResult(anchor: centre, preferredQuadrant: .sadness, waypoints: waypoints, recommendations: recs)
    }

    func testEveryPlacedTrackHasAShortLabelAndNoLabelsOverlap() throws {
        let analysis = try Self.tightAnalysis()
        let plot = CircumplexPlot.forAnalysis(analysis, recommendations: Self.recommendations(around: analysis.profile.centre, n: 10))
        let layout = plot.layout()
        XCTAssertEqual(layout.labels.filter { $0.className == "track-tag" }.map(\.text).sorted(),
                       analysis.placedTracks.map { "\($0.index)" }.sorted())
        XCTAssertEqual(layout.labels.filter { $0.className == "recommendation-tag" }.count, 10)
        for (i, a) in layout.labels.enumerated() {
            XCTAssertTrue(layout.frame.contains(x: a.x, y: a.y) && layout.frame.contains(x: a.x + a.width, y: a.y + a.height), "\(a.text) leaves the frame")
            for b in layout.labels[(i + 1)...] { XCTAssertFalse(a.overlaps(b.rect), "labels \(a.text) and \(b.text) overlap") }
            for box in layout.markerBoxes { XCTAssertFalse(a.overlaps(box), "label \(a.text) covers a marker") }
        }
        // The SVG draws those labels as text, and keys each tag to the track's name beside the plot.
        let svg = SVGTree.parse(plot.svg())
        let tags = svg.all(class: "track-tag").map(\.text)
        XCTAssertEqual(tags.sorted(), layout.labels.filter { $0.className == "track-tag" }.map(\.text).sorted())
        let key = svg.all(class: "key-entry")
        XCTAssertEqual(key.count, analysis.placedTracks.count + 10)
        let keyTexts = svg.elements.filter { $0.name == "text" && $0.ancestors.contains { ($0["class"] ?? "") == "key-entry" } }.map(\.text)
        XCTAssertTrue(keyTexts.contains { $0.hasPrefix("Artist 0 – A rather long") && $0.hasSuffix("…") }, "long names are shortened: \(keyTexts.prefix(4))")
        let keyTitles = svg.elements.filter { $0.name == "title" && $0.ancestors.contains { ($0["class"] ?? "") == "key-entry" } }.map(\.text)
        XCTAssertTrue(keyTitles.contains { $0.contains("Artist 0 – A rather long song title number 0") }, "the full name on hover")
        // Tags are drawn with the font size the layout measured.
        let first = try XCTUnwrap(svg.all(class: "track-tag").first)
        XCTAssertEqual(first.attributes["font-size"], "11.0")
    }

    func testRecommendationsAreDrawnAboveTheCentreMarkerAndTheTracks() throws {
        let analysis = try Self.tightAnalysis()
        let plot = CircumplexPlot.forAnalysis(analysis, recommendations: Self.recommendations(around: analysis.profile.centre))
        let svg = SVGTree.parse(plot.svg())
        let firstRecommendation = try XCTUnwrap(svg.firstIndex(class: "recommendation"))
        XCTAssertGreaterThan(firstRecommendation, try XCTUnwrap(svg.lastIndex(class: "profile-centre")))
        XCTAssertGreaterThan(firstRecommendation, try XCTUnwrap(svg.lastIndex(class: "track")))
        XCTAssertGreaterThan(firstRecommendation, try XCTUnwrap(svg.lastIndex(class: "ellipse-2sigma")))
        // Only tags (with a white halo) come after them inside the frame.
        let later = svg.elements[firstRecommendation...].filter { ["circle", "path", "ellipse"].contains($0.name) && !$0.has(class: "recommendation") }
        XCTAssertTrue(later.allSatisfy { el in el.ancestors.contains { ["legend-item", "inset", "legend"].contains($0["class"] ?? "") } || el.ancestors.contains { $0["class"] == "key" } },
                      "marks drawn over recommendations: \(later.map(\.attributes))")
    }

    func testTightDataZoomWithAFullCircleInset() throws {
        let analysis = try Self.tightAnalysis()
        let plot = CircumplexPlot.forAnalysis(analysis, recommendations: Self.recommendations(around: analysis.profile.centre))
        let frame = plot.frame
        XCTAssertTrue(frame.isZoomed)
        XCTAssertLessThanOrEqual(frame.span, 5)
        for t in analysis.placedTracks {
            let p = try XCTUnwrap(t.point)
            XCTAssertTrue((frame.v0...(frame.v0 + frame.span)).contains(p.valence) && (frame.a0...(frame.a0 + frame.span)).contains(p.arousal))
        }
        // The data now fill a good part of the frame (they filled ~5% of the full square).
        let vs = analysis.placedTracks.compactMap(\.point?.valence), as_ = analysis.placedTracks.compactMap(\.point?.arousal)
        XCTAssertGreaterThan((vs.max()! - vs.min()!) * (as_.max()! - as_.min()!) / (frame.span * frame.span), 0.2)
        let svg = SVGTree.parse(plot.svg())
        XCTAssertEqual(svg.all(class: "inset").count, 1)
        XCTAssertEqual(svg.all(class: "zoom-window").count, 1)
        // Sector and quadrant names that fall in the window are still written.
        XCTAssertFalse(svg.all(class: "sector-label").isEmpty)
        XCTAssertTrue(svg.all(class: "quadrant-label").map(\.text).contains("Q3 Sadness"))

        // Data all over the circle: no zoom, no inset, all twelve sectors named.
        let wide = try PlaylistAnalysis(name: "wide", tracks: [(2.0, 2.0), (8.0, 8.0), (2.0, 8.0), (8.0, 2.0)].enumerated().map {
            AnalyzedTrack(index: $0.offset + 1, location: "x", status: .catalog, point: MoodPoint(valence: $0.element.0, arousal: $0.element.1))
        })
        let widePlot = CircumplexPlot.forAnalysis(wide)
        XCTAssertFalse(widePlot.frame.isZoomed)
        let wideSVG = SVGTree.parse(widePlot.svg())
        XCTAssertTrue(wideSVG.all(class: "inset").isEmpty)
        XCTAssertEqual(wideSVG.all(class: "sector-label").count, 12)
    }

    func testTheLegendExplainsEveryKindOfMark() throws {
        let analysis = try Self.tightAnalysis()
        let target = MoodTarget(point: MoodPoint(valence: 7, arousal: 7), label: "Joy")
        let waypoints = (0..<5).map { i in MoodPoint(valence: 3.4 + 0.9 * Double(i), arousal: 3.3 + 0.92 * Double(i)) }
        let catalogTracks = Dictionary(uniqueKeysWithValues: analysis.placedTracks.map { t in
            (t.catalogID!, CatalogTrack(id: t.catalogID!, source: .deam, deamID: t.deamID, path: nil, contentHash: nil, artist: nil, title: nil,
                                        genre: nil, predicted: t.point!, modelVersion: "m",
                                        annotation: MoodPoint(valence: t.point!.valence + 0.5, arousal: t.point!.arousal + 0.3)))
        })
        let markClasses = ["track", "recommendation", "profile-centre", "ellipse-1sigma", "ellipse-2sigma", "intensity-ring", "sector-line",
                           "target", "path", "waypoint", "rating-arrow", "zoom-window"]
        let plots = [
            CircumplexPlot.forAnalysis(analysis, recommendations: Self.recommendations(around: target.point, waypoints: waypoints), target: target,
                                       catalogTracks: catalogTracks, ratingArrows: true),
            CircumplexPlot.forAnalysis(analysis, recommendations: Self.recommendations(around: analysis.profile.centre)),
            CircumplexPlot.forAnalysis(analysis),
        ]
        for (i, plot) in plots.enumerated() {
            let svg = SVGTree.parse(plot.svg())
            let drawn = Set(markClasses.filter { !svg.all(class: $0).filter { el in !el.ancestors.contains { $0["class"] == "legend" } }.isEmpty })
            let explained = Set(svg.all(class: "legend-item").compactMap { $0.attributes["data-mark"] })
            XCTAssertEqual(drawn, explained, "plot \(i): marks without a legend entry or entries without marks")
            XCTAssertTrue(drawn.contains("intensity-ring"))
            if i == 0 { XCTAssertEqual(drawn, Set(markClasses).subtracting(["zoom-window"])) }
        }
    }

    func testEllipsesAreClippedToTheFrame() throws {
        // One far-off track makes a 2σ ellipse far larger than the frame.
        let points = [(1.2, 1.2), (8.8, 8.6), (5.0, 5.2), (1.5, 8.5)]
        let analysis = try PlaylistAnalysis(name: "wide", tracks: points.enumerated().map {
            AnalyzedTrack(index: $0.offset + 1, location: "x", status: .catalog, point: MoodPoint(valence: $0.element.0, arousal: $0.element.1))
        })
        let plot = CircumplexPlot.forAnalysis(analysis)
        let svg = SVGTree.parse(plot.svg())
        let clip = try XCTUnwrap(svg.elements.first { $0.name == "clipPath" })
        let clipID = try XCTUnwrap(clip.attributes["id"])
        let clipRectIndex = try XCTUnwrap(svg.elements.firstIndex { $0.name == "clipPath" }) + 1
        let frame = plot.frame
        XCTAssertEqual(Double(svg.elements[clipRectIndex].attributes["width"] ?? ""), frame.side)
        for className in ["ellipse-1sigma", "ellipse-2sigma"] {
            let ellipse = try XCTUnwrap(svg.all(class: className).first)
            XCTAssertNil(ellipse.attributes["clip-path"], "a clip on the rotated ellipse itself would turn with it")
            XCTAssertTrue(ellipse.ancestors.contains { $0["clip-path"] == "url(#\(clipID))" }, "\(className) is not clipped to the frame")
        }
        // Quadrant fills and rings, which a zoomed frame cuts, are clipped too.
        XCTAssertTrue(try XCTUnwrap(svg.all(class: "intensity-ring").first).ancestors.contains { $0["clip-path"] == "url(#\(clipID))" })
    }

    func testRatingArrowsOnlyOnRequest() throws {
        let analysis = try Self.tightAnalysis(count: 6)
        let result = Self.recommendations(around: analysis.profile.centre, n: 3)
        XCTAssertTrue(SVGTree.parse(CircumplexPlot.forAnalysis(analysis, recommendations: result).svg()).all(class: "rating-arrow").isEmpty)
        let svg = SVGTree.parse(CircumplexPlot.forAnalysis(analysis, recommendations: result, ratingArrows: true).svg())
        let arrows = svg.all(class: "rating-arrow")
        XCTAssertEqual(arrows.count, 3, "one per recommendation with a rating (the playlist's tracks have no catalog rows here)")
        XCTAssertEqual(arrows.first?.attributes["marker-end"], "url(#circumplex-arrow-head)")
        XCTAssertTrue(svg.elements.contains { $0.name == "marker" && $0.attributes["id"] == "circumplex-arrow-head" })
    }

    func testTimelineHasValenceAndArousalInPlaylistOrder() throws {
        let analysis = try Self.tightAnalysis(count: 8)
        let chart = SVGLineChart.timeline(for: analysis)
        let svg = SVGTree.parse(chart.render())
        let series = svg.all(class: "series").compactMap { $0.attributes["data-series"] }
        XCTAssertEqual(series, ["Valence", "Arousal"])
        for name in series {
            let points = svg.elements.filter { $0.has(class: "point") && $0.ancestors.contains { $0["data-series"] == name } }
            XCTAssertEqual(points.count, 8, "one point per placed track")
            let xs = points.compactMap { Double($0.attributes["cx"] ?? "") }
            XCTAssertEqual(xs, xs.sorted(), "in playlist order")
            XCTAssertTrue(svg.elements.contains { $0.name == "polyline" && $0.ancestors.contains { $0["data-series"] == name } })
        }
        XCTAssertEqual(Set(svg.all(class: "legend-item").compactMap { $0.attributes["data-series"] }), ["Valence", "Arousal"])
        XCTAssertEqual(svg.all(class: "reference").count, 1, "the neutral midpoint")
        XCTAssertTrue(svg.all(class: "tick-label").map(\.text).contains("9"), "the full 1–9 scale")
    }

    func testOutputExtensionsAreChecked() {
        XCTAssertNoThrow(try OutputFile.svg.check("plots/x.svg"))
        XCTAssertNoThrow(try OutputFile.svg.check("X.SVG"))
        XCTAssertNoThrow(try OutputFile.html.check("r.html"))
        for (kind, path) in [(OutputFile.svg, "x.png"), (.svg, "x"), (.svg, "x.svg.pdf"), (.html, "r.pdf"), (.html, "r.svg")] {
            XCTAssertThrowsError(try kind.check(path), path) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix("\(path) would hold"), message)
                XCTAssertFalse(message.contains("--"), "no option names in a library's message: \(message)")
                XCTAssertTrue(message.contains(".\(kind.rawValue)"), message)
            }
        }
    }

    /// Every SVG in Reporting goes through the builder: one escaping, one number format.
    func testMarkupIsEscapedOnceAndNumbersFormattedOnce() throws {
        var tracks = try Self.tightAnalysis(count: 4).tracks
        tracks[0].artist = "Band <0> & \"Co\""
        let analysis = try PlaylistAnalysis(name: "a&b <list>.m3u8", tracks: tracks)
        for text in [CircumplexPlot.forAnalysis(analysis).svg(), SVGLineChart.timeline(for: analysis).render()] {
            let svg = SVGTree.parse(text)
            XCTAssertTrue(text.contains("a&amp;b &lt;list&gt;.m3u8"))
            XCTAssertFalse(text.contains("&amp;amp;"), "escaped twice")
            for element in svg.elements {
                for key in ["x", "y", "cx", "cy", "r", "x1", "y1", "x2", "y2", "width", "height"] {
                    guard let value = element.attributes[key], value != "100%" else { continue }
                    XCTAssertNotNil(value.range(of: #"^-?\d+(\.\d)?$"#, options: .regularExpression), "\(element.name) \(key)=\(value)")
                }
            }
        }
    }
}
