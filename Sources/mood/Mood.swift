import ArgumentParser

@main
struct Mood: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mood",
        abstract: "Place playlists on Russell's circumplex of emotion and recommend mood-matched songs.",
        version: "0.1.0",
        subcommands: [
            Analyze.self, Recommend.self, CatalogCommand.self, Report.self, Demo.self,
            ImportPlaylist.self, Extract.self, Emotions.self,
            Evaluate.self, Train.self, Cluster.self, Bench.self,
        ])
}
