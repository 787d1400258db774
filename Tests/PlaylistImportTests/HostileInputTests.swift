import Foundation
import XCTest
import PlaylistImport

/// Issue 9's hostile inputs for the importer (every file generated here): each ends in
/// an exact, typed outcome that names the file and line or entry — no crash, no hang,
/// no silent garbage. No timing assertions: bounded work is shown by counts and limits.
final class HostileInputTests: XCTestCase {
    private func importer(_ options: PlaylistImporter.Options = .init(), mapper: TrackMapper = TrackMapper()) -> PlaylistImporter {
        PlaylistImporter(options: options, mapper: mapper)
    }

    private func expectError(_ body: @autoclosure () throws -> Any, file: StaticString = #filePath, line: UInt = #line,
                             _ check: (ImportError) -> Void) {
        do {
            _ = try body()
            XCTFail("no error", file: file, line: line)
        } catch let error as ImportError {
            check(error)
        } catch {
            XCTFail("untyped error \(error)", file: file, line: line)
        }
    }

    // MARK: #4 nested playlists

    func testNestingDepthOutsideItsRangeIsRefused() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let url = try TestSupport.write("MEMD_audio/5.mp3\n", to: "one.m3u", in: dir)
        expectError(try self.importer(.init(maxNestingDepth: 100_000)).importPlaylist(at: url)) { error in
            XCTAssertEqual(error, .invalidOption(name: "maximum nesting depth", value: 100_000, range: 0...64))
            XCTAssertEqual(error.description, "maximum nesting depth is 100000, outside the allowed range 0…64")
        }
        expectError(try self.importer(.init(maxNestingDepth: -1)).importPlaylist(at: url)) { error in
            XCTAssertEqual(error, .invalidOption(name: "maximum nesting depth", value: -1, range: 0...64))
        }
        XCTAssertEqual(try importer(.init(maxNestingDepth: 64)).importPlaylist(at: url).deamIDs, [5])
    }

    func testChainOf2000PlaylistsStopsAtTheDepthLimit() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        func put(_ text: String, _ name: String) {
            guard let file = fopen(dir.appendingPathComponent(name).path, "w") else { return XCTFail("cannot write \(name)") }
            fputs(text, file)
            fclose(file)
        }
        for i in 0..<2000 { put("MEMD_audio/\(2 + i % 2000).mp3\nchain\(i + 1).m3u\n", "chain\(i).m3u") }
        put("MEMD_audio/7.mp3\n", "chain2000.m3u")
        let playlist = try importer(.init(maxNestingDepth: 64)).importPlaylist(at: dir.appendingPathComponent("chain0.m3u"))
        XCTAssertEqual(playlist.deamIDs, Array(2...66))
        XCTAssertEqual(playlist.tracks.count, 66)
        XCTAssertEqual(playlist.tracks.last?.reference.unresolvedReason,
                       .nestingTooDeep(path: dir.appendingPathComponent("chain65.m3u").path, limit: 64))
        XCTAssertEqual(playlist.tracks.last?.depth, 64)
    }

    /// 9 files, each listing the next 10 times: 10⁸ paths. The nested-playlist budget stops it.
    func testFanOutIsBoundedByTheNestedPlaylistBudget() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        for i in 1...8 {
            try TestSupport.write(String(repeating: "f\(i + 1).m3u\n", count: 10), to: "f\(i).m3u", in: dir)
        }
        try TestSupport.write("MEMD_audio/5.mp3\n", to: "f9.m3u", in: dir)
        let top = dir.appendingPathComponent("f1.m3u")
        // Default depth 8 and budget 1,000: a clear error naming the file and line where the budget ran out.
        expectError(try self.importer().importPlaylist(at: top)) { error in
            guard case let .tooManyNestedPlaylists(file, position, limit) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(limit, 1000)
            XCTAssertTrue(file.hasSuffix(".m3u"), file)
            XCTAssertTrue(error.description.hasPrefix(file + ": line "), error.description)
            guard case let .line(n) = position else { return XCTFail("\(position)") }
            XCTAssertTrue((1...10).contains(n))
        }
        // Depth 3 needs exactly 10 + 100 + 1,000 expansions: with that budget it completes, with one less it stops.
        let exact = try importer(.init(maxNestingDepth: 3, limits: .init(maxNestedPlaylists: 1110))).importPlaylist(at: top)
        XCTAssertEqual(exact.tracks.count, 10_000)
        XCTAssertTrue(exact.tracks.allSatisfy { $0.reference.unresolvedReason?.caseName == "nestingTooDeep" })
        expectError(try self.importer(.init(maxNestingDepth: 3, limits: .init(maxNestedPlaylists: 1109))).importPlaylist(at: top)) { error in
            guard case .tooManyNestedPlaylists(_, .line(10), 1109) = error else { return XCTFail("\(error)") }
        }
        // The total-entries budget covers nested files too.
        expectError(try self.importer(.init(maxNestingDepth: 3, limits: .init(maxEntries: 500, maxNestedPlaylists: 10_000))).importPlaylist(at: top)) { error in
            guard case .tooManyEntries(_, _, 500) = error else { return XCTFail("\(error)") }
        }
    }

    // MARK: #5 numbered files need evidence

    func testNumberedFilesMapToDEAMOnlyOnEvidence() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        try TestSupport.write("generated", to: "own/13.mp3", in: dir)
        let text = """
        #EXTM3U
        #EXTINF:120,Sonic Team - Angel Island Zone
        #EXTART:Sonic Team
        /music/Sonic the Hedgehog 10th Anniversary/13.mp3
        /data/DEAM/MEMD_audio/13.mp3
        deam:13
        /music/13.mp3
        #EXTINF:45,DEAM song 115
        /music/115.mp3
        own/13.mp3
        """
        let playlist = try TestSupport.importText(text, base: dir)
        XCTAssertEqual(playlist.entries.map(\.reference.outcomeName),
                       ["notADEAMSong", "deam", "deam", "notADEAMSong", "deam", "needsFeatureExtraction"])
        XCTAssertEqual(playlist.entries[0].reference.unresolvedReason,
                       .notADEAMSong(path: "/music/Sonic the Hedgehog 10th Anniversary/13.mp3", id: 13,
                                     reason: "it is not in a DEAM folder (such as MEMD_audio) and its title and artist cannot be checked without DEAM's metadata"))
        XCTAssertEqual(playlist.entries[3].reference.unresolvedReason,
                       .notADEAMSong(path: "/music/13.mp3", id: 13, reason: "it is not in a DEAM folder (such as MEMD_audio) and has no title or artist to check"))
        XCTAssertEqual(playlist.deamIDs, [13, 13, 115])

        // With DEAM's metadata, a title that contradicts it stays unresolved; one that agrees maps.
        let mapper = TrackMapper(deamMetadata: { id in id == 13 ? (artist: "Kevin MacLeod", title: "Wonderland") : nil })
        let checked = try TestSupport.importText("""
        #EXTINF:120,Sonic Team - Angel Island Zone
        #EXTART:Sonic Team
        /music/Sonic/13.mp3
        #EXTINF:120,Kevin MacLeod - Wonderland
        /music/mix/13.mp3
        """, base: dir, mapper: mapper)
        XCTAssertEqual(checked.entries[0].reference.unresolvedReason,
                       .notADEAMSong(path: "/music/Sonic/13.mp3", id: 13, reason: "its title \"Angel Island Zone\" is not DEAM song 13's \"Wonderland\""))
        XCTAssertEqual(checked.entries[1].reference, .deam(id: 13))
    }

    /// A Clementine-like library: numbered tracks inside album folders never become DEAM songs.
    func testAlbumFoldersOfNumberedTracksAreNotDEAM() throws {
        var text = "#EXTM3U\n"
        for album in 0..<10 {
            for track in 1...24 { text += "#EXTINF:200,Game Band - Zone \(album)-\(track)\n/home/me/Music/Game \(album)/\(track).mp3\n" }
        }
        let playlist = try TestSupport.importText(text)
        XCTAssertEqual(playlist.entries.count, 240)
        XCTAssertEqual(playlist.deamIDs, [])
        XCTAssertTrue(playlist.entries.allSatisfy { $0.reference.unresolvedReason?.caseName == "notADEAMSong" })
    }

    // MARK: #6 DTDs and entities

    private let dtdXSPF = """
    <?xml version="1.0"?>
    <!DOCTYPE playlist [
      <!ENTITY ext SYSTEM "file:///etc/hostname">
      <!ENTITY name "internal">
    ]>
    <playlist version="1" xmlns="http://xspf.org/ns/0/">
      <trackList>
        <track><location>http://example.com/a.mp3</location><title>Before &ext; after</title></track>
        <track><location>http://example.com/b.mp3</location><title>Rock &amp; &name; Roll</title></track>
        <track><location>deam:42</location><creator>C &#38; D</creator></track>
      </trackList>
    </playlist>
    """

    func testStrictModeRefusesDTDs() throws {
        expectError(try TestSupport.importText(self.dtdXSPF, ext: "xspf", strict: true)) { error in
            XCTAssertEqual(error, .dtdNotAllowed(file: "generated.xspf", line: 2, column: 20))
            XCTAssertTrue(error.description.hasPrefix("generated.xspf:2:20: the XSPF has a document type declaration"), error.description)
        }
    }

    func testLenientModeLeavesEntitiesOutAndKeepsEveryOtherElement() throws {
        let playlist = try TestSupport.importText(dtdXSPF, ext: "xspf")
        XCTAssertEqual(playlist.entries.map(\.location), ["http://example.com/a.mp3", "http://example.com/b.mp3", "deam:42"])
        XCTAssertEqual(playlist.entries.map(\.title), ["Before  after", "Rock &  Roll", nil])
        XCTAssertEqual(playlist.entries[2].artist, "C & D")
        XCTAssertEqual(playlist.entries[2].reference, .deam(id: 42))
        XCTAssertEqual(playlist.warnings.map(\.message), [
            "<!DOCTYPE> ignored: DTDs are never loaded and their entities are never expanded",
            "entity reference &ext; left out (entities are never expanded)",
            "entity reference &name; left out (entities are never expanded)",
        ])
        XCTAssertEqual(playlist.warnings.map(\.position), [.line(2), .line(8), .line(9)])
    }

    /// Billion laughs and quadratic blow-up: entities are never expanded, so they cost nothing.
    func testEntityBombsAreNotExpanded() throws {
        var bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE playlist [\n  <!ENTITY lol \"lol\">\n"
        bomb += "  <!ENTITY lol1 \"" + String(repeating: "&lol;", count: 10) + "\">\n"
        for level in 2...9 { bomb += "  <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">\n" }
        bomb += "]>\n<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\"><trackList><track><title>&lol9;</title><location>deam:7</location></track></trackList></playlist>\n"
        let lenient = try TestSupport.importText(bomb, ext: "xspf")
        XCTAssertEqual(lenient.entries.map(\.reference), [.deam(id: 7)])
        XCTAssertNil(lenient.entries[0].title)
        XCTAssertEqual(lenient.warnings.count, 2)
        expectError(try TestSupport.importText(bomb, ext: "xspf", strict: true)) { error in
            guard case .dtdNotAllowed(file: "generated.xspf", line: 2, _) = error else { return XCTFail("\(error)") }
        }
        // Quadratic blow-up: one 100 KB entity referenced 5,000 times.
        let quadratic = "<?xml version=\"1.0\"?>\n<!DOCTYPE playlist [<!ENTITY a \"" + String(repeating: "x", count: 100_000) + "\">]>\n"
            + "<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\"><trackList><track><title>" + String(repeating: "&a;", count: 5000)
            + "</title><location>deam:8</location></track></trackList></playlist>\n"
        let blown = try TestSupport.importText(quadratic, ext: "xspf")
        XCTAssertEqual(blown.entries.map(\.reference), [.deam(id: 8)])
        XCTAssertNil(blown.entries[0].title)
    }

    func testUndeclaredEntityWithoutDTDIsMalformedXMLInPlainWords() throws {
        let text = "<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n<trackList><track><title>&oops;</title></track></trackList></playlist>\n"
        expectError(try TestSupport.importText(text, ext: "xspf")) { error in
            guard case let .malformedXML(file, line, _, message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "generated.xspf")
            XCTAssertEqual(line, 2)
            XCTAssertEqual(message, "Entity 'oops' not defined")
            XCTAssertFalse(error.description.contains("code"))
        }
    }

    // MARK: #8 NUL in metadata, line breaks in written locations

    func testNULInMetadataIsKeptVisibleWithAWarning() throws {
        // Past the first 64 K characters (where a NUL marks the file as binary).
        let padding = String(repeating: "# padding comment line\n", count: 3000)
        let playlist = try TestSupport.importText(padding + "#EXTINF:10,Bad\u{0}Title\nMEMD_audio/9.mp3\n")
        XCTAssertEqual(playlist.entries.count, 1)
        XCTAssertEqual(playlist.entries[0].title, "Bad\u{FFFD}Title")
        XCTAssertEqual(playlist.warnings, [ImportWarning(file: "generated.m3u", position: .line(3002), message: "the title contains a NUL character, shown as U+FFFD")])
        // Within the first 64 K characters the file is refused as binary, naming it.
        expectError(try TestSupport.importText("#EXTINF:10,Bad\u{0}Title\nMEMD_audio/9.mp3\n")) { error in
            XCTAssertEqual(error, .notAPlaylist(file: "generated.m3u", reason: "it contains NUL bytes (binary data)"))
        }
    }

    func testLocationsWithLineBreaksRoundTripThroughM3U8() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let odd = try TestSupport.write("generated", to: "odd\nname\r.mp3", in: dir)
        let relative = try TestSupport.write("generated", to: "sub/two\nlines.flac", in: dir)
        let writer = PlaylistWriter()
        let tracks = [PlaylistWriter.Track(location: odd.path, title: "A\u{0}B"), PlaylistWriter.Track(location: "sub/two\nlines.flac")]
        let text = writer.m3u8(tracks)
        XCTAssertEqual(text, "#EXTM3U\n#EXTINF:-1,A\u{FFFD}B\n" + "file://" + dir.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~/")))! + "/odd%0Aname%0D.mp3\n#EXTINF:-1,\nsub/two%0Alines.flac\n")
        let url = dir.appendingPathComponent("out.m3u8")
        try writer.write(tracks, to: url)
        let playlist = try PlaylistImporter().importPlaylist(at: url)
        XCTAssertEqual(playlist.entries.map(\.resolvedPath), [odd.path, relative.path])
        XCTAssertEqual(playlist.entries.map(\.reference.outcomeName), ["needsFeatureExtraction", "needsFeatureExtraction"])
    }

    // MARK: #9 leaks

    func testCSVFilesThatAreNotDEAMFeaturesAreNeitherReadNorEchoed() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        try TestSupport.write("s3cr3t-password;other\nrow;row\n", to: "private/notes.csv", in: dir)
        try TestSupport.write("", to: "empty.csv", in: dir)
        let playlist = try TestSupport.importText("private/notes.csv\nempty.csv\n", base: dir)
        let notes = dir.appendingPathComponent("private/notes.csv").path
        XCTAssertEqual(playlist.entries[0].reference,
                       .unresolved(reason: .unreadableFeatureFile(path: notes, message: "it is not a DEAM feature file (its header is not frameTime;…_amean…)")))
        XCTAssertEqual(playlist.entries[1].reference.outcomeName, "unreadableFeatureFile")
        for entry in playlist.entries { XCTAssertFalse(entry.reference.description.contains("s3cr3t")) }
    }

    func testNULInALocationIsRefusedBeforeAnyLookup() throws {
        let text = "file:///etc/passwd%00.mp3\nfile:///no/such/file%00.mp3\n/etc/passwd%00.mp3\n"
        let playlist = try TestSupport.importText(text)
        XCTAssertEqual(playlist.entries.map(\.reference), [
            .unresolved(reason: .nulInLocation("file:///etc/passwd%00.mp3")),
            .unresolved(reason: .nulInLocation("file:///no/such/file%00.mp3")),
            .unresolved(reason: .nulInLocation("/etc/passwd%00.mp3")),
        ])
        XCTAssertTrue(playlist.entries.allSatisfy { $0.resolvedURL == nil })
        let xspf = "<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\"><trackList><track><location>file:///etc/passwd%00.mp3</location></track></trackList></playlist>"
        XCTAssertEqual(try TestSupport.importText(xspf, ext: "xspf").entries.map(\.reference.outcomeName), ["nulInLocation"])
    }

    // MARK: #11 limits

    func testFileSizeAndEntryLimits() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let m3u = try TestSupport.write((1...5).map { "MEMD_audio/\($0 + 10).mp3" }.joined(separator: "\n") + "\n", to: "five.m3u", in: dir)
        expectError(try self.importer(.init(limits: .init(maxFileBytes: 40))).importPlaylist(at: m3u)) { error in
            XCTAssertEqual(error, .fileTooLarge(file: m3u.path, bytes: 90, limit: 40))
            XCTAssertEqual(error.description, "\(m3u.path): the file is 90 bytes, over the limit of 40 bytes (raise the file size limit to import it)")
        }
        expectError(try self.importer(.init(limits: .init(maxEntries: 3))).importPlaylist(at: m3u)) { error in
            XCTAssertEqual(error, .tooManyEntries(file: m3u.path, position: .line(4), limit: 3))
        }
        XCTAssertEqual(try importer(.init(limits: .init(maxEntries: 5))).importPlaylist(at: m3u).entries.count, 5)
        let tracks = String(repeating: "<track><location>deam:5</location></track>", count: 5)
        let xspf = try TestSupport.write("<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\"><trackList>\(tracks)</trackList></playlist>", to: "five.xspf", in: dir)
        expectError(try self.importer(.init(limits: .init(maxEntries: 3))).importPlaylist(at: xspf)) { error in
            XCTAssertEqual(error, .tooManyEntries(file: xspf.path, position: .track(4), limit: 3))
        }
        let pls = try TestSupport.write("[playlist]\n" + (1...5).map { "File\($0)=MEMD_audio/\($0 + 10).mp3" }.joined(separator: "\n") + "\n", to: "five.pls", in: dir)
        expectError(try self.importer(.init(limits: .init(maxEntries: 3))).importPlaylist(at: pls)) { error in
            XCTAssertEqual(error, .tooManyEntries(file: pls.path, position: .line(5), limit: 3))
        }
        expectError(try self.importer(.init(limits: .init(maxFileBytes: 40))).importPlaylist(data: Data(count: 41), name: "mem.m3u")) { error in
            XCTAssertEqual(error, .fileTooLarge(file: "mem.m3u", bytes: 41, limit: 40))
        }
        expectError(try self.importer(.init(limits: .init(maxEntries: 0))).importPlaylist(at: m3u)) { error in
            XCTAssertEqual(error, .invalidOption(name: "maximum entries", value: 0, range: PlaylistImporter.Limits.maxEntriesRange))
        }
    }

    // MARK: #15 plain messages for special files

    func testDirectoriesLoopsFIFOsAndMissingFilesGetPlainTypedErrors() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let folder = dir.appendingPathComponent("folder.m3u")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        expectError(try PlaylistImporter().importPlaylist(at: folder)) { error in
            XCTAssertEqual(error, .notARegularFile(file: folder.path, kind: "a directory"))
            XCTAssertEqual(error.description, "\(folder.path): cannot read the file: it is a directory, not a regular file")
        }
        let loop = dir.appendingPathComponent("loop.m3u")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: loop.path)
        expectError(try PlaylistImporter().importPlaylist(at: loop)) { error in
            XCTAssertEqual(error, .unreadable(file: loop.path, message: "too many levels of symbolic links (a symbolic link loop)"))
        }
        let fifo = dir.appendingPathComponent("pipe.m3u")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        expectError(try PlaylistImporter().importPlaylist(at: fifo)) { error in
            XCTAssertEqual(error, .notARegularFile(file: fifo.path, kind: "a FIFO (named pipe)"))
        }
        let missing = dir.appendingPathComponent("missing.m3u")
        expectError(try PlaylistImporter().importPlaylist(at: missing)) { error in
            XCTAssertEqual(error, .unreadable(file: missing.path, message: "no such file"))
        }
        // Nested, the same problems are the entry's reason, in the same words.
        try TestSupport.write("pipe.m3u\nloop.m3u\nMEMD_audio/5.mp3\n", to: "outer.m3u", in: dir)
        let outer = try PlaylistImporter().importPlaylist(at: dir.appendingPathComponent("outer.m3u"))
        XCTAssertEqual(outer.tracks.map(\.reference.outcomeName), ["nestedPlaylistFailed", "missingFile", "deam"])
        XCTAssertEqual(outer.tracks[0].reference.unresolvedReason?.description,
                       "nested playlist failed: \(fifo.path): cannot read the file: it is a FIFO (named pipe), not a regular file")
    }
}
