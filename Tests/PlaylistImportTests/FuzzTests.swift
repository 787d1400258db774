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
        // DTDs and entities: never loaded, never expanded.
        "<!DOCTYPE playlist SYSTEM \"http://example.com/x.dtd\">", "<!DOCTYPE playlist [", "]>", "<!ENTITY lol \"lol\">",
        "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">", "&lol2;", "<!ENTITY ext SYSTEM \"file:///etc/passwd\">", "&ext;",
        "<!ENTITY % pe \"<!ENTITY b 'b'>\">", "%pe;", "&b;", "<?xml version=\"1.0\" standalone=\"yes\"?>", "&#38;", "&#x26;",
        "file:///etc/passwd%00.mp3", "%00", "fan.m3u", "chain0.m3u", "MEMD_audio/", "13.mp3",
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
        try TestSupport.write(String(repeating: "fan.m3u\n", count: 10), to: "fan.m3u", in: dir)
        for i in 0..<20 { try TestSupport.write("MEMD_audio/\(i + 2).mp3\nchain\(i + 1).m3u\n", to: "chain\(i).m3u", in: dir) }

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
            let importer = PlaylistImporter(options: .init(strict: rng.next() % 3 == 0, maxNestingDepth: 4,
                                                           limits: .init(maxEntries: 5000, maxNestedPlaylists: 200)))
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
