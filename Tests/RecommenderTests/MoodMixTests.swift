import Foundation
import MoodCore
import Recommender
import XCTest

/// Mood mixes (`MoodRegion`, `MoodMix`), catalog searches (`CatalogSearch`) and the confidence
/// re-ranking of recommendations: the rankings behind `playlist`, `catalog filter` and `recommend`.
final class MoodMixTests: XCTestCase {
    private func track(_ id: Int64, _ v: Double, _ a: Double) -> (track: CatalogTrack, point: MoodPoint) {
        let point = MoodPoint(valence: v, arousal: a)
        return (CatalogTrack(id: id, .deam(id: Int(id), predicted: point, modelVersion: "m")), point)
    }

    func testRegionsFromWordsSubEmotionsQuadrantsAndPoints() throws {
        XCTAssertEqual(try MoodRegion("chill").label, "chill")
        let serenity = try MoodRegion("Serenity")
        XCTAssertEqual(serenity.centre.subEmotion, .serenity)
        XCTAssertTrue(serenity.contains(serenity.centre))
        XCTAssertFalse(serenity.contains(MoodPoint(valence: 5.05, arousal: 4.95)), "too little intensity")
        let sadness = try MoodRegion("Sadness")
        XCTAssertEqual(sadness.centre.quadrant, .sadness)
        let point = try MoodRegion("3,7")
        XCTAssertEqual(point.centre, MoodPoint(valence: 3, arousal: 7))
        XCTAssertTrue(point.contains(MoodPoint(valence: 3.6, arousal: 7.6)))
        XCTAssertFalse(point.contains(MoodPoint(valence: 3.8, arousal: 7.8)), "radius 1")
        XCTAssertThrowsError(try MoodRegion("grumpy")) { XCTAssertEqual($0 as? MoodTargetError, .unknownMood("grumpy")) }
        XCTAssertThrowsError(try MoodRegion("12,3"))
    }

    func testMixTakesTheRegionFirstNearestItsCentreThenFillsUnlessStrict() throws {
        let region = try MoodRegion("7,7")
        let pool = [track(1, 2, 2), track(2, 7.5, 7), track(3, 7, 7), track(4, 5, 4), track(5, 7, 7.2), track(6, 8.9, 8.9)]
        let mix = MoodMix(region: region, from: pool, count: 4, strict: false)
        XCTAssertEqual(mix.songs.map(\.track.id), [3, 5, 2, 6], "inside by distance, then the nearest outside")
        XCTAssertEqual(mix.songs.map(\.inside), [true, true, true, false])
        XCTAssertEqual(mix.insideCount, 3)
        XCTAssertEqual(mix.poolCount, 6)
        XCTAssertEqual(mix.songs[1].distance, 0.2, accuracy: 1e-12)
        XCTAssertEqual(MoodMix(region: region, from: pool, count: 4, strict: true).songs.map(\.track.id), [3, 5, 2])
        // Ties break by catalog id, so a mix is reproducible.
        let tied = MoodMix(region: region, from: [track(9, 7, 7), track(8, 7, 7)], count: 2, strict: false)
        XCTAssertEqual(tied.songs.map(\.track.id), [8, 9])
    }

    func testSearchByRegionAndNearness() throws {
        let directory = try Synthetic.temporaryDirectory(self)
        let catalog = try Catalog(path: directory.appendingPathComponent("c.sqlite").path, mode: .createIfMissing)
        try catalog.replaceDEAMTracks(Synthetic.deamTracks(300))
        var constraints = CatalogConstraints()
        constraints.quadrant = .contentment
        let region = try CatalogSearch(constraints: constraints, view: .predicted, limit: 10).run(in: catalog)
        XCTAssertEqual(region.region, "Contentment")
        XCTAssertEqual(region.rows.count, 10)
        XCTAssertTrue(region.hasMore)
        let probabilities = region.rows.map { $0.probability ?? -1 }
        XCTAssertEqual(probabilities, probabilities.sorted(by: >), "ranked by the probability of lying in the region")

        let centre = MoodPoint(valence: 4, arousal: 6)
        let near = try CatalogSearch(constraints: CatalogConstraints(), near: centre, radius: 1.5, view: .predicted, limit: 50).run(in: catalog)
        let distances = near.rows.compactMap(\.distance)
        XCTAssertEqual(distances.count, near.rows.count)
        XCTAssertEqual(distances, distances.sorted())
        XCTAssertTrue(distances.allSatisfy { $0 <= 1.5 })
        XCTAssertNil(near.region)

        let page2 = try CatalogSearch(constraints: constraints, view: .predicted, limit: 10, offset: 10).run(in: catalog)
        XCTAssertTrue(Set(page2.rows.map(\.track.id)).isDisjoint(with: region.rows.map(\.track.id)))
    }
}
