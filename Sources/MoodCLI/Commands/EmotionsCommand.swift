import ArgumentParser
import MoodCore
import Recommender

/// `mood emotions`: the quadrants and sub-emotions with their angle ranges.
struct Emotions: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "emotions", abstract: "List the quadrants and sub-emotions with their angle ranges.")

    func run() throws {
        for quadrant in Quadrant.allCases {
            print("\(quadrant.code) \(quadrant.name)  [\(Int(quadrant.angleRange.lowerBound))°, \(Int(quadrant.angleRange.upperBound))°)  valence \(quadrant.highValence ? "high" : "low"), arousal \(quadrant.highArousal ? "high" : "low")")
            for sub in quadrant.subEmotions {
                print("    \(sub.name.padding(toLength: 11, withPad: " ", startingAt: 0)) [\(Int(sub.angleRange.lowerBound))°, \(Int(sub.angleRange.upperBound))°)")
            }
        }
        print("")
        print("Everyday words (playlist --mood, --target-mood, --sub-emotion, --quadrant):")
        print("songs at these angles with intensity ≥ \(EverydayMood.minIntensity); as a target, the middle angle at intensity \(EverydayMood.targetIntensity).")
        for mood in EverydayMood.all {
            let c = mood.centre
            print(fitted("    \(mood.word.padding(toLength: 11, withPad: " ", startingAt: 0)) [\(Int(mood.from))°, \(Int(mood.to))°)  "
                         + "(\(fixed(c.valence, 1)), \(fixed(c.arousal, 1))) \(c.quadrant.name)/\(c.subEmotion.name)  \(mood.gloss)"))
        }
    }
}
