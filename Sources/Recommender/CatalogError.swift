/// Errors from opening, writing or reading the catalog.
public enum CatalogError: Error, CustomStringConvertible, Equatable {
    /// No catalog file exists at the path.
    case missing(path: String)
    /// The file was written by a newer version of `mood`.
    case schemaTooNew(path: String, found: Int, supported: Int)
    /// The file is an SQLite database but not a `mood` catalog.
    case notACatalog(path: String)
    /// A track cannot be stored (entry index in the batch and why).
    case invalidTrack(index: Int, reason: String)
    /// A starter-catalog CSV is malformed.
    case malformedStarter(file: String, line: Int, column: Int, reason: String)
    /// The starter catalog resource could not be found.
    case starterNotFound(searched: [String])

    public var description: String {
        switch self {
        case .missing(let path):
            return """
                no catalog at \(path).
                Build one with `mood catalog build --deam DIR` (from DEAM with the default model), \
                or `mood catalog build --starter` (the bundled predictions; no DEAM needed).
                """
        case let .schemaTooNew(path, found, supported):
            return "the catalog \(path) has schema version \(found), newer than this mood supports (\(supported)); rebuild it or upgrade mood"
        case .notACatalog(let path):
            return "\(path) is an SQLite file but not a mood catalog (no tracks table with the expected columns)"
        case let .invalidTrack(index, reason):
            return "track \(index + 1) of the batch cannot be stored: \(reason)"
        case let .malformedStarter(file, line, column, reason):
            return "\(file):\(line):\(column): \(reason)"
        case .starterNotFound(let searched):
            return "the bundled starter catalog (starter-catalog.csv) was not found; looked in: \(searched.joined(separator: ", "))"
        }
    }
}
