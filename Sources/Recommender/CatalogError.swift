/// Errors from opening, writing or reading the catalog. Messages name the file and what is
/// wrong; they say nothing about how a particular program is invoked.
public enum CatalogError: Error, CustomStringConvertible, Equatable {
    /// No catalog exists at the path (no file, an empty file, or an SQLite file with no tables).
    case missing(path: String)
    /// The file was written by a newer version of `mood`.
    case schemaTooNew(path: String, found: Int, supported: Int)
    /// The file is not a `mood` catalog (not SQLite, or SQLite with another schema): `reason` says what is wrong.
    case notACatalog(path: String, reason: String)
    /// A write was interrupted (a hot rollback journal is beside the file) and this process
    /// cannot write the file to roll it back.
    case needsRecovery(path: String)
    /// The file could not be opened or read (`reason` is SQLite's explanation).
    case unreadable(path: String, reason: String)
    /// The system SQLite lacks the R*Tree module the catalog's spatial index needs.
    case rtreeUnavailable
    /// A track cannot be stored (entry index in the batch and why).
    case invalidTrack(index: Int, reason: String)
    /// A starter-catalog CSV is malformed.
    case malformedStarter(file: String, line: Int, column: Int, reason: String)
    /// The starter catalog resource could not be found.
    case starterNotFound(searched: [String])

    public var description: String {
        switch self {
        case .missing(let path):
            return "no catalog at \(path)"
        case let .schemaTooNew(path, found, supported):
            return "the catalog \(path) has schema version \(found), newer than this mood supports (\(supported)); rebuild it or upgrade mood"
        case let .notACatalog(path, reason):
            return "\(path) is not a mood catalog: \(reason)"
        case .needsRecovery(let path):
            return "the catalog \(path) has an interrupted write (a rollback journal beside it) and is not writable here, so it cannot be rolled back; open it once with write access"
        case let .unreadable(path, reason):
            return "cannot read the catalog \(path): \(reason)"
        case .rtreeUnavailable:
            return "the system SQLite lacks the R*Tree module (SQLITE_ENABLE_RTREE), which the catalog's spatial index needs"
        case let .invalidTrack(index, reason):
            return "track \(index + 1) of the batch cannot be stored: \(reason)"
        case let .malformedStarter(file, line, column, reason):
            return "\(file):\(line):\(column): \(reason)"
        case .starterNotFound(let searched):
            return "the bundled starter catalog (starter-catalog.csv) was not found; looked in: \(searched.joined(separator: ", "))"
        }
    }
}
