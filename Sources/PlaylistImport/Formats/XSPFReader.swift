import Foundation
import CLibXML2

/// Reads XSPF versions 0 and 1 with namespace processing, streaming through
/// libxml2's SAX2 interface.
///
/// - No DTD is loaded and no entity is expanded (never `XML_PARSE_NOENT` or
///   `XML_PARSE_DTDLOAD`; `XML_PARSE_NONET`): entity declarations are not even
///   recorded, so entity bombs cost nothing. Strict mode refuses any
///   `<!DOCTYPE>`; lenient mode ignores it and leaves entity references out
///   (with a warning), keeping every other element.
/// - `XML_PARSE_HUGE` lifts libxml2's 10 MB guards; our own limits (file size,
///   tracks) bound the work instead.
/// - `xml:base` attributes stack and every location is resolved (RFC 3986)
///   against the base in effect, starting from the playlist's own URI.
/// - A track may have several `<location>`s and `<identifier>`s; `<meta>`,
///   `<link>` and `<extension>` are validated and skipped (a `<track>` inside
///   an `<extension>` is not a track).
/// - `strict`: the first violation of the specification throws
///   `ImportError.invalidXSPF`; otherwise violations become warnings and
///   everything usable is imported. Malformed XML and a root that is not
///   `<playlist>` fail in both modes.
struct XSPFReader {
    static let namespace = "http://xspf.org/ns/0/"

    var file: String
    var documentURI: String
    var strict: Bool
    /// Tracks beyond this many fail the import (`ImportError.tooManyEntries`).
    var maxEntries: Int = .max

    /// Reads XSPF from text already decoded by `ByteDecoder`.
    ///
    /// libxml2 receives the file's bytes when they are valid UTF-8, otherwise
    /// the decoded text re-encoded as UTF-8 with the declaration's encoding
    /// updated: one decoder for every format keeps the encoding rules identical.
    func read(_ decoded: DecodedText) throws -> RawPlaylist {
        var warning: String?
        let data: [UInt8]
        switch decoded.encoding {
        case .utf8, .utf8BOM:
            data = decoded.utf8
        case .utf16LE, .utf16BE, .windows1252:
            let (rewritten, declared) = Self.declaringUTF8(decoded.text)
            data = Array(rewritten.utf8)
            if decoded.encoding == .windows1252, declared == nil || declared!.lowercased().replacingOccurrences(of: "-", with: "") == "utf8" {
                if strict {
                    throw ImportError.malformedXML(file: file, line: 1, column: 1, message: "the bytes are not valid UTF-8, the declared encoding")
                }
                warning = "the bytes are not valid UTF-8; decoded as Windows-1252"
            }
        }
        var playlist = try parse(data)
        if let warning { playlist.warnings.insert((nil, warning), at: 0) }
        return playlist
    }

    /// The text with its XML declaration's `encoding` set to UTF-8, and the encoding it declared.
    static func declaringUTF8(_ text: String) -> (String, String?) {
        guard text.hasPrefix("<?xml"), let end = text.range(of: "?>") else { return (text, nil) }
        let declaration = text[text.startIndex..<end.lowerBound]
        guard let range = declaration.range(of: #"encoding\s*=\s*(["'])[^"']*\1"#, options: .regularExpression) else { return (text, nil) }
        let value = declaration[range].split(whereSeparator: { $0 == "\"" || $0 == "'" }).dropFirst().first.map(String.init)
        return (text.replacingCharacters(in: range, with: "encoding=\"UTF-8\""), value)
    }

    private func parse(_ data: [UInt8]) throws -> RawPlaylist {
        let driver = XSPFParserDriver(XSPFHandler(file: file, documentURI: documentURI, strict: strict, maxEntries: maxEntries))
        try driver.run(data)
        return driver.handler.playlist
    }
}

/// Human-readable text for libxml2's error numbers, used when libxml2 gives no message.
enum XMLErrorText {
    static func describe(_ code: Int) -> String {
        let known: [Int: String] = [
            1: "internal error", 2: "out of memory", 4: "the document is empty", 5: "extra content at the end of the document",
            6: "invalid character reference", 9: "invalid character", 23: "entity reference not terminated",
            26: "undeclared entity", 27: "undeclared entity", 31: "unsupported encoding", 32: "unsupported encoding",
            38: "attribute value not started", 39: "attribute value not finished", 40: "attribute value missing",
            41: "attribute without value", 42: "an attribute is repeated", 43: "'<' in an attribute value",
            45: "comment not terminated", 57: "XML declaration not terminated", 64: "XML declaration expected",
            65: "space required", 68: "name required", 73: "'>' required", 76: "end tag does not match the start tag",
            77: "tag not finished", 85: "premature end of data", 89: "entity reference loop", 201: "namespace error",
            202: "namespace error",
        ]
        return known[code] ?? "not well-formed XML"
    }

