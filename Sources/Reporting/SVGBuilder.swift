import Foundation
import MoodIO

/// A value written into an SVG attribute: text is escaped once (`XMLText.escape`), numbers are
/// formatted once (`NumberText`), so no drawing code writes markup or formats numbers itself.
public protocol SVGAttributeValue {
    /// The attribute's text, before escaping.
    var svgText: String { get }
}

extension String: SVGAttributeValue {
    public var svgText: String { self }
}

extension Double: SVGAttributeValue {
    /// Coordinates and lengths: one decimal (`NumberText.fixed`).
    public var svgText: String { NumberText.fixed(self, 1) }
}

extension Int: SVGAttributeValue {
    public var svgText: String { String(self) }
}

/// Path data ("M x y L x y … Z") built from numbers.
public struct SVGPath: SVGAttributeValue, Sendable {
    private var parts: [String] = []

    public init() {}

    public func move(_ x: Double, _ y: Double) -> SVGPath { adding("M\(x.svgText) \(y.svgText)") }
    public func line(_ x: Double, _ y: Double) -> SVGPath { adding("L\(x.svgText) \(y.svgText)") }
    public func close() -> SVGPath { adding("Z") }

    /// A closed polygon through `points`.
    public static func polygon(_ points: [(Double, Double)]) -> SVGPath {
        guard let first = points.first else { return SVGPath() }
        return points.dropFirst().reduce(SVGPath().move(first.0, first.1)) { $0.line($1.0, $1.1) }.close()
    }

    private func adding(_ part: String) -> SVGPath {
        var copy = self
        copy.parts.append(part)
        return copy
    }

    public var svgText: String { parts.joined(separator: " ") }
}

/// A `points` list for polylines and polygons.
public struct SVGPoints: SVGAttributeValue, Sendable {
    public var points: [(Double, Double)]
    public init(_ points: [(Double, Double)]) { self.points = points }
    public var svgText: String { points.map { "\($0.0.svgText),\($0.1.svgText)" }.joined(separator: " ") }
}

/// A `transform` attribute.
public enum SVGTransform: SVGAttributeValue, Sendable {
    case translate(Double, Double)
    case rotate(Double, Double, Double)

    public var svgText: String {
        switch self {
        case let .translate(x, y): return "translate(\(x.svgText) \(y.svgText))"
        case let .rotate(degrees, x, y): return "rotate(\(degrees.svgText) \(x.svgText) \(y.svgText))"
        }
    }
}

/// A reference to an element by id, written `url(#id)`.
public struct SVGURL: SVGAttributeValue, Sendable {
    public var id: String
    public init(_ id: String) { self.id = id }
    public var svgText: String { "url(#\(id))" }
}

/// The one way Reporting writes SVG: elements with typed attributes, nested with closures, one
/// element per line. Used by the circumplex plot, the line charts (timeline, sweeps) and the
/// HTML report's inline SVG.
public struct SVGBuilder: Sendable {
    public typealias Attributes = KeyValuePairs<String, any SVGAttributeValue>

    private var lines: [String] = []
    private var depth = 0

    public init() {}

    /// The markup written so far.
    public var markup: String { lines.joined(separator: "\n") }

    /// An element with no children other than optional text content and an optional `<title>` tooltip.
    public mutating func element(_ name: String, _ attributes: Attributes = [:], text: String? = nil, title: String? = nil) {
        element(name, attributes.map { ($0.key, $0.value) }, text: text, title: title)
    }

    /// An element whose attributes were assembled as a list.
    public mutating func element(_ name: String, _ attributes: [(String, any SVGAttributeValue)], text: String? = nil, title: String? = nil) {
        let open = "<\(name)\(SVGBuilder.attributeText(attributes))"
        switch (text, title) {
        case (nil, nil): add(open + "/>")
        default:
            let tooltip = title.map { "<title>\(XMLText.escape($0))</title>" } ?? ""
            add(open + ">" + tooltip + XMLText.escape(text ?? "") + "</\(name)>")
        }
    }

    /// An element with children drawn by `body`.
    public mutating func group(_ name: String = "g", _ attributes: Attributes = [:], title: String? = nil,
                               _ body: (inout SVGBuilder) -> Void) {
        add("<\(name)\(SVGBuilder.attributeText(attributes.map { ($0.key, $0.value) }))>")
        depth += 1
        if let title { add("<title>\(XMLText.escape(title))</title>") }
        body(&self)
        depth -= 1
        add("</\(name)>")
    }

    /// A `<style>` element (CSS as character data; it must not contain `]]>`).
    public mutating func style(_ css: String) {
        add("<style><![CDATA[\n\(css.replacingOccurrences(of: "]]>", with: "]] >"))\n]]></style>")
    }

    /// A complete `<svg>` element of the given size, its contents drawn by `body`.
    public static func svg(width: Double, height: Double, title: String, attributes extra: Attributes = [:],
                           _ body: (inout SVGBuilder) -> Void) -> SVGBuilder {
        var builder = SVGBuilder()
        let root: Attributes = [
            "xmlns": "http://www.w3.org/2000/svg", "version": "1.1", "width": width, "height": height,
            "viewBox": "0 0 \(width.svgText) \(height.svgText)", "font-family": "Helvetica, Arial, sans-serif", "role": "img",
        ]
        builder.add("<svg\(attributeText((Array(root) + Array(extra)).map { ($0.key, $0.value) }))>")
        builder.depth = 1
        builder.element("title", text: title)
        body(&builder)
        builder.depth = 0
        builder.add("</svg>")
        return builder
    }

    /// The markup as a standalone file (with an XML declaration).
    public var document: String { #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + markup + "\n" }

    private mutating func add(_ line: String) {
        lines.append(String(repeating: " ", count: depth) + line)
    }

    private static func attributeText(_ attributes: [(String, any SVGAttributeValue)]) -> String {
        attributes.map { " \($0.0)=\"\(XMLText.escape($0.1.svgText))\"" }.joined()
    }
}
