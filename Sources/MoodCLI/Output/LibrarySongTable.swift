import MoodEngine

/// The library listing as a table.
extension LibrarySong {
    /// Path (left-cut to fit), artist, title, album, V/A, quadrant in 100 columns.
    static let tableHeader = rightAligned("id", 5) + "  " + column("artist", 16) + " " + column("title", 22) + " "
        + column("album", 14) + " " + rightAligned("V", 4) + " " + rightAligned("A", 4) + "  " + column("quadrant", 11) + " path"
    var tableRow: String {
        rightAligned("\(id)", 5) + "  " + column(artist ?? "–", 16) + " " + column(title ?? "–", 22) + " " + column(album ?? "–", 14) + " "
            + rightAligned(fixed(valence, 1), 4) + " " + rightAligned(fixed(arousal, 1), 4) + "  " + column(quadrant, 11) + " "
            + LibrarySong.tail(terminalSafe(path), 15)
    }

    /// The end of `text` in `width` columns ("…" + tail when longer).
    static func tail(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : "…" + String(text.suffix(width - 1))
    }
}

