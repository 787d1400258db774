import Foundation
import DEAMData
import MoodTestSupport
import XCTest

/// Static and dynamic annotation files on generated fixtures that pin each DEAM quirk and each error.
final class AnnotationLoadingTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try DataTestSupport.temporaryDirectory(for: self)
    }

    // MARK: Static annotations

    func testStaticHeaderWithLeadingSpacesCRLFAndPaddedValues() throws {
        // Generated fixture in the style of static_annotations_averaged_songs_1_2000.csv (padded like the original release).
        let url = try DataTestSupport.write(
            "song_id, valence_mean, valence_std, arousal_mean, arousal_std\r\n2,3.1,0.94,3,0.63\r\n 3 , 3.5 ,1.75, 3.3,1.62 \r\n",
            to: "static.csv", in: directory)
        let file = try StaticAnnotations.load(contentsOf: url)
        XCTAssertEqual(file.annotations, [
            StaticAnnotation(songID: 2, valenceMean: 3.1, valenceStd: 0.94, arousalMean: 3, arousalStd: 0.63),
            StaticAnnotation(songID: 3, valenceMean: 3.5, valenceStd: 1.75, arousalMean: 3.3, arousalStd: 1.62),
        ])
        XCTAssertEqual(file.lines, [2, 3])
    }

    func testStaticTwoThousandFileWithTypoInHeader() throws {
        // Generated fixture in the style of static_annotations_averaged_songs_2000_2058.csv (13 columns, `valence_ max_mean`).
        let url = try DataTestSupport.write(
            "song_id, valence_mean, valence_std, valence_ max_mean, valence_max_std, valence_min_mean, valence_min_std, arousal_mean, arousal_std, arousal_max_mean, arousal_max_std, arousal_min_mean, arousal_min_std\r\n2001,3.2,0.98,5.0,1.41,2.2,0.98,6.6,0.8,8.6,0.49,3.4,1.02\r\n",
            to: "static58.csv", in: directory)
        let file = try StaticAnnotations.load(contentsOf: url)
        XCTAssertEqual(file.annotations, [StaticAnnotation(songID: 2001, valenceMean: 3.2, valenceStd: 0.98, arousalMean: 6.6, arousalStd: 0.8)])
    }

    func testStaticErrors() throws {
        let header = "song_id, valence_mean, valence_std, arousal_mean, arousal_std\r\n"
        func check(_ body: String, _ fragments: [String], name: String = "bad.csv") throws {
            let url = try DataTestSupport.write(body, to: name, in: directory)
            DataTestSupport.assertDataError(try StaticAnnotations.load(contentsOf: url), contains: [url.path] + fragments)
        }
        try check(header + "2,3.1,0.94,abc,0.63\r\n", [":2: column 4 (arousal_mean): 'abc' is not a number"])
        try check(header + "2,3.1,0.94,3,0.63\r\n3,NaN,1,1,1\r\n", [":3: column 2 (valence_mean): 'NaN' is not a finite number"])
        try check(header + "2,3.1,0.94,3,-inf\r\n", [":2: column 5 (arousal_std): '-inf' is not a finite number"])
        try check(header + "2,3.1,0.94,3\r\n", [":2: row has 4 columns, expected 5"])
        try check(header + "2,3.1,0.94,3,0.63,9\r\n", [":2: row has 6 columns, expected 5"])
        try check(header + "2,3.1,,3,0.63\r\n", [":2: column 3 (valence_std): cell is empty"])
        try check(header + "2,3.1,0.94,3,0.63\r\n4,1,1,1,1\r\n2,1,1,1,1\r\n", [":4: column 1 (song id): song 2 already appears on line 2"])
        try check(header + "x2,3.1,0.94,3,0.63\r\n", [":2: column 1 (song id): 'x2' is not a song id"])
        try check(header + "2.5,3.1,0.94,3,0.63\r\n", [":2: column 1 (song id): '2.5'"])
        try check("song_id, valence_mean, valence_std, arousal_std\r\n2,1,1,1\r\n", [":1: header has no column 'arousal_mean'"])
        try check("id, valence_mean, valence_std, arousal_mean, arousal_std\r\n2,1,1,1,1\r\n", [":1: column 1: header should be 'song_id' but is 'id'"])
        try check("", ["empty file", "no header row"])
        try check("\r\n\r\n", ["empty file"])
        try check(header, ["empty file", "no data rows"])
        DataTestSupport.assertDataError(try StaticAnnotations.load(contentsOf: directory.appendingPathComponent("absent.csv")),
                                        contains: ["absent.csv", "file not found"])
    }

    // MARK: Dynamic annotations

    func testDynamicRaggedRowsAndTimes() throws {
        // Generated fixture in the style of arousal.csv: rows shorter than the header, with or without trailing empties.
        let url = try DataTestSupport.write(
            "song_id,sample_15000ms,sample_15500ms,sample_16000ms,sample_16500ms\n2,-0.1,-0.2\n3,0.5,0.25,0.125,1\n2001,0.3,,,\n",
            to: "arousal.csv", in: directory)
        let file = try DynamicAnnotations.load(contentsOf: url)
        XCTAssertEqual(file.songIDs, [2, 3, 2001])
        XCTAssertEqual(file.ratings(forSong: 2).map(Array.init), [-0.1, -0.2])
        XCTAssertEqual(file.ratings(forSong: 3).map(Array.init), [0.5, 0.25, 0.125, 1])
        XCTAssertEqual(file.ratings(forSong: 2001).map(Array.init), [0.3])
        XCTAssertNil(file.ratings(forSong: 4))
        XCTAssertEqual(DynamicAnnotations.time(ofRating: 0), 15)
        XCTAssertEqual(DynamicAnnotations.time(ofRating: 3), 16.5)
    }

    func testDynamicErrors() throws {
        let header = "song_id,sample_15000ms,sample_15500ms,sample_16000ms\n"
        func check(_ body: String, _ fragments: [String]) throws {
            let url = try DataTestSupport.write(body, to: "valence.csv", in: directory)
            DataTestSupport.assertDataError(try DynamicAnnotations.load(contentsOf: url), contains: [url.path] + fragments)
        }
        try check(header + "2,0.1,0.2,0.3,0.4\n", [":2: row has 5 columns, expected 4"])
        try check(header + "2,0.1,,0.3\n", [":2: column 3 (sample_15500ms", "cell is empty"])
        try check(header + "2\n", [":2: column 2 (sample_15000ms): cell is empty"])
        try check(header + "2,0.1,x\n", [":2: column 3 (sample_15500ms): 'x' is not a number"])
        try check(header + "2,0.1,inf\n", [":2: column 3 (sample_15500ms): 'inf' is not a finite number"])
        try check(header + "2,0.1\n2,0.2\n", [":3: column 1 (song id): song 2 already appears on line 2"])
        try check("song_id,sample_15000ms,sample_16000ms\n2,1\n", [":1: column 3: header should be 'sample_15500ms' but is 'sample_16000ms'"])
        try check("", ["empty file"])
    }
}
