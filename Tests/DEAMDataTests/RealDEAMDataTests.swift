import Foundation
import DEAMData
import MoodTestSupport
import XCTest

/// The loader on the real DEAM files ($DEAM_DIR or ../shared/data/deam); skipped without them
/// (failed under CI), see `DataTestSupport.requireDEAM`.
final class RealDEAMDataTests: XCTestCase {
    func testSongsIDsAndShapes() throws {
        let data = try DataTestSupport.requireRealDataset()
        XCTAssertEqual(data.count, 1802)
        XCTAssertEqual(data.songIDs.first, 2)
        XCTAssertEqual(data.songIDs.last, 2058)
        XCTAssertEqual(data.songIDs, data.songIDs.sorted())
        XCTAssertEqual(Set(data.songIDs).count, 1802)
        XCTAssertEqual(data.songIDs.filter { $0 <= 1000 }.count, 744)
        XCTAssertEqual(data.songIDs.filter { $0 > 1000 && $0 <= 2000 }.count, 1000)
        XCTAssertEqual(data.songIDs.filter { $0 > 2000 }.count, 58)
        XCTAssertEqual(data.features.rows, 1802)
        XCTAssertEqual(data.features.columns, 130)
        XCTAssertEqual(data.targets.rows, 1802)
        XCTAssertEqual(data.targets.columns, 2)
        XCTAssertEqual(data.targetStd.columns, 2)
        XCTAssertEqual(data.metadata.count, 1802)
        XCTAssertEqual(data.dynamicArousal.count, 1802)
        XCTAssertEqual(data.dynamicValence.count, 1802)
        XCTAssertTrue(data.targets.storage.allSatisfy { (1...9).contains($0) })
    }

    func testFeatureNamesAreTheFileHeaderInOrder() throws {
        let deam = try DataTestSupport.requireDEAM(), data = try DataTestSupport.requireRealDataset()
        let header = try DataTestSupport.rawFields(of: deam.appendingPathComponent(DEAMDirectory.featureTable), lineStartingWith: "song_id")
        XCTAssertEqual(data.featureNames, Array(header.dropFirst()))
        XCTAssertEqual(data.featureNames, DEAMFeatureNames.all)
    }

    func testKnownValuesAgainstRawText() throws {
        let deam = try DataTestSupport.requireDEAM(), data = try DataTestSupport.requireRealDataset()
        let table = deam.appendingPathComponent(DEAMDirectory.featureTable)
        for id in [2, 10, 1009, 1459, 2001, 2058] {
            let row = try XCTUnwrap(data.index(ofSong: id))
            let raw = try DataTestSupport.rawFields(of: table, lineStartingWith: "\(id),")
            XCTAssertEqual(raw.count, 131)
            XCTAssertEqual(data.features.row(row), raw.dropFirst().map { Double($0)! }, "features of song \(id)")
        }
        // Song 2's first feature, written out from the file: 93.88405559.
        XCTAssertEqual(data.features[0, 0], 93.88405559)
        // Static annotations (line "2,3.1,0.94,3,0.63" and "2001,3.2,0.98,5.0,1.41,2.2,0.98,6.6,0.8,…").
        XCTAssertEqual(data.targets.row(0), [3.1, 3])
        XCTAssertEqual(data.targetStd.row(0), [0.94, 0.63])
        let row2001 = try XCTUnwrap(data.index(ofSong: 2001))
        XCTAssertEqual(data.targets.row(row2001), [3.2, 6.6])
        XCTAssertEqual(data.targetStd.row(row2001), [0.98, 0.8])
        for id in [500, 1500, 2030] {
            let row = try XCTUnwrap(data.index(ofSong: id))
            let file = id <= 2000 ? DEAMDirectory.staticAnnotations2000 : DEAMDirectory.staticAnnotations2058
            let raw = try DataTestSupport.rawFields(of: deam.appendingPathComponent(file), lineStartingWith: "\(id),")
            let arousalColumn = id <= 2000 ? 3 : 7
            XCTAssertEqual(data.targets.row(row), [Double(raw[1])!, Double(raw[arousalColumn].trimmingCharacters(in: .whitespaces))!])
        }
        // Dynamic ratings: 60 for a 45 s excerpt, more for full songs; values as written.
        let arousal2 = try XCTUnwrap(data.dynamicArousal.ratings(forSong: 2))
        XCTAssertEqual(arousal2.count, 60)
        XCTAssertEqual(arousal2.first, -0.109386)
        let rawArousal2 = try DataTestSupport.rawFields(of: deam.appendingPathComponent(DEAMDirectory.dynamicArousal), lineStartingWith: "2,")
        XCTAssertEqual(Array(arousal2), rawArousal2.dropFirst().filter { !$0.isEmpty }.map { Double($0)! })
        XCTAssertGreaterThan(try XCTUnwrap(data.dynamicValence.ratings(forSong: 2001)).count, 60)
        for id in data.songIDs {
            let n = data.dynamicArousal.ratings(forSong: id)?.count ?? 0
            XCTAssertTrue((60...1224).contains(n), "song \(id) has \(n) arousal ratings")
        }
    }

