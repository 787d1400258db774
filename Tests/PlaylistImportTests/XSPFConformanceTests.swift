import Foundation
import XCTest
import PlaylistImport

/// The official XSPF conformance suite (xiph), strict and lenient, with the
/// expectations read from the fixtures' SOURCES.md table.
final class XSPFConformanceTests: XCTestCase {
    struct Case {
        var path: String
        var pass: Bool
        /// libxspf's error class in brackets, e.g. ELEMENT_TOOMANY; "EXPAT" for XML errors.
        var code: String?
        /// Track count stated for pass cases.
        var tracks: Int?
        /// dem214/xspf-lib files this failing case under pass: a lenient importer must import it.
        var lenientPass: Bool
    }

    static func cases() throws -> [Case] {
        let root = try TestSupport.playlistsDirectory()
        let sources = try String(contentsOf: root.appendingPathComponent("SOURCES.md"), encoding: .utf8)
        var result = [Case]()
        for line in sources.split(separator: "\n") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, cells[1].hasSuffix(".xspf"), cells[1].hasPrefix("v0-") || cells[1].hasPrefix("v1-") else { continue }
            let text = cells[2]
            let pass = text.hasPrefix("PASS")
            var code: String?
            if let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") {
                code = String(text[text.index(after: open)..<close]).components(separatedBy: " ").first
            }
            var tracks: Int?
            if pass, let range = text.range(of: #"(\d+) tracks?"#, options: .regularExpression) {
                tracks = Int(text[range].prefix { $0.isNumber })
            }
            result.append(Case(path: "xspf-testsuite-xiph/" + cells[1], pass: pass, code: code, tracks: tracks,
                               lenientPass: text.contains("files it under pass")))
        }
        return result
    }

    func testSourcesTableCoversTheWholeSuite() throws {
        let cases = try Self.cases()
        XCTAssertEqual(cases.filter(\.pass).count, 23)
        XCTAssertEqual(cases.filter { $0.path.contains("/v1-fail/") }.count, 73)
        XCTAssertEqual(cases.filter { $0.path.contains("/v0-fail/") }.count, 3)
        XCTAssertEqual(cases.filter(\.lenientPass).count, 21)
        let root = try TestSupport.playlistsDirectory().appendingPathComponent("xspf-testsuite-xiph")
        var files = Set<String>()
        for folder in ["v1-pass", "v1-fail", "v0-fail"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path) {
                files.insert("xspf-testsuite-xiph/\(folder)/\(name)")
            }
        }
        XCTAssertEqual(files, Set(cases.map(\.path)))
        XCTAssertTrue(cases.filter(\.pass).allSatisfy { $0.tracks != nil }, "every pass case states its track count")
    }

    func testStrictAcceptsEveryPassCaseWithTheRightTrackCount() throws {
        let importer = PlaylistImporter(options: .init(strict: true))
        for testCase in try Self.cases() where testCase.pass {
            do {
                let playlist = try importer.importPlaylist(at: try TestSupport.fixture(testCase.path))
                XCTAssertEqual(playlist.entries.count, testCase.tracks, testCase.path)
                XCTAssertEqual(playlist.warnings, [], testCase.path)
                XCTAssertEqual(playlist.xspfVersion, 1, testCase.path)
            } catch {
                XCTFail("\(testCase.path): \(error)")
            }
        }
    }

    func testStrictRejectsEveryFailCaseWithTheDocumentedReason() throws {
        let importer = PlaylistImporter(options: .init(strict: true))
        for testCase in try Self.cases() where !testCase.pass {
            let url = try TestSupport.fixture(testCase.path)
            XCTAssertThrowsError(try importer.importPlaylist(at: url), testCase.path) { error in
                guard let importError = error as? ImportError else { return XCTFail("\(testCase.path): untyped \(error)") }
                XCTAssertTrue(importError.description.hasPrefix(url.path), "the message names the file: \(importError)")
                switch importError {
                case let .invalidXSPF(_, line, _, code, message):
                    XCTAssertGreaterThan(line, 0, testCase.path)
                    XCTAssertFalse(message.isEmpty)
                    if let expected = testCase.code { XCTAssertEqual(code.rawValue, expected, "\(testCase.path): \(message)") }
                case .malformedXML:
                    XCTAssertEqual(testCase.code, "EXPAT", testCase.path)
                case let .notXSPF(_, root):
                    XCTAssertEqual(root, "notaplaylist", testCase.path)
                default:
                    XCTFail("\(testCase.path): unexpected \(importError)")
                }
            }
        }
    }

    func testLenientImportsEveryPassCaseAndReportsEveryViolation() throws {
        let importer = PlaylistImporter()
        let fatalInBothModes: Set<String> = ["xspf-testsuite-xiph/v1-fail/xml-error.xspf", "xspf-testsuite-xiph/v1-fail/playlist-root-name.xspf"]
        for testCase in try Self.cases() {
            let url = try TestSupport.fixture(testCase.path)
            if fatalInBothModes.contains(testCase.path) {
                XCTAssertThrowsError(try importer.importPlaylist(at: url), testCase.path)
                continue
            }
            do {
                let playlist = try importer.importPlaylist(at: url)
                if testCase.pass {
                    XCTAssertEqual(playlist.entries.count, testCase.tracks, testCase.path)
                    XCTAssertEqual(playlist.warnings, [], testCase.path)
                } else {
                    // The violation strict mode rejects is reported, with its code, as a warning.
                    XCTAssertFalse(playlist.warnings.isEmpty, "\(testCase.path): no warning")
                    if let code = testCase.code {
                        XCTAssertTrue(playlist.warnings.contains { $0.message.contains("[\(code)]") }, "\(testCase.path): \(playlist.warnings)")
                    }
                }
            } catch {
                XCTFail("\(testCase.path): lenient mode should import: \(error)")
            }
        }
    }

    func testLenientColumnImportsTheUsableTracks() throws {
        let importer = PlaylistImporter()
        let broken = try importer.importPlaylist(at: try TestSupport.fixture("xspf-testsuite-xiph/v1-fail/playlist-broken-relative-paths.xspf"))
        XCTAssertEqual(broken.entries.count, 3)
        let suite = try TestSupport.fixture("xspf-testsuite-xiph").path
        XCTAssertEqual(broken.entries[0].resolvedURL?.path, suite + "/01-Ain't Mine.flac")
        XCTAssertEqual(broken.entries[0].reference.outcomeName, "missingFile")
        let location = try importer.importPlaylist(at: try TestSupport.fixture("xspf-testsuite-xiph/v1-fail/track-noturi-location.xspf"))
        XCTAssertEqual(location.entries.count, 1)
        XCTAssertEqual(location.entries[0].location, "This should be a URI")
    }

    func testPassCaseDetails() throws {
        let importer = PlaylistImporter(options: .init(strict: true))
        let suite = try TestSupport.fixture("xspf-testsuite-xiph")
        let relative = try importer.importPlaylist(at: suite.appendingPathComponent("v1-pass/playlist-relative-paths.xspf"))
        XCTAssertEqual(relative.entries.map { $0.resolvedURL?.path },
                       [suite.path + "/01-Ain't Mine.flac", suite.path + "/v1-pass/02-Solitude over the River.flac",
                        suite.path + "/v1-pass/03-Jack Man.flac"])
        XCTAssertEqual(relative.entries[0].title, "Ain't Mine")

        let base = try importer.importPlaylist(at: suite.appendingPathComponent("v1-pass/playlist-xml-base.xspf"))
        XCTAssertEqual(base.encoding, .utf8BOM)
        XCTAssertEqual(base.entries.first?.resolvedURL?.path, suite.path + "/v1-pass/bar")
        XCTAssertEqual(base.entries.first?.duration, 0)

        let extensive = try importer.importPlaylist(at: suite.appendingPathComponent("v1-pass/track-extensive.xspf"))
        let track = try XCTUnwrap(extensive.entries.first)
        XCTAssertEqual(track.location, "http://example.com/my.mp3")
        XCTAssertEqual(track.duration, 19.2)
        XCTAssertEqual(track.title, "My Way")
        XCTAssertEqual(track.artist, "Frank Sinatra")
        XCTAssertEqual(track.album, "Frank Sinatra's Greatest Hits")
        XCTAssertEqual(track.identifiers, ["magnet:?xt=urn:sha1:YNCKHTQCWBTRNJIV4WNAE52SJUQCZO5C"])
        XCTAssertEqual(track.reference.outcomeName, "streamURL")

        let whitespace = try importer.importPlaylist(at: suite.appendingPathComponent("v1-pass/track-whitespace-anyURI.xspf"))
        XCTAssertEqual(whitespace.entries.first?.location, "http://example.com/no_whitespace/")
        XCTAssertEqual(whitespace.entries.first?.alternateLocations.count, 3)
        XCTAssertEqual(whitespace.entries.first?.alternateLocations.last, "http://example.com/whitespace_before_and_after/")

        let integers = try importer.importPlaylist(at: suite.appendingPathComponent("v1-pass/track-whitespace-nonNegativeInteger.xspf"))
        XCTAssertEqual(integers.entries.map(\.duration), [0.001, 0.001, 0.001, 0.001])

        let nonDefault = try importer.importPlaylist(at: suite.appendingPathComponent("v1-pass/playlist-namespace-nondefault.xspf"))
        XCTAssertEqual(nonDefault.entries.count, 0)
        let extensivePlaylist = try importer.importPlaylist(at: suite.appendingPathComponent("v1-pass/playlist-extensive.xspf"))
        XCTAssertEqual(extensivePlaylist.title, "My playlist")
    }
}
