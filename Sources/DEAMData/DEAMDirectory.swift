import Foundation

/// Where DEAM's files are, and the layout of that folder.
public enum DEAMDirectory {
    /// Static annotations, ids 2–2000 (45 s excerpts).
    public static let staticAnnotations2000 = "annotations/static_annotations_averaged_songs_1_2000.csv"
    /// Static annotations, ids 2001–2058 (full songs).
    public static let staticAnnotations2058 = "annotations/static_annotations_averaged_songs_2000_2058.csv"
    /// Dynamic arousal ratings.
    public static let dynamicArousal = "annotations/arousal.csv"
    /// Dynamic valence ratings.
    public static let dynamicValence = "annotations/valence.csv"
    /// The three metadata files.
    public static let metadataFiles = ["metadata/metadata_2013.csv", "metadata/metadata_2014.csv", "metadata/metadata_2015.csv"]
    /// The song-level feature table (the original repository's spelling).
    public static let featureTable = "derived/specteral_data.csv"

    /// The default location, relative to the current directory.
    public static let defaultRelativePath = "../shared/data/deam"

    /// The DEAM folder: `explicit` (a folder the caller was given) if given, else the `DEAM_DIR` environment
    /// variable, else `../shared/data/deam` relative to `currentDirectory`. Relative paths are
    /// resolved against `currentDirectory`.
    /// - Throws: `DataFileError.directoryNotFound` if the folder or its feature table is missing.
    public static func resolve(explicit: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               currentDirectory: String = FileManager.default.currentDirectoryPath) throws -> URL {
        let (path, source): (String, String)
        if let explicit, !explicit.isEmpty {
            (path, source) = (explicit, "the folder given")
        } else if let env = environment["DEAM_DIR"], !env.isEmpty {
            (path, source) = (env, "DEAM_DIR")
        } else {
            (path, source) = (defaultRelativePath, "the default location")
        }
        let expanded = (path as NSString).expandingTildeInPath
        let url = expanded.hasPrefix("/")
            ? URL(fileURLWithPath: expanded, isDirectory: true)
            : URL(fileURLWithPath: currentDirectory, isDirectory: true).appendingPathComponent(expanded, isDirectory: true)
        let standardized = url.standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: standardized.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataFileError.directoryNotFound(path: standardized.path, source: source, reason: "no such directory")
        }
        let table = standardized.appendingPathComponent(featureTable)
        guard FileManager.default.fileExists(atPath: table.path) else {
            throw DataFileError.directoryNotFound(path: standardized.path, source: source,
                                                  reason: "it has no \(featureTable); is it DEAM's folder?")
        }
        return standardized
    }
}
