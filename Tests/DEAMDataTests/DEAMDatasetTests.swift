import Foundation
import DEAMData
import MoodTestSupport
import XCTest

/// Finding the DEAM folder and joining its files, on a generated mini DEAM folder.
final class DEAMDatasetTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try DataTestSupport.temporaryDirectory(for: self)
    }

    func testResolveOrder() throws {
        let mini = try DataTestSupport.makeMiniDEAM(in: directory.appendingPathComponent("deam"))
        let other = try DataTestSupport.makeMiniDEAM(in: directory.appendingPathComponent("other"))
        XCTAssertEqual(try DEAMDirectory.resolve(explicit: mini.path, environment: ["DEAM_DIR": other.path]).path, mini.path)
        XCTAssertEqual(try DEAMDirectory.resolve(explicit: nil, environment: ["DEAM_DIR": other.path]).path, other.path)
        XCTAssertEqual(try DEAMDirectory.resolve(explicit: "deam", environment: [:], currentDirectory: directory.path).path, mini.path)
        // Default: ../shared/data/deam relative to the current directory.
        let repo = directory.appendingPathComponent("work/repo")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        let shared = try DataTestSupport.makeMiniDEAM(in: directory.appendingPathComponent("work/shared/data/deam"))
        XCTAssertEqual(try DEAMDirectory.resolve(explicit: nil, environment: [:], currentDirectory: repo.path).path, shared.path)
    }

    func testResolveErrorsAreClear() throws {
        DataTestSupport.assertDataError(try DEAMDirectory.resolve(explicit: "/no/such/deam", environment: [:]),
                                        contains: ["/no/such/deam", "the folder given", "no such directory", "DEAM_DIR"])
        DataTestSupport.assertDataError(try DEAMDirectory.resolve(explicit: nil, environment: ["DEAM_DIR": directory.path]),
                                        contains: [directory.path, "from DEAM_DIR", "derived/specteral_data.csv"])
        DataTestSupport.assertDataError(try DEAMDirectory.resolve(explicit: nil, environment: [:], currentDirectory: directory.path),
                                        contains: ["shared/data/deam", "the default location"])
    }

    /// The tests that need DEAM find it as `mood` does and, without it, say where they looked and how to provide it.
    func testTestsFindDEAMFromDEAMDirAndNameTheInstructionWithoutIt() throws {
        let mini = try DataTestSupport.makeMiniDEAM(in: directory.appendingPathComponent("deam"))
        XCTAssertEqual(try DataTestSupport.locateDEAM(environment: ["DEAM_DIR": mini.path]).path, mini.path)
        let absent = directory.appendingPathComponent("absent").path
        XCTAssertThrowsError(try DataTestSupport.locateDEAM(environment: ["DEAM_DIR": absent])) { error in
            let message = (error as? DataTestSupport.DEAMMissing)?.message ?? "not DEAMMissing: \(error)"
            for fragment in [absent, "DEAM_DIR: no such directory", "set DEAM_DIR=/path/to/deam", "place DEAM at ../shared/data/deam"] {
                XCTAssertTrue(message.contains(fragment), "'\(message)' lacks '\(fragment)'")
            }
        }
    }

    func testJoinsMiniFolderBySongID() throws {
        let mini = try DataTestSupport.makeMiniDEAM(in: directory, songIDs: [3, 2, 1500, 2001])
        let data = try DEAMDataset.load(from: mini)
        XCTAssertEqual(data.songIDs, [2, 3, 1500, 2001])
        XCTAssertEqual(data.featureNames, DEAMFeatureNames.all)
        XCTAssertEqual(data.features.rows, 4)
        XCTAssertEqual(data.features.columns, 130)
        XCTAssertEqual(data.features[1, 0], 3)
        XCTAssertEqual(data.features[1, 50], 3.5)
        XCTAssertEqual(data.targets.row(0), [4, 5])      // id 2: 2 % 7 + 2, 2 % 5 + 3
        XCTAssertEqual(data.targets.row(3), [6, 4])
        XCTAssertEqual(data.targetStd.row(3), [0.5, 1])
        XCTAssertEqual(data.metadata[2]?.artist, "Artist 2")
        XCTAssertEqual(data.metadata[1500]?.genre, "Rock")
        XCTAssertNil(data.metadata[2001]?.album)
        XCTAssertEqual(data.dynamicArousal.ratings(forSong: 1500).map(Array.init), [0.1, 0.2])
        XCTAssertEqual(data.index(ofSong: 1500), 2)
        XCTAssertNil(data.index(ofSong: 4))
        XCTAssertEqual(data.warnings, [])
    }

    func testSongMissingFromFeatureTableOrAnnotations() throws {
        let a = try DataTestSupport.makeMiniDEAM(in: directory.appendingPathComponent("a"), songIDs: [2, 3, 2001], featureRowIDs: [2, 2001])
        DataTestSupport.assertDataError(try DEAMDataset.load(from: a), contains: ["specteral_data.csv: song 3 is missing", "static_annotations"])
        let b = try DataTestSupport.makeMiniDEAM(in: directory.appendingPathComponent("b"), songIDs: [2, 2001], featureRowIDs: [2, 2001, 7])
        DataTestSupport.assertDataError(try DEAMDataset.load(from: b), contains: ["song 7 is missing", "(it is in", "specteral_data.csv)"])
    }

    func testDuplicateSongAcrossAnnotationFiles() throws {
        let mini = try DataTestSupport.makeMiniDEAM(in: directory, songIDs: [2, 2001])
        let url = mini.appendingPathComponent(DEAMDirectory.staticAnnotations2058)
        try Data((try String(contentsOf: url, encoding: .utf8) + "2,6.0,0.5,7.0,0.5,5.0,0.5,4.0,1.0,5.0,1.0,3.0,1.0\r\n").utf8).write(to: url)
        DataTestSupport.assertDataError(try DEAMDataset.load(from: mini), contains: ["2000_2058.csv:3", "song 2 already appears in", "1_2000.csv:2"])
    }

    func testMissingFileInFolderNamesIt() throws {
        let mini = try DataTestSupport.makeMiniDEAM(in: directory)
        try FileManager.default.removeItem(at: mini.appendingPathComponent(DEAMDirectory.dynamicValence))
        DataTestSupport.assertDataError(try DEAMDataset.load(from: mini), contains: ["annotations/valence.csv", "file not found"])
    }

    func testMissingMetadataIsAWarningNotAnError() throws {
        let mini = try DataTestSupport.makeMiniDEAM(in: directory, songIDs: [2, 2001])
        try Data("song_id,title,artist,album,Genre\n2002,T,A,n/a,Rock\n".utf8).write(to: mini.appendingPathComponent(DEAMDirectory.metadataFiles[2]))
        let data = try DEAMDataset.load(from: mini)
        XCTAssertNil(data.metadata[2001])
        XCTAssertNil(data.metadata[2002])
        XCTAssertEqual(data.warnings.map(\.message), ["song 2002 has metadata but no annotations; ignored",
                                                     "1 songs have no metadata (first: 2001)"])
    }
}
