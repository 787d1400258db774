import MoodCore
import Recommender

/// Text for the profile block of `analyze`, `recommend` and `demo`.
enum ProfileText {
    /// The profile in plain words; `detail` adds the statistics behind it (covariance, coherence).
    static func lines(_ p: MoodProfile, detail: Bool = false) -> [String] {
        let c = p.covariance
        func share(_ s: MoodShare) -> String { "\(s.name) \(s.count) (\(Int((s.share * 100).rounded()))%)" }
        var lines = [
            "centre        \(p.centre.description)  → \(p.centre.quadrant.name) / \(p.centre.subEmotion.name), intensity \(fixed(p.centre.intensity))",
            "mostly        \(p.dominantQuadrant.name) (\(Int((p.share(of: p.dominantQuadrant) * 100).rounded()))%) / \(p.dominantSubEmotion.name) (\(Int((p.share(of: p.dominantSubEmotion) * 100).rounded()))%)",
            "quadrants     " + p.quadrants.map(share).joined(separator: ", "),
            "sub-emotions  " + p.subEmotions.filter { $0.count > 0 }.sorted { $0.share > $1.share }.prefix(4).map(share).joined(separator: ", "),
            "spread        \(fixed(p.spread)) (typical distance of a track from the centre, on the 1–9 scale)",
        ]
        if detail {
            lines += [
                "covariance    [[\(fixed(c.vv, 3)), \(fixed(c.va, 3))], [\(fixed(c.va, 3)), \(fixed(c.aa, 3))]]",
                "coherence     \(fixed(p.coherence)) (\(p.coherenceLabel); 1 = every track points the same way from neutral)",
            ]
        }
        return lines
    }
}
