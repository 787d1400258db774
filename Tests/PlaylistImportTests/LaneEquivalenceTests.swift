import Foundation
import XCTest
import Numerics
@testable import PlaylistImport

/// The byte lane (the default: M3U lines scanned on bytes, plain locations resolved and mapped on bytes, texts
/// lent by the file) against the string lane (`PlaylistImporter.lane = .strings`: every line, location and
/// text through the string logic), which the byte lane promises to equal: every fixture playlist, the fuzz
/// corpus and random playlists give the same entries, warnings and errors in both.
final class LaneEquivalenceTests: XCTestCase {
    private func importer(_ lane: PlaylistImporter.Lane, _ options: PlaylistImporter.Options = .init()) -> PlaylistImporter {
        var importer = PlaylistImporter(options: options)
        importer.lane = lane
        return importer
    }

    /// Both lanes on one file; returns the (equal) result.
    @discardableResult
    private func assertLanesAgree(at url: URL, _ options: PlaylistImporter.Options = .init(), _ label: String,
                                  file: StaticString = #filePath, line: UInt = #line) -> ImportResult {
        let bytes = ImportResult { try importer(.bytes, options).importPlaylist(at: url) }
        let strings = ImportResult { try importer(.strings, options).importPlaylist(at: url) }
        XCTAssertEqual(bytes, strings, label, file: file, line: line)
        return bytes
    }

    func testTheDefaultLaneIsTheByteLane() {
        XCTAssertEqual(PlaylistImporter().lane, .bytes)
    }

    /// Every fixture playlist (XSPF leniently and strictly), read from its file.
    func testEveryFixturePlaylistImportsAlikeInBothLanes() throws {
        let directory = try TestSupport.playlistsDirectory()
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }
            .filter { ["m3u", "m3u8", "pls", "xspf"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path }
        XCTAssertGreaterThan(files.count, 130)
        var entries = 0, imported = 0
        for url in files {
            for strict in url.pathExtension == "xspf" ? [false, true] : [false] {
                let result = assertLanesAgree(at: url, .init(strict: strict), "\(url.path) strict: \(strict)")
                entries += result.entryCount
                if case .imported = result { imported += 1 }
            }
        }
        XCTAssertGreaterThan(imported, 100)
        XCTAssertGreaterThan(entries, 150)
    }

