import Foundation
import MERModel
import DEAMData
import Numerics
import MoodCore
import Recommender
import XCTest

final class CatalogTests: XCTestCase {
    private func snapshot(_ catalog: Catalog) throws -> [CatalogTrack] { try catalog.allTracks() }

    func testMissingCatalogIsATypedErrorWithoutCLIWording() {
        XCTAssertThrowsError(try Catalog(path: "/nonexistent/mood/catalog.sqlite")) { error in
            XCTAssertEqual(error as? CatalogError, .missing(path: "/nonexistent/mood/catalog.sqlite"))
            XCTAssertEqual("\(error)", "no catalog at /nonexistent/mood/catalog.sqlite")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/nonexistent/mood"))
    }

    func testBuildStoresEverythingAndSetsSchemaVersion() throws {
        let dir = try Synthetic.temporaryDirectory(self)
        let path = dir.appendingPathComponent("nested/catalog.sqlite").path
        let catalog = try Catalog(path: path, mode: .createIfMissing)
        let inputs = Synthetic.deamTracks(120)
        let summary = try catalog.replaceDEAMTracks(inputs)
        XCTAssertEqual(summary.inserted, 120)
        XCTAssertEqual(catalog.trackCount, 120)
        XCTAssertEqual(try catalog.schemaVersion(), CatalogSchema.version)
        let stored = try catalog.tracks(deamIDs: [3, 4])
        XCTAssertEqual(stored[3]?.annotation, inputs[2].annotation)
        XCTAssertNil(stored[4]?.annotation)
        XCTAssertEqual(stored[4]?.predicted, inputs[3].predicted)
        XCTAssertEqual(stored[4]?.artist, "Artist 4")
        XCTAssertEqual(stored[4]?.modelVersion, "test-model-1")
        let info = try catalog.info()
        XCTAssertEqual(info.tracks, 120)
        XCTAssertEqual(info.annotated, 40)
        XCTAssertEqual(info.bySource["deam"], 120)
        // Reopening reads the same catalog.
        let reopened = try Catalog(path: path)
        XCTAssertEqual(try reopened.allTracks(), try catalog.allTracks())
    }

    func testRebuildIsIdempotentAndKeepsIDs() throws {
        let catalog = try Catalog(path: ":memory:", mode: .createIfMissing)
        let inputs = Synthetic.deamTracks(80)
        try catalog.replaceDEAMTracks(inputs)
        let first = try snapshot(catalog)
        let summary = try catalog.replaceDEAMTracks(inputs)
        XCTAssertEqual(summary.inserted, 0)
        XCTAssertEqual(summary.updated, 80)
        XCTAssertEqual(try snapshot(catalog), first)
        // Same nearest-neighbour answers from the rebuilt R*Tree.
        let p = MoodPoint(valence: 4, arousal: 6)
        XCTAssertEqual(try catalog.nearest(to: p, count: 5).map(\.track.id), bruteForce(first, p, 5).map(\.id))
    }

    func testRebuildRemovesStaleDEAMSongsButKeepsFeatureFiles() throws {
        let catalog = try Catalog(path: ":memory:", mode: .createIfMissing)
        try catalog.replaceDEAMTracks(Synthetic.deamTracks(50))
        try catalog.upsert([CatalogTrackInput(source: .featureFile, path: "/music/a.csv", contentHash: "abc",
                                              predicted: MoodPoint(valence: 6, arousal: 6), modelVersion: "m")])
        let summary = try catalog.replaceDEAMTracks(Array(Synthetic.deamTracks(50).prefix(30)))
        XCTAssertEqual(summary.removed, 20)
        XCTAssertEqual(catalog.trackCount, 31)
        XCTAssertNotNil(try catalog.track(path: "/music/a.csv"))
        XCTAssertEqual(try catalog.nearest(to: MoodPoint(valence: 5, arousal: 5), count: 100).count, 31,
                       "the R*Tree must lose the removed songs too")
    }

    func testFailedWriteRollsBackAndLeavesOldCatalogIntact() throws {
        let dir = try Synthetic.temporaryDirectory(self)
        let path = dir.appendingPathComponent("catalog.sqlite").path
        let catalog = try Catalog(path: path, mode: .createIfMissing)
        try catalog.replaceDEAMTracks(Synthetic.deamTracks(40))
        let before = try snapshot(catalog)
        var invalid = Synthetic.deamTracks(60, seed: 9, modelVersion: "v2")
        invalid[45].predicted = MoodPoint(valence: .nan, arousal: 5)
        XCTAssertThrowsError(try catalog.replaceDEAMTracks(invalid)) { error in
            XCTAssertEqual(error as? CatalogError, .invalidTrack(index: 45, reason: "predicted valence/arousal is not finite"))
        }
        XCTAssertEqual(try snapshot(catalog), before)
        // A failure in the middle of writing (row 46 repeats row 11's path, a UNIQUE violation)
        // after 45 rows and their R*Tree entries were written: everything rolls back.
        var broken = Synthetic.deamTracks(60, seed: 9, modelVersion: "v2")
        broken[10].path = "/same/file.csv"
        broken[45].path = "/same/file.csv"
        XCTAssertThrowsError(try catalog.replaceDEAMTracks(broken)) { error in
            XCTAssertTrue("\(error)".contains("UNIQUE constraint failed: tracks.path"), "\(error)")
        }
        XCTAssertEqual(try snapshot(catalog), before)
        XCTAssertEqual(catalog.trackCount, 40)
        // Another connection sees the old catalog too.
        XCTAssertEqual(try Catalog(path: path).allTracks(), before)
        XCTAssertEqual(try catalog.nearest(to: MoodPoint(valence: 5, arousal: 5), count: 1000).count, 40)
        XCTAssertEqual(try catalog.nearest(to: MoodPoint(valence: 5, arousal: 5), count: 1000, view: .annotated).count, 40)
    }

    func testBulkWriteRebuildsIndexesAndMatchesSmallWrites() throws {
        let bulk = try Catalog(path: ":memory:", mode: .createIfMissing)
        let inputs = Synthetic.deamTracks(Catalog.bulkThreshold + 10, seed: 21)
        try bulk.replaceDEAMTracks(inputs)
        let small = try Catalog(path: ":memory:", mode: .createIfMissing)
        for start in stride(from: 0, to: inputs.count, by: 5000) {
            try small.upsert(Array(inputs[start..<min(inputs.count, start + 5000)]))
        }
        XCTAssertEqual(try bulk.allTracks(), try small.allTracks())
        let filter = CatalogFilter(constraints: CatalogConstraints(subEmotion: .serenity), view: .annotated, limit: 20)
        XCTAssertEqual(try bulk.filter(filter), try small.filter(filter))
        XCTAssertEqual(try bulk.filter(filter), try bulk.filter(filter, access: .fullScan))
    }

    func testBulkFilledRTreesAreValidAndAnswerLikeRowByRowInserts() throws {
        let dir = try Synthetic.temporaryDirectory(self)
        let path = dir.appendingPathComponent("bulk.sqlite").path
        let bulk = try Catalog(path: path, mode: .createIfMissing)
        // Ids out of order and a feature-file track already stored: the fill covers every row.
        try bulk.upsert([CatalogTrackInput(source: .featureFile, path: "/music/own.csv", predicted: MoodPoint(valence: 2, arousal: 8), modelVersion: "m")])
        let inputs = Synthetic.deamTracks(Catalog.bulkThreshold + 500, seed: 5).reversed()
        let summary = try bulk.replaceDEAMTracks(Array(inputs))
        XCTAssertEqual(summary.inserted, Catalog.bulkThreshold + 500)
        let db = try Database(path: path)
        for table in ["tracks_pred_rtree", "tracks_human_rtree"] {
            XCTAssertEqual(try db.fetchOne("SELECT rtreecheck(?)", [table]) { $0.string(at: 0) }, "ok", table)
        }
        XCTAssertEqual(try db.fetchOne("SELECT count(*) FROM tracks_pred_rtree") { $0.int64(at: 0) }, Int64(Catalog.bulkThreshold + 501))
        XCTAssertEqual(try db.fetchOne("SELECT count(*) FROM tracks_human_rtree") { $0.int64(at: 0) }, Int64((Catalog.bulkThreshold + 500) / 3))
        // DEAM ids were written in order, so catalog ids follow DEAM ids.
        let stored = try bulk.tracks(deamIDs: [1, 2, 3])
        XCTAssertEqual(stored[2].map(\.id), stored[1].map { $0.id + 1 })

        let small = try Catalog(path: ":memory:", mode: .createIfMissing)
        try small.upsert([CatalogTrackInput(source: .featureFile, path: "/music/own.csv", predicted: MoodPoint(valence: 2, arousal: 8), modelVersion: "m")])
        let sorted = inputs.sorted { $0.deamID! < $1.deamID! }
        for start in stride(from: 0, to: sorted.count, by: 5000) { try small.upsert(Array(sorted[start..<min(sorted.count, start + 5000)])) }
        XCTAssertEqual(try bulk.allTracks(), try small.allTracks())
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<40 {
            let p = MoodPoint(valence: 1 + 8 * Double(rng.next() % 1000) / 1000, arousal: 1 + 8 * Double(rng.next() % 1000) / 1000)
            for view in CoordinateView.allCases {
                XCTAssertEqual(try bulk.nearest(to: p, count: 15, view: view), try small.nearest(to: p, count: 15, view: view))
                let near = CatalogFilter(near: p, radius: 0.3, view: view, limit: 30)
                XCTAssertEqual(try bulk.filter(near), try small.filter(near))
            }
        }
        // Single writes after the bulk fill go through the R*Tree as usual.
        try bulk.upsert([CatalogTrackInput(source: .featureFile, path: "/music/new.csv", predicted: MoodPoint(valence: 8.5, arousal: 1.5), modelVersion: "m")])
        XCTAssertEqual(try bulk.nearest(to: MoodPoint(valence: 8.5, arousal: 1.5), count: 1).first?.track.path, "/music/new.csv")
        XCTAssertEqual(try db.fetchOne("SELECT rtreecheck('tracks_pred_rtree')") { $0.string(at: 0) }, "ok")
    }

    func testFeatureFileUpsertByPath() throws {
        let catalog = try Catalog(path: ":memory:", mode: .createIfMissing)
        let a = CatalogTrackInput(source: .featureFile, path: "/x/song.csv", contentHash: "h1", title: "Song",
                                  predicted: MoodPoint(valence: 3, arousal: 3), modelVersion: "m1")
        XCTAssertEqual(try catalog.upsert([a]).inserted, 1)
        let id = try XCTUnwrap(try catalog.track(path: "/x/song.csv")).id
        var changed = a
        changed.contentHash = "h2"
        changed.predicted = MoodPoint(valence: 7, arousal: 7)
        XCTAssertEqual(try catalog.upsert([changed]).updated, 1)
        let stored = try XCTUnwrap(try catalog.track(path: "/x/song.csv"))
        XCTAssertEqual(stored.id, id)
        XCTAssertEqual(stored.predicted, MoodPoint(valence: 7, arousal: 7))
        XCTAssertEqual(try catalog.tracks(contentHash: "h2").map(\.id), [id])
        XCTAssertEqual(try catalog.nearest(to: MoodPoint(valence: 7, arousal: 7), count: 1).first?.distance ?? -1, 0, accuracy: 1e-12)
    }

    func testNotACatalogIsRejected() throws {
        let dir = try Synthetic.temporaryDirectory(self)
        let path = dir.appendingPathComponent("other.sqlite").path
        try Database(path: path).execute("CREATE TABLE something (x)")
        XCTAssertThrowsError(try Catalog(path: path, mode: .createIfMissing)) { error in
            XCTAssertEqual(error as? CatalogError, .notACatalog(path: path, reason: "it has no tracks table"))
        }
        XCTAssertEqual(try Database(path: path).userTables(), ["something"], "nothing was written into the foreign file")
    }

    // MARK: - Queries against brute force

    private func bruteForce(_ tracks: [CatalogTrack], _ p: MoodPoint, _ k: Int, view: CoordinateView = .predicted,
                            constraints: CatalogConstraints = CatalogConstraints(), excluding: Set<Int64> = [],
                            metric: MoodMetric = .euclidean) -> [CatalogTrack] {
        let kept: [CatalogTrack] = tracks.filter { !excluding.contains($0.id) && constraints.accepts($0.point(in: view), source: $0.source) }
        let scored: [(track: CatalogTrack, distance: Double)] = kept.map { ($0, metric.distance($0.point(in: view), p)) }
        let sorted = scored.sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.track.id < $1.track.id }
        return sorted.prefix(k).map { $0.track }
    }

