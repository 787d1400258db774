import ArgumentParser

/// `mood`: the root command. Its subcommands are grouped by role in `--help`: everyday use,
/// research on the model, and benchmarks.
public struct Mood: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mood",
        abstract: "Place playlists on Russell's circumplex of emotion and recommend mood-matched songs.",
        version: "0.1.0",
        subcommands: [
            Analyze.self, Recommend.self, CatalogCommand.self, Report.self, Demo.self,
            ImportPlaylist.self, Extract.self, Emotions.self,
        ],
        groupedSubcommands: [
            CommandGroup(name: "Research (the model)", subcommands: [Evaluate.self, Train.self, Cluster.self]),
            CommandGroup(name: "Benchmarks", subcommands: [Bench.self]),
        ])

    public init() {}
}
