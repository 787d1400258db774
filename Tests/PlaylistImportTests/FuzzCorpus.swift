import Foundation
import Numerics
import PlaylistImport

/// The fuzz corpus: random bytes, playlists built from format pieces and mutated fixture playlists, all
/// generated from a fixed seed, with a folder of nested playlists and files for their entries to point at.
/// `FuzzTests` checks that each ends in a result or a typed error; `LaneEquivalenceTests` that both lanes agree.
enum FuzzCorpus {
    /// One generated input: its bytes, the extension of its name and the importer options it is read with.
    struct Input {
        var bytes: [UInt8]
        var fileExtension: String
        var options: PlaylistImporter.Options
    }

    static let tokens: [String] = [
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

    private static func randomBytes(_ rng: inout SeededGenerator, count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    private static func mutate(_ input: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
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
    private static func structured(_ rng: inout SeededGenerator) -> [UInt8] {
        var text = ""
        for _ in 0..<Int(rng.next() % 30) {
            text += Self.tokens[Int(rng.next() % UInt64(Self.tokens.count))]
            if rng.next() % 3 == 0 { text += String(rng.next() % 3000) }
            if rng.next() % 2 == 0 { text += "\n" }
        }
        return Array(text.utf8)
    }

    private static func seeds() throws -> [[UInt8]] {
        let root = try TestSupport.playlistsDirectory()
        var files = [[UInt8]]()
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let path = enumerator?.nextObject() as? String {
            guard ["m3u", "pls", "xspf"].contains((path as NSString).pathExtension) else { continue }
            files.append([UInt8](try Data(contentsOf: root.appendingPathComponent(path))))
        }
        return files
    }

    /// `count` inputs from `seed` (a quarter random bytes, a quarter built from pieces, half mutated fixtures).
    static func inputs(seed: UInt64, count: Int) throws -> [Input] {
        let seeds = try seeds()
        var rng = SeededGenerator(seed: seed)
        let extensions = ["m3u", "m3u8", "pls", "xspf", "txt", ""]
        return (0..<count).map { iteration in
            let bytes: [UInt8]
            switch iteration % 4 {
            case 0: bytes = randomBytes(&rng, count: Int(rng.next() % 512))
            case 1: bytes = structured(&rng)
            default: bytes = mutate(seeds[Int(rng.next() % UInt64(seeds.count))], &rng)
            }
            let ext = extensions[Int(rng.next() % UInt64(extensions.count))]
            let options = PlaylistImporter.Options(strict: rng.next() % 3 == 0, maxNestingDepth: 4,
                                                   limits: .init(maxEntries: 5000, maxNestedPlaylists: 200))
            return Input(bytes: bytes, fileExtension: ext, options: options)
        }
    }

    /// The fixture playlists the mutations start from.
    static var seedCount: Int { (try? seeds().count) ?? 0 }

    /// Fills `dir` with generated nested playlists (a self-reference, a fan-out, a chain) and a feature file,
    /// so mutated entries can point at them.
    static func prepare(_ dir: URL) throws {
        try TestSupport.write("a.m3u\nloop.m3u\n1234.mp3\n", to: "loop.m3u", in: dir)
        try TestSupport.write("#EXTM3U\nloop.m3u\nsub/b.pls\n", to: "a.m3u", in: dir)
        try TestSupport.write("[playlist]\nFile1=../a.m3u\nFile2=../loop.m3u\n", to: "sub/b.pls", in: dir)
        try TestSupport.write("frameTime;x_amean\n0;1\n", to: "features.csv", in: dir)
        try TestSupport.write(String(repeating: "fan.m3u\n", count: 10), to: "fan.m3u", in: dir)
        for i in 0..<20 { try TestSupport.write("MEMD_audio/\(i + 2).mp3\nchain\(i + 1).m3u\n", to: "chain\(i).m3u", in: dir) }
    }
}
