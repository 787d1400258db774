import Foundation

/// A breach of the XSPF specification found while reading.
///
/// In strict mode the first violation rejects the file
/// (`ImportError.invalidXSPF`); in lenient mode each one becomes a warning.
/// The codes follow libxspf's error classes used by the official test suite.
public struct XSPFViolation: Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// An element where the specification does not allow it (also: wrong namespace, markup in a text element).
        case elementForbidden = "ELEMENT_FORBIDDEN"
        /// More occurrences of an element than allowed.
        case elementTooMany = "ELEMENT_TOOMANY"
        /// A required element is absent.
        case elementMissing = "ELEMENT_MISSING"
        /// An attribute the element does not allow.
        case attributeForbidden = "ATTRIBUTE_FORBIDDEN"
        /// A required attribute is absent.
        case attributeMissing = "ATTRIBUTE_MISSING"
        /// An attribute value of the wrong type (not a URI, bad version).
        case attributeInvalid = "ATTRIBUTE_INVALID"
        /// Element content of the wrong type (not a URI, integer or dateTime; text in a non-leaf element).
        case contentInvalid = "CONTENT_INVALID"
    }

    public var code: Code
    public var line: Int
    public var column: Int
    public var message: String

    public init(code: Code, line: Int, column: Int, message: String) {
        self.code = code
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(line):\(column): [\(code.rawValue)] \(message)" }
}

/// XML Schema lexical checks used by XSPF.
enum XSDLexical {
    /// `xsd:nonNegativeInteger` (after whitespace collapsing).
    static func isNonNegativeInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "+" { digits = digits.dropFirst() }
        if digits.first == "-" { digits = digits.dropFirst(); return !digits.isEmpty && digits.allSatisfy { $0 == "0" } }
        return !digits.isEmpty && digits.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `xsd:dateTime`: `-?YYYY-MM-DDThh:mm:ss(.s+)?(Z|(+|-)hh:mm)?` with range checks.
    static func isDateTime(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "-" { s = s.dropFirst() }
        func number(_ count: Int, atLeast: Bool = false) -> Int? {
            let digits = atLeast ? s.prefix { $0.isASCII && $0.isNumber } : s.prefix(count)
            guard digits.count >= count, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            s = s.dropFirst(digits.count)
            return Int(digits)
        }
        func expect(_ c: Character) -> Bool {
            guard s.first == c else { return false }
            s = s.dropFirst()
            return true
        }
        guard let year = number(4, atLeast: true), year > 0, expect("-"), let month = number(2), (1...12).contains(month),
              expect("-"), let day = number(2), (1...31).contains(day), expect("T"),
              let hour = number(2), (0...24).contains(hour), expect(":"), let minute = number(2), (0...59).contains(minute),
              expect(":"), let second = number(2), (0...59).contains(second) else { return false }
        if hour == 24 && (minute != 0 || second != 0) { return false }
        let daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        if day > daysInMonth[month - 1] { return false }
        if s.first == "." {
            s = s.dropFirst()
            guard number(1, atLeast: true) != nil else { return false }
        }
        if s.isEmpty { return true }
        if s == "Z" { return true }
        guard s.first == "+" || s.first == "-" else { return false }
        s = s.dropFirst()
        guard let tzHour = number(2), tzHour <= 14, expect(":"), let tzMinute = number(2), tzMinute <= 59, s.isEmpty else { return false }
        return true
    }
}
