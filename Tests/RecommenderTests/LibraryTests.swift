import Foundation
import MoodCore
import Recommender
import XCTest

/// The library side of the catalog: file records, moves, removal, the library-relative
/// scale and everyday mood words.
final class LibraryTests: XCTestCase {
    private func file(_ path: String, _ v: Double, _ a: Double, hash: String) -> (track: CatalogTrackInput, file: LibraryFile) {
        (CatalogTrackInput(source: .audio, path: path, contentHash: hash, artist: "A", title: path,
                           predicted: MoodPoint(valence: v, arousal: a), modelVersion: "m"),
         LibraryFile(size: 10, modified: 1, album: "Album", trackNumber: 2, duration: 180, musicBrainzRecordingID: "mbid"))
    }

    func testLibraryFilesAreStoredMovedAndRemoved() throws {
        let catalog = try Catalog(path: ":memory:", mode: .createIfMissing)
        try catalog.upsert([.deam(id: 1, predicted: MoodPoint(valence: 5, arousal: 5), modelVersion: "m", annotation: MoodPoint(valence: 6, arousal: 4))])
        let summary = try catalog.storeLibraryFiles([file("/m/a.mp3", 4, 4, hash: "h1"), file("/m/b.mp3", 6, 6, hash: "h2")])
        XCTAssertEqual(summary.inserted, 2)
        var entries = try catalog.libraryEntries()
        XCTAssertEqual(entries.map(\.track.path), ["/m/a.mp3", "/m/b.mp3"])
        XCTAssertEqual(entries[0].file?.album, "Album")
        XCTAssertEqual(entries[0].file?.musicBrainzRecordingID, "mbid")
        let id = entries[0].track.id
        try catalog.moveTrack(id: id, to: "/n/a.mp3", file: LibraryFile(size: 11, modified: 2, album: "Album"))
        entries = try catalog.libraryEntries()
        XCTAssertEqual(entries.first { $0.track.id == id }?.track.path, "/n/a.mp3")
        XCTAssertEqual(entries.first { $0.track.id == id }?.file?.size, 11)
        XCTAssertEqual(try catalog.deamAnnotations(), [MoodPoint(valence: 6, arousal: 4)])
        XCTAssertEqual(try catalog.removeTracks(ids: [id]), 1)
        XCTAssertEqual(catalog.trackCount, 2)
        XCTAssertEqual(try catalog.libraryEntries().count, 1)
        XCTAssertEqual(try catalog.libraryFileRecords().count, 1)
        // The R*Tree forgot it too: nothing near its old point but the others.
        XCTAssertFalse(try catalog.nearest(to: MoodPoint(valence: 4, arousal: 4), count: 5).contains { $0.track.id == id })
    }

    func testFromLibraryRestrictsRecommendationsToOwnSongs() throws {
        let catalog = try Catalog(path: ":memory:", mode: .createIfMissing)
        try catalog.upsert((1...50).map { .deam(id: $0, predicted: MoodPoint(valence: 4 + Double($0 % 5) * 0.3, arousal: 4), modelVersion: "m") })
        try catalog.storeLibraryFiles([file("/m/a.mp3", 4, 4, hash: "h1"), file("/m/b.mp3", 6, 6, hash: "h2")])
        var constraints = CatalogConstraints()
        constraints.restrict(to: .library)
        let own = try catalog.nearest(to: MoodPoint(valence: 4, arousal: 4), count: 10, constraints: constraints)
        XCTAssertEqual(own.map(\.track.path), ["/m/a.mp3", "/m/b.mp3"])
        constraints = CatalogConstraints()
        constraints.restrict(to: .deam)
        XCTAssertTrue(try catalog.nearest(to: MoodPoint(valence: 4, arousal: 4), count: 10, constraints: constraints).allSatisfy { $0.track.deamID != nil })
    }

