import XCTest
import MoodCore

final class CircumplexTests: XCTestCase {
    func testQuadrantBoundariesAreInclusiveOnTheHighSide() {
        XCTAssertEqual(MoodPoint(valence: 5, arousal: 5).quadrant, .joy)
        XCTAssertEqual(MoodPoint(valence: 4.99, arousal: 5).quadrant, .fear)
        XCTAssertEqual(MoodPoint(valence: 4.99, arousal: 4.99).quadrant, .sadness)
        XCTAssertEqual(MoodPoint(valence: 5, arousal: 4.99).quadrant, .contentment)
    }

    func testSectorsFollowTheAngle() {
        XCTAssertEqual(MoodPoint(valence: 9, arousal: 5).subEmotion, .elation)      // θ = 0
        XCTAssertEqual(MoodPoint(valence: 5, arousal: 9).subEmotion, .terror)       // θ = 90
        XCTAssertEqual(MoodPoint(valence: 1, arousal: 5).subEmotion, .disgust)      // θ = 180
        XCTAssertEqual(MoodPoint(valence: 5, arousal: 1).subEmotion, .calmness)     // θ = 270
        XCTAssertEqual(MoodPoint(valence: 5, arousal: 5).subEmotion, .elation)      // centre
        XCTAssertEqual(MoodPoint(valence: 5, arousal: 5).intensity, 0)
        XCTAssertTrue(MoodPoint(valence: 5, arousal: 5).isNeutral())
        for sector in SubEmotion.allCases {
            let p = MoodPoint(angle: sector.centreAngle, intensity: 0.5)
            XCTAssertEqual(p.subEmotion, sector)
            XCTAssertEqual(p.quadrant, sector.quadrant)
        }
    }

    func testAngleIntensityAndDistance() {
        let p = MoodPoint(valence: 3, arousal: 3)
        XCTAssertEqual(p.angle, 225, accuracy: 1e-9)
        XCTAssertEqual(p.intensity, (8.0).squareRoot() / 4, accuracy: 1e-12)
        XCTAssertEqual(p.subEmotion, .melancholy)
        XCTAssertEqual(MoodPoint(valence: 9, arousal: 9).intensity, 1)   // clamped
        XCTAssertEqual(MoodPoint(valence: 1, arousal: 1).distance(to: MoodPoint(valence: 4, arousal: 5)), 5, accuracy: 1e-12)
    }

    func testNamesParseCaseInsensitively() {
        XCTAssertEqual(SubEmotion(name: "melancholy"), .melancholy)
        XCTAssertEqual(SubEmotion(name: " SERENITY "), .serenity)
        XCTAssertNil(SubEmotion(name: "happiness"))
        XCTAssertEqual(Quadrant(name: "q3"), .sadness)
        XCTAssertEqual(Quadrant(name: "Contentment"), .contentment)
        XCTAssertEqual(SubEmotion.allCases.filter { $0.quadrant == .fear }, [.terror, .anger, .hostility])
    }
}