    /// libxml2's own message when it has one (plain English, one line), else the table's.
    static func describe(_ code: Int, message: String?) -> String {
        let text = (message ?? "").split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ").trimmed()
        guard !text.isEmpty else { return describe(code) }
        // Keep messages short and free of control characters.
        let clean = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) }.prefix(200))
        return clean
    }
}

/// The SAX side of `XSPFReader`: a stack of open elements and the rules of the specification.
struct XSPFHandler {
    enum Kind: Equatable {
        case playlist, trackList, track, attribution
        /// A text-only XSPF element (title, location, duration, …).
        case leaf(String)
        /// An `<extension>` or a forbidden element: its subtree is skipped.
        case skipped
    }

    /// A base URI in effect, shared by the elements under one `xml:base` (one reference per frame,
    /// and its text composed once for all the locations under it).
    final class Base {
        let uri: URIReference
        private(set) lazy var text: String = uri.text

        init(_ uri: URIReference) { self.uri = uri }
    }

    struct Frame {
        var kind: Kind
        var parentIsTrack: Bool
        var base: Base
        /// The element's name as an index of `XSPFHandler.elementIndex`.
        var nameIndex = 31
        var line: Int
        var column: Int
        /// Children seen, by `XSPFHandler.elementIndex` (saturating at 255: only "more than one" matters).
        var counts = SIMD32<UInt8>()
        var markupReported = false
        var textReported = false
    }

    let file: String
    let strict: Bool
    let documentBase: Base
    let maxEntries: Int
    var playlist = RawPlaylist(format: .xspf)
    var fatal: ImportError?
    /// The first XML error libxml2 reported (code, line, column, message).
    fileprivate var xmlError: (code: Int, line: Int, column: Int, message: String?)?
    /// The text of the open leaf element, as UTF-8 bytes.
    fileprivate var leafText: [UInt8] = []
    /// Entity references left out (lenient mode), by name, for one warning each.
    fileprivate var skippedEntities = Set<String>()
    fileprivate var ctxt: xmlParserCtxtPtr?

    fileprivate var stack: [Frame] = []
    fileprivate var skipDepth = 0
    fileprivate var version = 1
    fileprivate var sawRoot = false
    fileprivate var trackListCount = 0
    fileprivate var trackIndex = 0
    fileprivate var current: RawEntry?

    init(file: String, documentURI: String, strict: Bool, maxEntries: Int = .max) {
        self.file = file
        self.strict = strict
        self.maxEntries = maxEntries
        self.documentBase = Base(URIReference(documentURI))
    }

    // MARK: driving libxml2

    fileprivate func position() -> (line: Int, column: Int) {
        guard let ctxt else { return (0, 0) }
        return (Int(xmlSAX2GetLineNumber(ctxt)), Int(xmlSAX2GetColumnNumber(ctxt)))
    }

    fileprivate func stop() {
        if let ctxt { xmlStopParser(ctxt) }
    }

    /// libxml2's structured error channel. Warnings are ignored; an undeclared entity in a
    /// document with a DTD (lenient mode) is a left-out reference, reported by `entityReference`.
    fileprivate mutating func xmlProblem(_ error: xmlError) {
        let code = Int(error.code)
        if error.level.rawValue < XML_ERR_ERROR.rawValue || code == Int(XML_WAR_UNDECLARED_ENTITY.rawValue) { return }
        if xmlError == nil {
            let message = error.message.map { String(cString: $0) }
            xmlError = (code, Int(error.line), Int(error.int2), message)
        }
    }