    func testLibraryScaleKeepsOrderAndSpreadsOntoTheReference() {
        // A library huddled near the centre; a reference spread over 2…8.
        let library = (0..<21).map { MoodPoint(valence: 4.8 + Double($0) * 0.02, arousal: 5.2 - Double($0) * 0.01) }
        let reference = (0..<101).map { MoodPoint(valence: 2 + Double($0) * 0.06, arousal: 2 + Double($0) * 0.06) }
        let scale = LibraryScale(library: library, reference: reference, kind: .starterPredictions)
        let mapped = library.map(scale.map)
        for (x, y) in zip(mapped, mapped.dropFirst()) {
            XCTAssertLessThan(x.valence, y.valence)   // order kept on each axis
            XCTAssertGreaterThan(x.arousal, y.arousal)
        }
        // The median maps onto the reference median; the extremes near its ends.
        XCTAssertEqual(mapped[10].valence, 5, accuracy: 1e-9)
        XCTAssertEqual(mapped[10].arousal, 5, accuracy: 1e-9)
        XCTAssertLessThan(mapped[0].valence, 2.3)
        XCTAssertGreaterThan(mapped[20].valence, 7.7)
        // Points between and beyond library values stay monotone and on the reference's range.
        XCTAssertEqual(scale.map(MoodPoint(valence: 1, arousal: 9)).valence, mapped[0].valence, accuracy: 1e-9)
        let between = scale.map(MoodPoint(valence: 4.81, arousal: 5)).valence
        XCTAssertTrue(mapped[0].valence < between && between < mapped[1].valence)
    }

    func testLibraryScaleCarriesASpreadThroughTheMapsSlope() throws {
        // The library spans 4.5…5.5 on each axis, the reference 1…9: the map stretches eightfold.
        let library = (0...100).map { MoodPoint(valence: 4.5 + Double($0) / 100, arousal: 4.5 + Double($0) / 100) }
        let reference = (0...100).map { MoodPoint(valence: 1 + 8 * Double($0) / 100, arousal: 1 + 8 * Double($0) / 100) }
        let scale = LibraryScale(library: library, reference: reference, kind: .starterPredictions)
        let model = Placement(point: MoodPoint(valence: 5.1, arousal: 4.9), source: .model,
                              distribution: PlacementDistribution(mean: MoodPoint(valence: 5.1, arousal: 4.9), sdValence: 0.05,
                                                                  sdArousal: 0.1, correlation: 0.3, outOfDistribution: true))
        let mapped = scale.map(model)
        XCTAssertEqual(mapped.point.valence, 5.8, accuracy: 1e-6)
        XCTAssertEqual(mapped.point.arousal, 4.2, accuracy: 1e-6)
        let spread = try XCTUnwrap(mapped.distribution)
        XCTAssertEqual(spread.mean, mapped.point)
        XCTAssertEqual(spread.sdValence, 0.4, accuracy: 1e-6)
        XCTAssertEqual(spread.sdArousal, 0.8, accuracy: 1e-6)
        XCTAssertEqual(spread.correlation, 0.3, accuracy: 1e-12)
        XCTAssertTrue(spread.outOfDistribution)
        // A human rating is already on DEAM's scale; DEAM songs are never mapped.
        let human = Placement(point: MoodPoint(valence: 5.1, arousal: 4.9), source: .human)
        XCTAssertEqual(scale.map(human), human)
        XCTAssertFalse(scale.applies(to: .deam))
        XCTAssertTrue(scale.applies(to: .audio) && scale.applies(to: .featureFile))
    }

