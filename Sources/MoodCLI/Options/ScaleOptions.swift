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

    /// The mapping for `catalog`'s own songs, or nil on the absolute scale (or an empty library).
    func mapping(for catalog: Catalog) throws -> LibraryScale? {
        guard scale == .library else { return nil }
        let mapping = try LibraryScale.forCatalog(catalog)
        if let mapping {
            printError("library scale (relative): \(mapping.librarySize) songs mapped onto \(mapping.reference.rawValue)")
        } else {
            printError("warning: --scale library needs your own songs in the catalog (`mood catalog add ~/Music`); "
                       + "\(catalog.path) has none, so the absolute scale is shown")
        }
        return mapping
    }
}
