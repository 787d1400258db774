import Foundation

/// Numbers written for people and for SVG coordinates, the same way everywhere.
public enum NumberText {
    /// `value` with exactly `digits` decimals (0…12), or "—" when it is not finite.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "—" }
        return String(format: "%.\(min(max(digits, 0), 12))f", value)
    }

    /// `value` with at most `digits` decimals and no trailing zeros ("2", "0.25"), or "—" when it is not finite.
    public static func trimmed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "—" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = fixed(value, digits)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
