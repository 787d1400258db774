import Foundation
import XCTest
import Numerics
@testable import PlaylistImport

/// Streamed entries (texts lent by the playlist's bytes) against the entries an import keeps (and the string
/// lane's), and the byte-level pieces the streaming path relies on: directives in either case, extensions,
/// the folder cache.
final class EntryTextTests: XCTestCase {
    private typealias Fields = EntryFields

    private func streamed(_ url: URL, _ importer: PlaylistImporter = PlaylistImporter()) throws -> (fields: [Fields], summary: PlaylistImporter.Summary) {
        var fields = [Fields]()
        let summary = try importer.streamPlaylist(at: url) { entry in
            // The lent texts read directly agree with the owned copy.
            let kept = PlaylistEntry(entry)
            XCTAssertEqual(entry.location.withUTF8 { String(decoding: $0, as: UTF8.self) }, kept.location)
            XCTAssertEqual(entry.title.string, kept.title)
            XCTAssertEqual(entry.title.isNone, kept.title == nil)
            fields.append(Fields(kept))
        }
        // The string lane imports the same entries.
        var strings = importer
        strings.lane = .strings
        XCTAssertEqual(ImportResult { try strings.importPlaylist(at: url) }, ImportResult { try importer.importPlaylist(at: url) },
                       "string lane: \(url.path)")
        return (fields, summary)
    }

    /// Every playlist of the test corpus streams the entries, in order and field for field, that a whole
    /// import keeps (nested playlists expanded), with the same warnings and title.
    func testStreamedEntriesAreTheImportedTracksForEveryCorpusPlaylist() throws {
        let directory = try TestSupport.playlistsDirectory()
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }
            .filter { ["m3u", "m3u8", "pls", "xspf"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path }
        XCTAssertGreaterThan(files.count, 50)
        var compared = 0
        for url in files {
            let imported: ImportedPlaylist
            do { imported = try PlaylistImporter().importPlaylist(at: url) } catch { continue }  // refused files are refused alike
            let (fields, summary) = try streamed(url)
            XCTAssertEqual(fields, imported.tracks.map(Fields.init), url.lastPathComponent)
            XCTAssertEqual(summary.warnings.map(\.description), imported.warnings.map(\.description), url.lastPathComponent)
            XCTAssertEqual(summary.title, imported.title, url.lastPathComponent)
            XCTAssertEqual(summary.trackCount, imported.tracks.count, url.lastPathComponent)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 50)
    }

    /// Local files that exist and are missing, a nested playlist, feature files and odd lines: streamed
    /// and kept alike, and the M3U warnings keep their order (the reader's first, then the entries').
    func testStreamedEntriesOfLocalFilesAndNestedPlaylists() throws {
        let directory = try TestSupport.temporaryDirectory(self)
        let music = directory.appendingPathComponent("music/DEAM")
        try FileManager.default.createDirectory(at: music, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: music.appendingPathComponent("song.mp3"))
        try Data("x".utf8).write(to: music.appendingPathComponent("15.mp3"))
        try TestSupport.write("#EXTM3U\n\(music.path)/song.mp3\nhttp://example.com/live\n", to: "nested.m3u8", in: directory)
        let root = directory.path
        let text = """
        #EXTM3U
        #EXTINF:12,Band - Song
        #EXTART:Band
        \(root)/music/DEAM/song.mp3
        #EXTINF:abc,No duration
        #EXTINF:3,Twice
        \(root)/music/DEAM/15.mp3
        ----
        \(root)/music/DEAM/missing.flac
        \(root)/elsewhere/MEMD_audio/16.MP3
        nested.m3u8
        \(root)/nested.m3u8
        deam:17
        #EXTINF:1,Orphan

        """
        let url = try TestSupport.write(text, to: "top.m3u8", in: directory)
        let imported = try PlaylistImporter().importPlaylist(at: url)
        let (fields, summary) = try streamed(url)
        XCTAssertEqual(fields, imported.tracks.map(Fields.init))
        XCTAssertEqual(summary.warnings.map(\.description), imported.warnings.map(\.description))
        XCTAssertEqual(fields.map(\.reference.kind), ["unresolved", "unresolved", "unresolved", "deam", "unresolved", "unresolved",
                                                      "unresolved", "unresolved", "deam"])
        XCTAssertEqual(fields[0].title, "Song")
        XCTAssertEqual(fields[0].resolvedPath, "\(root)/music/DEAM/song.mp3")
        XCTAssertEqual(fields[1].reference.unresolvedReason?.caseName, "needsFeatureExtraction")  // own audio, though numbered
        XCTAssertEqual(fields[2].reference.unresolvedReason?.caseName, "missingFile")
        XCTAssertEqual(fields[4].depth, 1)
        XCTAssertEqual(imported.warnings.map(\.position), [.line(5), .line(5), .line(8), .line(14)])
    }

