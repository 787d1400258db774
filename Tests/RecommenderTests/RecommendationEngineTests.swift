import MoodCore
import Recommender
import XCTest

final class RecommendationEngineTests: XCTestCase {
    /// A hand-made catalog around a sad playlist centred at (4, 4).
    private func makeCatalog() throws -> Catalog {
        let catalog = try Catalog(path: ":memory:", mode: .createIfMissing)
        func song(_ id: Int, _ v: Double, _ a: Double, _ artist: String) -> CatalogTrackInput {
            .deam(id: id, predicted: MoodPoint(valence: v, arousal: a), modelVersion: "m", artist: artist, title: "Song \(id)")
        }
        try catalog.replaceDEAMTracks([
            song(1, 3.9, 3.9, "A"),   // sad, 0.14 from the centre
            song(2, 5.05, 4.0, "B"),  // contentment, 1.05
            song(3, 3.0, 3.0, "C"),   // sad, 1.41
            song(4, 4.2, 5.1, "D"),   // fear, 1.12
            song(5, 2.0, 2.0, "E"),   // sad, 2.83
            song(6, 7.5, 7.5, "F"),   // joy, far
            song(7, 7.0, 7.2, "F"),   // joy
            song(8, 6.8, 7.6, "G"),   // joy
        ])
        return catalog
    }

    private var sadProfile: MoodProfile {
        get throws { try MoodProfile(points: [MoodPoint(valence: 3.5, arousal: 3.5), MoodPoint(valence: 4.5, arousal: 4.5)]) }
    }

    private func deamIDs(_ result: RecommendationResult) -> [Int] { result.recommendations.compactMap(\.track.deamID) }

    func testDominantQuadrantFirstThenDistance() throws {
        let engine = RecommendationEngine(catalog: try makeCatalog())
        let result = try engine.recommend(for: try sadProfile, request: RecommendationRequest(count: 5))
        XCTAssertEqual(result.preferredQuadrant, .sadness)
        XCTAssertEqual(deamIDs(result), [1, 3, 5, 2, 4])
        XCTAssertEqual(result.recommendations.map(\.rank), [1, 2, 3, 4, 5])
        XCTAssertTrue(result.recommendations[0].reason.contains("dominant quadrant Sadness"), result.recommendations[0].reason)
        XCTAssertTrue(result.recommendations[3].reason.contains("outside Sadness"), result.recommendations[3].reason)
        XCTAssertEqual(result.recommendations[0].distance, (0.01 + 0.01).squareRoot(), accuracy: 1e-12)
    }

    func testPlaylistTracksAreNeverRecommended() throws {
        let catalog = try makeCatalog()
        let excluded = Set(try catalog.tracks(deamIDs: [1, 3]).values.map(\.id))
        let result = try RecommendationEngine(catalog: catalog).recommend(for: try sadProfile, request: RecommendationRequest(count: 8, excluding: excluded))
        XCTAssertEqual(deamIDs(result), [5, 2, 4, 7, 8, 6])
    }

    func testConstraintsRestrictEverySong() throws {
        let engine = RecommendationEngine(catalog: try makeCatalog())
        let joy = try engine.recommend(for: try sadProfile, request: RecommendationRequest(count: 10, quadrant: .joy))
        XCTAssertEqual(Set(deamIDs(joy)), [6, 7, 8])
        XCTAssertTrue(joy.recommendations.allSatisfy { $0.point.quadrant == .joy })
        let sector = try engine.recommend(for: try sadProfile, request: RecommendationRequest(count: 10, subEmotion: .melancholy))
        XCTAssertTrue(sector.recommendations.allSatisfy { $0.point.subEmotion == .melancholy })
        XCTAssertEqual(deamIDs(sector), [1, 3, 5])
        XCTAssertThrowsError(try engine.recommend(for: try sadProfile, request: RecommendationRequest(quadrant: .joy, subEmotion: .anger)))
    }

    func testTargetSteersRanking() throws {
        let engine = RecommendationEngine(catalog: try makeCatalog())
        let target = MoodTarget(point: MoodPoint(valence: 7, arousal: 7), label: "joyful")
        let result = try engine.recommend(for: try sadProfile, request: RecommendationRequest(count: 3, target: target))
        XCTAssertEqual(result.anchor, target.point)
        XCTAssertEqual(result.preferredQuadrant, .joy)
        XCTAssertEqual(deamIDs(result), [7, 8, 6])
        XCTAssertTrue(result.recommendations[0].reason.contains("target joyful"))
    }

    func testNamedTargets() throws {
        let serenity = try MoodTarget.named("serenity", intensity: 0.5)
        XCTAssertEqual(serenity.point.subEmotion, .serenity)
        XCTAssertEqual(serenity.point.intensity, 0.5, accuracy: 1e-12)
        XCTAssertEqual(serenity.point.angle, 345, accuracy: 1e-9)
        XCTAssertEqual(try MoodTarget.named("Q1").point.angle, 45, accuracy: 1e-9)
        XCTAssertThrowsError(try MoodTarget.named("grumpy")) { error in
            XCTAssertTrue("\(error)".contains("Melancholy"), "\(error)")
        }
        XCTAssertThrowsError(try SubEmotion.parse("sadness")) { error in
            XCTAssertTrue("\(error)".contains("Elation, Enthusiasm"), "\(error)")
        }
        XCTAssertEqual(try MoodTarget.parsePoint("6.5, 3"), MoodPoint(valence: 6.5, arousal: 3))
        XCTAssertThrowsError(try MoodTarget.parsePoint("10,3"))
        XCTAssertThrowsError(try MoodTarget.parsePoint("6"))
    }

