import AudioTags
import DEAMData
import FeatureExtraction
import Foundation
import MoodCore
import Numerics
import Recommender

/// Bringing the user's own music into the catalog: the use case behind `catalog add` (and any
/// front end that adds music). Unchanged files (path, size and modification time) are skipped
/// without being read; a file with the content of a stored file whose path is gone is recorded
/// as moved; new and changed files are analysed on `jobs` cores, placed by the model and written
/// in batches of `batch`, so an interrupted sync keeps what it finished.
public struct LibrarySync: Sendable {
    /// Files analysed at once.
    public var jobs: Int
    /// Files written per transaction.
    public var batch: Int
    /// Artist stored for files whose tags name none.
    public var fallbackArtist: String?
    /// An explicit openSMILE library (else `OPENSMILE_LIB` or the installed package).
    public var openSMILELibrary: String?

    /// The accepted batch sizes.
    public static let batchRange = 1...10_000

    public init(jobs: Int, batch: Int = 50, fallbackArtist: String? = nil, openSMILELibrary: String? = nil) {
        self.jobs = max(1, jobs)
        self.batch = min(max(batch, LibrarySync.batchRange.lowerBound), LibrarySync.batchRange.upperBound)
        self.fallbackArtist = fallbackArtist
        self.openSMILELibrary = openSMILELibrary
    }

    /// The two phases a progress display follows.
    public enum Phase: Sendable {
        /// Hashing candidates to recognise moves and unchanged content.
        case checking
        /// Extracting and placing new and changed files.
        case analysing
    }

    /// What happened to one file, for a verbose listing.
    public enum Event: Sendable {
        case moved(from: String, to: String)
        case placed(CatalogTrackInput)
    }

    /// A file that could not be added, and why (the reason does not repeat the path).
    public struct Failure: Equatable, Sendable {
        public var path: String
        public var reason: String
    }

    /// What a sync did.
    public struct Report: Sendable {
        public var filesFound = 0
        public var otherFilesSkipped = 0
        public var inserted = 0
        public var updated = 0
        public var moved = 0
        /// Unchanged by stamp, or re-stamped with the same content.
        public var unchanged = 0
        public var failures = [Failure]()
        public var seconds = 0.0

        /// Files that are in the catalog now, whatever was done to them.
        public var succeeded: Int { inserted + updated + moved + unchanged }
    }

