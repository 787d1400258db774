import Dispatch
import Foundation
import Numerics

/// All of DEAM joined by song id: the 130 openSMILE song features, the static valence/arousal
/// ratings (the targets), metadata and the dynamic ratings. Rows are songs in ascending id order.
public struct DEAMDataset: Sendable {
    /// Song ids, ascending; row `i` of every matrix is song `songIDs[i]`.
    public var songIDs: [Int]
    /// The feature names, in the feature table's column order (`DEAMFeatureNames.all`).
    public var featureNames: [String]
    /// n × 130 song features.
    public var features: Matrix
    /// n × 2: static valence mean, arousal mean (1–9 scale).
    public var targets: Matrix
    /// n × 2: standard deviation over raters of valence, arousal.
    public var targetStd: Matrix
    /// Metadata by song id (every song of DEAM has some).
    public var metadata: [Int: SongMetadata]
    /// Dynamic valence ratings (2 Hz from 15 s, −1…1).
    public var dynamicValence: DynamicAnnotations
    /// Dynamic arousal ratings (2 Hz from 15 s, −1…1).
    public var dynamicArousal: DynamicAnnotations
    /// Recoverable oddities met while loading (for DEAM: repaired 2014 metadata rows).
    public var warnings: [DataWarning]

    /// The number of songs.
    public var count: Int { songIDs.count }

    /// The row of song `id`, if present.
    public func index(ofSong id: Int) -> Int? {
        // songIDs is sorted.
        var lo = 0, hi = songIDs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if songIDs[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < songIDs.count && songIDs[lo] == id ? lo : nil
    }

    /// Loads DEAM from a folder laid out as `DEAMDirectory` describes, reading the files in parallel.
    /// Every annotated song must have a feature row and the other way round.
    /// - Throws: `DataFileError` naming file, line and column (or the song missing from a file).
    public static func load(from directory: URL) throws -> DEAMDataset {
        let url = { (relative: String) in directory.appendingPathComponent(relative) }
        enum Part { case annotations(StaticAnnotations), metadata(MetadataFile), dynamic(DynamicAnnotations), features(FeatureTable) }
        // Largest files first so the parallel loop finishes evenly.
        let jobs: [@Sendable () throws -> Part] = [
            { .features(try FeatureTable.load(contentsOf: url(DEAMDirectory.featureTable), expectedNames: DEAMFeatureNames.all)) },
            { .dynamic(try DynamicAnnotations.load(contentsOf: url(DEAMDirectory.dynamicValence))) },
            { .dynamic(try DynamicAnnotations.load(contentsOf: url(DEAMDirectory.dynamicArousal))) },
            { .metadata(try MetadataFile.load(contentsOf: url(DEAMDirectory.metadataFiles[1]))) },
            { .metadata(try MetadataFile.load(contentsOf: url(DEAMDirectory.metadataFiles[0]))) },
            { .annotations(try StaticAnnotations.load(contentsOf: url(DEAMDirectory.staticAnnotations2000))) },
            { .metadata(try MetadataFile.load(contentsOf: url(DEAMDirectory.metadataFiles[2]))) },
            { .annotations(try StaticAnnotations.load(contentsOf: url(DEAMDirectory.staticAnnotations2058))) },
        ]
        var results = [Result<Part, Error>?](repeating: nil, count: jobs.count)
        results.withUnsafeMutableBufferPointer { slots in
            let base = slots.baseAddress!
            DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
                (base + i).pointee = Result { try jobs[i]() }
            }
        }
        var table: FeatureTable?
        var annotationFiles = [StaticAnnotations]()
        var metadataFiles = [MetadataFile]()
        var dynamics = [DynamicAnnotations]()
        for result in results {
            switch try result!.get() {
            case .features(let t): table = t
            case .annotations(let a): annotationFiles.append(a)
            case .metadata(let m): metadataFiles.append(m)
            case .dynamic(let d): dynamics.append(d)
            }
        }
        // Jobs 4,5,7 are the metadata files for 2014, 2013, 2015; report warnings in year order.
        metadataFiles.sort { $0.layout.rawValue < $1.layout.rawValue }
        annotationFiles.sort { $0.file < $1.file }
        return try join(features: table!, annotations: annotationFiles, metadata: metadataFiles,
                        valence: dynamics[0], arousal: dynamics[1])
    }

