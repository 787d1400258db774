import DEAMData
import Foundation
import MoodEngine
import MoodTestSupport
import Recommender
import XCTest

/// The library sync use case on DEAM-format feature files (no audio tools needed): what it adds,
/// skips, re-stamps and recognises as moved, and what it reports.
final class LibrarySyncTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mood-engine-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("music"), withIntermediateDirectories: true)
        addTeardownBlock { [directory] in try? FileManager.default.removeItem(at: directory!) }
    }

    @discardableResult
    private func featureFile(_ name: String, seed: Int) throws -> URL {
        try FeatureFiles.write(to: directory.appendingPathComponent("music").appendingPathComponent(name), seed: seed)
    }

    private func catalog() throws -> Catalog {
        try Catalog(path: directory.appendingPathComponent("catalog.sqlite").path, mode: .createIfMissing)
    }

    func testAddsFeatureFilesThenSkipsThemUnchangedAndReportsFailures() throws {
        try featureFile("a.csv", seed: 1)
        try featureFile("b.csv", seed: 2)
        try "secret-token,a,feature,file\n".write(to: directory.appendingPathComponent("music/broken.csv"), atomically: true, encoding: .utf8)
        try "cover".write(to: directory.appendingPathComponent("music/cover.jpg"), atomically: true, encoding: .utf8)
        let scan = LibraryScan.collect([directory.appendingPathComponent("music").path, directory.appendingPathComponent("nowhere").path])
        XCTAssertEqual(scan.files.map(\.lastPathComponent), ["a.csv", "b.csv", "broken.csv"])
        XCTAssertEqual(scan.skipped, 1)
        XCTAssertEqual(scan.missing, [directory.appendingPathComponent("nowhere").path])

        let catalog = try catalog()
        var placed = [String]()
        let first = try LibrarySync(jobs: 2).run(scan, into: catalog, predictor: ModelPredictor.bundledDefault) { event in
            if case .placed(let track) = event { placed.append(URL(fileURLWithPath: track.path ?? "").lastPathComponent) }
        }
        XCTAssertEqual(first.filesFound, 3)
        XCTAssertEqual(first.inserted, 2)
        XCTAssertEqual(first.failures.map { URL(fileURLWithPath: $0.path).lastPathComponent }, ["broken.csv"])
        XCTAssertTrue(first.failures[0].reason.contains("frameTime"), first.failures[0].reason)
        XCTAssertFalse(first.failures[0].reason.contains("secret"), "a file's contents are never echoed: \(first.failures[0].reason)")
        XCTAssertEqual(placed.sorted(), ["a.csv", "b.csv"])
        let entries = try catalog.libraryEntries()
        XCTAssertEqual(entries.count, 2)
        XCTAssertTrue(entries.allSatisfy { $0.track.source == .featureFile && $0.file != nil })

        // Nothing changed: nothing is read or written again (the broken file is tried again).
        let second = try LibrarySync(jobs: 1).run(scan, into: catalog, predictor: ModelPredictor.bundledDefault)
        XCTAssertEqual(second.unchanged, 2)
        XCTAssertEqual(second.inserted + second.updated + second.moved, 0)
        XCTAssertEqual(second.failures.count, 1, "the broken file is reported again")
    }

    func testAMovedFileKeepsItsSongAndPlacement() throws {
        let original = try featureFile("a.csv", seed: 3)
        let catalog = try catalog()
        let sync = LibrarySync(jobs: 1)
        _ = try sync.run(LibraryScan.collect([original.path]), into: catalog, predictor: ModelPredictor.bundledDefault)
        let before = try XCTUnwrap(catalog.libraryEntries().first)

        let moved = directory.appendingPathComponent("music/renamed.csv")
        try FileManager.default.moveItem(at: original, to: moved)
        var events = [String]()
        let report = try sync.run(LibraryScan.collect([directory.appendingPathComponent("music").path]), into: catalog,
                                  predictor: { throw CocoaError(.fileNoSuchFile) }) { event in
            if case .moved(let from, let to) = event { events.append("\(from) → \(to)") }
        }
        XCTAssertEqual(report.moved, 1)
        XCTAssertEqual(report.inserted, 0)
        XCTAssertEqual(events, ["\(original.path) → \(moved.path)"])
        let after = try XCTUnwrap(catalog.libraryEntries().first)
        XCTAssertEqual(after.track.id, before.track.id)
        XCTAssertEqual(after.track.path, moved.path)
        XCTAssertEqual(after.track.predicted, before.track.predicted)
    }

    func testRemovalMatchesPathsFoldersAndIds() throws {
        try featureFile("a.csv", seed: 4)
        try featureFile("b.csv", seed: 5)
        let catalog = try catalog()
        _ = try LibrarySync(jobs: 1).run(LibraryScan.collect([directory.appendingPathComponent("music").path]), into: catalog,
                                         predictor: ModelPredictor.bundledDefault)
        let entries = try catalog.libraryEntries()
        let a = try XCTUnwrap(entries.first { $0.track.path?.hasSuffix("/a.csv") == true })
        let removal = LibraryRemoval()
        XCTAssertEqual(removal.ids(for: [directory.appendingPathComponent("music").path], in: entries).ids.count, 2)
        XCTAssertEqual(removal.ids(for: [a.track.path!], in: entries).ids, [a.track.id])
        XCTAssertEqual(removal.ids(for: ["\(a.track.id)"], in: entries).ids, [a.track.id])
        let none = removal.ids(for: ["/no/such/file", "987654"], in: entries)
        XCTAssertEqual(none.ids, [])
        XCTAssertEqual(none.unmatched, ["/no/such/file", "987654"])

        try FileManager.default.removeItem(atPath: a.track.path!)
        XCTAssertEqual(removal.gone(entries).gone.map(\.track.id), [a.track.id])
    }
}
