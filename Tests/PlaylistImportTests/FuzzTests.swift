import Foundation
import XCTest
import PlaylistImport
import DEAMData
import Numerics

/// Thousands of random and mutated playlists (`FuzzCorpus`, generated from a fixed seed): the importer
/// never crashes and always ends in a result or a typed error.
final class FuzzTests: XCTestCase {
    func testRandomAndMutatedPlaylistsNeverCrash() throws {
        XCTAssertGreaterThan(FuzzCorpus.seedCount, 130)
        let dir = try TestSupport.temporaryDirectory(self)
        try FuzzCorpus.prepare(dir)
        let iterations = 6000
        var results = 0, errors = 0
        for (iteration, input) in try FuzzCorpus.inputs(seed: 20_240_601, count: iterations).enumerated() {
            let importer = PlaylistImporter(options: input.options)
            let ext = input.fileExtension
            // FUZZ_DUMP=path keeps the current input on disk when investigating a crash.
            if let dump = ProcessInfo.processInfo.environment["FUZZ_DUMP"] { try Data(input.bytes).write(to: URL(fileURLWithPath: dump)) }
            do {
                let playlist = try importer.importPlaylist(data: Data(input.bytes), name: "fuzz\(iteration).\(ext)", baseDirectory: dir, fileExtension: ext)
                results += 1
                for entry in playlist.tracks {
                    switch entry.position {
                    case let .line(n), let .track(n): XCTAssertGreaterThanOrEqual(n, 1)
                    }
                    XCTAssertFalse(entry.reference.description.isEmpty)
                }
                XCTAssertTrue(playlist.warnings.allSatisfy { !$0.description.isEmpty })
            } catch let error as ImportError {
                errors += 1
                XCTAssertTrue(error.description.hasPrefix("fuzz\(iteration)"), "the error names the file: \(error)")
            } catch {
                XCTFail("iteration \(iteration): untyped error \(error)")
            }
        }
        XCTAssertEqual(results + errors, iterations)
        // The mix must exercise both outcomes substantially.
        XCTAssertGreaterThan(results, iterations / 6)
        XCTAssertGreaterThan(errors, iterations / 20)
    }

    /// Random graphs of nested playlists (every format, cycles, fan-out, DTDs, missing and
    /// special files) with random depths and budgets: always a result or a typed error naming a file.
    func testRandomNestedPlaylistGraphsStayBounded() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        var rng = SeededGenerator(seed: 20_261_129)
        var outcomes = [String: Int]()
        for round in 0..<60 {
            let folder = dir.appendingPathComponent("round\(round)")
            let count = 2 + Int(rng.next() % 9)
            let names = (0..<count).map { i in "p\(i)." + ["m3u", "m3u8", "pls", "xspf"][Int(rng.next() % 4)] }
            for (i, name) in names.enumerated() {
                var targets = [String]()
                for _ in 0..<Int(rng.next() % 12) {
                    switch rng.next() % 6 {
                    case 0: targets.append("MEMD_audio/\(2 + rng.next() % 2000).mp3")
                    case 1: targets.append("missing\(rng.next() % 5).m3u")
                    case 2: targets.append("../round\(round)/" + names[Int(rng.next() % UInt64(count))])
                    default: targets.append(names[Int(rng.next() % UInt64(count))])
                    }
                }
                let text: String
                switch (name as NSString).pathExtension {
                case "pls":
                    text = "[playlist]\n" + targets.enumerated().map { "File\($0.offset + 1)=\($0.element)" }.joined(separator: "\n") + "\n"
                case "xspf":
                    let dtd = rng.next() % 3 == 0 ? "<!DOCTYPE playlist [<!ENTITY a \"x\"><!ENTITY b \"&a;&a;&a;\">]>\n" : ""
                    let tracks = targets.map { "<track><location>\($0)</location><title>t &b; \(i)</title></track>" }.joined()
                    text = "<?xml version=\"1.0\"?>\n" + dtd + "<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\"><trackList>\(tracks)</trackList></playlist>\n"
                default:
                    text = "#EXTM3U\n" + targets.joined(separator: "\n") + "\n"
                }
                try TestSupport.write(text, to: "round\(round)/" + name, in: dir)
            }
            if rng.next() % 4 == 0 {
                try? FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("missing0.m3u").path,
                                                           withDestinationPath: folder.appendingPathComponent("missing0.m3u").path)
            }
            let options = PlaylistImporter.Options(strict: rng.next() % 4 == 0, maxNestingDepth: Int(rng.next() % 65),
                                                   limits: .init(maxEntries: 1 + Int(rng.next() % 20_000), maxNestedPlaylists: Int(rng.next() % 300)))
            do {
                let playlist = try PlaylistImporter(options: options).importPlaylist(at: folder.appendingPathComponent(names[0]))
                XCTAssertTrue(playlist.tracks.allSatisfy { $0.depth <= options.maxNestingDepth })
                XCTAssertLessThanOrEqual(playlist.tracks.count, options.limits.maxEntries)
                outcomes["result", default: 0] += 1
            } catch let error as ImportError {
                XCTAssertTrue(error.description.hasPrefix(dir.path), "the error names a file: \(error)")
                outcomes["error", default: 0] += 1
            } catch {
                XCTFail("round \(round): untyped error \(error)")
            }
        }
        XCTAssertEqual(outcomes.values.reduce(0, +), 60)
        XCTAssertGreaterThan(outcomes["result", default: 0], 10)
        XCTAssertGreaterThan(outcomes["error", default: 0], 3)
    }
}
