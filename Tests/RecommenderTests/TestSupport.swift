import Foundation
import MERModel
import DEAMData
import Numerics
import MoodCore
import Recommender
import MoodTestSupport
import XCTest

/// Generated test data: random DEAM-like tracks (not real DEAM songs).
enum Synthetic {
    /// `count` DEAM-source tracks with ids 1…count, predictions spread over the 1–9 scale
    /// (clustered near the centre like real data), every third annotated, artists cycling.
    static func deamTracks(_ count: Int, seed: UInt64 = 1, modelVersion: String = "test-model-1", artists: Int = 7) -> [CatalogTrackInput] {
        var rng = SeededGenerator(seed: seed)
        return (1...count).map { id in
            let predicted = MoodPoint(valence: clamp(5 + 1.4 * rng.nextGaussian()), arousal: clamp(5 + 1.4 * rng.nextGaussian()))
            let annotation = id % 3 == 0 ? MoodPoint(valence: clamp(predicted.valence + 0.5 * rng.nextGaussian()),
                                                      arousal: clamp(predicted.arousal + 0.5 * rng.nextGaussian())) : nil
            return .deam(id: id, predicted: predicted, modelVersion: modelVersion, annotation: annotation,
                         artist: "Artist \(id % artists)", title: "Song \(id)", genre: "Test")
        }
    }

    static func clamp(_ x: Double) -> Double { min(9, max(1, x)) }

    /// A fresh temporary directory, removed at the end of the test.
    static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mood-rec-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}

/// The `mood` executable, run end to end (MoodTestSupport's runner).
typealias MoodBinary = CLI
