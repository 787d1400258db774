import Foundation
import XCTest
import PlaylistImport
import DEAMData
import Numerics

/// Thousands of random and mutated playlists (all generated here from a fixed
/// seed): the importer never crashes and always ends in a result or a typed error.
final class FuzzTests: XCTestCase {
    private static let tokens: [String] = [
        "#EXTM3U", "#EXTINF:", "#EXTINF:-1,", "#EXT-X-", "#PLAYLIST:", "#EXTART:", "#EXTALB:", ",", "\"", "\n", "\r", "\r\n",
        "[playlist]", "File1=", "Title1=", "Length1=", "NumberOfEntries=", "=", "deam:", "deam:1234", "1234.mp3", "../",
        "..\\", "C:\\", "\\\\", "file:///", "file://host/", "http://", "%", "%2", "%20", "%FF", "%C3%A9", "é", "\u{0301}",
        "\u{FEFF}", "\u{0}", "<", ">", "&", "&amp;", "&#0;", "&#x1F600;", "<![CDATA[", "]]>", "<!--", "-->",
        "<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">", "</playlist>", "<trackList>", "</trackList>",
        "<track>", "</track>", "<location>", "</location>", "<identifier>", "</identifier>", "<extension application=\"x\">",
        "</extension>", "xml:base=\"", "<!DOCTYPE playlist [<!ENTITY a \"aaaa\">]>", "&a;", "<?xml version=\"1.0\"?>",
        "a.m3u", "loop.m3u", "sub/", ".csv", "features.csv",
    ]

    private func randomBytes(_ rng: inout SeededGenerator, count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    private func mutate(_ input: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        let steps = 1 + Int(rng.next() % 8)
        for _ in 0..<steps {
            let position = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count + 1))
            switch rng.next() % 7 {
            case 0 where !bytes.isEmpty:  // flip a byte
                bytes[min(position, bytes.count - 1)] = UInt8(truncatingIfNeeded: rng.next())
            case 1:  // insert a token
                bytes.insert(contentsOf: Array(Self.tokens[Int(rng.next() % UInt64(Self.tokens.count))].utf8), at: position)
            case 2 where !bytes.isEmpty:  // delete a span
                let length = min(Int(rng.next() % 16) + 1, bytes.count - min(position, bytes.count - 1))
                bytes.removeSubrange(min(position, bytes.count - 1)..<(min(position, bytes.count - 1) + length))
            case 3:  // truncate
                bytes = Array(bytes.prefix(position))
            case 4 where bytes.count > 1:  // duplicate a span
                let start = Int(rng.next() % UInt64(bytes.count))
                let end = min(bytes.count, start + Int(rng.next() % 64) + 1)
                bytes.insert(contentsOf: bytes[start..<end], at: position)
            case 5:  // random bytes
                bytes.insert(contentsOf: randomBytes(&rng, count: Int(rng.next() % 8) + 1), at: position)
            default:  // swap line endings
                bytes = bytes.map { $0 == 0x0A && rng.next() % 2 == 0 ? 0x0D : $0 }
            }
        }
        return bytes
    }

    /// A random playlist built from format pieces.
    private func structured(_ rng: inout SeededGenerator) -> [UInt8] {
        var text = ""
        for _ in 0..<Int(rng.next() % 30) {
            text += Self.tokens[Int(rng.next() % UInt64(Self.tokens.count))]
            if rng.next() % 3 == 0 { text += String(rng.next() % 3000) }
            if rng.next() % 2 == 0 { text += "\n" }
        }
        return Array(text.utf8)
    }

    private func seeds() throws -> [[UInt8]] {
        let root = try TestSupport.playlistsDirectory()
        var files = [[UInt8]]()
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let path = enumerator?.nextObject() as? String {
            guard ["m3u", "pls", "xspf"].contains((path as NSString).pathExtension) else { continue }
            files.append([UInt8](try Data(contentsOf: root.appendingPathComponent(path))))
        }
        return files
    }

    func testRandomAndMutatedPlaylistsNeverCrash() throws {
        let seeds = try seeds()
        XCTAssertGreaterThan(seeds.count, 130)
        let dir = try TestSupport.temporaryDirectory(self)
        // Generated nested playlists, including a self-reference, so mutated entries can point at them.
        try TestSupport.write("a.m3u\nloop.m3u\n1234.mp3\n", to: "loop.m3u", in: dir)
        try TestSupport.write("#EXTM3U\nloop.m3u\nsub/b.pls\n", to: "a.m3u", in: dir)
        try TestSupport.write("[playlist]\nFile1=../a.m3u\nFile2=../loop.m3u\n", to: "sub/b.pls", in: dir)
        try TestSupport.write("frameTime;x_amean\n0;1\n", to: "features.csv", in: dir)

        var rng = SeededGenerator(seed: 20_240_601)
        let extensions = ["m3u", "m3u8", "pls", "xspf", "txt", ""]
        var results = 0, errors = 0
        let iterations = 6000
        for iteration in 0..<iterations {
            let input: [UInt8]
            switch iteration % 4 {
            case 0: input = randomBytes(&rng, count: Int(rng.next() % 512))
            case 1: input = structured(&rng)
            default: input = mutate(seeds[Int(rng.next() % UInt64(seeds.count))], &rng)
            }
            let ext = extensions[Int(rng.next() % UInt64(extensions.count))]
            let importer = PlaylistImporter(options: .init(strict: rng.next() % 3 == 0, maxNestingDepth: 4))
            // FUZZ_DUMP=path keeps the current input on disk when investigating a crash.
            if let dump = ProcessInfo.processInfo.environment["FUZZ_DUMP"] { try Data(input).write(to: URL(fileURLWithPath: dump)) }
            do {
                let playlist = try importer.importPlaylist(data: Data(input), name: "fuzz\(iteration).\(ext)", baseDirectory: dir, fileExtension: ext)
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
}
