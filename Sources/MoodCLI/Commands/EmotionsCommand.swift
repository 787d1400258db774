import ArgumentParser
import MoodCore
import Recommender

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
        print("")
        print("Everyday words (playlist --mood, --target-mood, --sub-emotion, --quadrant): angles, intensity ≥ \(EverydayMood.minIntensity);")
        print("as a target, the middle angle at intensity \(EverydayMood.targetIntensity); as a sub-emotion or quadrant, that point's.")
        for mood in EverydayMood.all {
            let c = mood.centre
            print("    \(mood.word.padding(toLength: 11, withPad: " ", startingAt: 0)) [\(Int(mood.from))°, \(Int(mood.to))°)  centre (\(fixed(c.valence, 1)), \(fixed(c.arousal, 1))) \(c.subEmotion.name)/\(c.quadrant.name)  \(mood.gloss)")
        }
    }
}
