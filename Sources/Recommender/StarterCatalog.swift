import DEAMData
import Foundation
import MoodCore
import MoodIO

/// The starter catalog: the default model's predictions for every DEAM song, as CSV
/// (`deam_id,predicted_valence,predicted_arousal,model_version`), committed as a resource
/// so that a fresh machine without DEAM can fill a catalog. It holds no DEAM features,
/// annotations or metadata text. Lines starting with `#` are comments.
public enum StarterCatalog {
    /// The resource's file name.
    public static let fileName = "starter-catalog.csv"
    /// The header row.
    public static let header = "deam_id,predicted_valence,predicted_arousal,model_version"

    /// Catalog inputs from starter CSV text; `file` names the source in errors.
    public static func parse(_ text: String, file: String) throws -> [CatalogTrackInput] {
        var tracks = [CatalogTrackInput]()
        var sawHeader = false
        var seen = Set<Int>()
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let number = offset + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if !sawHeader {
                guard fields.joined(separator: ",") == header else {
                    throw CatalogError.malformedStarter(file: file, line: number, column: 1, reason: "expected the header `\(header)`")
                }
                sawHeader = true
                continue
            }
            guard fields.count == 4 else {
                throw CatalogError.malformedStarter(file: file, line: number, column: 1, reason: "expected 4 fields, found \(fields.count)")
            }
            guard let id = Int(fields[0]), id > 0 else {
                throw CatalogError.malformedStarter(file: file, line: number, column: 1, reason: "invalid DEAM id '\(fields[0])'")
            }
            guard seen.insert(id).inserted else {
                throw CatalogError.malformedStarter(file: file, line: number, column: 1, reason: "DEAM id \(id) appears twice")
            }
            var values = [Double]()
            for column in 1...2 {
                guard let value = Double(fields[column]), value.isFinite else {
                    throw CatalogError.malformedStarter(file: file, line: number, column: column + 1, reason: "invalid number '\(fields[column])'")
                }
                values.append(value)
            }
            guard !fields[3].isEmpty else {
                throw CatalogError.malformedStarter(file: file, line: number, column: 4, reason: "empty model version")
            }
            tracks.append(.deam(id: id, predicted: MoodPoint(valence: values[0], arousal: values[1]), modelVersion: fields[3]))
        }
        guard sawHeader else {
            throw CatalogError.malformedStarter(file: file, line: 1, column: 1, reason: "empty file; expected the header `\(header)`")
        }
        return tracks
    }

    /// Reads a starter CSV file.
    public static func load(contentsOf url: URL) throws -> [CatalogTrackInput] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CatalogError.malformedStarter(file: url.path, line: 0, column: 0, reason: "cannot read the file: \(SystemErrorText.reason(error))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CatalogError.malformedStarter(file: url.path, line: 0, column: 0, reason: "not UTF-8 text")
        }
        return try parse(text, file: url.path)
    }

    /// The bundled starter catalog as catalog input: the default model's out-of-fold predictions of
    /// DEAM's songs, which are in-distribution, so each takes the model's calibrated residual spread;
    /// with `dataset`, enriched with DEAM's human ratings and metadata.
    public static func bundledTracks(enrichedWith dataset: DEAMDataset? = nil) throws -> [CatalogTrackInput] {
        var tracks = try load(contentsOf: try bundledURL())
        let spread = try ModelPredictor.bundledDefault().typicalSpread
        for i in tracks.indices { tracks[i].spread = spread }
        return dataset.map { CatalogTrackInput.enrich(tracks, with: $0) } ?? tracks
    }

    /// Starter CSV text for the DEAM tracks of `catalog` (predictions only), by DEAM id; `notes` are
    /// written as `#` comment lines after the first (how the file was made, how to remake it).
    public static func export(from catalog: Catalog, notes: [String] = []) throws -> String {
        let tracks = try catalog.allTracks(source: .deam).sorted { ($0.deamID ?? 0) < ($1.deamID ?? 0) }
        var lines = ["# mood starter catalog: the default model's predicted valence/arousal (DEAM 1–9 scale) for DEAM songs."]
            + notes.map { "# " + $0 } + [header]
        for track in tracks {
            guard let id = track.deamID else { continue }
            lines.append(String(format: "%d,%.6f,%.6f,", id, track.predicted.valence, track.predicted.arousal) + track.modelVersion.replacingOccurrences(of: ",", with: ";"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Where the bundled starter catalog is: `$MOOD_STARTER_CATALOG` if set, else the
    /// Recommender resource bundle beside the executable (SwiftPM's `mood_Recommender.resources`).
    public static func bundledURL(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let override = environment["MOOD_STARTER_CATALOG"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var directories = [Bundle.main.bundleURL, Bundle.main.executableURL?.deletingLastPathComponent()].compactMap { $0 }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        directories.append(executable)
        var searched = [String]()
        for directory in directories {
            for bundleName in ["mood_Recommender.resources", "mood_Recommender.bundle", "mood_Recommender.bundle/Contents/Resources"] {
                let candidate = directory.appendingPathComponent(bundleName).appendingPathComponent("Resources").appendingPathComponent(fileName)
                searched.append(candidate.path)
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            }
        }
        throw CatalogError.starterNotFound(searched: Array(NSOrderedSet(array: searched)).compactMap { $0 as? String })
    }
}
