import Foundation
import MERModel

/// Reads a DEAM-format per-frame feature file into a song-level vector.
///
/// Injectable so that tests and callers can substitute their own reader; the
/// default reads DEAM's `;`-separated openSMILE layout.
public struct FeatureFileReader: Sendable {
    /// Reads one file; throws if it is not a usable feature file.
    public var read: @Sendable (URL) throws -> SongFeatureVector

    public init(read: @escaping @Sendable (URL) throws -> SongFeatureVector) {
        self.read = read
    }

    /// DEAM's per-frame openSMILE format.
    public static let deamFrameFile = FeatureFileReader(read: InterimFrameFeatureReader.songVector(contentsOf:))
}

/// Interim reader used until MERModel's `FrameFeatureFile` lands: the column
/// means over all frames of the `_amean` columns of a `;`-separated file whose
/// header starts with `frameTime`.
enum InterimFrameFeatureReader {
    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    static func songVector(contentsOf url: URL) throws -> SongFeatureVector {
        let data = try Data(contentsOf: url)
        guard let text = String(data: data, encoding: .utf8) else { throw FormatError(description: "not UTF-8 text") }
        let lines = LineSplitter.lines(text).filter { !$0.text.allSatisfy(\.isWhitespace) }
        guard let header = lines.first else { throw FormatError(description: "empty file") }
        let columns = header.text.split(separator: ";", omittingEmptySubsequences: false).map {
            $0.trimmed().trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        guard columns.first == "frameTime" else {
            throw FormatError(description: "line 1: header does not start with frameTime")
        }
        let meanColumns = columns.indices.filter { columns[$0].hasSuffix("_amean") }
        guard !meanColumns.isEmpty else { throw FormatError(description: "line 1: no _amean columns") }
        guard lines.count > 1 else { throw FormatError(description: "no frames") }
        var sums = [Double](repeating: 0, count: meanColumns.count)
        for line in lines.dropFirst() {
            let fields = line.text.split(separator: ";", omittingEmptySubsequences: false)
            guard fields.count == columns.count else {
                throw FormatError(description: "line \(line.number): \(fields.count) fields, expected \(columns.count)")
            }
            for (k, column) in meanColumns.enumerated() {
                guard let value = Double(fields[column].trimmed()), value.isFinite else {
                    throw FormatError(description: "line \(line.number), column \(column + 1): not a number")
                }
                sums[k] += value
            }
        }
        let frames = Double(lines.count - 1)
        return SongFeatureVector(names: meanColumns.map { columns[$0] }, values: sums.map { $0 / frames })
    }
}

/// The set of DEAM song ids the mapper accepts.
///
/// The importer never needs DEAM's files: by default any id in DEAM's range
/// 2–2058 is accepted; callers holding the dataset inject its exact ids.
public struct DEAMSongIDs: Sendable {
    /// True when `id` is a known DEAM song.
    public var contains: @Sendable (Int) -> Bool

    public init(contains: @escaping @Sendable (Int) -> Bool) {
        self.contains = contains
    }

    /// Exactly these ids.
    public init(_ ids: Set<Int>) {
        self.contains = { ids.contains($0) }
    }

    /// DEAM's id range (2–2058). The dataset has gaps inside it; inject the
    /// dataset's ids for exact checking.
    public static let deamRange = DEAMSongIDs(contains: { (2...2058).contains($0) })
}
