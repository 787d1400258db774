import Foundation
import XCTest
import PlaylistImport

/// The byte-level scanners (M3U and PLS lines, `#EXTINF` durations, dot segments) give the
/// results the string logic gives, on generated inputs.
final class ByteScanningTests: XCTestCase {
    private struct Summary: Equatable {
        var position: EntryPosition
        var location: String?
        var title: String?
        var duration: Double?
        var reference: TrackReference
    }

    private func summaries(_ playlist: ImportedPlaylist) -> [Summary] {
        playlist.entries.map { Summary(position: $0.position, location: $0.location, title: $0.title, duration: $0.duration, reference: $0.reference) }
    }

    /// ASCII lines are split on bytes; lines with a BOM or Unicode white space take the string path: same result.
    func testPLSLinesAgreeOnTheByteAndStringPaths() throws {
        let plain = "[playlist]\nFile1=MEMD_audio/10.mp3\nTitle1=One\nLength1=3\nfile2 = deam:11 \nTITLE2=  Two  \nNumberOfEntries=2\n"
        let unicode = "\u{FEFF}[playlist]\nFile1=\u{2003}MEMD_audio/10.mp3\u{00A0}\n\u{FEFF}Title1=One\u{2003}\nLength1=3\nfile2 = deam:11 \nTITLE2=\u{00A0} Two  \nNumberOfEntries=2\n"
        let expected = try summaries(TestSupport.importText(plain, ext: "pls"))
        XCTAssertEqual(expected.map(\.location), ["MEMD_audio/10.mp3", "deam:11"])
        XCTAssertEqual(expected.map(\.title), ["One", "Two"])
        XCTAssertEqual(expected.map(\.duration), [3, nil])
        XCTAssertEqual(try summaries(TestSupport.importText(unicode, ext: "pls")), expected)
        for separator in ["\r\n", "\r"] {
            let text = plain.replacingOccurrences(of: "\n", with: separator)
            XCTAssertEqual(try summaries(TestSupport.importText(text, ext: "pls")), expected, separator.debugDescription)
        }
    }

    func testPLSSectionsCommentsAndOddLinesOnBytes() throws {
        let text = "junk\n[Playlist]\n; comment\n# comment\nno equals sign\nFile2=b.mp3\nFile1=a.mp3\n[other]\nFile3=c.mp3\n[ playlist ]\nVersion=2\nFile01=z.mp3\n"
        let playlist = try TestSupport.importText(text, ext: "pls")
        XCTAssertEqual(playlist.entries.map(\.location), ["z.mp3", "b.mp3"])  // File01 is File1 again
        XCTAssertEqual(playlist.warnings.map(\.message), [
            "ignored line without '='", "section [other] ignored", "a second [playlist] section; its keys are merged",
            "File1 given twice; the last one is used", "1 line(s) outside the [playlist] section ignored",
        ])
    }

    /// `-?digits` durations are read without `Double(String)`; everything else still goes through it.
    func testExtinfDurationsAgreeWithDoubleParsing() throws {
        let tokens = ["0", "007", "-0", "-1", "329", "123456789012345", "1234567890123456", "3.5", "1e3", "+5", "-12.25", ".5"]
        let text = tokens.enumerated().map { "#EXTINF:\($1),Title \($0)\n/music/\($0).flac" }.joined(separator: "\n")
        let playlist = try TestSupport.importText(text)
        XCTAssertEqual(playlist.entries.count, tokens.count)
        for (entry, token) in zip(playlist.entries, tokens) {
            let seconds = Double(token)!
            XCTAssertEqual(entry.duration, seconds >= 0 ? seconds : nil, token)
            XCTAssertEqual(entry.duration?.sign, seconds >= 0 ? seconds.sign : nil, token)
        }
        XCTAssertTrue(playlist.warnings.isEmpty, "\(playlist.warnings)")
    }

    func testLineFeedOnlyAndCarriageReturnTextsSplitAlike() throws {
        let lines = (0..<300).flatMap { ["#EXTINF:\($0),T\($0)", "", "MEMD_audio/\($0 + 2).mp3"] }
        let expected = try summaries(TestSupport.importText(lines.joined(separator: "\n")))
        XCTAssertEqual(expected.count, 300)
        for separator in ["\r", "\r\n"] {
            XCTAssertEqual(try summaries(TestSupport.importText(lines.joined(separator: separator) + separator)), expected)
        }
    }

