import ArgumentParser
import Foundation
import MoodIO
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

    @Option(help: "Nested playlist depth limit (0…64).")
    var maxDepth = 8

    @Option(help: "Largest playlist file read, in MiB (1…2047; default 64).")
    var maxFileMib = 64

    @Option(help: "Most entries in one import, nested playlists included (1…100000000; default 1000000).")
    var maxEntries = 1_000_000

    func validate() throws {
        let depths = PlaylistImporter.Options.nestingDepthRange
        guard depths.contains(maxDepth) else {
            throw ValidationError("--max-depth must be in \(depths.lowerBound)…\(depths.upperBound), not \(maxDepth)")
        }
        guard (1...2047).contains(maxFileMib) else { throw ValidationError("--max-file-mib must be in 1…2047, not \(maxFileMib)") }
        let entries = PlaylistImporter.Limits.maxEntriesRange
        guard entries.contains(maxEntries) else {
            throw ValidationError("--max-entries must be in \(entries.lowerBound)…\(entries.upperBound), not \(maxEntries)")
        }
    }

    func run() throws {
        let limits = PlaylistImporter.Limits(maxFileBytes: min(maxFileMib << 20, Int(Int32.max)), maxEntries: maxEntries)
        let importer = PlaylistImporter(options: .init(strict: strict, maxNestingDepth: maxDepth, limits: limits))
        do {
            switch format {
            case .table: printTable(try importer.importPlaylist(at: URL(fileURLWithPath: playlist)))
            case .json: try streamJSON(importer)
            }
        } catch let error as ImportError {
            throw ExitStatus.of(error).fail("\(error)")
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
            // A reason may quote a location, which may hold any character: one line per cell, always.
            print("\(column)  \(terminalSafe(outcome))")
            print("\(under)  \(terminalSafe(entry.location ?? "(no location)"))\(label.isEmpty ? "" : "  [\(terminalSafe(label))]")")
        }
        if !playlist.warnings.isEmpty {
            print("")
            print("warnings:")
            for warning in playlist.warnings { print("  " + terminalSafe("\(warning)")) }
        }
    }

    /// `--format json`: `ImportReport`'s document, written while importing (see `PlaylistImporter.writeReport`).
    /// A limit broken inside a nested playlist stops the document part-way (the error is then on standard
    /// error, exit status 2).
    private func streamJSON(_ importer: PlaylistImporter) throws {
        var out = JSONByteWriter()
        try importer.writeReport(at: URL(fileURLWithPath: playlist), to: &out)
        out.flush()
    }
}
