import ArgumentParser
import AudioTags
import DEAMData
import FeatureExtraction
import Foundation
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

    @Option(help: ArgumentHelp("Files written per transaction (1–10000).", valueName: "n"))
    var batch: Int = 50

    @Flag(name: .shortAndLong, help: "Print every file added, moved or skipped.")
    var verbose = false

    func validate() throws {
        guard (1...10_000).contains(batch) else { throw ValidationError("--batch must be between 1 and 10000 (got \(batch))") }
    }

    func run() throws {
        try reportingErrors {
            let start = Date()
            let scan = try LibraryScan.collect(paths)
            if scan.files.isEmpty && !scan.missing.isEmpty {
                throw ExitStatus.notFound.fail(scan.missing.map { "\($0): no such file or folder" }.joined(separator: "\nError: "))
            }
            for missing in scan.missing { printError("Error: \(missing): no such file or folder") }
            let catalog = try catalogOptions.open(.createIfMissing)
            var known = [String: LibraryEntry]()
            for entry in try catalog.libraryEntries() { if let path = entry.track.path { known[path] = entry } }

            // 1. Unchanged files (same path, size and mtime) are skipped without reading them.
            var candidates = [(url: URL, stamp: FileStamp)]()
            var unchanged = 0, failures = [(String, String)]()
            for url in scan.files {
                guard let stamp = FileStamp(path: url.path) else { failures.append((url.path, "cannot read the file's size and time")); continue }
                if let file = known[url.path]?.file, file.size == stamp.size, file.modified == stamp.modified {
                    unchanged += 1
                } else {
                    candidates.append((url, stamp))
                }
            }
            // 2. The rest are hashed (in parallel): same content at the same path is only re-stamped;
            //    the content of a stored file whose path is gone is a move.
            //    A new path needs hashing only when some stored song's file is gone (a move is then
            //    possible); otherwise extraction hashes it anyway (once).
            let scanned = Set(scan.files.map(\.path))
            var byHash = [String: [LibraryEntry]]()
            for entry in known.values {
                guard let hash = entry.track.contentHash, let path = entry.track.path,
                      !scanned.contains(path), !FileManager.default.fileExists(atPath: path) else { continue }
                byHash[hash, default: []].append(entry)
            }
            let movesPossible = !byHash.isEmpty
            let toHash = candidates.indices.filter { movesPossible || known[candidates[$0].url.path] != nil }
            let hashBar = ProgressBar(total: toHash.count, label: "checking")
            let hashed = LibraryScan.hashAll(toHash.map { candidates[$0].url }, parallelism: jobs) { hashBar.update($0) }
            hashBar.finish()
            var hashes = [Int: String?]()
            for (index, hash) in zip(toHash, hashed) { hashes[index] = hash }
            var moved = 0, restamped = 0
            var toExtract = [(url: URL, stamp: FileStamp)]()
            for (index, candidate) in candidates.enumerated() {
                // Not hashed: a new path while no stored song's file is missing; extraction hashes it.
                guard let hashOrNil = hashes[index] else { toExtract.append(candidate); continue }
                guard let hash = hashOrNil else { failures.append((candidate.url.path, "the file cannot be read")); continue }
                let entry = known[candidate.url.path]
                if let entry, entry.track.contentHash == hash {
                    var file = entry.file ?? LibraryFile(size: 0, modified: 0)
                    file.size = candidate.stamp.size
                    file.modified = candidate.stamp.modified
                    try catalog.updateFileStamp(id: entry.track.id, file: file)
                    restamped += 1
                    continue
                }
                if entry == nil, let old = byHash[hash]?.first {
                    byHash[hash]!.removeFirst()
                    var file = old.file ?? LibraryFile(size: 0, modified: 0)
                    file.size = candidate.stamp.size
                    file.modified = candidate.stamp.modified
                    try catalog.moveTrack(id: old.track.id, to: candidate.url.path, file: file)
                    if verbose { print("moved: \(terminalSafe(old.track.path ?? "")) → \(terminalSafe(candidate.url.path))") }
                    moved += 1
                    continue
                }
                toExtract.append(candidate)
            }

            // 3. New and changed files: extracted on all cores, predicted and written batch by batch.
            var summary = Catalog.WriteSummary()
            if !toExtract.isEmpty {
                let model = try predictorOptions.load()
                let audio = toExtract.contains { AudioInput.isAudioFile($0.url) }
                let extractor = audio ? try AudioFeatureExtractor(
                    library: OpenSMILELibrary.locate(explicitPath: openSMILELibrary),
                    cacheDirectory: AudioResolution.cacheDirectory(besideCatalogAt: catalogOptions.path)) : nil
                let bar = ProgressBar(total: toExtract.count, label: "analysing")
                var done = 0
                for first in stride(from: 0, to: toExtract.count, by: batch) {
                    let slice = Array(toExtract[first..<min(toExtract.count, first + batch)])
                    let offset = done
                    let results = LibraryScan.features(of: slice.map(\.url), extractor: extractor, parallelism: jobs) { finished, _ in
                        bar.update(offset + finished)
                    }
                    done += slice.count
                    let tagSlots = Slots<AudioTags?>(count: slice.count, initial: nil)
                    DispatchQueue.concurrentPerform(iterations: slice.count) { i in
                        if case .success(let value) = results[i], value.2 == .audio {
                            tagSlots.set(i, AudioTagReader.read(slice[i].url))
                        }
                    }
                    let sliceTags = tagSlots.values
                    var items = [(track: CatalogTrackInput, file: LibraryFile)](), vectors = [Double]()
                    for (candidate, (result, tags)) in zip(slice, zip(results, sliceTags)) {
                        switch result {
                        case .failure(let error):
                            failures.append((candidate.url.path, "\(error)"))
                        case .success(let (vector, hash, source)):
                            guard let values = vector.values(orderedAs: model.predictorFeatureNames) else {
                                failures.append((candidate.url.path, "the features lack ones the model needs"))
                                continue
                            }
                            vectors += values
                            let title = tags?.title ?? candidate.url.deletingPathExtension().lastPathComponent
                            items.append((CatalogTrackInput(source: source, path: candidate.url.path, contentHash: hash,
                                                            artist: tags?.artist ?? artist, title: title, genre: tags?.genre,
                                                            predicted: MoodPoint(valence: 5, arousal: 5), modelVersion: model.predictorVersion),
                                          LibraryFile(size: candidate.stamp.size, modified: candidate.stamp.modified, album: tags?.album,
                                                      trackNumber: tags?.trackNumber, year: tags?.year, duration: tags?.duration,
                                                      musicBrainzRecordingID: tags?.musicBrainzRecordingID,
                                                      musicBrainzReleaseID: tags?.musicBrainzReleaseID,
                                                      musicBrainzArtistID: tags?.musicBrainzArtistID)))
                        }
                    }
                    guard !items.isEmpty else { continue }
                    // Checked prediction: a non-finite value is refused before this batch is written.
                    let matrix = Matrix(rows: items.count, columns: model.predictorFeatureNames.count, storage: vectors)
                    let points = try model.predictPoints(matrix)
                    let spreads = try model.predictSpreads(matrix)
                    for i in items.indices {
                        items[i].track.predicted = points[i]
                        items[i].track.spread = spreads?[i] ?? nil
                    }
                    let written = try catalog.storeLibraryFiles(items)
                    summary.inserted += written.inserted
                    summary.updated += written.updated
                    if verbose {
                        for item in items {
                            let p = item.track.predicted
                            var sure = ""
                            if let spread = item.track.spread {
                                let placement = Placement(point: p, source: .model, distribution: spread.distribution(at: p))
                                sure = ", \(Int((placement.confidence * 100).rounded()))% \(p.quadrant.name)"
                                    + (placement.distribution.map { ", 80% region ±\(fixed($0.regionRadius))" } ?? "")
                                    + (spread.outOfDistribution ? " — unlike DEAM's music: the model is unsure" : "")
                            }
                            print("\(terminalSafe(item.track.path ?? "")): \(p.description), \(p.quadrant.name) / \(p.subEmotion.name)\(sure)")
                        }
                    }
                }
                bar.finish()
            }
            let seconds = Date().timeIntervalSince(start)
            for (path, reason) in failures {
                // Extraction errors already start with the path.
                printError("skipped \(path): " + (reason.hasPrefix(path + ": ") ? String(reason.dropFirst(path.count + 2)) : reason))
            }
            var parts = ["\(summary.inserted) added", "\(summary.updated) updated", "\(moved) moved", "\(unchanged + restamped) unchanged"]
            if !failures.isEmpty { parts.append("\(failures.count) failed") }
            print("\(scan.files.count) music and feature files found, \(scan.skipped) other files skipped: " + parts.joined(separator: ", ")
                  + " in \(fixed(seconds, 2)) s")
            print("catalog \(catalog.path): \(catalog.trackCount) tracks")
            if !failures.isEmpty || !scan.missing.isEmpty {
                if summary.inserted + summary.updated + moved + unchanged + restamped == 0 {
                    throw (scan.missing.isEmpty ? ExitStatus.badInput : ExitStatus.notFound).fail(
                        "nothing could be added (\(failures.count + scan.missing.count) failed)")
                }
                throw ExitCode(ExitStatus.partial.rawValue)
            }
        }
    }
}

