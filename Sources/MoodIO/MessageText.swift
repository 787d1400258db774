/// Text from a user or a file shown inside a message: cut to a readable length, so a
/// 100 kB argument or header cell is never echoed in full.
public enum MessageText {
    /// The most characters of such text a message shows.
    public static let limit = 40

    /// `text` cut with "…" to at most `limit` characters (surrounding whitespace kept, so the
    /// reader sees what was typed).
    public static func excerpt(_ text: String, limit: Int = MessageText.limit) -> String {
        text.count > limit ? String(text.prefix(max(limit - 1, 0))) + "…" : text
    }

    /// `text` in single quotes, cut as `excerpt`; text with control or replacement characters
    /// (a binary file) is described, not echoed.
    public static func quoted(_ text: String, limit: Int = MessageText.limit) -> String {
        let binary = text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{FFFD}" }
        if binary { return "binary data (not text)" }
        return "'" + excerpt(text, limit: limit) + "'"
    }
}
