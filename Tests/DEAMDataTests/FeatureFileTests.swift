import Foundation
import DEAMData
import Numerics
import MoodTestSupport
import XCTest

/// The song-level feature table and DEAM's per-frame feature files (fixtures generated here).
final class FeatureFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try DataTestSupport.temporaryDirectory(for: self)
    }

    // MARK: Feature table

    func testFeatureTableReadsNamesInFileOrder() throws {
        // Generated fixture: a 2-feature table.
        let url = try DataTestSupport.write("song_id,b_amean,a_amean\n2,1.5,-2\n10,3,4E-2\n", to: "t.csv", in: directory)
        let table = try FeatureTable.load(contentsOf: url)
        XCTAssertEqual(table.names, ["b_amean", "a_amean"])
        XCTAssertEqual(table.songIDs, [2, 10])
        XCTAssertEqual(table.values, Matrix([[1.5, -2], [3, 0.04]]))
    }

    func testFeatureTableErrors() throws {
        func check(_ body: String, expected: [String]? = nil, _ fragments: [String]) throws {
            let url = try DataTestSupport.write(body, to: "specteral_data.csv", in: directory)
            DataTestSupport.assertDataError(try FeatureTable.load(contentsOf: url, expectedNames: expected), contains: [url.path] + fragments)
        }
        try check("song_id,a,c\n2,1,2\n", expected: ["a", "b"], [":1: column 3: header should be 'b' but is 'c'"])
        try check("song_id,a\n2,1\n", expected: ["a", "b"], [":1: header has no column 'b'"])
        try check("song_id,a,b,z\n2,1,2,3\n", expected: ["a", "b"], [":1: column 4: header should be '(end of header)' but is 'z'"])
        try check("song_id,a,a\n2,1,2\n", [":1: column 3", "'a'"])
        try check("song_id,a,b\n2,1\n", [":2: row has 2 columns, expected 3"])
        try check("song_id,a,b\n2,1,x\n", [":2: column 3 (b): 'x' is not a number"])
        try check("song_id,a,b\n2,1,2\n3,nan,2\n", [":3: column 2 (a): 'nan' is not a finite number"])
        try check("song_id,a,b\n2,1,2\n2,1,2\n", [":3: column 1 (song id): song 2 already appears on line 2"])
        try check("song_id,a,b\n", ["empty file"])
    }

    func testSongVectorReordersByName() {
        let vector = SongFeatureVector(names: ["a", "b", "c"], values: [1, 2, 3])
        XCTAssertEqual(vector.values(orderedAs: ["c", "a"]), [3, 1])
        XCTAssertEqual(vector.values(orderedAs: ["a", "b", "c"]), [1, 2, 3])
        XCTAssertNil(vector.values(orderedAs: ["a", "z"]))
    }

    func testDEAMFeatureNamesPairUp() {
        XCTAssertEqual(DEAMFeatureNames.all.count, 130)
        XCTAssertEqual(Set(DEAMFeatureNames.all).count, 130)
        XCTAssertEqual(DEAMFeatureNames.frameColumns.count, 260)
        XCTAssertEqual(Array(DEAMFeatureNames.frameColumns.prefix(2)), ["F0final_sma_stddev", "F0final_sma_amean"])
        XCTAssertTrue(DEAMFeatureNames.frameColumns.contains("audSpec_Rfilt_sma_de[0]_amean"))
        XCTAssertTrue(DEAMFeatureNames.frameColumns.contains("F0final_sma_de_stddev"))
        XCTAssertEqual(DEAMFeatureNames.all.last, "pcm_fftMag_mfcc_sma_de[14]_amean")
    }

    // MARK: Per-frame files

    /// Generated frames whose `_amean` columns average exactly to `target` (values ± a spread), with made-up stddevs.
    private func frames(averagingTo target: [Double], count: Int, seed: UInt64) throws -> FrameFeatureFile {
        var generator = SeededGenerator(seed: seed)
        var amean = Matrix(rows: count, columns: target.count)
        var stddev = Matrix(rows: count, columns: target.count)
        for c in 0..<target.count {
            // Symmetric offsets cancel exactly: +d, −d pairs (count is even).
            for r in stride(from: 0, to: count, by: 2) {
                let d = Double(Int.random(in: 1...1000, using: &generator)) / 1024 * max(1, abs(target[c]))
                amean[r, c] = target[c] + d
                amean[r + 1, c] = target[c] - d
                stddev[r, c] = d
                stddev[r + 1, c] = d / 2
            }
        }
        return try FrameFeatureFile(amean: amean, stddev: stddev)
    }

    func testFrameFileRoundTripReproducesARealSongsFeatureRow() throws {
        let deam = try DataTestSupport.requireDEAM()
        let table = try FeatureTable.load(contentsOf: deam.appendingPathComponent(DEAMDirectory.featureTable))
        let row = table.songIDs.firstIndex(of: 10)!
        let target = table.values.row(row)
        let file = try frames(averagingTo: target, count: 60, seed: 10)
        let url = directory.appendingPathComponent("features/10.csv")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try file.write(to: url)

        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("frameTime;F0final_sma_stddev;F0final_sma_amean;voicingFinalUnclipped_sma_stddev;"))
        XCTAssertEqual(text.split(separator: "\n").count, 61)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path), ["10.csv"],
                       "the atomic write leaves no temporary file")

        let vector = try FrameFeatureFile.songVector(contentsOf: url)
        XCTAssertEqual(vector.names, table.names)
        XCTAssertEqual(vector.names, DEAMFeatureNames.all)
        for (k, (got, want)) in zip(vector.values, target).enumerated() {
            XCTAssertEqual(got, want, accuracy: 1e-12 * max(1, abs(want)), vector.names[k])
        }
        let reread = try FrameFeatureFile.read(contentsOf: url)
        XCTAssertEqual(reread.frameTimes, file.frameTimes)
        XCTAssertEqual(reread.amean, file.amean, "shortest round-trip formatting reads back bit for bit")
        XCTAssertEqual(reread.stddev, file.stddev)
        XCTAssertEqual(reread.songVector, file.songVector)
    }

    func testFrameFileColumnsFoundByNameAndTrailingSeparatorTolerated() throws {
        // Generated: DEAM's column order reversed, with a trailing ';' on every line and CRLF.
        let names = ["frameTime"] + DEAMFeatureNames.frameColumns
        let order = [0] + Array((1..<names.count).reversed())
        var text = order.map { names[$0] }.joined(separator: ";") + ";\r\n"
        for t in 0..<3 {
            text += order.map { i -> String in
                if i == 0 { return "\(Double(t) * 0.5)" }
                return names[i].hasSuffix("_amean") ? "\(Double(i) + Double(t))" : "9.9e+01"
            }.joined(separator: ";") + ";\r\n"
        }
        let url = try DataTestSupport.write(text, to: "reordered.csv", in: directory)
        let vector = try FrameFeatureFile.songVector(contentsOf: url)
        for (k, name) in DEAMFeatureNames.all.enumerated() {
            let column = names.firstIndex(of: name)!
            XCTAssertEqual(vector.values[k], Double(column) + 1, name)
        }
    }

    func testFrameFileErrors() throws {
        let header = (["frameTime"] + DEAMFeatureNames.frameColumns).joined(separator: ";")
        let goodRow = "0.0;" + Array(repeating: "1.5", count: 260).joined(separator: ";")
        func check(_ body: String, _ fragments: [String]) throws {
            let url = try DataTestSupport.write(body, to: "features.csv", in: directory)
            DataTestSupport.assertDataError(try FrameFeatureFile.songVector(contentsOf: url), contains: [url.path] + fragments)
            DataTestSupport.assertDataError(try FrameFeatureFile.read(contentsOf: url), contains: [url.path] + fragments)
        }
        try check("", ["empty file"])
        try check(header + "\n", ["empty file", "no data rows"])
        try check(header.replacingOccurrences(of: "frameTime", with: "time") + "\n" + goodRow + "\n", [":1: column 1: header should be 'frameTime' but is 'time'"])
        // A binary file (a JPEG named .csv) is described, never echoed.
        try check("\u{FFFD}\u{FFFD}\u{1}JFIF\u{0};x\n1;2\n", [":1: column 1: header should be 'frameTime' but is binary data (not text)"])
        try check(header.replacingOccurrences(of: ";pcm_zcr_sma_amean", with: ";pcm_zcr_sma_mean") + "\n" + goodRow + "\n",
                  [":1: header has no column 'pcm_zcr_sma_amean'"])
        try check(header.replacingOccurrences(of: "F0final_sma_stddev", with: "F0final_sma_amean") + "\n" + goodRow + "\n",
                  [":1: column 3", "'F0final_sma_amean'"])
        try check(header + "\n" + goodRow + "\n" + goodRow.dropLast(4) + "\n", [":3: row has 260 columns, expected 261"])
        try check(header + "\n" + goodRow.replacingOccurrences(of: "0.0;1.5;1.5", with: "0.0;1.5;abc") + "\n",
                  [":2: column 3 (F0final_sma_amean): 'abc' is not a number"])
        try check(header + "\n" + goodRow.replacingOccurrences(of: "0.0;1.5;1.5", with: "0.0;1.5;-nan") + "\n",
                  [":2: column 3 (F0final_sma_amean): '-nan' is not a finite number"])
        try check(header + "\n" + goodRow.replacingOccurrences(of: "0.0;1.5", with: "x;1.5") + "\n",
                  [":2: column 1 (frameTime): 'x' is not a number"])
        DataTestSupport.assertDataError(try FrameFeatureFile.songVector(contentsOf: directory.appendingPathComponent("nope/1.csv")),
                                        contains: ["nope/1.csv", "file not found"])
    }

    func testWriterRejectsMismatchedShapesAndNonFiniteValues() throws {
        DataTestSupport.assertDataError(try FrameFeatureFile(amean: Matrix(rows: 2, columns: 130), stddev: Matrix(rows: 3, columns: 130)),
                                        contains: ["cannot write", "stddev 3×130"])
        DataTestSupport.assertDataError(try FrameFeatureFile(amean: Matrix(rows: 1, columns: 129), stddev: Matrix(rows: 1, columns: 129)),
                                        contains: ["cannot write", "1×130"])
        DataTestSupport.assertDataError(try FrameFeatureFile(amean: Matrix(rows: 1, columns: 130, repeating: .nan), stddev: Matrix(rows: 1, columns: 130)),
                                        contains: ["finite"])
        let file = try FrameFeatureFile(amean: Matrix(rows: 1, columns: 130), stddev: Matrix(rows: 1, columns: 130))
        DataTestSupport.assertDataError(try file.write(to: directory.appendingPathComponent("missing-folder/x.csv")),
                                        contains: ["missing-folder/x.csv", "cannot write"])
    }
}