/// A file's size and modification time (what a re-scan compares).
struct FileStamp {
    var size: Int64
    var modified: Double

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }
}

/// Finding, hashing and extracting the files of a `catalog add`.
enum LibraryScan {
    /// Audio and feature files under `paths` (folders recursively, hidden entries skipped), sorted
    /// by path; how many other files were skipped; paths that do not exist.
    static func collect(_ paths: [String]) throws -> (files: [URL], skipped: Int, missing: [String]) {
        var files = Set<URL>(), skipped = 0, missing = [String]()
        func take(_ url: URL) {
            if isWanted(url) { files.insert(url) } else { skipped += 1 }
        }
        for path in paths {
            let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { missing.append(path); continue }
            guard isDirectory.boolValue else { take(url); continue }
            let keys: [URLResourceKey] = [.isRegularFileKey]
            guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles]) else { continue }
            for case let file as URL in walker {
                guard (try? file.resourceValues(forKeys: Set(keys)).isRegularFile) == true else { continue }
                take(file.standardizedFileURL)
            }
        }
        return (files.sorted { $0.path < $1.path }, skipped, missing)
    }

    /// Audio by extension, or a `.csv` feature file.
    static func isWanted(_ url: URL) -> Bool {
        AudioInput.isAudioFile(url) || url.pathExtension.lowercased() == "csv"
    }

    /// SHA-256 of each file (nil where unreadable), `parallelism` at a time; `progress` gets the count done.
    static func hashAll(_ urls: [URL], parallelism: Int, progress: @escaping @Sendable (Int) -> Void = { _ in }) -> [String?] {
        let slots = Slots<String?>(count: urls.count, initial: nil)
        DispatchQueue.concurrentPerform(iterations: max(1, min(parallelism, urls.count))) { worker in
            var index = worker
            while index < urls.count {
                progress(slots.set(index, try? SHA256.hex(ofFileAt: urls[index])))
                index += max(1, min(parallelism, urls.count))
            }
        }
        return slots.values
    }

    /// The song-level features of each file: audio through `extractor.extractAll` (on
    /// `parallelism` cores), feature files read directly.
    static func features(of urls: [URL], extractor: AudioFeatureExtractor?, parallelism: Int,
                         progress: @escaping @Sendable (Int, Int) -> Void) -> [Result<(SongFeatureVector, String, TrackSource), Error>] {
        var results = [Result<(SongFeatureVector, String, TrackSource), Error>?](repeating: nil, count: urls.count)
        let audio = urls.indices.filter { AudioInput.isAudioFile(urls[$0]) }
        let others = urls.indices.filter { !AudioInput.isAudioFile(urls[$0]) }
        for (n, index) in others.enumerated() {
            results[index] = Result {
                (try FrameFeatureFile.songVector(contentsOf: urls[index]), try SHA256.hex(ofFileAt: urls[index]), .featureFile)
            }
            progress(n + 1, urls.count)
        }
        if let extractor, !audio.isEmpty {
            let base = others.count
            let extracted = extractor.extractAll(audio.map { urls[$0] }, parallelism: parallelism) { done, _ in progress(base + done, urls.count) }
            for (index, result) in zip(audio, extracted) {
                results[index] = result.map { ($0.songVector, $0.contentHash, .audio) }
            }
        }
        return results.map { $0 ?? .failure(FeatureExtractionError.unreadableAudio(file: "", reason: "not analysed")) }
    }
}