    /// `<!DOCTYPE …>`: refused in strict mode; ignored in lenient mode, where entity
    /// references then become warnings instead of fatal "undeclared entity" errors.
    fileprivate mutating func doctype(_ name: UnsafePointer<xmlChar>?) {
        let (line, column) = position()
        if strict {
            fail(.dtdNotAllowed(file: file, line: line, column: column))
            return
        }
        playlist.warn(.line(line), "<!DOCTYPE> ignored: DTDs are never loaded and their entities are never expanded")
        if let ctxt {
            // Undeclared entities become warnings (as with an external subset) rather than fatal errors.
            ctxt.pointee.hasPErefs = 1
            if ctxt.pointee.standalone == 1 { ctxt.pointee.standalone = 0 }
        }
    }

    fileprivate mutating func entityReference(_ name: UnsafePointer<xmlChar>?) {
        let text = name.map { String(cString: $0) } ?? "?"
        guard skippedEntities.count < 50, skippedEntities.insert(text).inserted else { return }
        playlist.warn(.line(position().line), "entity reference &\(text); left out (entities are never expanded)")
    }

    // MARK: reporting

    fileprivate mutating func violation(_ code: XSPFViolation.Code, _ message: String, line: Int? = nil, column: Int? = nil) {
        let here: (line: Int, column: Int) = line == nil || column == nil ? position() : (0, 0)
        let line = line ?? here.line
        let column = column ?? here.column
        if strict {
            if fatal == nil { fatal = .invalidXSPF(file: file, line: line, column: column, code: code, message: message) }
            stop()
        } else {
            playlist.warn(.line(line), "[\(code.rawValue)] \(message)")
        }
    }

    fileprivate mutating func fail(_ error: ImportError) {
        if fatal == nil { fatal = error }
        stop()
    }

    // MARK: element rules

    typealias LeafRule = (max: Int, type: ContentType)

    fileprivate static let playlistLeaves: [String: LeafRule] = [
        "title": (1, .text), "creator": (1, .text), "annotation": (1, .text), "info": (1, .uri),
        "location": (1, .uri), "identifier": (1, .uri), "image": (1, .uri), "date": (1, .dateTime),
        "license": (1, .uri), "link": (.max, .uri), "meta": (.max, .text),
    ]
    fileprivate static let trackLeaves: [String: LeafRule] = [
        "location": (.max, .uri), "identifier": (.max, .uri), "title": (1, .text), "creator": (1, .text),
        "annotation": (1, .text), "info": (1, .uri), "image": (1, .uri), "album": (1, .text),
        "trackNum": (1, .integer), "duration": (1, .integer), "link": (.max, .uri), "meta": (.max, .text),
    ]

    enum ContentType { case text, uri, integer, dateTime }

    /// `playlistLeaves` and `trackLeaves` by element index (`elementIndex`): looked up without hashing a name.
    fileprivate let playlistLeafRules = XSPFHandler.byIndex(XSPFHandler.playlistLeaves)
    fileprivate let trackLeafRules = XSPFHandler.byIndex(XSPFHandler.trackLeaves)

    fileprivate static func byIndex(_ rules: [String: LeafRule]) -> [LeafRule?] {
        var result = [LeafRule?](repeating: nil, count: 32)
        for (name, rule) in rules { result[elementIndex[name]!] = rule }
        return result
    }

    fileprivate func isXSPF(_ namespace: String?) -> Bool {
        namespace == XSPFReader.namespace
    }

    /// Index of an element name in `Frame.counts` (31: any other name).
    static let elementIndex: [String: Int] = {
        let names = ["trackList", "attribution", "extension", "title", "creator", "annotation", "info", "location", "identifier",
                     "image", "date", "license", "link", "meta", "track", "album", "trackNum", "duration", "playlist"]
        var result = [String: Int]()
        for (i, name) in names.enumerated() { result[name] = i }
        return result
    }()

    fileprivate var internedNames: [UnsafeRawPointer: (String, Int)] = [:]
    fileprivate var lastNamespace: (pointer: UnsafeRawPointer, text: String, isXSPF: Bool)?

    fileprivate mutating func interned(_ pointer: UnsafePointer<xmlChar>?) -> (String, Int) {
        guard let pointer else { return ("", 31) }
        let key = UnsafeRawPointer(pointer)
        if let known = internedNames[key] { return known }
        let name = String(cString: pointer)
        let value = (name, Self.elementIndex[name] ?? 31)
        if internedNames.count < 4096 { internedNames[key] = value }
        return value
    }

