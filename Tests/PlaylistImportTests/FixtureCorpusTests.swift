import Foundation
import XCTest
import PlaylistImport

/// Every file of `Fixtures/playlists` (outside the XSPF conformance
/// suite, which has its own tests) against the expectations in its SOURCES.md.
final class FixtureCorpusTests: XCTestCase {
    struct Expectation {
        var path: String
        /// Entries of the file itself (nested playlists count as one entry).
        var count: Int
        var encoding: TextEncodingKind? = nil
        var playlistTitle: String? = nil
        /// Raw location of entry i (0-based).
        var locations: [Int: String] = [:]
        /// Title of entry i (nil value: no title).
        var titles: [Int: String?] = [:]
        /// Duration of entry i in seconds (nil value: unknown).
        var durations: [Int: Double?] = [:]
        /// Outcome of entry i (`deam`, `features` or an unresolved case name).
        var outcomes: [Int: String] = [:]
        /// Resolved path (or URL) of entry i.
        var resolved: [Int: String] = [:]
        var extra: ((ImportedPlaylist) throws -> Void)? = nil
    }

    static let expectations: [Expectation] = [
        // mopidy
        .init(path: "mopidy/comment-ext.m3u", count: 1, locations: [0: "song1.mp3"], titles: [0: "Song #1"]),
        .init(path: "mopidy/comment.m3u", count: 1, locations: [0: "song1.mp3"], titles: [0: nil], outcomes: [0: "missingFile"]),
        .init(path: "mopidy/empty-ext.m3u", count: 0),
        .init(path: "mopidy/empty.m3u", count: 0),
        .init(path: "mopidy/encoding-ext.m3u", count: 1, encoding: .windows1252, locations: [0: "æøå.mp3"], titles: [0: "æøå"]),
        .init(path: "mopidy/encoding.m3u", count: 1, encoding: .windows1252, locations: [0: "æøå.mp3"]),
        .init(path: "mopidy/one-ext.m3u", count: 1, locations: [0: "song1.mp3"], titles: [0: "Song #1"], durations: [0: nil]),
        .init(path: "mopidy/one.m3u", count: 1, locations: [0: "song1.mp3"]),
        .init(path: "mopidy/two-ext.m3u", count: 2, locations: [0: "song1.mp3", 1: "song2.mp3"], durations: [0: nil, 1: 60]),
        // navidrome
        .init(path: "navidrome/bom-test-utf16.m3u", count: 1, encoding: .utf16LE, playlistTitle: "UTF-16 Test Playlist",
              locations: [0: "test.mp3"], titles: [0: "Test Artist - Test Song"], durations: [0: 123]),
        .init(path: "navidrome/bom-test.m3u", count: 1, encoding: .utf8BOM, playlistTitle: "Test Playlist", locations: [0: "test.mp3"]),
        .init(path: "navidrome/cr-ended.m3u", count: 2, locations: [0: "abc.mp3", 1: "def.mp3"]),
        .init(path: "navidrome/lf-ended.m3u", count: 2, locations: [0: "abc.mp3", 1: "def.mp3"]),
        .init(path: "navidrome/pls-with-art-url.m3u", count: 2, playlistTitle: "Playlist With Art", locations: [0: "test.mp3", 1: "test.ogg"]),
        .init(path: "navidrome/pls-with-name.m3u", count: 3, playlistTitle: "playlist 1",
              locations: [0: "tests/fixtures/test.mp3", 2: "file:///tests/fixtures/01%20Invisible%20(RED)%20Edit%20Version.mp3"],
              resolved: [2: "/tests/fixtures/01 Invisible (RED) Edit Version.mp3"]),
        .init(path: "navidrome/pls1.m3u", count: 2, locations: [0: "test.mp3", 1: "test.ogg"]),
        .init(path: "navidrome/subfolder2-pls2.m3u", count: 4, locations: [0: "../test.mp3", 3: "/invalid/path/xyz.mp3"],
              outcomes: [3: "missingFile"], resolved: [3: "/invalid/path/xyz.mp3"]),
        // playlistsnet
        .init(path: "playlistsnet/LatinEncoding.m3u", count: 1, encoding: .windows1252,
              locations: [0: "M:\\Röyksopp feat. Susanne Sundfør - Running To The Sea.mp3"], durations: [0: 300],
              outcomes: [0: "missingFile"]),
        .init(path: "playlistsnet/Playlist.pls", count: 3, locations: [0: "http://stream3.polskieradio.pl:8902/", 2: "/home/uzytkownik/muzyka-1.mp3"],
              titles: [0: nil, 2: "Myslovitz - Sprzedawcy Marzeń"], durations: [1: nil, 2: 5720], outcomes: [0: "streamURL"]),
        .init(path: "playlistsnet/Playlist2.pls", count: 4,
              locations: [0: "http://stream3.polskieradio.pl:8902/", 1: "http://stream.polskastacja.pl/ps43_mp3?player_group=PS_EXT_MP3",
                          2: "/home/uzytkownik/muzyka-1.mp3", 3: "Weird Al - This Is The Life.mp3"],
              titles: [1: "Server1-> >>> P O L S K A S T A C J A <<<- Ballady Rockowe", 3: "Weird Al Yankovic - This is the Life"]),
        .init(path: "playlistsnet/PlaylistExt.m3u", count: 3, encoding: .utf8BOM,
              locations: [0: "D:\\Muzyka\\Andrea Bocelli\\04 Chiara.mp3"], titles: [0: "Andrea Bocelli - Chiara"], durations: [0: 254],
              extra: { playlist in
                  XCTAssertEqual(playlist.entries[2].artist, "Andrea Bocelli")
                  XCTAssertEqual(playlist.entries[2].album, "AndreaBocelli")
                  XCTAssertEqual(playlist.entries[2].title, "E Chiove", "#EXTART prefix is removed from the EXTINF title")
              }),
        .init(path: "playlistsnet/PlaylistNotExt.m3u", count: 3, encoding: .utf8BOM, locations: [0: "D:\\Muzyka\\Andrea Bocelli\\04 Chiara.mp3"]),
        .init(path: "playlistsnet/PlaylistVLC.m3u", count: 1, titles: [0: "Aimer - 春はゆく"], durations: [0: 304],
              extra: { playlist in
                  let path = try XCTUnwrap(playlist.entries[0].resolvedURL).path
                  XCTAssertTrue(path.hasSuffix("/Aimer/春はゆく - marie/01 - 春はゆく.flac"), path)
              }),
        // iptv-playlist-parser
        .init(path: "iptv-playlist-parser/base.m3u", count: 6,
              locations: [0: "http://livestream.htp.tv/hls-live/livepkgr/_definst_/H1/H1_HQ.m3u8", 1: "stream/chunklist.m3u8", 5: "movie.m3u8"],
              titles: [0: "Channel 1 (Tested)", 2: "=>(★ TURKİYE ★)<=", 4: "name,with comma", 5: "The Good, the Bad and the Ugly"],
              durations: [0: nil, 1: 16, 4: nil], outcomes: [0: "streamURL"],
              extra: { playlist in
                  XCTAssertTrue(playlist.warnings.contains { $0.message.contains("separator") && $0.position == .line(10) })
              }),
        .init(path: "iptv-playlist-parser/comment.m3u", count: 1,
              locations: [0: "http://cdn-hls.globecast.tv/live/ramdisk/tamazight_tv8_snrt/hls_snrt/index.m3u8"], titles: [0: "tamazight tv8"]),
        .init(path: "iptv-playlist-parser/kodi.m3u", count: 1, titles: [0: "RTP 1"], outcomes: [0: "streamURL"],
              resolved: [0: "https://streaming-live.rtp.pt/liverepeater/rtpClean1HD.smil/playlist.m3u8"],
              extra: { playlist in
                  XCTAssertTrue(try XCTUnwrap(playlist.entries[0].location).hasSuffix("|user-agent=RTP Play/2.0.26 (Linux;Android 11) ExoPlayerLib/2.11.8"))
              }),
        .init(path: "iptv-playlist-parser/pipe.m3u", count: 2, titles: [0: "Sport channel", 1: "News channel"], durations: [0: 17, 1: 555],
              resolved: [0: "http://192.54.104.122:8080/d/abcdef/video.mp4", 1: "http://my-news-stream:8999/d/letsplay/video.mp4"]),
        // m3u-parser-kotlin
        .init(path: "m3u-parser-kotlin/issue-238-title-comma.m3u", count: 1,
              titles: [0: "Pink Floyd - Another Brick In The Wall, Pt. 2 - 2011 Remastered Version"], durations: [0: 239]),
        .init(path: "m3u-parser-kotlin/rec_1.m3u", count: 4,
              locations: [0: "Test1.mp3", 1: "rec_2.m3u", 2: "missing.m3u", 3: "Test6.mp3"],
              outcomes: [1: "expandedPlaylist", 2: "missingFile"],
              extra: { playlist in
                  let names = playlist.tracks.compactMap(\.location).filter { $0.hasPrefix("Test") }
                  XCTAssertEqual(names, ["Test1.mp3", "Test2.mp3", "Test3.mp3", "Test4.mp3", "Test5.mp3", "Test6.mp3"])
                  XCTAssertEqual(playlist.tracks.map(\.depth), [0, 1, 2, 2, 1, 0, 0])
                  XCTAssertEqual(playlist.entries[1].nested?.entries.count, 3)
              }),
        .init(path: "m3u-parser-kotlin/rec_2.m3u", count: 3, outcomes: [1: "expandedPlaylist"],
              extra: { playlist in XCTAssertEqual(playlist.tracks.count, 4) }),
        .init(path: "m3u-parser-kotlin/rec_3.m3u", count: 2),
        .init(path: "m3u-parser-kotlin/wiki_extended_duplicate_info_line.m3u", count: 7,
              locations: [0: "Alice in Chains_Jar of Flies_01_Rotten Apple.mp3", 4: "Alice in Chains_Jar of Flies_05_Whale And Wasp.mp3"],
              titles: [3: "Alice in Chains - No Excuses", 4: "Alice in Chains - Whale And Wasp"], durations: [4: 157]),
        .init(path: "m3u-parser-kotlin/wiki_mixed_empty_lines.m3u", count: 7,
              locations: [0: "Alice in Chains_Jar of Flies_01_Rotten Apple.mp3"],
              titles: [0: "Alice in Chains - Rotten Apple", 1: nil, 4: nil, 5: "Alice in Chains - Don't Follow"]),
        .init(path: "m3u-parser-kotlin/wiki_simple.m3u", count: 7,
              locations: [0: "Alternative\\Band - Song.mp3", 3: "D:\\More Music\\Foo.mp3", 5: "http://emp.cx:8000/Listen.pls"],
              outcomes: [3: "missingFile", 5: "remotePlaylist", 6: "streamURL"],
              extra: { playlist in
                  let path = try XCTUnwrap(playlist.entries[4].resolvedURL).path
                  XCTAssertTrue(path.hasSuffix("/Fixtures/playlists/Other Music/Bar.mp3"), "..\\ resolves against the playlist folder: \(path)")
                  XCTAssertTrue(try XCTUnwrap(playlist.entries[0].resolvedURL).path.hasSuffix("m3u-parser-kotlin/Alternative/Band - Song.mp3"))
              }),
        // emby-playlist-converter
        .init(path: "emby-playlist-converter/UTF16-BE/Valid_MultipleEntries.m3u", count: 5, encoding: .utf16BE,
              locations: [0: "Medien/Musik/Blind Guardian/Imaginations From the Other Side/01 Imaginations From the Other Side.flac"],
              titles: [1: "Blind Guardian - Inquisition, additional information after an additional comma should cause no problems",
                       3: "Blind Guardian - Time What Is Time:: Additional colons should also not cause problems"]),
        .init(path: "emby-playlist-converter/UTF8/Valid_ContainsInvalidEntries.m3u", count: 9,
              locations: [8: "Medien/Musik/Blind Guardian/The forgotten Tales/01 Mr. Sandman.flac"],
              titles: [0: "Blind Guardian - Imaginations From the Other Side", 1: nil, 2: "Blind Guardian - Precious Jerusalem",
                       4: nil, 6: "Blind Guardian - Traveler in Time", 8: nil],
              durations: [1: 41, 3: 569, 5: nil, 7: nil],
              extra: { playlist in XCTAssertGreaterThanOrEqual(playlist.warnings.count, 4) }),
        // xspf-tools
        .init(path: "xspf-tools/asc.xspf", count: 12,
              locations: [0: "C:\\Users\\Dava\\Documents\\PhpStormProjects\\xspf-tools\\src\\Xspf\\Backup\\CleanCommand.php"],
              outcomes: [0: "missingFile"],
              extra: { playlist in
                  XCTAssertTrue(playlist.warnings.contains { $0.message.contains("CONTENT_INVALID") }, "lenient mode reports the invalid URIs")
              }),
        // xspf2csv-lastfm
        .init(path: "xspf2csv-lastfm/example.xspf", count: 7, playlistTitle: "user's loved tracks",
              titles: [0: "Track 1", 1: "Track\t2\tContains\tTabs", 4: "Track 5 ℏas Ħigh-Unicode Letters", 5: "\"Track 6 Contains Quotes\""],
              outcomes: [0: "noDEAMID"],
              extra: { playlist in
                  XCTAssertTrue(playlist.entries.allSatisfy { $0.location == nil })
                  XCTAssertEqual(playlist.entries.map { $0.identifiers.first ?? "" }, (1...7).map { "http://example.org/music/\($0)" })
                  XCTAssertEqual(playlist.entries[3].artist, "Andy Aardvark")
                  XCTAssertEqual(playlist.entries.map(\.position), (1...7).map { EntryPosition.track($0) })
              }),
    ]