/// Results written by worker threads, one slot each.
final class Slots<T>: @unchecked Sendable {
    private var storage: [T]
    private let lock = NSLock()
    private var filled = 0
    init(count: Int, initial: T) { storage = Array(repeating: initial, count: count) }
    /// Stores a value; returns how many have been stored so far.
    @discardableResult
    func set(_ index: Int, _ value: T) -> Int {
        lock.lock(); defer { lock.unlock() }
        storage[index] = value
        filled += 1
        return filled
    }
    var values: [T] {
        lock.lock(); defer { lock.unlock() }
        return storage
    }
}

/// One of the user's songs as listed and exported.
struct LibrarySong: Encodable {
    var id: Int64
    var path: String
    var artist: String?
    var title: String?
    var album: String?
    var genre: String?
    var trackNumber: Int?
    var duration: Double?
    var musicBrainzRecordingId: String?
    var musicBrainzReleaseId: String?
    var valence: Double
    var arousal: Double
    var quadrant: String
    var subEmotion: String
    var scale: String

    init(_ entry: LibraryEntry, scale: LibraryScale?) {
        let point = scale?.map(entry.track.predicted) ?? entry.track.predicted
        id = entry.track.id
        path = entry.track.path ?? ""
        artist = entry.track.artist
        title = entry.track.title
        album = entry.file?.album
        genre = entry.track.genre
        trackNumber = entry.file?.trackNumber
        duration = entry.file?.duration
        musicBrainzRecordingId = entry.file?.musicBrainzRecordingID
        musicBrainzReleaseId = entry.file?.musicBrainzReleaseID
        valence = point.valence
        arousal = point.arousal
        quadrant = point.quadrant.name
        subEmotion = point.subEmotion.name
        self.scale = scale == nil ? "absolute" : "library"
    }