    func testRTreeNearestMatchesBruteForceOnRandomPoints() throws {
        let catalog = try Catalog(path: ":memory:", mode: .createIfMissing)
        try catalog.replaceDEAMTracks(Synthetic.deamTracks(2000, seed: 3))
        let all = try catalog.allTracks()
        var rng = SeededGenerator(seed: 11)
        let mahalanobis = MoodMetric.mahalanobis(covariance: SymmetricMatrix2(vv: 2.0, va: 1.2, aa: 0.9))
        for trial in 0..<60 {
            let p = MoodPoint(valence: 1 + 8 * rng.nextUnit(), arousal: 1 + 8 * rng.nextUnit())
            let k = [1, 5, 10, 37][trial % 4]
            let view: CoordinateView = trial % 2 == 0 ? .predicted : .annotated
            let metric: MoodMetric = trial % 3 == 0 ? mahalanobis : .euclidean
            var constraints = CatalogConstraints()
            if trial % 5 == 1 { constraints.quadrant = Quadrant(rawValue: 1 + trial % 4) }
            if trial % 5 == 2 { constraints.subEmotion = SubEmotion(rawValue: trial % 12) }
            if trial % 5 == 3 { constraints.excludedQuadrant = p.quadrant; constraints.minIntensity = 0.2 }
            let excluding: Set<Int64> = trial % 4 == 0 ? Set(all.prefix(300).map(\.id)) : []
            let expected = bruteForce(all, p, k, view: view, constraints: constraints, excluding: excluding, metric: metric)
            let indexed = try catalog.nearest(to: p, count: k, view: view, constraints: constraints, excluding: excluding, metric: metric)
            let scanned = try catalog.nearest(to: p, count: k, view: view, constraints: constraints, excluding: excluding,
                                              metric: metric, access: .fullScan)
            XCTAssertEqual(indexed.map(\.track.id), expected.map(\.id), "trial \(trial) at \(p)")
            XCTAssertEqual(scanned.map(\.track.id), expected.map(\.id), "trial \(trial) full scan")
            for hit in indexed {
                XCTAssertEqual(hit.distance, metric.distance(hit.point, p), accuracy: 1e-12)
                XCTAssertEqual(hit.point, hit.track.point(in: view))
            }
        }
    }

