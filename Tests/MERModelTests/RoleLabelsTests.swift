import XCTest
import MERModel

final class RoleLabelTests: XCTestCase {
    func testNamesLabelRolesByTheirWords() {
        XCTAssertEqual(RoleLabel(name: "machine_wars.mp3").highArousal, true)
        XCTAssertEqual(RoleLabel(name: "hr-domina-hunting.ogg").highArousal, true)
        XCTAssertEqual(RoleLabel(name: "hr3-icyland.ogg").highArousal, false)
        XCTAssertEqual(RoleLabel(name: "lose/Chimes They Fade.ogg"), RoleLabel(highArousal: false, positiveValence: false))
        XCTAssertEqual(RoleLabel(name: "win/Apex Aleph.ogg"), RoleLabel(highArousal: nil, positiveValence: true))
        XCTAssertEqual(RoleLabel(name: "frontiers.mp3"), RoleLabel(highArousal: nil, positiveValence: nil))
        XCTAssertNil(RoleLabel(name: "calm-before-battle.ogg").highArousal, "both lists: no label")
        XCTAssertNil(RoleLabel(name: "software.ogg").highArousal, "a keyword inside a word does not count")
    }

    func testRoleSetScoreIsTheAUCOfEachLabelledAxis() {
        let labels = [RoleLabel(name: "battle"), RoleLabel(name: "menu"), RoleLabel(name: "boss"), RoleLabel(name: "frontiers"),
                      RoleLabel(name: "win"), RoleLabel(name: "lose")]
        let score = RoleSetScore(labels: labels, valence: [5, 5, 5, 5, 6, 4], arousal: [7, 3, 2, 9, 5, 5])
        XCTAssertEqual(score.highArousalTracks, 2)
        XCTAssertEqual(score.lowArousalTracks, 1)
        XCTAssertEqual(score.arousalAUC, 0.5, "battle above menu, boss below it")
        XCTAssertEqual(score.valenceAUC, 1)
        let noNegatives = RoleSetScore(labels: [RoleLabel(name: "win")], valence: [5], arousal: [5])
        XCTAssertNil(noNegatives.valenceAUC)
        XCTAssertNil(noNegatives.arousalAUC)
    }
}
