import Foundation
import DEAMData
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// DEAM's per-frame openSMILE format (DEAMData's `FrameFeatureFile`): the mean over
    /// all frames of the 130 `_amean` columns. Only a regular file of at most `maxBytes`
    /// whose header looks like DEAM's (`frameTime;…_amean…`) is read; errors never
    /// quote the file's contents.
    public static let deamFrameFile = FeatureFileReader(read: { url in
        try FeatureFileRejection.checkHeader(url.path)
        do {
            return try FrameFeatureFile.songVector(contentsOf: url)
        } catch {
            throw FeatureFileRejection.unparsable
        }
    })

    /// The largest feature file read (64 MiB; DEAM's are about 100 KB).
    public static let maxBytes = 64 << 20
}

/// Why a `.csv` was not read as a DEAM feature file. The messages never quote the file.
public enum FeatureFileRejection: Error, CustomStringConvertible, Sendable, Equatable {
    case unreadable(String)
    case notARegularFile
    case tooLarge(bytes: Int)
    case notDEAMHeader
    case unparsable

    public var description: String {
        switch self {
        case let .unreadable(why): return "cannot read it (\(why))"
        case .notARegularFile: return "it is not a regular file"
        case let .tooLarge(bytes): return "it is \(bytes) bytes, over the \(FeatureFileReader.maxBytes)-byte limit for feature files"
        case .notDEAMHeader: return "it is not a DEAM feature file (its header is not frameTime;…_amean…)"
        case .unparsable: return "it has a DEAM header but its rows are not DEAM frame features"
        }
    }

    /// Opens without blocking (FIFOs), checks type and size, and reads at most 64 KB of the header.
    static func checkHeader(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FeatureFileRejection.unreadable(PlaylistImporter.plainError(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw FeatureFileRejection.notARegularFile }
        guard Int(info.st_size) <= FeatureFileReader.maxBytes else { throw FeatureFileRejection.tooLarge(bytes: Int(info.st_size)) }
        var head = [UInt8](repeating: 0, count: 65_536)
        let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { throw FeatureFileRejection.notDEAMHeader }
        var line = head[0..<n]
        if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
        if let end = line.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) { line = line[..<end] }
        let text = String(decoding: line, as: UTF8.self)
        let first = text.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
        guard first == "frameTime", text.contains(";"), text.contains("_amean") else { throw FeatureFileRejection.notDEAMHeader }
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
