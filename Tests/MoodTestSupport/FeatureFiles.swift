import DEAMData
import Foundation

/// Generated DEAM-format per-frame feature files (the columns every model reads): songs a catalog
/// can take without audio tools.
public enum FeatureFiles {
    /// Writes a two-frame feature file to `url` (folders created); each `seed` gives other values
    /// (another song).
    @discardableResult
    public static func write(to url: URL, seed: Int = 1) throws -> URL {
        let columns = DEAMFeatureNames.frameColumns
        var text = "frameTime;" + columns.joined(separator: ";") + "\n"
        for (frame, time) in ["0.0", "0.5"].enumerated() {
            text += time + ";" + columns.indices.map { String(1 + Double(($0 * seed + frame) % 7) / 10 + Double(seed) / 50) }.joined(separator: ";") + "\n"
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}
