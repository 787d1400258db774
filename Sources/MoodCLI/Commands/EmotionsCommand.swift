import ArgumentParser
import MoodCore

/// `mood emotions`: the quadrants and sub-emotions with their angle ranges.
struct Emotions: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the quadrants and sub-emotions with their angle ranges.")

    func run() throws {
        for quadrant in Quadrant.allCases {
            print("\(quadrant.code) \(quadrant.name)  [\(Int(quadrant.angleRange.lowerBound))°, \(Int(quadrant.angleRange.upperBound))°)  valence \(quadrant.highValence ? "high" : "low"), arousal \(quadrant.highArousal ? "high" : "low")")
            for sub in quadrant.subEmotions {
                print("    \(sub.name.padding(toLength: 11, withPad: " ", startingAt: 0)) [\(Int(sub.angleRange.lowerBound))°, \(Int(sub.angleRange.upperBound))°)")
            }
        }
    }
}
