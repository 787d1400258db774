import ArgumentParser
import AudioTags
import DEAMData
import FeatureExtraction
import Foundation
import MoodEngine
import MoodCore
import MoodIO
import Numerics
import Recommender
#if canImport(Glibc)
import Glibc
#endif

/// `mood catalog add PATH…`: the user's own music (files and folders) into the catalog.
struct CatalogAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add music files and folders (recursively) or DEAM-format feature files to the catalog.",
        discussion: """
            Folders are scanned recursively for audio (mp3, flac, ogg/opus, m4a/aac, wav, aiff; wma with \
            ffmpeg) and DEAM-format feature files (.csv); other files are counted and skipped. Tags \
            (title, artist, album, genre, track number, duration) are read with TagLib; files without a \
            title are named after the file. Audio runs through openSMILE on all cores (--jobs), cached \
            beside the catalog by content hash, and is written in batches (--batch), so an interrupted add \
            keeps what it finished. A file whose path, size and modification time are unchanged is skipped \
            without being read; a file found at a new path with the content of a stored file whose path is \
            gone is recorded as moved (nothing is extracted again). A file that cannot be read or decoded is \
            reported and skipped; the rest are added and the exit status is 2.
            """)

    @Argument(help: ArgumentHelp("Audio files, folders (scanned recursively) or DEAM-format feature files.", valueName: "path"),
              completion: .file())
    var paths: [String]

    @Option(name: .customLong("opensmile-lib"), help: "Path to libSMILEapi.so (default: OPENSMILE_LIB or the installed opensmile package).")
    var openSMILELibrary: String?

    @OptionGroup var catalogOptions: CatalogOptions
    @OptionGroup var predictorOptions: PredictorOptions

    @Option(help: "Artist to store for files whose tags name none.")
    var artist: String?

    @OptionGroup var jobsOption: JobsOption

    /// Files extracted at once.
    var jobs: Int { jobsOption.count }

    @Option(parsing: .unconditional, help: ArgumentHelp("Files written per transaction (1–10000).", valueName: "n"))
    var batch: Int = 50

    @Flag(name: .shortAndLong, help: "Print every file added, moved or skipped.")
    var verbose = false

    func validate() throws {
        guard (1...10_000).contains(batch) else { throw ValidationError("--batch must be between 1 and 10000 (got \(batch))") }
    }

    func run() throws {
        try reportingErrors {
            let scan = LibraryScan.collect(paths)
            if scan.files.isEmpty && !scan.missing.isEmpty {
                throw ExitStatus.notFound.fail(scan.missing.map { "\($0): no such file or folder" }.joined(separator: "\nError: "))
            }
            for missing in scan.missing { printError("Error: \(missing): no such file or folder") }
            let catalog = try catalogOptions.open(.createIfMissing)
            let sync = LibrarySync(jobs: jobs, batch: batch, fallbackArtist: artist, openSMILELibrary: openSMILELibrary)
            let bars = PhaseBars<LibrarySync.Phase>(labels: [.checking: "checking", .analysing: "analysing"])
            let report = try sync.run(scan, into: catalog, predictor: predictorOptions.load,
                                      progress: { bars.update($0, $1, $2) }, events: { if verbose { print(CatalogAdd.line($0)) } })
            bars.finish()
            for failure in report.failures { printError("skipped \(failure.path): \(failure.reason)") }
            var parts = ["\(report.inserted) added", "\(report.updated) updated", "\(report.moved) moved", "\(report.unchanged) unchanged"]
            if !report.failures.isEmpty { parts.append("\(report.failures.count) failed") }
            print("\(report.filesFound) music and feature files found, \(report.otherFilesSkipped) other files skipped: "
                  + parts.joined(separator: ", ") + " in \(fixed(report.seconds, 2)) s")
            print("catalog \(catalog.path): \(catalog.trackCount) tracks")
            if !report.failures.isEmpty || !scan.missing.isEmpty {
                if report.succeeded == 0 {
                    throw (scan.missing.isEmpty ? ExitStatus.badInput : ExitStatus.notFound).fail(
                        "nothing could be added (\(report.failures.count + scan.missing.count) failed)")
                }
                throw ExitCode(ExitStatus.partial.rawValue)
            }
        }
    }

    /// One verbose line: a move, or a placement with its confidence.
    static func line(_ event: LibrarySync.Event) -> String {
        switch event {
        case .moved(let from, let to):
            return "moved: \(terminalSafe(from)) → \(terminalSafe(to))"
        case .placed(let track):
            let p = track.predicted
            var sure = ""
            if let spread = track.spread {
                let placement = Placement(point: p, source: .model, distribution: spread.distribution(at: p))
                sure = ", \(Int((placement.confidence * 100).rounded()))% \(p.quadrant.name)"
                    + (placement.distribution.map { ", 80% region ±\(fixed($0.regionRadius))" } ?? "")
                    + (spread.outOfDistribution ? " — unlike DEAM's music: the model is unsure" : "")
            }
            return "\(terminalSafe(track.path ?? "")): \(p.description), \(p.quadrant.name) / \(p.subEmotion.name)\(sure)"
        }
    }
}

