import Foundation
import Reporting
#if canImport(FoundationXML)
import FoundationXML
#endif
import MoodCore
import Recommender
import MoodTestSupport
import XCTest

/// Collects elements, their classes and text while parsing an SVG with XMLParser.
private final class SVGCollector: NSObject, XMLParserDelegate {
    var elements = [(name: String, attributes: [String: String])]()
    var texts = [String]()
    private var current = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        elements.append((elementName, attributeDict))
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if elementName == "text" { texts.append(current) }
        current = ""
    }

    func count(class name: String) -> Int { elements.filter { ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(name)) }.count }
}

final class CircumplexPlotTests: XCTestCase {
    private func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws -> SVGCollector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = SVGCollector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "SVG is not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")", file: file, line: line)
        return collector
    }

    private func analysis() throws -> PlaylistAnalysis {
        let points = [(3.0, 3.2), (2.5, 3.8), (3.6, 2.4), (4.2, 3.9)].map { MoodPoint(valence: $0.0, arousal: $0.1) }
        let tracks = points.enumerated().map { i, p in
            AnalyzedTrack(index: i + 1, location: "\(i + 10).mp3", status: .catalog, deamID: i + 10, artist: "Band <\(i)> & Co", title: "Sad \"\(i)\"", point: p)
        } + [AnalyzedTrack(index: 5, location: "missing.mp3", status: .unresolved, detail: "not in the catalog")]
        return try PlaylistAnalysis(name: "sad.m3u8", tracks: tracks)
    }

    private func recommendations() -> RecommendationResult {
        let recs = (0..<3).map { i -> Recommendation in
            let p = MoodPoint(valence: 3.3 + 0.2 * Double(i), arousal: 3.1)
            let track = CatalogTrack(id: Int64(100 + i), source: .deam, deamID: 100 + i, path: nil, contentHash: nil, artist: "R", title: "Rec \(i)",
                                     genre: nil, predicted: p, modelVersion: "m", annotation: nil)
            return Recommendation(rank: i + 1, track: track, point: p, distance: 0.1, reason: "close")
        }
        return RecommendationResult(anchor: MoodPoint(valence: 3.3, arousal: 3.3), preferredQuadrant: .sadness, waypoints: [], recommendations: recs)
    }

    func testSVGIsWellFormedWithAllElements() throws {
        var plot = CircumplexPlot.forAnalysis(try analysis(), recommendations: recommendations())
        plot.zoom = .full
        let svg = try parse(plot.svg())
        XCTAssertEqual(svg.elements.first?.name, "svg")
        XCTAssertEqual(svg.count(class: "sector-label"), 12)
        let labels = svg.elements.indices.filter { (svg.elements[$0].attributes["class"] ?? "") == "sector-label" }
        XCTAssertEqual(labels.count, 12)
        for name in SubEmotion.allNames { XCTAssertTrue(svg.texts.contains(name), "missing sector label \(name)") }
        for quadrant in Quadrant.allCases { XCTAssertTrue(svg.texts.contains("\(quadrant.code) \(quadrant.name)")) }
        XCTAssertEqual(svg.count(class: "track"), 4, "one point per placed track")
        XCTAssertEqual(svg.count(class: "recommendation"), 3)
        XCTAssertEqual(svg.count(class: "profile-centre"), 1)
        XCTAssertEqual(svg.count(class: "ellipse-1sigma"), 1)
        XCTAssertEqual(svg.count(class: "ellipse-2sigma"), 1)
        XCTAssertEqual(svg.count(class: "legend"), 1)
        XCTAssertTrue(svg.texts.contains { $0.contains("Valence") } && svg.texts.contains { $0.contains("Arousal") })
        // The 2σ ellipse is twice the 1σ one.
        let e1 = try XCTUnwrap(svg.elements.first { $0.attributes["class"] == "ellipse-1sigma" }?.attributes)
        let e2 = try XCTUnwrap(svg.elements.first { $0.attributes["class"] == "ellipse-2sigma" }?.attributes)
        XCTAssertEqual(Double(e2["rx"] ?? "") ?? 0, 2 * (Double(e1["rx"] ?? "") ?? 0), accuracy: 0.2)
    }

    func testEllipseFollowsTheCovariance() throws {
        // Tracks spread along valence only: the ellipse is wide and unrotated; rx = 1σ·(pixels per unit).
        let tracks = [MoodPoint(valence: 2, arousal: 3), MoodPoint(valence: 4, arousal: 3)].enumerated().map {
            AnalyzedTrack(index: $0.offset + 1, location: "x", status: .catalog, point: $0.element)
        }
        let svg = try parse(CircumplexPlot.forAnalysis(try PlaylistAnalysis(name: "flat", tracks: tracks)).svg())
        let e1 = try XCTUnwrap(svg.elements.first { $0.attributes["class"] == "ellipse-1sigma" }?.attributes)
        let rx = Double(e1["rx"] ?? "") ?? 0, ry = Double(e1["ry"] ?? "") ?? 0
        XCTAssertGreaterThan(rx, 50)
        XCTAssertLessThan(ry, 1)
        XCTAssertTrue((e1["transform"] ?? "").hasPrefix("rotate(-0.0") || (e1["transform"] ?? "").hasPrefix("rotate(0.0"), e1["transform"] ?? "")
    }

    func testTargetAndPathAreDrawn() throws {
        var result = recommendations()
        result.waypoints = [MoodPoint(valence: 3, arousal: 3), MoodPoint(valence: 5, arousal: 5), MoodPoint(valence: 7, arousal: 7)]
        let plot = CircumplexPlot.forAnalysis(try analysis(), recommendations: result, target: MoodTarget(point: MoodPoint(valence: 7, arousal: 7), label: "Joy"))
        let svg = try parse(plot.svg())
        XCTAssertEqual(svg.count(class: "waypoint"), 3)
        XCTAssertEqual(svg.count(class: "target"), 1)
        XCTAssertEqual(svg.count(class: "path"), 1)
    }

    func testHTMLReportIsSelfContained() throws {
        let dir = try DataTestSupport.temporaryDirectory(for: self)
        let url = dir.appendingPathComponent("report.html")
        let report = HTMLReport(analysis: try analysis(), recommendations: recommendations(), notes: ["model m"])
        try report.write(to: url)
        let html = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<svg"))
        XCTAssertFalse(html.contains("<?xml"), "the inline SVG drops its XML declaration")
        XCTAssertFalse(html.contains("<script src"), "the hover script is inline")
        XCTAssertFalse(html.contains("src=\""), "no external resources")
        XCTAssertFalse(html.contains("href="), "no links to load")
        XCTAssertEqual(html.components(separatedBy: "http").count - 1, html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1,
                       "no network address other than the SVG namespace")
        XCTAssertTrue(html.contains("<h1>sad.m3u8: 3 songs like it</h1>"), "the title says what was asked")
        XCTAssertTrue(html.contains(#"class="circumplex""#) && html.contains(#"class="line-chart""#), "plot and timeline inline")
        XCTAssertTrue(html.contains("Band &lt;0&gt; &amp; Co"), "text is escaped")
        XCTAssertTrue(html.contains("Recommendations"))
        XCTAssertTrue(html.contains("Rec 2"))
        XCTAssertTrue(html.contains("not in the catalog"))
        // The embedded SVG on its own is well-formed.
        let start = try XCTUnwrap(html.range(of: "<svg")), end = try XCTUnwrap(html.range(of: "</svg>"))
        _ = try parse(String(html[start.lowerBound..<end.upperBound]))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        XCTAssertEqual(leftovers, ["report.html"], "atomic write leaves no temporary file")
    }
}