    func testMetadataQuirksOnRealFiles() throws {
        let data = try DataTestSupport.requireRealDataset()
        // 2013: mislabelled header, tabs trimmed.
        XCTAssertEqual(data.metadata[2], SongMetadata(id: 2, artist: "The New Mystikal Troubadours", title: "Tonight  A Lonely Century", genre: "Blues"))
        XCTAssertEqual(data.metadata[3]?.artist, "Kevin MacLeod")
        // 2014: ordinary row, then the unquoted-comma row 1009.
        XCTAssertEqual(data.metadata[1001]?.artist, "The Rope River Blues Band")
        XCTAssertEqual(data.metadata[1001]?.album, "Smith Enjoys a Full Bush.")
        XCTAssertEqual(data.metadata[1001]?.title, "Weatherman")
        XCTAssertEqual(data.metadata[1001]?.genre, "SoulRB-Country-Folk-Pop-Experimental-Rock-Blues")
        XCTAssertEqual(Array(data.metadata[1001]?.tags.prefix(3) ?? []), ["Avant-Garde", "melancholy", "love to death"])
        XCTAssertEqual(data.metadata[1009]?.title, "Baby, Please Don't Go")
        XCTAssertEqual(data.metadata[1009]?.genre, "SoulRB-Blues")
        XCTAssertNil(data.metadata[1459]?.genre)
        // 2015.
        XCTAssertEqual(data.metadata[2001], SongMetadata(id: 2001, artist: "Creepoid", title: "Old Tree", album: nil, genre: "Rock", tags: []))
        // Every 2014 genre read is a vocabulary genre; every warning is a repaired 2014 row.
        for (id, song) in data.metadata where (1001...2000).contains(id) {
            if let genre = song.genre { XCTAssertTrue(MetadataFile.isGenreList(genre), "song \(id): \(genre)") }
            XCTAssertFalse(song.artist.contains("\t") || song.title.contains("\t"), "song \(id) keeps a tab")
        }
        XCTAssertTrue(data.warnings.allSatisfy { $0.file.hasSuffix("metadata_2014.csv") }, "\(data.warnings)")
        let warned = Set(data.warnings.compactMap { Int($0.message.split(separator: ":")[0].dropFirst(5)) })
        XCTAssertTrue(warned.isSuperset(of: [1009, 1026, 1168, 1459, 1591, 1703]), "\(warned.sorted())")
        XCTAssertLessThan(data.warnings.count, 50)
    }

    /// The fast number parser against Swift's `Double(String)` on every numeric cell of the real files.
    func testEveryNumericCellParsesExactlyLikeSwift() throws {
        let deam = try DataTestSupport.requireDEAM()
        let table = try FeatureTable.load(contentsOf: deam.appendingPathComponent(DEAMDirectory.featureTable))
        let tableText = try String(contentsOf: deam.appendingPathComponent(DEAMDirectory.featureTable), encoding: .utf8)
        var cells = 0
        for (r, line) in tableText.split(separator: "\n").dropFirst().enumerated() {
            let raw = line.split(separator: ",", omittingEmptySubsequences: false)
            XCTAssertEqual(table.songIDs[r], Int(raw[0]))
            for c in 1..<raw.count {
                let expected = Double(String(raw[c]))!
                if table.values[r, c - 1].bitPattern != expected.bitPattern {
                    XCTFail("row \(r + 2) column \(c + 1): '\(raw[c])' parsed as \(table.values[r, c - 1])")
                }
                cells += 1
            }
        }
        XCTAssertEqual(cells, 1802 * 130)
        for name in [DEAMDirectory.dynamicArousal, DEAMDirectory.dynamicValence] {
            let dynamic = try DynamicAnnotations.load(contentsOf: deam.appendingPathComponent(name))
            let text = try String(contentsOf: deam.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).dropFirst() {
                let raw = line.split(separator: ",", omittingEmptySubsequences: false)
                let expected = raw.dropFirst().filter { !$0.isEmpty }.map { Double(String($0))!.bitPattern }
                let got = dynamic.ratings(forSong: Int(raw[0])!).map { $0.map(\.bitPattern) }
                XCTAssertEqual(got, expected, "\(name) song \(raw[0])")
            }
        }
    }
}
