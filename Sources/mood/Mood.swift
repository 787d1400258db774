import ArgumentParser

@main
struct Mood: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mood",
        abstract: "Place playlists on Russell's circumplex of emotion and recommend mood-matched songs.",
        version: "0.1.0",
        subcommands: [Emotions.self, Extract.self, Bench.self, ImportPlaylist.self])
}