/// `mood catalog list`: the user's own songs.
struct CatalogList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List your own songs in the catalog: path, artist, title, album, valence/arousal and quadrant.",
        discussion: "DEAM's songs are not listed (see `mood catalog filter`). Sorted by path.")

    @Option(help: "Output: table, json or csv.")
    var format: ResultFormat = .table

    @OptionGroup var scaleOptions: ScaleOptions
    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        try reportingErrors {
            let catalog = try catalogOptions.open(.readOnly)
            let scale = try scaleOptions.mapping(for: catalog)
            let songs = try catalog.libraryEntries().map { LibrarySong($0, scale: scale) }
            switch format {
            case .json: try printJSON(songs)
            case .csv:
                print(LibrarySong.csvHeader)
                for song in songs { print(song.csvRow) }
            case .table:
                print(LibrarySong.tableHeader)
                for song in songs { print(song.tableRow) }
                print("\(songs.count) of your songs in \(catalog.path)" + (scale == nil ? "" : " (library scale: relative)"))
            }
        }
    }
}

/// `mood catalog remove PATH|FOLDER|ID…`.
struct CatalogRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove your songs from the catalog by file path, folder (everything under it) or catalog id.",
        discussion: "The files themselves are not touched. Exit status 66 when nothing matched, 2 when some arguments matched nothing.")

    @Argument(help: ArgumentHelp("File paths, folders or catalog ids (see `mood catalog list`).", valueName: "path|id"), completion: .file())
    var targets: [String]

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        try reportingErrors {
            let catalog = try catalogOptions.open()
            let (ids, unmatched) = LibraryRemoval().ids(for: targets, in: try catalog.libraryEntries())
            let removed = try catalog.removeTracks(ids: ids)
            for target in unmatched { printError("Error: \(MessageText.excerpt(target, limit: 200)) is not in the catalog \(catalog.path)") }
            print("\(removed) removed; catalog \(catalog.path): \(catalog.trackCount) tracks")
            if !unmatched.isEmpty {
                throw ExitCode((removed == 0 ? ExitStatus.notFound : ExitStatus.partial).rawValue)
            }
        }
    }
}

/// `mood catalog prune`: forget songs whose files are gone.
struct CatalogPrune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove your songs whose files no longer exist.",
        discussion: """
            Only songs whose files are provably gone are removed: no such file, while the nearest folder \
            above it that exists can be listed and is not empty. A file that cannot be checked (permission \
            denied, an I/O error) or that lies under an empty folder (how an unmounted drive looks) is kept \
            and listed, and the exit status is 2. Run `mood catalog add FOLDER` first if files were moved: \
            it finds them by content and keeps them.
            """)

    @Flag(name: .customLong("dry-run"), help: "Only list what would be removed.")
    var dryRun = false

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        try reportingErrors {
            let catalog = try catalogOptions.open(dryRun ? .readOnly : .existing)
            let (gone, unchecked) = LibraryRemoval().gone(try catalog.libraryEntries())
            for (entry, reason) in unchecked { printError("kept \(entry.track.path ?? ""): \(reason)") }
            for entry in gone { print("\(dryRun ? "would remove" : "removed"): \(terminalSafe(entry.track.path ?? ""))") }
            let removed = dryRun ? 0 : try catalog.removeTracks(ids: gone.map(\.track.id))
            print("\(dryRun ? gone.count : removed) missing file\(gone.count == 1 ? "" : "s") \(dryRun ? "would be " : "")removed; catalog \(catalog.path): \(catalog.trackCount) tracks")
            if !unchecked.isEmpty {
                printError("\(unchecked.count) song\(unchecked.count == 1 ? "" : "s") kept: \(unchecked.count == 1 ? "its file" : "their files") could not be checked")
                throw ExitCode(ExitStatus.partial.rawValue)
            }
        }
    }
}