    /// Files that must be refused as a whole (both modes).
    static let refused: [String: String] = [
        "xspf-tools/invalid.xspf": "payist",
    ]

    func testEveryFixtureImportsAsDocumented() throws {
        let importer = PlaylistImporter()
        for expectation in Self.expectations {
            let url = try TestSupport.fixture(expectation.path)
            let playlist: ImportedPlaylist
            do {
                playlist = try importer.importPlaylist(at: url)
            } catch {
                XCTFail("\(expectation.path): \(error)")
                continue
            }
            let label = expectation.path
            XCTAssertEqual(playlist.entries.count, expectation.count, label)
            if let encoding = expectation.encoding { XCTAssertEqual(playlist.encoding, encoding, label) }
            if let title = expectation.playlistTitle { XCTAssertEqual(playlist.title, title, label) }
            guard playlist.entries.count == expectation.count else { continue }
            for (i, location) in expectation.locations { XCTAssertEqual(playlist.entries[i].location, location, "\(label) entry \(i)") }
            for (i, title) in expectation.titles { XCTAssertEqual(playlist.entries[i].title, title, "\(label) entry \(i)") }
            for (i, duration) in expectation.durations { XCTAssertEqual(playlist.entries[i].duration, duration, "\(label) entry \(i)") }
            for (i, outcome) in expectation.outcomes { XCTAssertEqual(playlist.entries[i].reference.outcomeName, outcome, "\(label) entry \(i)") }
            for (i, resolved) in expectation.resolved {
                let url = playlist.entries[i].resolvedURL
                XCTAssertEqual(url?.isFileURL == true ? url?.path : url?.absoluteString, resolved, "\(label) entry \(i)")
            }
            // M3U and PLS entries carry their line; the line really holds the location.
            for entry in playlist.entries {
                switch (playlist.format, entry.position) {
                case (.xspf, .track), (.m3u, .line), (.pls, .line): break
                default: XCTFail("\(label): \(entry.position) in a \(playlist.format) file")
                }
            }
            try expectation.extra?(playlist)
        }
    }

