import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import MoodTestSupport
import XCTest

/// End to end through the real `mood` binary, on samples/ and on real DEAM data.
final class RecommenderCLITests: XCTestCase {
    /// A catalog built once from real DEAM with the bundled default model (shared by the tests of this class).
    private static var builtCatalog: String?

    private func deamCatalog() throws -> String {
        if let path = RecommenderCLITests.builtCatalog { return path }
        let deam = try DataTestSupport.requireDEAM()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mood-cli-catalog-\(UUID().uuidString)")
        let path = directory.appendingPathComponent("catalog.sqlite").path
        // In-sample predictions (--out-of-fold 0) keep the suite fast; the default cross-fits.
        let build = try CLI.run(["catalog", "build", "--deam", deam.path, "--db", path, "--out-of-fold", "0"])
        XCTAssertEqual(build.status, 0, build.stderr)
        XCTAssertTrue(build.stdout.contains("1802 DEAM songs"), build.stdout)
        RecommenderCLITests.builtCatalog = path
        return path
    }

    override class func tearDown() {
        if let path = builtCatalog { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        super.tearDown()
    }

    /// DEAM's static annotations: id → (valence, arousal).
    private func annotations() throws -> [Int: (Double, Double)] {
        var result = [Int: (Double, Double)]()
        let deam = try DataTestSupport.requireDEAM()
        for name in ["static_annotations_averaged_songs_1_2000.csv", "static_annotations_averaged_songs_2000_2058.csv"] {
            let text = try String(contentsOf: deam.appendingPathComponent("annotations/\(name)"), encoding: .utf8)
            var lines = text.split(whereSeparator: \.isNewline).map(String.init)
            let header = lines.removeFirst().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let iv = try XCTUnwrap(header.firstIndex(of: "valence_mean")), ia = try XCTUnwrap(header.firstIndex(of: "arousal_mean"))
            for line in lines {
                let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let id = Int(fields[0]), let v = Double(fields[iv]), let a = Double(fields[ia]) else { continue }
                result[id] = (v, a)
            }
        }
        return result
    }

    private func recommendations(_ json: [String: Any]) throws -> [[String: Any]] {
        try XCTUnwrap(json["recommendations"] as? [[String: Any]])
    }

    // MARK: - Profiles

    func testSadSamplePlaylistProfileLandsInSadness() throws {
        let db = try deamCatalog()
        let result = try CLI.run(["analyze", "samples/sad.xspf", "--db", db, "--format", "json", "--view", "predicted"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try result.json()
        let tracks = try XCTUnwrap(json["tracks"] as? [[String: Any]])
        XCTAssertEqual(tracks.count, 12)
        for track in tracks {
            XCTAssertEqual(track["status"] as? String, "catalog")
            XCTAssertNotNil(track["deamId"] as? Int)
            for key in ["location", "valence", "arousal", "quadrant", "subEmotion", "intensity"] { XCTAssertNotNil(track[key], key) }
        }
        let profile = try XCTUnwrap(json["profile"] as? [String: Any])
        XCTAssertEqual(profile["dominantQuadrant"] as? String, "Sadness")
        XCTAssertLessThan(try XCTUnwrap(profile["valence"] as? Double), 5)
        XCTAssertLessThan(try XCTUnwrap(profile["arousal"] as? Double), 5)
        let covariance = try XCTUnwrap(profile["covariance"] as? [[Double]])
        XCTAssertEqual(covariance.count, 2)
        XCTAssertEqual(covariance[0][1], covariance[1][0])
        XCTAssertEqual((profile["quadrants"] as? [[String: Any]])?.count, 4)
        XCTAssertEqual((profile["subEmotions"] as? [[String: Any]])?.count, 12)
        XCTAssertNotNil(profile["dominantSubEmotion"] as? String)

        // With the human ratings every song is sad by construction of the sample.
        let human = try CLI.run(["analyze", "samples/sad.xspf", "--db", db, "--format", "json", "--view", "human"]).json()
        let humanTracks = try XCTUnwrap(human["tracks"] as? [[String: Any]])
        XCTAssertTrue(humanTracks.allSatisfy { $0["quadrant"] as? String == "Sadness" })
        XCTAssertEqual((human["profile"] as? [String: Any])?["dominantQuadrant"] as? String, "Sadness")
    }

    func testPlaylistOfKnownSadSongsFromDEAMLandsInSadness() throws {
        let db = try deamCatalog()
        // Songs DEAM's raters placed clearly in Sadness (both means ≤ 3.5), other than the sample's.
        let sampleIDs: Set<Int> = [236, 444, 584, 1332, 206, 213, 232, 310, 848, 1182, 1240, 133]
        let sad = try annotations().filter { $0.value.0 <= 3.5 && $0.value.1 <= 3.5 && !sampleIDs.contains($0.key) }.map(\.key).sorted()
        XCTAssertGreaterThan(sad.count, 20)
        let dir = try CLI.temporaryDirectory(self)
        let playlist = dir.appendingPathComponent("known-sad.m3u8")
        // Generated test playlist: DEAM ids chosen by annotation above.
        try ("#EXTM3U\n" + sad.map { "MEMD_audio/\($0).mp3" }.joined(separator: "\n") + "\n").write(to: playlist, atomically: true, encoding: .utf8)
        let json = try CLI.run(["analyze", playlist.path, "--db", db, "--format", "json", "--view", "predicted"]).json()
        let profile = try XCTUnwrap(json["profile"] as? [String: Any])
        XCTAssertEqual(profile["dominantQuadrant"] as? String, "Sadness", "\(sad.count) annotated-sad songs, predicted profile \(profile)")
        XCTAssertEqual(profile["quadrant"] as? String, "Sadness", "the centre itself lies in Sadness")
    }

    // MARK: - Recommendations

    func testRecommendationsForSadPlaylistComeFromSadnessFirst() throws {
        let db = try deamCatalog()
        let result = try CLI.run(["recommend", "samples/sad.xspf", "--db", db, "-n", "10", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try result.json()
        let recs = try recommendations(json)
        XCTAssertEqual(recs.count, 10)
        XCTAssertEqual(recs.map { $0["rank"] as? Int }, (1...10).map { $0 })
        XCTAssertTrue(recs.allSatisfy { $0["quadrant"] as? String == "Sadness" }, "\(recs.map { $0["quadrant"] ?? "?" })")
        let playlistIDs: Set<Int> = [236, 444, 584, 1332, 206, 213, 232, 310, 848, 1182, 1240, 133]
        XCTAssertTrue(recs.allSatisfy { !playlistIDs.contains($0["deamId"] as? Int ?? -1) }, "playlist songs are never recommended")
        let distances = recs.compactMap { $0["distance"] as? Double }
        XCTAssertEqual(distances, distances.sorted(), "nearest first within the quadrant")
        for rec in recs {
            for key in ["deamId", "title", "artist", "valence", "arousal", "subEmotion", "reason"] { XCTAssertNotNil(rec[key], key) }
            XCTAssertTrue((rec["reason"] as? String ?? "").contains("Sadness"))
        }
        XCTAssertNotNil(json["profile"] as? [String: Any])
    }

    func testSubEmotionFiltersReturnOnlyThatSector() throws {
        let db = try deamCatalog()
        for (sector, view) in [("Melancholy", false), ("enthusiasm", false), ("Serenity", true), ("Anger", true)] {
            var arguments = ["catalog", "filter", "--db", db, "--sub-emotion", sector, "--limit", "40", "--format", "json"]
            arguments += ["--view", view ? "human" : "predicted"]
            let result = try CLI.run(arguments)
            XCTAssertEqual(result.status, 0, result.stderr)
            let tracks = try XCTUnwrap(try result.json()["tracks"] as? [[String: Any]])
            XCTAssertFalse(tracks.isEmpty, "no \(sector) songs")
            // Ranked by the probability of lying in the sector (human ratings there: certain, first).
            let probabilities = tracks.compactMap { $0["probability"] as? Double }
            XCTAssertEqual(probabilities.count, tracks.count)
            XCTAssertEqual(probabilities, probabilities.sorted(by: >), "most probable first")
            if view {
                XCTAssertTrue(tracks.allSatisfy { ($0["subEmotion"] as? String)?.lowercased() == sector.lowercased() }, sector)
                XCTAssertTrue(tracks.allSatisfy { $0["source"] as? String == "human" })
            } else {
                XCTAssertTrue(tracks.allSatisfy { $0["source"] as? String == "model" && $0["region80"] is [String: Any] })
                XCTAssertEqual(tracks.first?["subEmotion"] as? String, tracks.first.flatMap { _ in sector.capitalized })
            }
        }
        // Paging: two pages of 10 equal the first 20.
        let all = try XCTUnwrap(try CLI.run(["catalog", "filter", "--db", db, "--quadrant", "Sadness", "--limit", "20", "--format", "json"]).json()["tracks"] as? [[String: Any]])
        let page2 = try XCTUnwrap(try CLI.run(["catalog", "filter", "--db", db, "--quadrant", "sadness", "--limit", "10", "--offset", "10", "--format", "json"]).json()["tracks"] as? [[String: Any]])
        XCTAssertEqual(all.dropFirst(10).map { $0["catalogId"] as? Int }, page2.map { $0["catalogId"] as? Int })
        // Near + radius.
        let near = try XCTUnwrap(try CLI.run(["catalog", "filter", "--db", db, "--quadrant", "Joy", "--near", "6,6", "--radius", "0.5", "--limit", "500", "--format", "json"]).json()["tracks"] as? [[String: Any]])
        XCTAssertFalse(near.isEmpty)
        XCTAssertTrue(near.allSatisfy { ($0["distance"] as? Double ?? 9) <= 0.5 && $0["quadrant"] as? String == "Joy" })
        // And recommend constrained to a sector.
        let recs = try recommendations(try CLI.run(["recommend", "samples/upbeat.m3u8", "--db", db, "--sub-emotion", "Boredom", "-n", "5", "--format", "json"]).json())
        XCTAssertEqual(recs.count, 5)
        XCTAssertTrue(recs.allSatisfy { $0["subEmotion"] as? String == "Boredom" })
    }

    func testTargetPathDiversityAndPlaylistOutput() throws {
        let db = try deamCatalog()
        let dir = try CLI.temporaryDirectory(self)
        let out = dir.appendingPathComponent("to-joy.m3u8"), plot = dir.appendingPathComponent("to-joy.svg")
        let result = try CLI.run(["recommend", "samples/sad.xspf", "--db", db, "--target-mood", "Joy", "--path", "4", "-n", "8",
                                  "--format", "json", "--out", out.path, "--plot", plot.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try result.json()
        XCTAssertEqual((json["waypoints"] as? [[String: Any]])?.count, 4)
        let recs = try recommendations(json)
        XCTAssertEqual(recs.count, 8)
        XCTAssertEqual(recs.compactMap { $0["step"] as? Int }, [1, 1, 2, 2, 3, 3, 4, 4])
        XCTAssertEqual(Set(recs.compactMap { $0["deamId"] as? Int }).count, 8, "no repeats")
        XCTAssertEqual(recs.first?["quadrant"] as? String, "Sadness")
        XCTAssertEqual(recs.last?["quadrant"] as? String, "Joy")
        let written = try String(contentsOf: out, encoding: .utf8)
        XCTAssertEqual(written.split(separator: "\n").filter { $0.hasPrefix("deam:") }.count, 8)
        XCTAssertTrue(XMLParser(contentsOf: plot)?.parse() ?? false, "the plot is well-formed XML")

        // Diversity with the default artist cap of 2.
        let diverse = try recommendations(try CLI.run(["recommend", "samples/upbeat.m3u8", "--db", db, "--diversity", "0.3", "-n", "10", "--format", "json"]).json())
        XCTAssertEqual(diverse.count, 10)
        var perArtist = [String: Int]()
        for rec in diverse { if let artist = rec["artist"] as? String { perArtist[artist, default: 0] += 1 } }
        XCTAssertLessThanOrEqual(perArtist.values.max() ?? 0, 2)
        // Mahalanobis ranks differently from Euclidean but stays in the quadrant.
        let maha = try recommendations(try CLI.run(["recommend", "samples/sad.xspf", "--db", db, "--metric", "mahalanobis", "-n", "5", "--format", "json"]).json())
        XCTAssertTrue(maha.allSatisfy { $0["quadrant"] as? String == "Sadness" })
    }

    func testTableAndCSVFormatsAndReport() throws {
        let db = try deamCatalog()
        let table = try CLI.run(["analyze", "samples/calm.pls", "--db", db])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("unresolved") || table.stdout.contains("stream URL"), table.stdout)
        XCTAssertFalse(table.stdout.contains("coherence"), "statistics only with --detail")
        let detailed = try CLI.run(["analyze", "samples/calm.pls", "--db", db, "--detail"])
        XCTAssertTrue(detailed.stdout.contains("coherence") && detailed.stdout.contains("covariance"), detailed.stdout)
        let csv = try CLI.run(["analyze", "samples/upbeat.m3u8", "--db", db, "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 13)
        XCTAssertTrue(lines[0].hasPrefix("index,location,status,deamId"))
        let recCSV = try CLI.run(["recommend", "samples/upbeat.m3u8", "--db", db, "--format", "csv", "-n", "3"])
        XCTAssertEqual(recCSV.stdout.split(separator: "\n").count, 4)

        let dir = try CLI.temporaryDirectory(self)
        let report = dir.appendingPathComponent("report.html")
        let result = try CLI.run(["report", "samples/angry.m3u8", "--db", db, "--out", report.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let html = try String(contentsOf: report, encoding: .utf8)
        XCTAssertTrue(html.contains("<svg") && html.contains("Recommendations") && html.contains("Covariance"))
    }

    func testRebuildIsIdempotentThroughTheCLI() throws {
        let db = try deamCatalog()
        let before = try CLI.run(["catalog", "info", "--db", db, "--format", "json"]).json()
        let rebuild = try CLI.run(["catalog", "build", "--deam", try DataTestSupport.requireDEAM().path, "--db", db, "--out-of-fold", "0"])
        XCTAssertEqual(rebuild.status, 0, rebuild.stderr)
        XCTAssertTrue(rebuild.stdout.contains("0 new, 1802 updated, 0 removed"), rebuild.stdout)
        let after = try CLI.run(["catalog", "info", "--db", db, "--format", "json"]).json()
        XCTAssertEqual(before["tracks"] as? Int, 1802)
        XCTAssertEqual(after["tracks"] as? Int, 1802)
        XCTAssertEqual(before["annotated"] as? Int, after["annotated"] as? Int)
        XCTAssertEqual(before["quadrants"] as? [String: Int], after["quadrants"] as? [String: Int])
    }

    // MARK: - Errors

    func testErrorsAreClearAndExitNonZero() throws {
        let db = try deamCatalog()
        let unknown = try CLI.run(["recommend", "samples/sad.xspf", "--db", db, "--sub-emotion", "sadness"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("Melancholy") && unknown.stderr.contains("Serenity"), unknown.stderr)

        let dir = try CLI.temporaryDirectory(self)
        let missing = try CLI.run(["analyze", "samples/sad.xspf", "--db", dir.appendingPathComponent("none.sqlite").path])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("mood catalog build"), missing.stderr)

        let empty = dir.appendingPathComponent("empty.m3u8")
        try "#EXTM3U\n".write(to: empty, atomically: true, encoding: .utf8)
        let emptyResult = try CLI.run(["analyze", empty.path, "--db", db])
        XCTAssertNotEqual(emptyResult.status, 0)
        XCTAssertTrue(emptyResult.stderr.contains("empty"), emptyResult.stderr)

        let streams = dir.appendingPathComponent("streams.m3u8")
        try "#EXTM3U\nhttp://radio.example.org/a.mp3\nspotify:track:123\n".write(to: streams, atomically: true, encoding: .utf8)
        let unmappable = try CLI.run(["recommend", streams.path, "--db", db])
        XCTAssertNotEqual(unmappable.status, 0)
        XCTAssertTrue(unmappable.stderr.contains("none of the 2 entries"), unmappable.stderr)

        let badTarget = try CLI.run(["recommend", "samples/sad.xspf", "--db", db, "--target", "12,3"])
        XCTAssertNotEqual(badTarget.status, 0)
        XCTAssertTrue(badTarget.stderr.contains("1–9"), badTarget.stderr)

        let pathWithoutTarget = try CLI.run(["recommend", "samples/sad.xspf", "--db", db, "--path", "3"])
        XCTAssertNotEqual(pathWithoutTarget.status, 0)

        let badOut = try CLI.run(["recommend", "samples/sad.xspf", "--db", db, "--out", dir.appendingPathComponent("x.txt").path])
        XCTAssertNotEqual(badOut.status, 0)
    }

    // MARK: - Demo

    func testDemoRunsEndToEndWithoutDEAM() throws {
        let dir = try CLI.temporaryDirectory(self)
        var environment = ProcessInfo.processInfo.environment
        environment["DEAM_DIR"] = "/nonexistent"
        let result = try CLI.run(["demo", "--out-dir", dir.path], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        for name in ["sad", "upbeat", "calm", "angry"] {
            XCTAssertTrue(result.stdout.contains("== \(name)."), "demo covers \(name)")
            let svg = dir.appendingPathComponent("\(name).svg")
            XCTAssertTrue(XMLParser(contentsOf: svg)?.parse() ?? false, "\(name).svg is well-formed")
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(name).html").path))
        }
        XCTAssertTrue(result.stdout.contains("From sad.xspf to Joy"), result.stdout)
        XCTAssertTrue(result.stdout.contains("1802 DEAM songs"))
    }

    func testDemoWithDEAMPlacesAngryInFearAndCalmInContentmentAndNamesItsView() throws {
        let deam = try DataTestSupport.requireDEAM()
        let dir = try CLI.temporaryDirectory(self)
        let human = try CLI.run(["demo", "--out-dir", dir.path, "--deam", deam.path, "-n", "2"])
        XCTAssertEqual(human.status, 0, human.stderr)
        XCTAssertTrue(human.stdout.contains("view: human"), human.stdout)
        let sections = human.stdout.components(separatedBy: "== ")
        let angry = try XCTUnwrap(sections.first { $0.hasPrefix("angry.") })
        let calm = try XCTUnwrap(sections.first { $0.hasPrefix("calm.") })
        XCTAssertTrue(angry.contains("mostly        Fear"), angry)
        XCTAssertTrue(calm.contains("mostly        Contentment"), calm)
        let predicted = try CLI.run(["demo", "--out-dir", dir.path, "--deam", deam.path, "-n", "2", "--view", "predicted"])
        XCTAssertEqual(predicted.status, 0, predicted.stderr)
        XCTAssertTrue(predicted.stdout.contains("view: predicted"), predicted.stdout)
        XCTAssertTrue(predicted.stdout.contains("the model puts them in"), predicted.stdout)
        // Without DEAM the demo says plainly that it shows model placements.
        var environment = ProcessInfo.processInfo.environment
        environment["DEAM_DIR"] = "/nonexistent"
        let bare = try CLI.run(["demo", "--out-dir", dir.path, "-n", "2"], environment: environment)
        XCTAssertTrue(bare.stdout.contains("every point below is a MODEL placement"), bare.stdout)
    }
}