    /// Relative paths resolve under the playlist's folder, dot segments removed, whether the folder's name is
    /// ASCII (joined on bytes) or not (the string path): streamed and kept alike, with the same resolved paths.
    func testRelativePathsUnderASCIIAndNonASCIIFolders() throws {
        for folderName in ["plain", "M\u{FC}sik"] {
            let directory = try TestSupport.temporaryDirectory(self).appendingPathComponent(folderName)
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("a/b"), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: directory.appendingPathComponent("a/b/song.mp3"))
            let locations = ["a/b/song.mp3", "a/./b/../b/song.mp3", "a/b/missing.mp3", "../\(folderName)/a/b/song.mp3",
                             "a/b/..", "./a", "MEMD_audio/../MEMD_audio/20.mp3", "x/../../../../y.mp3"]
            let url = try TestSupport.write(locations.joined(separator: "\n"), to: "list.m3u", in: directory)
            let imported = try PlaylistImporter().importPlaylist(at: url)
            let (fields, _) = try streamed(url)
            XCTAssertEqual(fields, imported.tracks.map(Fields.init), folderName)
            let root = directory.path
            XCTAssertEqual(fields.map(\.resolvedPath), ["\(root)/a/b/song.mp3", "\(root)/a/b/song.mp3", "\(root)/a/b/missing.mp3",
                                                       "\(root)/a/b/song.mp3", "\(root)/a/", "\(root)/a", "\(root)/MEMD_audio/20.mp3",
                                                       "/y.mp3"], folderName)
            XCTAssertEqual(fields.map(\.reference.kind), ["unresolved", "unresolved", "unresolved", "unresolved", "unresolved",
                                                          "unresolved", "deam", "unresolved"], folderName)
            XCTAssertEqual(fields[0].reference.unresolvedReason?.caseName, "needsFeatureExtraction")
            XCTAssertEqual(fields[2].reference.unresolvedReason?.caseName, "missingFile")
        }
    }

    /// `file:///` URIs: escapes decoded (the path as written tried when the decoded one is missing), dot segments
    /// removed, a drive letter, a query and non-ASCII escapes left to the general resolver: streamed and kept alike.
    func testFileURIsDecodedOnBytes() throws {
        let directory = try TestSupport.temporaryDirectory(self)
        for folder in ["a b", "p%20q"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: directory.appendingPathComponent("\(folder)/s.mp3"))
        }
        let root = directory.path
        let locations = ["file://\(root)/a%20b/s.mp3", "FILE://\(root)/p%20q/s.mp3", "file://\(root)/a%20b/./x/../s.mp3",
                         "file://\(root)/a%20b/missing.mp3", "file:///C:/Music/x.mp3", "file://\(root)/a%20b/s.mp3?x=1",
                         "file://\(root)/%C3%A9.mp3", "file://\(root)/a%zzb.mp3", "file://\(root)/MEMD_audio/30.mp3"]
        let url = try TestSupport.write(locations.joined(separator: "\n"), to: "uris.m3u", in: directory)
        let imported = try PlaylistImporter().importPlaylist(at: url)
        let (fields, _) = try streamed(url)
        XCTAssertEqual(fields, imported.tracks.map(Fields.init))
        XCTAssertEqual(fields.map(\.resolvedPath), ["\(root)/a b/s.mp3", "\(root)/p%20q/s.mp3", "\(root)/a b/s.mp3",
                                                   "\(root)/a b/missing.mp3", nil, "\(root)/a b/s.mp3", "\(root)/\u{E9}.mp3",
                                                   "\(root)/a%zzb.mp3", "\(root)/MEMD_audio/30.mp3"])
        XCTAssertEqual(fields.map { $0.reference.unresolvedReason?.caseName ?? $0.reference.kind },
                       ["needsFeatureExtraction", "needsFeatureExtraction", "needsFeatureExtraction", "missingFile", "missingFile",
                        "needsFeatureExtraction", "missingFile", "missingFile", "deam"])
    }

    /// Directives are recognised in any letter case (and only whole: `#EXTAR:` is a comment); `#ext-x-` is HLS.
    func testDirectivesInEitherCase() throws {
        let text = "#extm3u\n#playlist: Mixed\n#ExtInf:7,band - tune\n#extart:band\n#EXTalb:Record\n/nonexistent-mood/a.mp3\n"
            + "#EXTAR:Not an artist\n#EXTINF\n#EXT\n#EXTINF:8,Other\n/nonexistent-mood/b.mp3\n"
        let playlist = try TestSupport.importText(text)
        XCTAssertEqual(playlist.title, "Mixed")
        XCTAssertEqual(playlist.entries.map(\.title), ["tune", "Other"])
        XCTAssertEqual(playlist.entries.map(\.artist), ["band", nil])
        XCTAssertEqual(playlist.entries.map(\.album), ["Record", nil])
        XCTAssertEqual(playlist.entries.map(\.duration), [7, 8])
        for hls in ["#ext-x-version:3", "#Ext-X-Key:METHOD=NONE", "#EXT-X-"] {
            XCTAssertThrowsError(try TestSupport.importText("#EXTM3U\n\(hls)\n/nonexistent-mood/a.ts\n"), hls) { error in
                guard case .hlsPlaylist(_, 2)? = error as? ImportError else { return XCTFail("\(hls): \(error)") }
            }
        }
    }

    /// A numbered file in a DEAM folder is a DEAM song for every audio extension in any case, and for `.csv`
    /// (in `features` too); an extension that only starts like one (or is longer than any) is not.
    func testExtensionsInAnyCase() throws {
        var lines = [String](), expected = [String]()
        for (k, ext) in TrackMapper.audioExtensions.sorted().enumerated() {
            let mixed = String(ext.enumerated().map { $0.offset % 2 == 0 ? Character($0.element.uppercased()) : $0.element })
            lines.append("/nonexistent-mood/MEMD_audio/\(k + 100).\(mixed)")
            expected.append("deam")
        }
        lines += ["/nonexistent-mood/features/20.CSV", "/nonexistent-mood/MEMD_audio/21.mp3x", "/nonexistent-mood/MEMD_audio/22.mpthreeandmore",
                  "/nonexistent-mood/MEMD_audio/.mp3", "/nonexistent-mood/MEMD_audio/23.", "/nonexistent-mood/MEMD_audio/24.csv"]
        expected += ["deam", "unresolved", "unresolved", "unresolved", "unresolved", "deam"]
        let playlist = try TestSupport.importText(lines.joined(separator: "\n"))
        XCTAssertEqual(playlist.entries.map(\.reference.kind), expected)
    }

    /// The folder cache answers by folder bytes: folders that are prefixes of one another, a missing folder
    /// met again after others, and a missing file in a present folder are each told apart.
    func testFolderCacheTellsSimilarFoldersApart() throws {
        let directory = try TestSupport.temporaryDirectory(self)
        for folder in ["a", "ab"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: directory.appendingPathComponent("\(folder)/song.mp3"))
        }
        let root = directory.path
        let cases: [(String, String)] = [
            ("a/song.mp3", "needsFeatureExtraction"), ("missing/song.mp3", "missingFile"), ("ab/song.mp3", "needsFeatureExtraction"),
            ("missing/other.mp3", "missingFile"), ("a/nope.mp3", "missingFile"), ("missin/song.mp3", "missingFile"),
            ("a/song.mp3", "needsFeatureExtraction"), ("missing/song.mp3", "missingFile"), ("ab/song.mp3", "needsFeatureExtraction"),
            ("a", "missingFile"),  // a folder is not a file
        ]
        let playlist = try TestSupport.importText(cases.map { "\(root)/\($0.0)" }.joined(separator: "\n"))
        XCTAssertEqual(playlist.entries.map { $0.reference.unresolvedReason?.caseName }, cases.map(\.1))
    }

    /// `#EXTINF:…,Artist - Title` with `#EXTART:Artist` keeps "Title" (and an artist-only title none), as the
    /// string comparison on characters under canonical equivalence decides, also where only bytes are compared:
    /// random pairs built from ASCII, precomposed and decomposed accents, lone combining marks and " - ".
    func testTitlesSplitFromTheArtistAsCharactersDecide() throws {
        let pieces = ["A", "b", " ", "-", " - ", "e", "\u{E9}", "e\u{301}", "\u{301}", "\u{308}", "\u{C4}", "A\u{308}", "x",
                      "\u{1F600}", "\u{0600}", "=", "\u{338}", "\u{2260}"]
        var generator = SeededGenerator(seed: 12)
        func text() -> String {
            (0..<Int.random(in: 1...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        var lines = ["#EXTM3U"], expected = [String?]()
        for k in 0..<600 {
            let artist = text()
            let title: String
            switch k % 3 {
            case 0: title = artist + " - " + text()
            case 1: title = artist
            default: title = text()
            }
            // The same trimming and the same rule as the reader, on strings.
            let a = artist.trimmingCharacters(in: .whitespaces), t = title.trimmingCharacters(in: .whitespaces)
            guard !a.isEmpty, !t.isEmpty, a.unicodeScalars.first!.properties.generalCategory != .nonspacingMark,
                  t.unicodeScalars.first!.properties.generalCategory != .nonspacingMark else { continue }
            lines += ["#EXTINF:1,\(t)", "#EXTART:\(a)", "/nonexistent-mood/\(k).flac"]
            if t.hasPrefix(a + " - ") {
                let rest = String(t.dropFirst(a.count + 3))
                expected.append(rest.isEmpty ? t : rest)
            } else {
                expected.append(t == a ? nil : t)
            }
        }
        let playlist = try TestSupport.importText(lines.joined(separator: "\n"))
        XCTAssertGreaterThan(expected.count, 300)
        XCTAssertEqual(playlist.entries.map(\.title), expected)
    }

    /// Folder names that are canonically equivalent but not the same bytes are different folders: one missing
    /// does not hide the other (the folder cache compared them as characters before, and called such files missing).
    func testFolderCacheTellsNormalisationFormsApart() throws {
        let directory = try TestSupport.temporaryDirectory(self)
        let nfc = "Caf\u{E9}", nfd = "Cafe\u{301}"
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(nfc), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: directory.appendingPathComponent("\(nfc)/a.mp3"))
        let root = directory.path
        // The NFD folder does not exist (unless the file system normalises names): asked first, then the NFC one.
        guard !FileManager.default.fileExists(atPath: "\(root)/\(nfd)") else { throw XCTSkip("the file system normalises names") }
        let lines = ["\(root)/\(nfd)/b.mp3", "\(root)/\(nfc)/a.mp3", "\(nfd)/b.mp3", "\(nfc)/a.mp3", "\(root)/\(nfd)/a.mp3"]
        let url = try TestSupport.write(lines.joined(separator: "\n"), to: "forms.m3u8", in: directory)
        let imported = try PlaylistImporter().importPlaylist(at: url)
        XCTAssertEqual(imported.entries.map { $0.reference.unresolvedReason?.caseName },
                       ["missingFile", "needsFeatureExtraction", "missingFile", "needsFeatureExtraction", "needsFeatureExtraction"])
        // The last is found in its other form, as before.
        XCTAssertEqual(imported.entries.last?.resolvedPath, "\(root)/\(nfc)/a.mp3")
        let (fields, _) = try streamed(url)
        XCTAssertEqual(fields, imported.tracks.map(Fields.init))
    }

    func testEntryTextHoldsNothingAStringOrAnEmptyText() {
        XCTAssertTrue(EntryText.none.isNone)
        XCTAssertTrue(EntryText.none.isEmpty)
        XCTAssertNil(EntryText.none.string)
        XCTAssertNil(EntryText.none.withUTF8 { $0.count })
        let empty = EntryText("")
        XCTAssertFalse(empty.isNone)
        XCTAssertTrue(empty.isEmpty)
        XCTAssertEqual(empty.withUTF8 { $0.count }, 0)
        let text = EntryText("Café")
        XCTAssertEqual(text.string, "Café")
        XCTAssertEqual(text.withUTF8 { Array($0) }, Array("Café".utf8))
        XCTAssertTrue(EntryText(nil).isNone)
    }
}

