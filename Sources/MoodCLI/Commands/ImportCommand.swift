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
            print("\(column)  \(outcome)")
            print("\(under)  \(terminalSafe(entry.location ?? "(no location)"))\(label.isEmpty ? "" : "  [\(terminalSafe(label))]")")
        }
        if !playlist.warnings.isEmpty {
            print("")
            print("warnings:")
            for warning in playlist.warnings { print("  " + terminalSafe("\(warning)")) }
        }
    }

    /// `--format json`: the same document `JSONEncoder` wrote (pretty-printed, sorted keys), written
    /// as a stream: each entry is mapped, written and dropped. The top file is read and validated
    /// whole before the first byte is written; only a limit broken inside a nested playlist can
    /// stop the document part-way (the error is then on standard error, exit status 2).
    private func streamJSON(_ importer: PlaylistImporter) throws {
        var list = EntryListWriter()
        let summary = try importer.streamPlaylist(at: URL(fileURLWithPath: playlist), onStart: { encoding in
            list.out.raw("{\n  \"encoding\" : ")
            list.out.string(encoding.rawValue)
            list.out.raw(",\n  \"entries\" : [")
        }) { entry in
            // One access to `list` per entry: the closure's captured variable is checked on each access.
            list.write(entry)
        }
        list.close()
        var out = list.out
        out.raw("\n  \"file\" : ")
        out.string(summary.file)
        out.raw(",\n  \"format\" : ")
        out.string(summary.format.rawValue)
        if let title = summary.title {
            out.raw(",\n  \"title\" : ")
            out.string(title)
        }
        out.raw(",\n  \"warnings\" : [\n")
        if summary.warnings.isEmpty {
            out.raw("\n  ]")
        } else {
            for (i, warning) in summary.warnings.enumerated() {
                if i == 0 { out.raw("    ") } else { out.raw(",\n    ") }
                out.string(warning.description)
            }
            out.raw("\n  ]")
        }
        out.raw("\n}\n")
        out.flush()
    }
}

/// The `entries` array of the `--format json` document, written one entry object at a time into `out`
/// (which holds the document's opening): `write` each entry in order, then `close` the array.
private struct EntryListWriter {
    var out = JSONByteWriter()
    private var first = true
    /// The last entry's file and its quoted form: the entries of one file share it.
    private var file = ""
    private var quotedFile = [UInt8]()

    /// Closes the array (an empty one as `JSONEncoder` writes it) and puts the comma before the next key.
    mutating func close() {
        out.raw(first ? "\n\n  ]," : "\n  ],")
    }

    /// One entry object of the `--format json` document, keys in sorted order, at entry indentation.
    /// (Each key is written with the comma and line break that go before it: see `KeyWriter`.)
    mutating func write(_ entry: StreamedEntry) {
        out.raw(first ? "\n    {" : ",\n    {")
        first = false
        var keys = KeyWriter()
        keys.text(",\n      \"album\" : ", entry.album, &out)
        keys.text(",\n      \"artist\" : ", entry.artist, &out)
        if case let .deam(id) = entry.reference { keys.integer(",\n      \"deamId\" : ", id, &out) }
        keys.integer(",\n      \"depth\" : ", entry.depth, &out)
        if let duration = entry.duration { keys.key(",\n      \"duration\" : ", &out); out.number(duration) }
        switch entry.reference {
        case let .featureFile(url, _), let .audio(url, _, _): keys.string(",\n      \"featureFile\" : ", url.path, &out)
        default: break
        }
        keys.key(",\n      \"file\" : ", &out)
        if entry.file != file {
            file = entry.file
            var quoted = JSONByteWriter(fileDescriptor: -1, blockSize: 64)
            quoted.string(file)
            quotedFile = quoted.pendingBytes
        }
        quotedFile.withUnsafeBytes { out.raw($0) }
        if case let .line(n) = entry.position { keys.integer(",\n      \"line\" : ", n, &out) }
        keys.text(",\n      \"location\" : ", entry.location, &out)
        keys.string(",\n      \"outcome\" : ", entry.reference.kind, &out)
        if case let .unresolved(reason) = entry.reference { keys.string(",\n      \"reason\" : ", reason.description, &out) }
        keys.text(",\n      \"title\" : ", entry.title, &out)
        if case let .track(n) = entry.position { keys.integer(",\n      \"track\" : ", n, &out) }
        out.raw("\n    }")
        out.flushIfFull()
    }
}

/// Writes `"key" : value` pairs of one object at entry indentation. Each `key` argument is the whole
/// text before the value, comma first (`,\n      "name" : `): the first pair of an object leaves the comma out.
private struct KeyWriter {
    var first = true

    @inline(__always)
    mutating func key(_ key: StaticString, _ out: inout JSONByteWriter) {
        let skip = first ? 1 : 0
        first = false
        out.raw(UnsafeRawBufferPointer(start: key.utf8Start + skip, count: key.utf8CodeUnitCount - skip))
    }

    @inline(__always)
    mutating func string(_ key: StaticString, _ value: String, _ out: inout JSONByteWriter) {
        self.key(key, &out)
        out.string(value)
    }

    /// The pair, when there is a text (lent bytes are written without a string).
    @inline(__always)
    mutating func text(_ key: StaticString, _ value: EntryText, _ out: inout JSONByteWriter) {
        guard !value.isNone else { return }
        self.key(key, &out)
        value.withUTF8 { out.quoted($0) }
    }

    @inline(__always)
    mutating func integer(_ key: StaticString, _ value: Int, _ out: inout JSONByteWriter) {
        self.key(key, &out)
        out.integer(value)
    }
}
