import ArgumentParser
import Foundation
import PlaylistImport

/// `mood import PLAYLIST`: every entry of a playlist with its outcome and reason.
struct ImportPlaylist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an M3U/M3U8, XSPF or PLS playlist and show how each entry maps to a track.")

    enum OutputFormat: String, CaseInsensitiveArgument {
        case table, json
    }

    @Argument(help: "The playlist file.")
    var playlist: String

    @Flag(help: "Validate XSPF against the specification and reject any violation.")
    var strict = false

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @Option(help: "Nested playlist depth limit.")
    var maxDepth = 8

    func run() throws {
        let importer = PlaylistImporter(options: .init(strict: strict, maxNestingDepth: maxDepth))
        let result: ImportedPlaylist
        do {
            result = try importer.importPlaylist(at: URL(fileURLWithPath: playlist))
        } catch let error as ImportError {
            throw ExitStatus.of(error).fail("\(error)")
        }
        switch format {
        case .table: printTable(result)
        case .json: try printJSON(result)
        }
    }

    private func printTable(_ playlist: ImportedPlaylist) {
        let tracks = playlist.tracks
        let resolved = tracks.filter { $0.reference.isResolved }.count
        print("\(terminalSafe(playlist.file)): \(playlist.format) (\(playlist.encoding.rawValue))\(playlist.title.map { ", \"\(terminalSafe($0))\"" } ?? "")")
        print("\(tracks.count) tracks, \(resolved) resolved, \(tracks.count - resolved) unresolved, \(playlist.warnings.count) warnings")
        print("")
        func place(_ entry: PlaylistEntry) -> String {
            entry.depth > 0 ? "\((entry.file as NSString).lastPathComponent) \(entry.position)" : "\(entry.position)"
        }
        let width = tracks.map { place($0).count + 2 * $0.depth }.max() ?? 0
        for entry in tracks {
            let indent = String(repeating: "  ", count: entry.depth)
            let column = (indent + place(entry)).padding(toLength: width, withPad: " ", startingAt: 0)
            let under = String(repeating: " ", count: width)
            let label = [entry.artist, entry.title].compactMap { $0 }.joined(separator: " – ")
            let outcome: String
            switch entry.reference {
            case let .deam(id): outcome = "deam \(id)"
            case let .featureFile(url, features): outcome = "features \(url.lastPathComponent) (\(features.values.count))"
            case let .audio(url, _, _): outcome = "resolved as audio \(url.lastPathComponent)"
            case let .unresolved(reason): outcome = "unresolved: \(reason)"
            }
            print("\(column)  \(outcome)")
            print("\(under)  \(terminalSafe(entry.location ?? "(no location)"))\(label.isEmpty ? "" : "  [\(terminalSafe(label))]")")
        }
        if !playlist.warnings.isEmpty {
            print("")
            print("warnings:")
            for warning in playlist.warnings { print("  " + terminalSafe("\(warning)")) }
        }
    }

    private struct EntryReport: Encodable {
        var file: String
        var line: Int?
        var track: Int?
        var depth: Int
        var location: String?
        var title: String?
        var artist: String?
        var album: String?
        var duration: Double?
        var outcome: String
        var deamID: Int?
        var featureFile: String?
        var reason: String?
    }

    private struct Report: Encodable {
        var file: String
        var format: String
        var encoding: String
        var title: String?
        var entries: [EntryReport]
        var warnings: [String]
    }

    private func printJSON(_ playlist: ImportedPlaylist) throws {
        let entries = playlist.tracks.map { entry -> EntryReport in
            var report = EntryReport(file: entry.file, depth: entry.depth, location: entry.location, title: entry.title,
                                     artist: entry.artist, album: entry.album, duration: entry.duration,
                                     outcome: entry.reference.kind)
            switch entry.position {
            case let .line(n): report.line = n
            case let .track(n): report.track = n
            }
            switch entry.reference {
            case let .deam(id): report.deamID = id
            case let .featureFile(url, _): report.featureFile = url.path
            case let .audio(url, _, _): report.featureFile = url.path
            case let .unresolved(reason): report.reason = reason.description
            }
            return report
        }
        let report = Report(file: playlist.file, format: playlist.format.rawValue, encoding: playlist.encoding.rawValue,
                            title: playlist.title, entries: entries, warnings: playlist.warnings.map(\.description))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
    }
}
