import ArgumentParser

/// `mood`: the root command. Its subcommands are grouped by role in `--help`: everyday use,
/// research on the model, and benchmarks.
public struct Mood: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mood",
        abstract: "Place playlists on Russell's circumplex of emotion and recommend mood-matched songs.",
        subcommands: [
            Analyze.self, Recommend.self, Playlist.self, CatalogCommand.self, Report.self, Demo.self,
            ImportPlaylist.self, Extract.self, Emotions.self,
        ],
        groupedSubcommands: [
            CommandGroup(name: "Research (the model)", subcommands: [Evaluate.self, Train.self, Cluster.self]),
            CommandGroup(name: "Benchmarks", subcommands: [Bench.self]),
        ])

    /// The version `mood --version` prints (only the root command has the flag).
    static let version = "0.2.0"

    @Flag(name: .long, help: "Print the version and exit.")
    var version = false

    public init() {}

    public func run() throws {
        if version {
            print(Self.version)
            return
        }
        throw CleanExit.helpRequest(self)
    }
}