    func testRecommendationsOnTheLibraryScaleRankOwnSongsAtTheirMappedPoints() throws {
        let catalog = try Catalog(path: ":memory:", mode: .createIfMissing)
        try catalog.upsert((1...40).map { .deam(id: $0, predicted: MoodPoint(valence: 2 + Double($0) * 0.15, arousal: 2 + Double($0 % 8) * 0.7),
                                                modelVersion: "m", annotation: MoodPoint(valence: 1.5 + Double($0) * 0.17, arousal: 7 - Double($0 % 6))) })
        // Own songs huddled near the centre, in a line from calm-sad to excited-happy.
        try catalog.storeLibraryFiles((0..<9).map { file("/m/\($0).mp3", 4.8 + Double($0) * 0.05, 4.8 + Double($0) * 0.05, hash: "h\($0)") })
        let scale = try LibraryScale.forCatalog(catalog).get()
        XCTAssertEqual(scale.reference, .deamAnnotations)
        let profile = try MoodProfile(points: [MoodPoint(valence: 7.5, arousal: 6.5)])
        var request = RecommendationRequest(count: 3, view: .annotated)
        request.from = .library
        let absolute = try RecommendationEngine(catalog: catalog).recommend(for: profile, request: request)
        let relative = try RecommendationEngine(catalog: catalog, scale: scale).recommend(for: profile, request: request)
        // Both pick the happiest, most excited own songs; the library scale reports them spread out.
        XCTAssertEqual(absolute.recommendations.map(\.track.path), ["/m/8.mp3", "/m/7.mp3", "/m/6.mp3"])
        XCTAssertEqual(Set(relative.recommendations.compactMap(\.track.path)), ["/m/8.mp3", "/m/7.mp3", "/m/6.mp3"])
        XCTAssertEqual(relative.recommendations.map(\.distance), relative.recommendations.map(\.distance).sorted())
        for r in relative.recommendations {
            XCTAssertEqual(r.point, scale.map(r.track.predicted))
            XCTAssertEqual(r.placement.point, r.point)
            XCTAssertEqual(r.placement.source, .model)
        }
        XCTAssertGreaterThan(relative.recommendations[0].point.valence, absolute.recommendations[0].point.valence + 1)
        // With DEAM's songs too: those keep their human ratings, own songs their mapped points.
        request.from = .all
        request.count = 15
        let mixed = try RecommendationEngine(catalog: catalog, scale: scale).recommend(for: profile, request: request)
        for r in mixed.recommendations {
            if let rating = r.track.annotation {
                XCTAssertEqual(r.point, rating)
                XCTAssertEqual(r.placement.source, .human)
            } else {
                XCTAssertEqual(r.point, scale.map(r.track.predicted))
            }
            XCTAssertEqual(r.distance, ((r.point.valence - 7.5) * (r.point.valence - 7.5) + (r.point.arousal - 6.5) * (r.point.arousal - 6.5)).squareRoot(), accuracy: 1e-9)
        }
    }

    func testEverydayWordsNameRegionsAndParseAsMoods() throws {
        let chill = try XCTUnwrap(EverydayMood(word: "Chill"))
        XCTAssertEqual(chill.centre.quadrant, .contentment)
        XCTAssertTrue(chill.contains(chill.centre))
        XCTAssertFalse(chill.contains(MoodPoint(valence: 5, arousal: 5)))   // too weak to carry a mood
        XCTAssertEqual(try Quadrant.parse("sad"), .sadness)
        XCTAssertEqual(try Quadrant.parse("angry"), .fear)
        XCTAssertEqual(try Quadrant.parse("happy"), .joy)
        XCTAssertEqual(try SubEmotion.parse("relaxed").quadrant, .contentment)
        XCTAssertEqual(try MoodTarget.named("energetic").point.quadrant, .joy)
        XCTAssertGreaterThan(try MoodTarget.named("energetic").point.arousal, 7)
        XCTAssertLessThan(try MoodTarget.named("calm").point.arousal, 3.5)
        XCTAssertThrowsError(try MoodTarget.named("grumpy"))
        for mood in EverydayMood.all {
            XCTAssertTrue(mood.contains(mood.centre), mood.word)
            XCTAssertNotEqual(mood.centre.valence, 5, mood.word)   // never on a quadrant border
            XCTAssertNotEqual(mood.centre.arousal, 5, mood.word)
        }
    }
}