    /// The fuzz corpus (random bytes, pieces, mutated fixtures; nested playlists to point at), from memory.
    func testFuzzCorpusImportsAlikeInBothLanes() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        try FuzzCorpus.prepare(dir)
        var imported = 0
        for (iteration, input) in try FuzzCorpus.inputs(seed: 20_240_601, count: 3000).enumerated() {
            func run(_ lane: PlaylistImporter.Lane) -> ImportResult {
                ImportResult {
                    try importer(lane, input.options).importPlaylist(data: Data(input.bytes), name: "fuzz\(iteration).\(input.fileExtension)",
                                                                     baseDirectory: dir, fileExtension: input.fileExtension)
                }
            }
            let bytes = run(.bytes)
            XCTAssertEqual(bytes, run(.strings), "fuzz input \(iteration): \(input.bytes)")
            if case .imported = bytes { imported += 1 }
        }
        XCTAssertGreaterThan(imported, 500)
    }

    /// Random M3U and PLS playlists built from the lines where the byte lane decides on its own: edges with
    /// Unicode white space, `#EXTINF` forms, `#EXTART` titles with marks and equivalent forms, NUL characters,
    /// relative, absolute, dot-segment, percent-encoded, Windows and `file:///` locations to files that exist
    /// (in either normalisation form), are missing, are nested playlists or feature files.
    func testRandomPlaylistsImportAlikeInBothLanes() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        for name in ["song.mp3", "a b/s.mp3", "p%20q/s.mp3", "sub/x.flac", "Cafe\u{301}/a.mp3", "M\u{FC}sik/b.ogg",
                     "MEMD_audio/13.mp3", "deam/14.wav"] {
            try TestSupport.write("x", to: name, in: dir)
        }
        try TestSupport.write("frameTime;x_amean\n0;1\n", to: "features/15.csv", in: dir)
        try TestSupport.write("bad header\n", to: "odd.csv", in: dir)
        try TestSupport.write("#EXTM3U\nsong.mp3\nnested.m3u\n", to: "nested.m3u", in: dir)
        try TestSupport.write("[playlist]\nFile1=song.mp3\n", to: "sub/inner.pls", in: dir)
        let root = dir.path
        let locations = [
            "song.mp3", " song.mp3 ", "\u{A0}song.mp3", "song.mp3\u{3000}", "./song.mp3", "sub/../song.mp3", "sub/./x.flac",
            "../\(dir.lastPathComponent)/song.mp3", "\(root)/song.mp3", "\(root)/sub/../song.mp3", "\(root)/missing/x.mp3",
            "\(root)//song.mp3", "a b/s.mp3", "a%20b/s.mp3", "p%20q/s.mp3", "sub\\x.flac", "\(root)\\song.mp3",
            "file://\(root)/song.mp3", "file://\(root)/a%20b/s.mp3", "FILE://\(root)/p%20q/s.mp3", "file://\(root)/a%20b/./x/../s.mp3",
            "file://\(root)/Caf%C3%A9/a.mp3", "file://\(root)/Cafe%CC%81/a.mp3", "file://\(root)/%zz.mp3", "file:///C:/Music/x.mp3",
            "file://\(root)/song.mp3?x=1", "file://host/share/13.mp3", "file:\(root)/song.mp3", "file://localhost\(root)/song.mp3",
            "Caf\u{E9}/a.mp3", "Cafe\u{301}/a.mp3", "\(root)/Caf\u{E9}/a.mp3", "M\u{FC}sik/b.ogg", "Mu\u{308}sik/b.ogg",
            "\(root)/Mu\u{308}sik/../song.mp3", "/\u{301}x.mp3", "\u{301}.mp3", "MEMD_audio/13.mp3", "\(root)/MEMD_audio/13.mp3",
            "MEMD_audio/99.mp3", "13.mp3", "0013.mp3", "deam/14.wav", "features/15.csv", "features/16.csv", "odd.csv",
            "deam:13", "DEAM: 14", "deam:x", "deam:0", "http://example.com/live", "http://example.com/a.m3u|User-Agent=x",
            "rtsp://h/s", "spotify:track:1", "C:\\Music\\13.mp3", "\\\\server\\share\\x.mp3", "C:/DEAM/20.wav",
            "nested.m3u", "sub/inner.pls", "\(root)/nested.m3u", "missing.m3u", "x.txt", "a\u{0}b.mp3", "%00.mp3",
            "\u{FEFF}song.mp3", "song.mp3\u{301}", "dir/", ".", "..", "~/x.mp3", "#notacomment.mp3",
        ]
        let texts = ["Title", " Title ", "Band - Song", "Band", "Band - ", "Bande\u{301} - Song", "Band\u{E9} - x",
                     "Bande\u{301}", "Band\u{E9}", "e\u{301}", "\u{E9}", "Ba\u{0}nd", "DEAM song 13", "deam 14",
                     "Caf\u{E9} \u{2013} x", "\u{A0}Band\u{A0}", "x, y", "\"q\",r", "Band -Song", "\u{1F600} - \u{1F600}"]
        let artists = ["Band", "Bande\u{301}", "Band\u{E9}", "e", "\u{E9}", " Band ", "\u{A0}Band", "Ba\u{0}nd", "B", "\u{1F600}"]
        var rng = SeededGenerator(seed: 20_261_208)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        var m3uEntries = 0, plsEntries = 0
        for round in 0..<700 {
            let pls = round % 4 == 3
            var lines = [String]()
            if pls {
                lines.append(pick(["[playlist]", "[Playlist]", "\u{FEFF}[playlist]"]))
                for k in 1...(1 + Int(rng.next() % 8)) {
                    lines.append("File\(k)=\(pick(locations))")
                    if rng.next() % 2 == 0 { lines.append("Title\(k)=\(pick(texts))") }
                    if rng.next() % 3 == 0 { lines.append("Length\(k)=\(pick(["-1", "12", "x", "3.5"]))") }
                }
                if rng.next() % 2 == 0 { lines.append("NumberOfEntries=\(rng.next() % 9)") }
            } else {
                if rng.next() % 2 == 0 { lines.append(pick(["#EXTM3U", "#extm3u", "\u{FEFF}#EXTM3U", " #EXTM3U"])) }
                for _ in 0..<(1 + Int(rng.next() % 12)) {
                    switch rng.next() % 10 {
                    case 0, 1:
                        lines.append(pick(["#EXTINF:\(pick(["-1", "12", "3.5", "1e3", "x", "", " 7 "])),\(pick(texts))",
                                           "#EXTINF:5 tvg-id=\"a,b\" group-title=\"g\",\(pick(texts))", "#extinf:7,\(pick(texts))",
                                           "#EXTINF \(pick(texts))", "#EXTINF:\(pick(texts))", "#EXTINF", "#EXTINF:\u{A0}9,\(pick(texts))",
                                           "\u{A0}#EXTINF:9,\(pick(texts))"]))
                    case 2: lines.append("#EXTART:\(pick(artists))")
                    case 3: lines.append(pick(["#EXTALB:\(pick(texts))", "#PLAYLIST:\(pick(texts))", "#playlist:\u{A0}", "#EXTALB:",
                                               "#EXTGENRE:x", "# comment", "====\(pick(texts))====", "---", "~~~ x ~~~", "", " ", "\u{3000}"]))
                    default: lines.append(pick(locations))
                    }
                }
            }
            let ending = pick(["\n", "\r\n", "\r"])
            let text = lines.joined(separator: ending) + (rng.next() % 2 == 0 ? ending : "")
            let url = try TestSupport.write(text, to: "r\(round).\(pls ? "pls" : pick(["m3u", "m3u8"]))", in: dir)
            let result = assertLanesAgree(at: url, .init(), "round \(round):\n\(text)")
            if pls { plsEntries += result.entryCount } else { m3uEntries += result.entryCount }
        }
        XCTAssertGreaterThan(m3uEntries, 1500)
        XCTAssertGreaterThan(plsEntries, 300)
    }
}