    /// The namespace URI as a string and whether it is XSPF's, remembered for libxml2's interned pointer.
    fileprivate mutating func namespace(_ pointer: UnsafePointer<xmlChar>) -> (text: String, isXSPF: Bool) {
        let key = UnsafeRawPointer(pointer)
        if let lastNamespace, lastNamespace.pointer == key { return (lastNamespace.text, lastNamespace.isXSPF) }
        let text = String(cString: pointer)
        lastNamespace = (key, text, isXSPF(text))
        return (text, isXSPF(text))
    }

    /// Whether a fatal problem was recorded (without comparing `ImportError`s).
    fileprivate var hasFailed: Bool {
        if case .some = fatal { return true }
        return false
    }

    fileprivate mutating func startElement(localName: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
                              attributeCount: Int, attributes list: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        if hasFailed { return }
        if skipDepth > 0 { skipDepth += 1; return }
        // libxml2 interns names: one string per distinct pointer.
        let (name, nameIndex) = interned(localName)
        let qualifiedName: String? = prefix.map { String(cString: $0) + ":" + name } ?? name
        let namespace = uri.map { self.namespace($0) }
        let namespaceURI = namespace?.text
        let attributes = attributes_(attributeCount, list) ?? [:]
        let (line, column) = position()
        let parentBase = stack.last?.base ?? documentBase
        var base = parentBase
        if let xmlBase = attributes["xml:base"] {
            base = Base(URIReference(xmlBase.trimmed()).resolved(against: parentBase.uri))
        }

        guard let parent = stack.last else {
            startRoot(name, namespaceURI: namespaceURI, qualifiedName: qualifiedName, attributes: attributes, base: base, line: line, column: column)
            return
        }
        if case .leaf(let leafName) = parent.kind {
            if !stack[stack.count - 1].markupReported {
                violation(.elementForbidden, "<\(leafName)> holds text only, but contains <\(qualifiedName ?? name)>")
                stack[stack.count - 1].markupReported = true
            }
            skipDepth = 1
            return
        }
        // Lenient mode accepts a missing or wrong namespace as long as it matches the root's.
        guard namespace?.isXSPF == true || (!strict && namespaceURI == rootNamespace) else {
            violation(.elementForbidden, "<\(qualifiedName ?? name)> (namespace \(namespaceURI ?? "none")) is not allowed inside <\(describe(parent.kind))>")
            skipDepth = 1
            return
        }
        let slot = nameIndex
        if stack[stack.count - 1].counts[slot] < 255 { stack[stack.count - 1].counts[slot] += 1 }
        let count = Int(stack[stack.count - 1].counts[slot])
        var frame = Frame(kind: .skipped, parentIsTrack: parent.kind == .track, base: base, nameIndex: nameIndex, line: line, column: column)

        switch parent.kind {
        case .playlist:
            if name == "trackList" {
                trackListCount += 1
                if count > 1 { violation(.elementTooMany, "more than one <trackList> in <playlist>") }
                frame.kind = .trackList
                checkAttributes(attributes, element: name, allowed: [])
            } else if name == "attribution" {
                if count > 1 { violation(.elementTooMany, "more than one <attribution> in <playlist>") }
                frame.kind = .attribution
                checkAttributes(attributes, element: name, allowed: [])
            } else {
                guard openLeaf(name, attributes, count: count, rules: playlistLeafRules, parentName: "playlist", frame: &frame) else { return }
            }
        case .trackList:
            guard name == "track" else {
                violation(.elementForbidden, "<\(name)> is not allowed inside <trackList> (only <track>)")
                skipDepth = 1
                return
            }
            frame.kind = .track
            checkAttributes(attributes, element: name, allowed: [])
            trackIndex += 1
            if trackIndex > maxEntries {
                fail(.tooManyEntries(file: file, position: .track(trackIndex), limit: maxEntries))
                return
            }
            current = RawEntry(position: .track(trackIndex))
        case .track:
            guard openLeaf(name, attributes, count: count, rules: trackLeafRules, parentName: "track", frame: &frame) else { return }
        case .attribution:
            guard name == "location" || name == "identifier" else {
                violation(.elementForbidden, "<\(name)> is not allowed inside <attribution> (only <location> and <identifier>)")
                skipDepth = 1
                return
            }
            frame.kind = .leaf(name)
            checkAttributes(attributes, element: name, allowed: [])
        case .leaf, .skipped:
            skipDepth = 1
            return
        }
        stack.append(frame)
    }