    var point: MoodPoint { MoodPoint(valence: valence, arousal: arousal) }

    static let csvHeader = "id,path,artist,title,album,genre,track,duration,valence,arousal,quadrant,subEmotion,scale"
    var csvRow: String {
        ["\(id)", csvField(path), csvField(artist ?? ""), csvField(title ?? ""), csvField(album ?? ""), csvField(genre ?? ""),
         trackNumber.map(String.init) ?? "", duration.map { fixed($0, 0) } ?? "", fixed(valence, 4), fixed(arousal, 4),
         quadrant, subEmotion, scale].joined(separator: ",")
    }

    /// Path (left-cut to fit), artist, title, album, V/A, quadrant in 100 columns.
    static let tableHeader = rightAligned("id", 5) + "  " + column("artist", 16) + " " + column("title", 22) + " "
        + column("album", 14) + " " + rightAligned("V", 4) + " " + rightAligned("A", 4) + "  " + column("quadrant", 11) + " path"
    var tableRow: String {
        rightAligned("\(id)", 5) + "  " + column(artist ?? "–", 16) + " " + column(title ?? "–", 22) + " " + column(album ?? "–", 14) + " "
            + rightAligned(fixed(valence, 1), 4) + " " + rightAligned(fixed(arousal, 1), 4) + "  " + column(quadrant, 11) + " "
            + LibrarySong.tail(terminalSafe(path), 15)
    }

    /// The end of `text` in `width` columns ("…" + tail when longer).
    static func tail(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : "…" + String(text.suffix(width - 1))
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
            let entries = try catalog.libraryEntries()
            var ids = Set<Int64>(), unmatched = [String]()
            for target in targets {
                let url = URL(fileURLWithPath: (target as NSString).expandingTildeInPath).standardizedFileURL
                let folder = url.path.hasSuffix("/") ? url.path : url.path + "/"
                var found = entries.filter { $0.track.path == url.path || ($0.track.path ?? "").hasPrefix(folder) }.map(\.track.id)
                if found.isEmpty, let id = Int64(target), entries.contains(where: { $0.track.id == id }) { found = [id] }
                if found.isEmpty { unmatched.append(target) }
                ids.formUnion(found)
            }
            let removed = try catalog.removeTracks(ids: ids.sorted())
            for target in unmatched { printError("not in the catalog: \(target)") }
            print("\(removed) removed; catalog \(catalog.path): \(catalog.trackCount) tracks")
            if !unmatched.isEmpty {
                if removed == 0 { throw ExitStatus.notFound.fail("nothing matched \(unmatched.count == 1 ? unmatched[0] : "these arguments")") }
                throw ExitCode(ExitStatus.partial.rawValue)
            }
        }
    }
}

/// `mood catalog prune`: forget songs whose files are gone.
struct CatalogPrune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove your songs whose files no longer exist.",
        discussion: "Run `mood catalog add FOLDER` first if files were moved: it finds them by content and keeps them.")

    @Flag(name: .customLong("dry-run"), help: "Only list what would be removed.")
    var dryRun = false

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        try reportingErrors {
            let catalog = try catalogOptions.open(dryRun ? .readOnly : .existing)
            let gone = try catalog.libraryEntries().filter { !FileManager.default.fileExists(atPath: $0.track.path ?? "") }
            for entry in gone { print("\(dryRun ? "would remove" : "removed"): \(terminalSafe(entry.track.path ?? ""))") }
            let removed = dryRun ? 0 : try catalog.removeTracks(ids: gone.map(\.track.id))
            print("\(dryRun ? gone.count : removed) missing file\(gone.count == 1 ? "" : "s") \(dryRun ? "would be " : "")removed; catalog \(catalog.path): \(catalog.trackCount) tracks")
        }
    }
}