    func testArtistCap() throws {
        let engine = RecommendationEngine(catalog: try makeCatalog())
        let target = MoodTarget(point: MoodPoint(valence: 7.2, arousal: 7.3), label: "t")
        let plain = try engine.recommend(for: try sadProfile, request: RecommendationRequest(count: 2, target: target))
        XCTAssertEqual(deamIDs(plain), [7, 6], "both nearest songs are by artist F")
        let capped = try engine.recommend(for: try sadProfile, request: RecommendationRequest(count: 2, target: target, maxPerArtist: 1))
        XCTAssertEqual(deamIDs(capped), [7, 8])
    }

    func testMMRSpreadsPicks() throws {
        // A tight cluster of 6 songs next to the centre and 3 songs a little further out in other directions.
        let catalog = try Catalog(path: ":memory:", mode: .createIfMissing)
        var songs = [CatalogTrackInput]()
        for i in 0..<6 {
            songs.append(.deam(id: i + 1, predicted: MoodPoint(valence: 3.0 + 0.01 * Double(i), arousal: 3.0), modelVersion: "m", artist: "X\(i)"))
        }
        songs.append(.deam(id: 20, predicted: MoodPoint(valence: 2.2, arousal: 3.8), modelVersion: "m", artist: "Y"))
        songs.append(.deam(id: 21, predicted: MoodPoint(valence: 3.8, arousal: 2.2), modelVersion: "m", artist: "Z"))
        songs.append(.deam(id: 22, predicted: MoodPoint(valence: 2.2, arousal: 2.2), modelVersion: "m", artist: "W"))
        try catalog.replaceDEAMTracks(songs)
        let profile = try MoodProfile(points: [MoodPoint(valence: 3, arousal: 3)])
        let engine = RecommendationEngine(catalog: catalog)
        let nearest = try engine.recommend(for: profile, request: RecommendationRequest(count: 4))
        XCTAssertEqual(deamIDs(nearest), [1, 2, 3, 4])
        let diverse = try engine.recommend(for: profile, request: RecommendationRequest(count: 4, diversity: 0.3))
        XCTAssertEqual(diverse.recommendations.first?.track.deamID, 1, "the most relevant song still comes first")
        XCTAssertEqual(Set(deamIDs(diverse).dropFirst()), [20, 21, 22])
        XCTAssertTrue(diverse.recommendations[1].reason.contains("variety"))
        // λ = 1 is pure relevance.
        XCTAssertEqual(deamIDs(try engine.recommend(for: profile, request: RecommendationRequest(count: 4, diversity: 1))), [1, 2, 3, 4])
        XCTAssertThrowsError(try engine.recommend(for: profile, request: RecommendationRequest(diversity: 1.5)))
    }

    func testPathMovesFromProfileToTargetWithoutRepeats() throws {
        let catalog = try Catalog(path: ":memory:", mode: .createIfMissing)
        // A diagonal line of songs from sad to joyful.
        try catalog.replaceDEAMTracks((0..<41).map { i in
            let t = 2 + 0.15 * Double(i)
            return .deam(id: i + 1, predicted: MoodPoint(valence: t, arousal: t), modelVersion: "m")
        })
        let profile = try MoodProfile(points: [MoodPoint(valence: 2.5, arousal: 2.5)])
        let target = MoodTarget(point: MoodPoint(valence: 7.5, arousal: 7.5), label: "Joy")
        let engine = RecommendationEngine(catalog: catalog)
        let result = try engine.recommend(for: profile, request: RecommendationRequest(count: 10, target: target, pathSteps: 5))
        XCTAssertEqual(result.waypoints.count, 5)
        XCTAssertEqual(result.waypoints.first, profile.centre)
        XCTAssertEqual(result.waypoints.last, target.point)
        XCTAssertEqual(result.recommendations.count, 10)
        let ids = deamIDs(result)
        XCTAssertEqual(Set(ids).count, ids.count, "no song twice")
        XCTAssertEqual(result.recommendations.map { $0.step ?? 0 }, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        // Moving along the path: valence never goes back by more than one song's spacing.
        let valences = result.recommendations.map(\.point.valence)
        for (a, b) in zip(valences, valences.dropFirst()) { XCTAssertLessThan(a - b, 0.16) }
        XCTAssertLessThan(valences.first!, 3)
        XCTAssertGreaterThan(valences.last!, 7)
        XCTAssertThrowsError(try engine.recommend(for: profile, request: RecommendationRequest(pathSteps: 4)), "a path needs a target")
    }

    func testMahalanobisPrefersSongsAlongThePlaylistsSpread() throws {
        let catalog = try Catalog(path: ":memory:", mode: .createIfMissing)
        try catalog.replaceDEAMTracks([
            .deam(id: 1, predicted: MoodPoint(valence: 3.0, arousal: 3.9), modelVersion: "m"),  // along arousal: 0.9 away
            .deam(id: 2, predicted: MoodPoint(valence: 3.7, arousal: 3.0), modelVersion: "m"),  // along valence: 0.7 away
        ])
        // Playlist spread along arousal only.
        let profile = try MoodProfile(points: [MoodPoint(valence: 3, arousal: 2), MoodPoint(valence: 3, arousal: 4)])
        let engine = RecommendationEngine(catalog: catalog)
        XCTAssertEqual(deamIDs(try engine.recommend(for: profile, request: RecommendationRequest(count: 1))), [2])
        XCTAssertEqual(deamIDs(try engine.recommend(for: profile, request: RecommendationRequest(count: 1, metric: .mahalanobis))), [1])
    }
}
