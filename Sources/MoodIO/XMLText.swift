/// Text made safe for XML, SVG and HTML.
public enum XMLText {
    /// `text` escaped for element content and attribute values (single- or double-quoted).
    ///
    /// `&`, `<`, `>`, `"` and `'` become entities and a carriage return becomes `&#13;` (so it
    /// survives attribute-value normalisation). Characters that XML 1.0 forbids — C0 controls other
    /// than tab, line feed and carriage return, surrogates, U+FFFE and U+FFFF — are dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\r": out += "&#13;"
            default:
                let v = scalar.value
                if v == 0x9 || v == 0xA || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000 {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