    /// Joins loaded files by song id (the songs are those with static annotations).
    public static func join(features table: FeatureTable, annotations: [StaticAnnotations], metadata: [MetadataFile],
                            valence: DynamicAnnotations, arousal: DynamicAnnotations) throws -> DEAMDataset {
        // Static annotations across files.
        var ratings = [Int: StaticAnnotation]()
        var ratingSource = [Int: (file: String, line: Int)]()
        for file in annotations {
            for (row, line) in zip(file.annotations, file.lines) {
                if let first = ratingSource[row.songID] {
                    throw DataFileError.duplicateID(file: file.file, line: line, id: row.songID, firstFile: first.file, firstLine: first.line)
                }
                ratings[row.songID] = row
                ratingSource[row.songID] = (file.file, line)
            }
        }
        let songIDs = ratings.keys.sorted()
        var tableRow = [Int: Int](minimumCapacity: table.songIDs.count)
        for (row, id) in table.songIDs.enumerated() { tableRow[id] = row }
        let columns = table.names.count
        var features = [Double]()
        features.reserveCapacity(songIDs.count * columns)
        var targets = [Double](), stds = [Double]()
        targets.reserveCapacity(2 * songIDs.count)
        stds.reserveCapacity(2 * songIDs.count)
        try table.values.storage.withUnsafeBufferPointer { values in
            for id in songIDs {
                guard let row = tableRow[id] else {
                    throw DataFileError.missingSong(id: id, presentIn: ratingSource[id]!.file, missingFrom: table.file)
                }
                features.append(contentsOf: values[(row * columns)..<((row + 1) * columns)])
                let r = ratings[id]!
                targets.append(r.valenceMean); targets.append(r.arousalMean)
                stds.append(r.valenceStd); stds.append(r.arousalStd)
            }
        }
        for id in table.songIDs where ratings[id] == nil {
            throw DataFileError.missingSong(id: id, presentIn: table.file,
                                            missingFrom: annotations.map(\.file).joined(separator: " and "))
        }
        // Metadata, optional per song.
        var warnings = [DataWarning]()
        var songMetadata = [Int: SongMetadata](minimumCapacity: songIDs.count)
        var metadataSource = [Int: (file: String, line: Int)]()
        for file in metadata {
            warnings += file.warnings
            for (song, line) in zip(file.songs, file.lines) {
                if let first = metadataSource[song.id] {
                    throw DataFileError.duplicateID(file: file.file, line: line, id: song.id, firstFile: first.file, firstLine: first.line)
                }
                metadataSource[song.id] = (file.file, line)
                if ratings[song.id] == nil {
                    warnings.append(DataWarning(file: file.file, line: line, message: "song \(song.id) has metadata but no annotations; ignored"))
                } else {
                    songMetadata[song.id] = song
                }
            }
        }
        let missingMetadata = songIDs.filter { songMetadata[$0] == nil }
        if !missingMetadata.isEmpty {
            warnings.append(DataWarning(file: metadata.map(\.file).joined(separator: ", "), line: 0,
                                        message: "\(missingMetadata.count) songs have no metadata (first: \(missingMetadata[0]))"))
        }
        for dynamic in [valence, arousal] {
            let missing = songIDs.filter { dynamic.ratings(forSong: $0) == nil }
            if !missing.isEmpty {
                warnings.append(DataWarning(file: dynamic.file, line: 0,
                                            message: "\(missing.count) songs have no dynamic ratings (first: \(missing[0]))"))
            }
        }
        let n = songIDs.count
        return DEAMDataset(songIDs: songIDs, featureNames: table.names,
                           features: Matrix(rows: n, columns: columns, storage: features),
                           targets: Matrix(rows: n, columns: 2, storage: targets),
                           targetStd: Matrix(rows: n, columns: 2, storage: stds),
                           metadata: songMetadata, dynamicValence: valence, dynamicArousal: arousal, warnings: warnings)
    }
}