    fileprivate var rootNamespace: String?

    fileprivate mutating func startRoot(_ name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String],
                           base: Base, line: Int, column: Int) {
        sawRoot = true
        guard name == "playlist" else {
            fail(.notXSPF(file: file, rootElement: qualifiedName ?? name))
            return
        }
        rootNamespace = namespaceURI
        if !isXSPF(namespaceURI) {
            violation(.elementForbidden, "root <\(qualifiedName ?? name)> is not in the XSPF namespace \(XSPFReader.namespace) (found \(namespaceURI ?? "no namespace"))")
            if hasFailed { return }
        }
        if let value = attributes["version"] {
            let trimmed = value.trimmed()
            if trimmed == "0" || trimmed == "1" {
                version = Int(trimmed)!
            } else {
                violation(.attributeInvalid, "version=\"\(value)\" (only 0 and 1 exist)")
            }
        } else {
            violation(.attributeMissing, "<playlist> has no version attribute")
        }
        playlist.xspfVersion = version
        checkAttributes(attributes, element: "playlist", allowed: ["version"])
        stack.append(Frame(kind: .playlist, parentIsTrack: false, base: base, line: line, column: column))
    }

    /// Opens `name` (`frame.nameIndex`) inside `parentName`: an `<extension>` (handed to the extension
    /// reader) or an element with a rule in `rules` (at most its `max` times); anything else is
    /// reported as forbidden and skipped.
    /// - Returns: whether `frame` is now the element's frame (false: the caller returns).
    fileprivate mutating func openLeaf(_ name: String, _ attributes: [String: String], count: Int,
                          rules: [LeafRule?], parentName: String, frame: inout Frame) -> Bool {
        if name == "extension" {
            startExtension(attributes, parentName: parentName)
            return false
        }
        guard let rule = rules[frame.nameIndex] else {
            violation(.elementForbidden, "<\(name)> is not allowed inside <\(parentName)>")
            skipDepth = 1
            return false
        }
        if count > rule.max { violation(.elementTooMany, "more than one <\(name)> in <\(parentName)>") }
        frame.kind = .leaf(name)
        checkLeafAttributes(attributes, element: name, parentName: parentName)
        return true
    }

    fileprivate mutating func startExtension(_ attributes: [String: String], parentName: String) {
        if version == 0 { violation(.elementForbidden, "<extension> is not allowed in XSPF version 0") }
        if let application = attributes["application"] {
            if !URIReference.isValidReference(application.trimmed()) {
                violation(.attributeInvalid, "<extension application=\"\(application)\"> is not a URI")
            }
        } else {
            violation(.attributeMissing, "<extension> in <\(parentName)> has no application attribute")
        }
        checkAttributes(attributes, element: "extension", allowed: ["application"])
        skipDepth = 1
    }

    fileprivate mutating func checkLeafAttributes(_ attributes: [String: String], element: String, parentName: String) {
        switch element {
        case "link", "meta":
            if let rel = attributes["rel"] {
                if !URIReference.isValidReference(rel.trimmed()) {
                    violation(.attributeInvalid, "<\(element) rel=\"\(rel)\"> in <\(parentName)> is not a URI")
                }
            } else {
                violation(.attributeMissing, "<\(element)> in <\(parentName)> has no rel attribute")
            }
            checkAttributes(attributes, element: element, allowed: ["rel"])
        default:
            checkAttributes(attributes, element: element, allowed: [])
        }
    }

    /// Only the listed attributes and `xml:*` ones (xml:base, xml:lang) are allowed.
    fileprivate mutating func checkAttributes(_ attributes: [String: String], element: String, allowed: Set<String>) {
        if attributes.isEmpty { return }
        for key in attributes.keys.sorted() where !allowed.contains(key) && !key.hasPrefix("xml:") && key != "xmlns" && !key.hasPrefix("xmlns:") {
            violation(.attributeForbidden, "attribute \(key) is not allowed on <\(element)>")
        }
    }

    fileprivate func describe(_ kind: Kind) -> String {
        switch kind {
        case .playlist: return "playlist"
        case .trackList: return "trackList"
        case .track: return "track"
        case .attribution: return "attribution"
        case .leaf(let name): return name
        case .skipped: return "extension"
        }
    }

    /// libxml2's attribute array: (localname, prefix, URI, value, end) per attribute. Without
    /// entity substitution libxml2 passes `&` as `&#38;` in values; that is decoded here.
    fileprivate func attributes_(_ count: Int, _ list: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> [String: String]? {
        guard count > 0, let list else { return nil }
        var result = [String: String]()
        for i in 0..<count {
            let base = list + 5 * i
            guard let local = base[0], let start = base[3], let end = base[4] else { continue }
            let name = String(cString: local)
            let key = base[1].map { String(cString: $0) + ":" + name } ?? name
            var value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
            if value.containsASCII(0x26) { value = value.replacingOccurrences(of: "&#38;", with: "&") }
            result[key] = value
        }
        return result
    }

    fileprivate mutating func characters(_ bytes: UnsafePointer<xmlChar>?, _ length: Int) {
        if hasFailed || skipDepth > 0 || stack.isEmpty { return }
        guard let bytes, length > 0 else { return }
        let buffer = UnsafeBufferPointer(start: bytes, count: length)
        let index = stack.count - 1
        if case .leaf = stack[index].kind {
            leafText.append(contentsOf: buffer)
        } else if !stack[index].textReported, buffer.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) {
            let string = String(decoding: buffer, as: UTF8.self)
            guard string.contains(where: { !$0.isWhitespace }) else { return }
            stack[index].textReported = true
            violation(.contentInvalid, "text \"\(string.trimmed())\" directly inside <\(describe(stack[index].kind))>, which holds elements only")
        }
    }

    fileprivate mutating func endElement() {
        if hasFailed { return }
        if skipDepth > 0 { skipDepth -= 1; return }
        guard let frame = stack.popLast() else { return }
        switch frame.kind {
        case .leaf(let leaf):
            endLeaf(leaf, frame: frame)
        case .track:
            if var entry = current {
                entry.locations = entry.locations.filter { !$0.text.isEmpty }
                playlist.entries.append(entry)
            }
            current = nil
        case .trackList:
            if version == 0 && frame.counts[Self.elementIndex["track"]!] == 0 {
                violation(.elementMissing, "XSPF version 0 requires at least one <track> in <trackList>", line: frame.line, column: frame.column)
            }
        case .playlist, .attribution, .skipped:
            break
        }
    }

    fileprivate mutating func endLeaf(_ name: String, frame: Frame) {
        let text = String(decoding: leafText, as: UTF8.self)
        leafText.removeAll(keepingCapacity: true)
        let collapsed = text.trimmed()
        let rules = frame.parentIsTrack ? trackLeafRules : playlistLeafRules
        let type = rules[frame.nameIndex]?.type ?? .uri  // attribution children are URIs
        var where_: String { frame.parentIsTrack ? "track \(trackIndex)" : "playlist" }
        switch type {
        case .uri:
            if !collapsed.isEmpty, !URIReference.isValidReference(collapsed) {
                violation(.contentInvalid, "<\(name)> of \(where_) is not a valid URI: \"\(collapsed)\"", line: frame.line, column: frame.column)
            }
        case .integer:
            if !XSDLexical.isNonNegativeInteger(collapsed) {
                violation(.contentInvalid, "<\(name)> of \(where_) is not a non-negative integer: \"\(collapsed)\"", line: frame.line, column: frame.column)
            }
        case .dateTime:
            if !XSDLexical.isDateTime(collapsed) {
                violation(.contentInvalid, "<\(name)> is not an xsd:dateTime: \"\(collapsed)\"", line: frame.line, column: frame.column)
            }
        case .text:
            break
        }
        if !frame.parentIsTrack {
            if name == "title", stack.last?.kind == .playlist, playlist.title == nil, !collapsed.isEmpty { playlist.title = collapsed }
            return
        }
        guard current != nil else { return }
        switch name {
        case "location": current!.locations.append(RawLocation(text: EntryText(collapsed), baseURI: frame.base.text))
        case "identifier": if !collapsed.isEmpty { current!.identifiers.append(collapsed) }
        case "title": if current!.title.isNone, !collapsed.isEmpty { current!.title = EntryText(collapsed) }
        case "creator": if current!.artist.isNone, !collapsed.isEmpty { current!.artist = EntryText(collapsed) }
        case "album": if current!.album.isNone, !collapsed.isEmpty { current!.album = EntryText(collapsed) }
        case "duration":
            if current!.duration == nil, let ms = Double(collapsed), ms.isFinite, ms >= 0 { current!.duration = ms / 1000 }
        default: break
        }
    }

    fileprivate mutating func finish(line: Int, column: Int) throws {
        if !sawRoot { throw ImportError.malformedXML(file: file, line: line, column: column, message: "no root element") }
        if let open = stack.last {
            throw ImportError.malformedXML(file: file, line: line, column: column,
                                           message: "premature end of data: <\(describe(open.kind))> from line \(open.line) is not closed")
        }
        if trackListCount == 0 { violation(.elementMissing, "<playlist> has no <trackList>") }
        if let fatal { throw fatal }
    }
}

