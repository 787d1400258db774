import Foundation
import MoodEngine
import MoodTestSupport
import Recommender
import XCTest

/// Walking a library as players do: links followed once, loops and doubles caught, and everything
/// that cannot be taken reported — never dropped without a word.
final class LibraryScanTests: XCTestCase {
    private var root: URL!
    private let files = FileManager.default

    override func setUpWithError() throws {
        root = files.temporaryDirectory.appendingPathComponent("mood-scan-tests-\(UUID().uuidString)", isDirectory: true)
        try files.createDirectory(at: root, withIntermediateDirectories: true)
        addTeardownBlock { [root, files] in try? files.removeItem(at: root!) }
    }

    private func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func testSymlinkedFoldersAndFilesAreFollowedOnceAndLoopsEnd() throws {
        try FeatureFiles.write(to: root.appendingPathComponent("real/a.csv"), seed: 1)
        try FeatureFiles.write(to: root.appendingPathComponent("real/sub/b.csv"), seed: 2)
        try files.createDirectory(atPath: path("lib"), withIntermediateDirectories: true)
        try files.createSymbolicLink(atPath: path("lib/one"), withDestinationPath: path("real"))
        try files.createSymbolicLink(atPath: path("lib/two"), withDestinationPath: "../real")          // the same folder again
        try files.createSymbolicLink(atPath: path("real/sub/loop"), withDestinationPath: path("lib"))  // a loop
        try files.createSymbolicLink(atPath: path("lib/c.csv"), withDestinationPath: path("real/a.csv")) // a file again
        try files.createSymbolicLink(atPath: path("library"), withDestinationPath: path("lib"))        // the library itself a link

        let scan = LibraryScan.collect([path("library")])
        XCTAssertEqual(scan.files.map { String($0.path.dropFirst(root.path.count)) }, ["/library/c.csv", "/library/one/sub/b.csv"],
                       "each file once, under the first path in byte order")
        XCTAssertEqual(scan.problems, [])
        XCTAssertEqual(scan.missing, [])
    }

    func testDanglingLinksAndNamesThatAreNotUTF8AreReported() throws {
        try FeatureFiles.write(to: root.appendingPathComponent("lib/good.csv"))
        try files.createSymbolicLink(atPath: path("lib/gone.mp3"), withDestinationPath: path("nowhere.mp3"))
        var raw = Array(path("lib").utf8) + Array("/bad".utf8) + [0xFF] + Array(".mp3".utf8) + [0]
        let descriptor = raw.withUnsafeMutableBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        close(descriptor)

        let scan = LibraryScan.collect([path("lib"), path("missing-folder")])
        XCTAssertEqual(scan.files.map(\.lastPathComponent), ["good.csv"])
        XCTAssertEqual(scan.missing, [path("missing-folder")])
        XCTAssertEqual(scan.problems.count, 2, "\(scan.problems)")
        XCTAssertTrue(scan.problems.contains { $0.path == path("lib/gone.mp3") && $0.reason.contains("dangling") })
        XCTAssertTrue(scan.problems.contains { $0.path.hasPrefix(path("lib/bad")) && $0.reason.contains("UTF-8") })
    }

    func testProvablyGoneOnlyWhenItsFolderCanBeListedAndIsNotEmpty() throws {
        let catalog = try Catalog(path: path("c.sqlite"), mode: .createIfMissing)
        try FeatureFiles.write(to: root.appendingPathComponent("music/album/a.csv"), seed: 1)
        try FeatureFiles.write(to: root.appendingPathComponent("music/album/b.csv"), seed: 2)
        try FeatureFiles.write(to: root.appendingPathComponent("drive/c.csv"), seed: 3)
        _ = try LibrarySync(jobs: 1).run(LibraryScan.collect([path("music"), path("drive")]), into: catalog,
                                         predictor: ModelPredictor.bundledDefault)
        try files.removeItem(atPath: path("music/album/a.csv"))   // deleted from a folder that still holds music
        try files.removeItem(atPath: path("drive/c.csv"))         // the drive's folder is now empty: unmounted?
        let (gone, unchecked) = LibraryRemoval().gone(try catalog.libraryEntries())
        XCTAssertEqual(gone.map { URL(fileURLWithPath: $0.track.path!).lastPathComponent }, ["a.csv"])
        XCTAssertEqual(unchecked.map { URL(fileURLWithPath: $0.entry.track.path!).lastPathComponent }, ["c.csv"])
        XCTAssertTrue(unchecked[0].reason.contains("empty"), unchecked[0].reason)

        // A whole album folder deleted: gone, since the folder above it still holds music.
        try files.removeItem(atPath: path("music/album"))
        try FeatureFiles.write(to: root.appendingPathComponent("music/other/d.csv"), seed: 4)
        XCTAssertEqual(LibraryRemoval().gone(try catalog.libraryEntries()).gone.count, 2)
    }
}
