/// Text for CSV files.
public enum CSVText {
    /// One CSV field: quoted when it holds a comma, quote or line break; a text cell starting with
    /// `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` so that spreadsheets do not run it
    /// as a formula (numbers such as "-1.5" are left as they are).
    public static func field(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@\t\r".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
