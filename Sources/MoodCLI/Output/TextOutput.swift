import Foundation
import MoodIO

// What the commands print: table cells, CSV fields, JSON. User-supplied text (titles, artists,
// paths) never reaches the terminal raw: control characters could forge lines or recolour it.

/// `value` with `digits` decimals (NumberText's fixed form; "—" when not finite).
func fixed(_ value: Double, _ digits: Int = 2) -> String { NumberText.fixed(value, digits) }

/// `text` safe for one cell of a terminal table: C0/C1 control characters (escape, carriage
/// return, line feed, …), DEL and bidirectional-override characters become U+FFFD "�".
func terminalSafe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isUnsafeScalar) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars { out.append(isUnsafeScalar(scalar) ? "\u{FFFD}" : scalar) }
    return String(out)
}

private func isUnsafeScalar(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
}

/// One CSV field (`CSVText.field`).
func csvField(_ text: String) -> String { CSVText.field(text) }

/// `text` made terminal-safe, then padded (or cut with "…") to `width` columns.
func column(_ text: String, _ width: Int) -> String {
    let text = terminalSafe(text)
    if text.count > width { return String(text.prefix(max(width - 1, 0))) + "…" }
    return text.padding(toLength: width, withPad: " ", startingAt: 0)
}

/// `text` made terminal-safe and cut with "…" to at most `width` columns (no padding): a whole line.
func fitted(_ text: String, _ width: Int = 100) -> String {
    let text = terminalSafe(text)
    return text.count > width ? String(text.prefix(max(width - 1, 0))) + "…" : text
}

/// `text` padded on the left to `width` (numbers).
func rightAligned(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

/// Pretty JSON with sorted keys.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Standard output of every command. It shadows Swift's `print` inside MoodCLI so that no line
/// the tool prints can carry a raw control character from user-supplied text: everything but
/// line feed and tab is replaced as in `terminalSafe` (JSON and CSV already escape or quote
/// line breaks inside values).
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator)
    guard text.unicodeScalars.contains(where: { isUnsafeScalar($0) && $0 != "\n" && $0 != "\t" }) else {
        Swift.print(text, terminator: terminator)
        return
    }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        out.append(isUnsafeScalar(scalar) && scalar != "\n" && scalar != "\t" ? "\u{FFFD}" : scalar)
    }
    Swift.print(String(out), terminator: terminator)
}