    /// Only segments that are exactly `.` or `..` are removed; other dotted names stay.
    func testDotSegmentsInRelativePaths() throws {
        let base = URL(fileURLWithPath: "/nonexistent-mood-base/list")
        let cases = [
            ("../MEMD_audio/5.mp3", "/nonexistent-mood-base/MEMD_audio/5.mp3"),
            ("./a/./b.mp3", "/nonexistent-mood-base/list/a/b.mp3"),
            ("a/b/../../c.mp3", "/nonexistent-mood-base/list/c.mp3"),
            (".hidden/x.mp3", "/nonexistent-mood-base/list/.hidden/x.mp3"),
            ("a/.../b.mp3", "/nonexistent-mood-base/list/a/.../b.mp3"),
            ("a/..b/c.mp3", "/nonexistent-mood-base/list/a/..b/c.mp3"),
            ("a/b../c.mp3", "/nonexistent-mood-base/list/a/b../c.mp3"),
            ("x.y/z.mp3", "/nonexistent-mood-base/list/x.y/z.mp3"),
            ("a/b/..", "/nonexistent-mood-base/list/a/"),
            ("a/b/.", "/nonexistent-mood-base/list/a/b/"),
        ]
        let playlist = try TestSupport.importText(cases.map(\.0).joined(separator: "\n"), base: base)
        XCTAssertEqual(playlist.entries.map(\.resolvedPath), cases.map(\.1))
    }

    /// Drive-letter paths are recognised on their first three bytes: `X:\` or `X:/` with an ASCII letter only.
    func testWindowsDrivePaths() throws {
        let base = URL(fileURLWithPath: "/nonexistent-mood-base")
        let cases: [(String, Bool)] = [
            ("C:\\Music\\a.mp3", true), ("c:/Music/a.mp3", true), ("Z:/", true), ("1:/a.mp3", false),
            ("\u{C9}:/a.mp3", false), ("C:a.mp3", false), ("C\u{301}:/a.mp3", false), ("@:/a.mp3", false), ("[:/a.mp3", false),
        ]
        let playlist = try TestSupport.importText(cases.map(\.0).joined(separator: "\n"), base: base)
        XCTAssertEqual(playlist.entries.count, cases.count)
        for (entry, (text, isDrivePath)) in zip(playlist.entries, cases) {
            XCTAssertEqual(entry.resolvedPath == nil, isDrivePath, text)
        }
    }

    /// Absolute paths taken as written (one pass) and those that need interpreting resolve as before.
    func testAbsolutePathsPlainAndInterpreted() throws {
        let cases = [
            ("/nonexistent-mood/a/b.mp3", "/nonexistent-mood/a/b.mp3"),
            ("/nonexistent-mood/a/./b.mp3", "/nonexistent-mood/a/b.mp3"),
            ("/nonexistent-mood/a/../MEMD_audio/5.mp3", "/nonexistent-mood/MEMD_audio/5.mp3"),
            ("/nonexistent-mood/a.b/.c.mp3", "/nonexistent-mood/a.b/.c.mp3"),
            ("/nonexistent-mood/R%C3%B3s.mp3", "/nonexistent-mood/Rós.mp3"),
            ("/nonexistent-mood/a\\b.mp3", "/nonexistent-mood/a/b.mp3"),
            ("/nonexistent-mood/Sigur Rós.mp3", "/nonexistent-mood/Sigur Rós.mp3"),
        ]
        let playlist = try TestSupport.importText(cases.map(\.0).joined(separator: "\n"))
        XCTAssertEqual(playlist.entries.map(\.resolvedPath), cases.map(\.1))
        XCTAssertEqual(playlist.entries[2].reference, .deam(id: 5))
    }

    /// Numbered file names read on bytes: canonical integers only (no sign, no leading zero, at most 9 digits).
    func testNumberedFileNamesInADEAMFolder() throws {
        let cases: [(String, Int?)] = [
            ("12.mp3", 12), ("12.MP3", 12), ("7.csv", 7), ("0.wav", 0), ("0012.mp3", nil), ("123456789.flac", 123456789),
            ("1234567890.flac", nil), ("12a.mp3", nil), ("+12.mp3", nil), ("\u{0661}\u{0662}.mp3", nil), ("12.txt", nil),
        ]
        let playlist = try TestSupport.importText(cases.map { "/nonexistent-mood/MEMD_audio/\($0.0)" }.joined(separator: "\n"))
        XCTAssertEqual(playlist.entries.count, cases.count)
        for (entry, (name, id)) in zip(playlist.entries, cases) {
            switch (entry.reference, id) {
            case let (.deam(found), id?): XCTAssertEqual(found, id, name)
            case let (.unresolved(.unknownDEAMID(found)), id?): XCTAssertEqual(found, id, name)
            case (.unresolved(.missingFile), nil): break
            default: XCTFail("\(name): \(entry.reference)")
            }
        }
    }