    /// Syncs the files of `scan` into `catalog`. `predictor` is loaded only when something needs
    /// placing. `progress` gets (phase, done, total); `events` each move and placement.
    /// - Throws: catalog and model errors (a failing file is a `Failure` in the report instead).
    public func run(_ scan: LibraryScan, into catalog: Catalog, predictor: () throws -> ModelPredictor,
                    progress: @escaping @Sendable (Phase, Int, Int) -> Void = { _, _, _ in },
                    events: (Event) -> Void = { _ in }) throws -> Report {
        let start = Date()
        var report = Report()
        report.filesFound = scan.files.count
        report.otherFilesSkipped = scan.skipped
        report.failures = scan.problems
        var known = [String: LibraryEntry]()
        for entry in try catalog.libraryEntries() { if let path = entry.track.path { known[path] = entry } }

        // 1. Unchanged files (same path, size and mtime) are skipped without reading them.
        var candidates = [(url: URL, stamp: FileStamp)]()
        for url in scan.files {
            guard let stamp = FileStamp(path: url.path) else {
                report.failures.append(Failure(path: url.path, reason: "cannot read the file's size and time"))
                continue
            }
            if let file = known[url.path]?.file, file.size == stamp.size, file.modified == stamp.modified {
                report.unchanged += 1
            } else {
                candidates.append((url, stamp))
            }
        }
        // 2. The rest are hashed (in parallel): same content at the same path is only re-stamped;
        //    the content of a stored file whose path is gone is a move. A new path needs hashing
        //    only when some stored song's file is gone (a move is then possible); otherwise
        //    extraction hashes it anyway (once).
        let scanned = Set(scan.files.map(\.path))
        var byHash = [String: [LibraryEntry]]()
        for entry in known.values {
            guard let hash = entry.track.contentHash, let path = entry.track.path,
                  !scanned.contains(path), !FileManager.default.fileExists(atPath: path) else { continue }
            byHash[hash, default: []].append(entry)
        }
        let movesPossible = !byHash.isEmpty
        let toHash = candidates.indices.filter { movesPossible || known[candidates[$0].url.path] != nil }
        let hashed = LibraryScan.hashAll(toHash.map { candidates[$0].url }, parallelism: jobs) { progress(.checking, $0, toHash.count) }
        var hashes = [Int: String?]()
        for (index, hash) in zip(toHash, hashed) { hashes[index] = hash }
        var toExtract = [(url: URL, stamp: FileStamp)]()
        for (index, candidate) in candidates.enumerated() {
            // Not hashed: a new path while no stored song's file is missing; extraction hashes it.
            guard let hashOrNil = hashes[index] else { toExtract.append(candidate); continue }
            guard let hash = hashOrNil else {
                report.failures.append(Failure(path: candidate.url.path, reason: "the file cannot be read"))
                continue
            }
            let entry = known[candidate.url.path]
            if let entry, entry.track.contentHash == hash {
                try catalog.updateFileStamp(id: entry.track.id, file: Self.restamped(entry.file, candidate.stamp))
                report.unchanged += 1
                continue
            }
            if entry == nil, let old = byHash[hash]?.first {
                byHash[hash]!.removeFirst()
                try catalog.moveTrack(id: old.track.id, to: candidate.url.path, file: Self.restamped(old.file, candidate.stamp))
                events(.moved(from: old.track.path ?? "", to: candidate.url.path))
                report.moved += 1
                continue
            }
            toExtract.append(candidate)
        }

        // 3. New and changed files: extracted on all cores, predicted and written batch by batch.
        if !toExtract.isEmpty {
            let model = try predictor()
            let extractor = toExtract.contains { AudioInput.isAudioFile($0.url) }
                ? AudioFeatureExtractor(library: try OpenSMILELibrary.locate(explicitPath: openSMILELibrary),
                                        cacheDirectory: AudioResolution.cacheDirectory(besideCatalogAt: catalog.path))
                : nil
            var done = 0
            for first in stride(from: 0, to: toExtract.count, by: batch) {
                let slice = Array(toExtract[first..<min(toExtract.count, first + batch)])
                let offset = done, total = toExtract.count
                let results = LibraryScan.features(of: slice.map(\.url), extractor: extractor, parallelism: jobs) { finished, _ in
                    progress(.analysing, offset + finished, total)
                }
                done += slice.count
                let tags = Self.tags(of: slice.map(\.url), where: results)
                var items = [(track: CatalogTrackInput, file: LibraryFile)](), vectors = [Double]()
                for (candidate, (result, tags)) in zip(slice, zip(results, tags)) {
                    switch result {
                    case .failure(let error):
                        report.failures.append(Failure(path: candidate.url.path, reason: Self.reason(error, path: candidate.url.path)))
                    case .success(let analysed):
                        guard let values = analysed.vector.values(orderedAs: model.predictorFeatureNames) else {
                            report.failures.append(Failure(path: candidate.url.path, reason: "the features lack ones the model needs"))
                            continue
                        }
                        vectors += values
                        items.append(item(candidate.url, candidate.stamp, analysed, tags: tags, modelVersion: model.predictorVersion))
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
                report.inserted += written.inserted
                report.updated += written.updated
                for item in items { events(.placed(item.track)) }
            }
        }
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// A stored file record with a new size and time (a fresh one when there was none).
    private static func restamped(_ file: LibraryFile?, _ stamp: FileStamp) -> LibraryFile {
        var file = file ?? LibraryFile(size: 0, modified: 0)
        file.size = stamp.size
        file.modified = stamp.modified
        return file
    }

    /// The tags of each audio file analysed successfully (read in parallel).
    private static func tags(of urls: [URL], where results: [Result<LibraryScan.Analysed, Error>]) -> [AudioTags?] {
        let slots = ConcurrentSlots<AudioTags?>(count: urls.count, initial: nil)
        DispatchQueue.concurrentPerform(iterations: urls.count) { i in
            if case .success(let value) = results[i], value.source == .audio { slots.set(i, AudioTagReader.read(urls[i])) }
        }
        return slots.values
    }

    /// The catalog record of an analysed file, placed at the centre until the model places it.
    private func item(_ url: URL, _ stamp: FileStamp, _ analysed: LibraryScan.Analysed, tags: AudioTags?,
                      modelVersion: String) -> (track: CatalogTrackInput, file: LibraryFile) {
        let title = tags?.title ?? url.deletingPathExtension().lastPathComponent
        return (CatalogTrackInput(source: analysed.source, path: url.path, contentHash: analysed.hash,
                                  artist: tags?.artist ?? fallbackArtist, title: title, genre: tags?.genre,
                                  predicted: MoodPoint(valence: 5, arousal: 5), modelVersion: modelVersion),
                LibraryFile(size: stamp.size, modified: stamp.modified, album: tags?.album,
                            trackNumber: tags?.trackNumber, year: tags?.year, duration: tags?.duration,
                            musicBrainzRecordingID: tags?.musicBrainzRecordingID,
                            musicBrainzReleaseID: tags?.musicBrainzReleaseID,
                            musicBrainzArtistID: tags?.musicBrainzArtistID))
    }

    /// An error's text without the leading path (extraction errors start with it), and without any
    /// text from the file itself (a `.csv` beside the music may hold anything).
    private static func reason(_ error: Error, path: String) -> String {
        let text = (error as? DataFileError)?.descriptionWithoutContents ?? "\(error)"
        return text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
    }
}

/// Taking songs out of the catalog: by path, folder or id, and the ones whose files are gone.
public struct LibraryRemoval: Sendable {
    public init() {}

    /// The catalog ids that `targets` (file paths, folders — everything under them — or catalog
    /// ids) name among `entries`, and the targets that named nothing.
    public func ids(for targets: [String], in entries: [LibraryEntry]) -> (ids: [Int64], unmatched: [String]) {
        var ids = Set<Int64>(), unmatched = [String]()
        for target in targets {
            let url = URL(fileURLWithPath: (target as NSString).expandingTildeInPath).standardizedFileURL
            let folder = url.path.hasSuffix("/") ? url.path : url.path + "/"
            var found = entries.filter { $0.track.path == url.path || ($0.track.path ?? "").hasPrefix(folder) }.map(\.track.id)
            if found.isEmpty, let id = Int64(target), entries.contains(where: { $0.track.id == id }) { found = [id] }
            if found.isEmpty { unmatched.append(target) }
            ids.formUnion(found)
        }
        return (ids.sorted(), unmatched)
    }

    /// The entries whose files are provably gone, and those that could not be checked (with the
    /// reason): permission denied, an I/O error or an unmounted drive is not "gone"
    /// (`FileStatus.provablyGone`).
    public func gone(_ entries: [LibraryEntry]) -> (gone: [LibraryEntry], unchecked: [(entry: LibraryEntry, reason: String)]) {
        var gone = [LibraryEntry](), unchecked = [(entry: LibraryEntry, reason: String)]()
        for entry in entries {
            let status = FileStatus.provablyGone(entry.track.path ?? "")
            if status.gone { gone.append(entry) } else if let reason = status.reason { unchecked.append((entry, reason)) }
        }
        return (gone, unchecked)
    }
}
