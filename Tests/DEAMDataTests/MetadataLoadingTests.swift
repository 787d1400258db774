import Foundation
import DEAMData
import MoodTestSupport
import XCTest

/// The three metadata layouts and their quirks, on generated fixtures.
final class MetadataLoadingTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try DataTestSupport.temporaryDirectory(for: self)
    }

    func test2013MislabelledHeaderTabsAndQuotes() throws {
        // Generated fixture in the style of metadata_2013.csv: header says album but the column holds the file name.
        let url = try DataTestSupport.write(
            "song_id,album,artist,title,Genre\n2,\"\t2.mp3\",\"The New Mystikal Troubadours\t\",\"\tTonight  A Lonely Century\t\",\"\tBlues\t\"\n",
            to: "metadata_2013.csv", in: directory)
        let file = try MetadataFile.load(contentsOf: url)
        XCTAssertEqual(file.layout, .deam2013)
        XCTAssertEqual(file.songs, [SongMetadata(id: 2, artist: "The New Mystikal Troubadours", title: "Tonight  A Lonely Century", genre: "Blues")])
        XCTAssertEqual(file.warnings, [])
    }

    func test2014UnquotedCommasAreRejoinedWithWarnings() throws {
        // Generated fixture in the style of metadata_2014.csv, rows modelled on songs 1001, 1009, 1168, 1380, 1459 and 1704.
        let text = """
        song_id,artist,album,title,Genre,,,,
        1001,The Rope River Blues Band,Smith Enjoys a Full Bush.,Weatherman,SoulRB-Country-Folk-Pop-Experimental-Rock-Blues,Avant-Garde,melancholy,,
        1009,Big Bill Broonzy,Baby, Please Don't Go,SoulRB-Blues,acoustic blues,delta blues,,
        1168,Corey Cerovsek, violin; Paavali Jumppanen, piano,Classical, Spring 2011,piano,,
        1380,un automne à Lob-Nor,,untitled,Electronic-Rock,neofolk,,,
        1459,Live at WFMU on September 25,2011,Sons And Daughters,Bird of Youth,indie,,,
        1704,Jason Ajemian & The Highlife,\"\"\"Let me get that Digital.\"\"\",Soak up the Sun,Hip-Hop-Jazz-Rock,female vocalists,,,
        1800,The Band,Hey, there, You,Some, Title,Pop,tag,,

        """
        let url = try DataTestSupport.write(text, to: "metadata_2014.csv", in: directory)
        let file = try MetadataFile.load(contentsOf: url)
        XCTAssertEqual(file.layout, .deam2014)
        let byID = Dictionary(uniqueKeysWithValues: file.songs.map { ($0.id, $0) })
        XCTAssertEqual(byID[1001], SongMetadata(id: 1001, artist: "The Rope River Blues Band", title: "Weatherman",
                                                album: "Smith Enjoys a Full Bush.", genre: "SoulRB-Country-Folk-Pop-Experimental-Rock-Blues",
                                                tags: ["Avant-Garde", "melancholy"]))
        XCTAssertEqual(byID[1009], SongMetadata(id: 1009, artist: "Big Bill Broonzy", title: "Baby, Please Don't Go", album: nil,
                                                genre: "SoulRB-Blues", tags: ["acoustic blues", "delta blues"]))
        XCTAssertEqual(byID[1168]?.artist, "Corey Cerovsek, violin; Paavali Jumppanen, piano")
        XCTAssertEqual(byID[1168]?.genre, "Classical")
        XCTAssertEqual(byID[1380], SongMetadata(id: 1380, artist: "un automne à Lob-Nor", title: "untitled", album: nil,
                                                genre: "Electronic-Rock", tags: ["neofolk"]))
        XCTAssertNil(byID[1459]?.genre, "no genre column can be found in this row")
        XCTAssertEqual(byID[1459]?.artist, "Live at WFMU on September 25")
        XCTAssertEqual(byID[1704], SongMetadata(id: 1704, artist: "Jason Ajemian & The Highlife", title: "Soak up the Sun",
                                                album: "\"Let me get that Digital.\"", genre: "Hip-Hop-Jazz-Rock", tags: ["female vocalists"]))
        XCTAssertEqual(byID[1800], SongMetadata(id: 1800, artist: "The Band", title: "Some, Title", album: "Hey, there, You",
                                                genre: "Pop", tags: ["tag"]))
        XCTAssertEqual(file.warnings.map(\.line), [3, 4, 6, 8], "\(file.warnings)")
        XCTAssertTrue(file.warnings.allSatisfy { $0.file == url.path })
        XCTAssertTrue(file.warnings[2].message.contains("song 1459: no genre column found"), file.warnings[2].message)
    }

    func test2015NotAvailableAndExtraGenres() throws {
        // Generated fixture in the style of metadata_2015.csv.
        let url = try DataTestSupport.write(
            "song_id,title,artist,album,Genre,,\n2001,Old Tree,Creepoid,n/a,Rock,,\n2002,Song,Someone,Record,n/a,pop,rock\n",
            to: "metadata_2015.csv", in: directory)
        let file = try MetadataFile.load(contentsOf: url)
        XCTAssertEqual(file.layout, .deam2015)
        XCTAssertEqual(file.songs, [
            SongMetadata(id: 2001, artist: "Creepoid", title: "Old Tree", album: nil, genre: "Rock", tags: []),
            SongMetadata(id: 2002, artist: "Someone", title: "Song", album: "Record", genre: nil, tags: ["pop", "rock"]),
        ])
    }

    func testGenreVocabulary() {
        XCTAssertTrue(MetadataFile.isGenreList("Blues-SoulRB-Rock"))
        XCTAssertTrue(MetadataFile.isGenreList("Hip-Hop"))
        XCTAssertTrue(MetadataFile.isGenreList("Hip-Hop-Electronic"))
        XCTAssertFalse(MetadataFile.isGenreList("Bird of Youth"))
        XCTAssertFalse(MetadataFile.isGenreList("Rock-"))
        XCTAssertFalse(MetadataFile.isGenreList(""))
    }

    func testMetadataErrors() throws {
        func check(_ body: String, _ fragments: [String]) throws {
            let url = try DataTestSupport.write(body, to: "metadata.csv", in: directory)
            DataTestSupport.assertDataError(try MetadataFile.load(contentsOf: url), contains: [url.path] + fragments)
        }
        try check("song_id,artist,album,name,Genre\n1001,a,b,c,Rock\n", [":1: column 4: header should be 'title'", "'name'"])
        try check("song_id,album,artist,title,Genre\n2,x.mp3,a,b\n", [":2: row has 4 columns, expected 5"])
        try check("song_id,artist,album,title,Genre\n1001,a,b,c,Rock\n1001,a,b,c,Rock\n", [":3: column 1 (song id): song 1001 already appears on line 2"])
        try check("song_id,artist,album,title,Genre\nabc,a,b,c,Rock\n", [":2: column 1 (song id): 'abc'"])
        try check("song_id,artist,album,title,Genre\n1001,\"a,b,c,Rock\n", [":2: column 2: quoted field is never closed"])
        try check("", ["empty file"])
    }
}