    func testFilterPagesMatchBruteForce() throws {
        let catalog = try Catalog(path: ":memory:", mode: .createIfMissing)
        try catalog.replaceDEAMTracks(Synthetic.deamTracks(1500, seed: 5))
        let all = try catalog.allTracks()
        // Sub-emotion, strongest first, paged.
        let sector = SubEmotion.melancholy
        let expected = all.filter { $0.predicted.subEmotion == sector && $0.predicted.intensity >= 0.1 }
            .sorted { $0.predicted.intensity != $1.predicted.intensity ? $0.predicted.intensity > $1.predicted.intensity : $0.id < $1.id }
        XCTAssertGreaterThan(expected.count, 25)
        var collected = [Int64]()
        var offset = 0
        while true {
            let filter = CatalogFilter(constraints: CatalogConstraints(subEmotion: sector, minIntensity: 0.1), limit: 10, offset: offset)
            let page = try catalog.filter(filter)
            let scan = try catalog.filter(filter, access: .fullScan)
            XCTAssertEqual(page, scan)
            XCTAssertTrue(page.hits.allSatisfy { $0.point.subEmotion == sector })
            collected += page.hits.map(\.track.id)
            offset += 10
            if !page.hasMore { break }
        }
        XCTAssertEqual(collected, expected.map(\.id))

        // Near + radius within a quadrant, nearest first.
        let centre = MoodPoint(valence: 4, arousal: 3.5)
        let radius = 1.2
        let scored: [(track: CatalogTrack, distance: Double)] = all.map { ($0, $0.point(in: .annotated).distance(to: centre)) }
        let inside = scored.filter { $0.distance <= radius && $0.track.point(in: .annotated).quadrant == .sadness }
        let inDisc = inside.sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.track.id < $1.track.id }
        let discFilter = CatalogFilter(constraints: CatalogConstraints(quadrant: .sadness), near: centre, radius: radius,
                                       view: .annotated, limit: 1000)
        let disc = try catalog.filter(discFilter)
        XCTAssertEqual(disc.hits.map(\.track.id), inDisc.map { $0.track.id })
        XCTAssertEqual(try catalog.filter(discFilter, access: .fullScan), disc)
        XCTAssertFalse(disc.hasMore)
        for (hit, want) in zip(disc.hits, inDisc) { XCTAssertEqual(hit.distance, want.distance, accuracy: 1e-9) }
    }
}
