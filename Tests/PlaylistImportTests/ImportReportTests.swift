import Foundation
import XCTest
import MoodIO
import PlaylistImport

/// The report document written as byte fragments while importing (`writeReport(at:to:)`) against
/// `JSONEncoder`'s encoding of the `ImportReport` of a whole import: equal as parsed JSON values for every
/// corpus playlist and for local playlists with every outcome.
final class ImportReportTests: XCTestCase {
    /// The document `writeReport` writes for `url` (through a file: the writer writes to a descriptor).
    private func written(_ url: URL, _ importer: PlaylistImporter, in directory: URL) throws -> Data {
        let target = directory.appendingPathComponent("report-\(UUID().uuidString).json")
        XCTAssertTrue(FileManager.default.createFile(atPath: target.path, contents: nil))
        let handle = try FileHandle(forWritingTo: target)
        var out = JSONByteWriter(fileDescriptor: handle.fileDescriptor, blockSize: 256)  // small blocks: flushed mid-document too
        defer { try? handle.close() }
        try importer.writeReport(at: url, to: &out)
        out.flush()
        return try Data(contentsOf: target)
    }

    private func encoded(_ url: URL, _ importer: PlaylistImporter) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(ImportReport(importer.importPlaylist(at: url)))
    }

    /// Both documents for `url`, parsed; or both errors' texts when the file is refused. Returns true when imported.
    @discardableResult
    private func assertSameDocument(_ url: URL, _ importer: PlaylistImporter = PlaylistImporter(), in directory: URL,
                                    file: StaticString = #filePath, line: UInt = #line) throws -> Bool {
        let expected: Data
        do {
            expected = try encoded(url, importer)
        } catch {
            XCTAssertThrowsError(try written(url, importer, in: directory), url.path, file: file, line: line) {
                XCTAssertEqual(String(describing: $0), String(describing: error), file: file, line: line)
            }
            return false
        }
        let bytes = try written(url, importer, in: directory)
        let document = try JSONSerialization.jsonObject(with: bytes) as? NSDictionary
        let reference = try JSONSerialization.jsonObject(with: expected) as? NSDictionary
        XCTAssertNotNil(document, url.path, file: file, line: line)
        XCTAssertEqual(document, reference, "\(url.path)\n\(String(decoding: bytes, as: UTF8.self))", file: file, line: line)
        // The document is also what `JSONDecoder` reads back: the same entries, in order.
        let decoded = try JSONDecoder().decode(DecodedReport.self, from: bytes)
        XCTAssertEqual(decoded.entries.count, (reference?["entries"] as? [Any])?.count, url.path, file: file, line: line)
        return true
    }

    /// The keys every document and entry has, read back with `JSONDecoder`.
    private struct DecodedReport: Decodable {
        struct Entry: Decodable {
            var file: String
            var depth: Int
            var outcome: String
        }

        var file: String
        var format: String
        var encoding: String
        var entries: [Entry]
        var warnings: [String]
    }

    func testEveryCorpusPlaylistWritesTheEncodersDocument() throws {
        let directory = try TestSupport.temporaryDirectory(self)
        let files = FileManager.default.enumerator(at: try TestSupport.playlistsDirectory(), includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }
            .filter { ["m3u", "m3u8", "pls", "xspf"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path }
        XCTAssertGreaterThan(files.count, 130)
        var imported = 0
        for url in files where try assertSameDocument(url, in: directory) { imported += 1 }
        XCTAssertGreaterThan(imported, 100)
    }

    /// Every outcome and key: DEAM ids, feature files, own audio, missing files, streams, a nested playlist
    /// (its entries at depth 1, with their file), XSPF tracks, durations, titles that need escaping, warnings,
    /// an empty playlist; and a file that is not a playlist is refused alike, before anything is written.
    func testLocalPlaylistsWithEveryOutcome() throws {
        let directory = try TestSupport.temporaryDirectory(self)
        try TestSupport.write("frameTime;x_amean\n0;1\n", to: "features/15.csv", in: directory)
        try TestSupport.write("x", to: "music/own.mp3", in: directory)
        try TestSupport.write("#EXTM3U\n#EXTINF:3.25,Inner \"quoted\" \\ slash/\nmusic/own.mp3\nhttp://example.com/live\n",
                              to: "inner.m3u8", in: directory)
        let m3u = try TestSupport.write("""
            #EXTM3U
            #PLAYLIST:Every\toutcome
            #EXTINF:12,Band - Song
            #EXTART:Band
            #EXTALB:Record
            deam:13
            features/15.csv
            #EXTINF:-1,Tab\there\u{1}
            music/own.mp3
            MEMD_audio/20.mp3
            missing/13.mp3
            inner.m3u8
            #EXTINF:abc,Bad duration
            Caf\u{E9}.flac
            #EXTINF:1e20,Huge
            x.txt

            """, to: "every.m3u8", in: directory)
        let xspf = try TestSupport.write("""
            <?xml version="1.0"?>
            <playlist version="1" xmlns="http://xspf.org/ns/0/"><title>X</title><trackList>
            <track><location>deam:2</location><title>Two</title><creator>C</creator><duration>1500</duration></track>
            <track><identifier>deam:3</identifier></track>
            <track><location>http://example.com/a.mp3</location><location>features/15.csv</location></track>
            </trackList></playlist>
            """, to: "list.xspf", in: directory)
        let pls = try TestSupport.write("[playlist]\nFile1=music/own.mp3\nTitle1=Own\nLength1=61\nNumberOfEntries=1\n", to: "a.pls", in: directory)
        let empty = try TestSupport.write("", to: "empty.m3u", in: directory)
        let binary = try TestSupport.write([0, 1, 2, 3, 0xFF], to: "binary.m3u", in: directory)
        for url in [m3u, xspf, pls, empty] { XCTAssertTrue(try assertSameDocument(url, in: directory), url.lastPathComponent) }
        XCTAssertFalse(try assertSameDocument(binary, in: directory))
        XCTAssertTrue(try assertSameDocument(m3u, PlaylistImporter(options: .init(followNestedPlaylists: false)), in: directory))
        // The written document of the M3U playlist has the values the import found.
        let document = try JSONSerialization.jsonObject(with: try written(m3u, PlaylistImporter(), in: directory)) as? [String: Any]
        let entries = try XCTUnwrap(document?["entries"] as? [[String: Any]])
        XCTAssertEqual(entries.count, 9)
        XCTAssertEqual(entries.map { $0["deamId"] as? Int }, [13, nil, nil, 20, nil, nil, nil, nil, nil])
        XCTAssertEqual(entries[0]["title"] as? String, "Song")
        XCTAssertEqual(entries[0]["duration"] as? Int, 12)
        XCTAssertEqual(entries.map { $0["depth"] as? Int }, [0, 0, 0, 0, 0, 1, 1, 0, 0])
        XCTAssertEqual(entries[5]["title"] as? String, "Inner \"quoted\" \\ slash/")
        XCTAssertEqual(entries[5]["duration"] as? Double, 3.25)
        XCTAssertEqual(entries[5]["file"] as? String, directory.appendingPathComponent("inner.m3u8").path)
        XCTAssertEqual(document?["title"] as? String, "Every\toutcome")
        XCTAssertFalse((document?["warnings"] as? [String] ?? []).isEmpty)
    }
}