    /// File names and extensions are cut on the bytes: after the last `/` (and backslash in Windows paths) and
    /// the last dot (none, or only a leading one: no extension), with upper-case and non-ASCII text around them.
    func testFileNamesAndExtensionsCutOnBytes() throws {
        let cases: [(location: String, outcome: String, name: String?)] = [
            ("/nonexistent-mood/x/12.MP3", "notADEAMSong", "12.MP3"),
            ("/nonexistent-mood/\u{00C4}rger/13.Mp3", "notADEAMSong", "13.Mp3"),
            ("C:\\M\u{00FA}sica\\14.mp3", "notADEAMSong", "14.mp3"),
            ("16.wav", "notADEAMSong", "16.wav"),
            ("/nonexistent-mood/x/.mp3", "missingFile", nil),
            ("/nonexistent-mood/x/\u{00DC}n\u{00EF}code 12.FLAC", "missingFile", nil),
            ("/nonexistent-mood/x/15", "missingFile", nil),
            ("/nonexistent-mood/x/15.\u{00C9}", "missingFile", nil),
        ]
        let playlist = try TestSupport.importText(cases.map(\.location).joined(separator: "\n"),
                                                  base: URL(fileURLWithPath: "/nonexistent-mood/base"))
        XCTAssertEqual(playlist.entries.count, cases.count)
        for (entry, expected) in zip(playlist.entries, cases) {
            XCTAssertEqual(entry.reference.unresolvedReason?.caseName, expected.outcome, expected.location)
            if let name = expected.name {
                XCTAssertTrue(entry.reference.unresolvedReason?.description.hasPrefix("\(name) is numbered like DEAM song") == true,
                              "\(expected.location): \(entry.reference)")
            }
        }
    }

    /// Absolute paths are checked eight bytes at a time: a `%`, backslash, dot segment or non-ASCII byte
    /// past the first eight still sends the path to the interpreting path.
    func testLongAbsolutePathsCheckedInWords() throws {
        let cases: [(String, String)] = [
            ("/nonexistent-mood/abcdefgh/a%20b.mp3", "/nonexistent-mood/abcdefgh/a b.mp3"),
            ("/nonexistent-mood/abcdefgh/x\\y.mp3", "/nonexistent-mood/abcdefgh/x/y.mp3"),
            ("/nonexistent-mood/abcdefgh/./z.mp3", "/nonexistent-mood/abcdefgh/z.mp3"),
            ("/nonexistent-mood/abcdefgh/../w.mp3", "/nonexistent-mood/w.mp3"),
            ("/nonexistent-mood/abcdefgh/\u{00E9}.mp3", "/nonexistent-mood/abcdefgh/\u{00E9}.mp3"),
            ("/nonexistent-mood/abcdefgh/.hidden.mp3", "/nonexistent-mood/abcdefgh/.hidden.mp3"),
            ("/nonexistent-mood/abcdefgh/..", "/nonexistent-mood/"),
        ]
        let playlist = try TestSupport.importText(cases.map(\.0).joined(separator: "\n"))
        XCTAssertEqual(playlist.entries.map(\.reference), cases.map { .unresolved(reason: .missingFile(path: $0.1)) })
    }

    /// The first pass over an M3U text only counts its entries: the entry limit still stops it at the
    /// right line, and the entries handed out afterwards still have the artist split from the title.
    func testCountingPassKeepsTheLimitAndRecordsKeepTheirTitles() throws {
        let text = "#EXTM3U\n#EXTINF:10,Band - Song\n#EXTART:Band\n/nonexistent-mood/a.mp3\n#EXTINF:5,Band\n#EXTART:Band\n"
            + "/nonexistent-mood/b.mp3\n/nonexistent-mood/c.mp3\n"
        let playlist = try TestSupport.importText(text)
        XCTAssertEqual(playlist.entries.map(\.title), ["Song", nil, nil])
        XCTAssertEqual(playlist.entries.map(\.artist), ["Band", "Band", nil])
        let limited = PlaylistImporter(options: .init(limits: .init(maxEntries: 2)))
        XCTAssertThrowsError(try limited.importPlaylist(data: Data(text.utf8), name: "limited.m3u", fileExtension: "m3u")) { error in
            guard case .tooManyEntries(_, .line(8), 2)? = error as? ImportError else { return XCTFail("\(error)") }
        }
    }
}
