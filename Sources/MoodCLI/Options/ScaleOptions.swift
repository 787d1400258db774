import ArgumentParser
import Recommender

/// `--scale absolute|library`: the model's coordinates, or the library-relative scale.
enum ScaleKind: String, CaseInsensitiveArgument {
    case absolute, library
}

/// `--scale`, shared by the commands that show the user's own songs.
struct ScaleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("absolute (the model's placement, default) or library: RELATIVE — each axis of your songs mapped by quantiles onto DEAM's rating distribution, keeping order (see README).", valueName: "scale"))
    var scale: ScaleKind = .absolute

    /// The mapping for `catalog`'s own songs, or nil on the absolute scale (asked for, or with a
    /// warning when the library is empty or too small to scale).
    func mapping(for catalog: Catalog) throws -> LibraryScale? {
        guard scale == .library else { return nil }
        switch try LibraryScale.forCatalog(catalog) {
        case .success(let mapping):
            printError("library scale (relative): \(mapping.librarySize) songs mapped onto \(mapping.reference.rawValue)")
            return mapping
        case .failure(.noLibrarySongs):
            printError("warning: --scale library needs your own songs in the catalog (`mood catalog add ~/Music`); "
                       + "\(catalog.path) has none, so the absolute scale is shown")
        case .failure(.tooFewSongs(let count)):
            printError("warning: --scale library needs at least \(LibraryScale.minimumLibrarySize) of your songs to rank them "
                       + "within your library; \(catalog.path) has \(count), so the absolute scale is shown")
        }
        return nil
    }
}