    func testRefusedFixturesAreTypedErrors() throws {
        for (path, root) in Self.refused {
            for strict in [false, true] {
                XCTAssertThrowsError(try PlaylistImporter(options: .init(strict: strict)).importPlaylist(at: try TestSupport.fixture(path))) { error in
                    XCTAssertEqual(error as? ImportError, .notXSPF(file: (try? TestSupport.fixture(path).path) ?? "", rootElement: root))
                }
            }
        }
    }

    func testAscXSPFIsRejectedInStrictMode() throws {
        let url = try TestSupport.fixture("xspf-tools/asc.xspf")
        XCTAssertThrowsError(try PlaylistImporter(options: .init(strict: true)).importPlaylist(at: url)) { error in
            guard case let .invalidXSPF(_, line, _, code, _)? = error as? ImportError else { return XCTFail("\(error)") }
            XCTAssertEqual(code, .contentInvalid)
            XCTAssertEqual(line, 5, "the first <location> is on line 5")
        }
    }

    /// Every fixture file (outside the conformance suite) has an expectation: new files cannot slip through.
    func testEveryFixtureFileIsCovered() throws {
        let root = try TestSupport.playlistsDirectory()
        let covered = Set(Self.expectations.map(\.path)).union(Self.refused.keys)
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var files = [String]()
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory)
            if isDirectory.boolValue || path == "SOURCES.md" || path.hasPrefix("xspf-testsuite-xiph/") { continue }
            files.append(path)
        }
        XCTAssertEqual(files.count, 39)
        XCTAssertEqual(Set(files).subtracting(covered), [], "fixtures without an expectation")
        XCTAssertEqual(covered.subtracting(files), [], "expectations without a fixture")
    }

    /// The M3U/PLS line numbers point at the line that holds the entry's location.
    func testLineNumbersPointAtTheLocation() throws {
        for path in ["iptv-playlist-parser/base.m3u", "playlistsnet/Playlist2.pls", "navidrome/cr-ended.m3u", "m3u-parser-kotlin/wiki_mixed_empty_lines.m3u"] {
            let url = try TestSupport.fixture(path)
            let playlist = try PlaylistImporter().importPlaylist(at: url)
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            for entry in playlist.entries {
                guard case let .line(n) = entry.position else { XCTFail("\(path): no line"); continue }
                XCTAssertTrue(lines[n - 1].contains(try XCTUnwrap(entry.location)), "\(path) line \(n): \(lines[n - 1])")
            }
        }
    }
}