/// Drives libxml2's push parser for an `XSPFHandler`. The parser's context is this object, and each
/// callback mutates the handler in place: one exclusive access per callback, where a class's
/// properties would be checked on every use.
final class XSPFParserDriver {
    var handler: XSPFHandler

    init(_ handler: XSPFHandler) {
        self.handler = handler
    }

    /// Parses `data` with libxml2's push parser in 1 MB chunks; throws the first fatal problem.
    func run(_ data: [UInt8]) throws {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { context, localName, prefix, uri, _, _, attributeCount, _, attributes in
            XSPFParserDriver.from(context).handler.startElement(localName: localName, prefix: prefix, uri: uri,
                                                   attributeCount: Int(attributeCount), attributes: attributes)
        }
        sax.endElementNs = { context, _, _, _ in XSPFParserDriver.from(context).handler.endElement() }
        sax.characters = { context, bytes, length in XSPFParserDriver.from(context).handler.characters(bytes, Int(length)) }
        sax.cdataBlock = { context, bytes, length in XSPFParserDriver.from(context).handler.characters(bytes, Int(length)) }
        sax.internalSubset = { context, name, _, _ in XSPFParserDriver.from(context).handler.doctype(name) }
        sax.reference = { context, name in XSPFParserDriver.from(context).handler.entityReference(name) }
        sax.serror = { context, error in
            guard let context, let error else { return }
            XSPFParserDriver.from(context).handler.xmlProblem(error.pointee)
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue)
        let me = Unmanaged.passUnretained(self).toOpaque()
        try withExtendedLifetime(self) {
            try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                let bytes = raw.bindMemory(to: CChar.self)
                if bytes.isEmpty { throw ImportError.malformedXML(file: handler.file, line: 1, column: 1, message: XMLErrorText.describe(4)) }
                let head = min(4, bytes.count)
                guard let context = xmlCreatePushParserCtxt(&sax, me, bytes.baseAddress, Int32(head), handler.file) else {
                    throw ImportError.malformedXML(file: handler.file, line: 1, column: 1, message: "the XML parser could not start")
                }
                defer { xmlFreeParserCtxt(context) }
                _ = xmlCtxtUseOptions(context, options)
                handler.ctxt = context
                defer { handler.ctxt = nil }
                var offset = head
                let chunk = 1 << 20
                var failed = false
                while offset < bytes.count, !handler.hasFailed, !failed {
                    let n = min(chunk, bytes.count - offset)
                    failed = xmlParseChunk(context, bytes.baseAddress! + offset, Int32(n), 0) != 0
                    offset += n
                }
                if !handler.hasFailed, !failed { _ = xmlParseChunk(context, nil, 0, 1) }
                if let fatal = handler.fatal { throw fatal }
                if let xmlError = handler.xmlError {
                    throw ImportError.malformedXML(file: handler.file, line: xmlError.line, column: xmlError.column,
                                                   message: XMLErrorText.describe(xmlError.code, message: xmlError.message))
                }
                try handler.finish(line: handler.position().line, column: handler.position().column)
            }
        }
    }

    private static func from(_ context: UnsafeMutableRawPointer?) -> XSPFParserDriver {
        Unmanaged<XSPFParserDriver>.fromOpaque(context!).takeUnretainedValue()
    }
}
