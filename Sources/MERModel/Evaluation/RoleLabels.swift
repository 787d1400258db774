/// Coarse labels of real music from the role its own name gives it in its game or film: the
/// labelling rule of the role sets used to *choose* models (never to fit them).
///
/// The rule reads the file's path below its package's music folder (sub-folders included, such as
/// `win/` and `lose/`), lowercased and split into words at every character that is not a letter.
/// A word labels the track when it *begins with* one of the keywords (`icyland` begins with `icy`,
/// `hunting` with `hunt`). A track matching both lists of an axis, or neither, gets no label on it.
///
/// | axis | label | keywords |
/// |---|---|---|
/// | arousal | high | battle, attack, boss, chase, war, hunt, strike, fight, enemy, threat |
/// | arousal | low | menu, calm, lullaby, ambient, peace, icy, cave, fade, sleep, dream |
/// | valence | positive | win, victory, triumph |
/// | valence | negative | lose, defeat, death, grave |
public struct RoleLabel: Sendable, Hashable, Codable {
    /// true: high-arousal role; false: low; nil: the name says neither (or both).
    public var highArousal: Bool?
    /// true: positive role; false: negative; nil: the name says neither (or both).
    public var positiveValence: Bool?

    public init(highArousal: Bool?, positiveValence: Bool?) {
        self.highArousal = highArousal
        self.positiveValence = positiveValence
    }

    public static let highArousalKeywords = ["battle", "attack", "boss", "chase", "war", "hunt", "strike", "fight", "enemy", "threat"]
    public static let lowArousalKeywords = ["menu", "calm", "lullaby", "ambient", "peace", "icy", "cave", "fade", "sleep", "dream"]
    public static let positiveValenceKeywords = ["win", "victory", "triumph"]
    public static let negativeValenceKeywords = ["lose", "defeat", "death", "grave"]

    /// The words of a name: lowercased runs of letters.
    public static func words(_ name: String) -> [String] {
        name.lowercased().split { !$0.isLetter }.map(String.init)
    }

    /// The label of a track from its path below the package's music folder.
    public init(name: String) {
        let words = Self.words(name)
        func matches(_ keywords: [String]) -> Bool { words.contains { word in keywords.contains { word.hasPrefix($0) } } }
        func decide(_ yes: [String], _ no: [String]) -> Bool? {
            let y = matches(yes), n = matches(no)
            return y == n ? nil : y
        }
        highArousal = decide(Self.highArousalKeywords, Self.lowArousalKeywords)
        positiveValence = decide(Self.positiveValenceKeywords, Self.negativeValenceKeywords)
    }
}

/// How well a model's placements rank labelled roles: AUC of arousal for high vs low roles and of
/// valence for positive vs negative ones (nil where a class is empty).
public struct RoleSetScore: Sendable, Codable, Equatable {
    public var arousalAUC: Double?
    public var highArousalTracks: Int
    public var lowArousalTracks: Int
    public var valenceAUC: Double?
    public var positiveTracks: Int
    public var negativeTracks: Int

    /// Scores (valence, arousal) placements against their tracks' labels.
    public init(labels: [RoleLabel], valence: [Double], arousal: [Double]) {
        precondition(labels.count == valence.count && labels.count == arousal.count, "one placement per label")
        let a = labels.indices.filter { labels[$0].highArousal != nil }
        let v = labels.indices.filter { labels[$0].positiveValence != nil }
        highArousalTracks = a.filter { labels[$0].highArousal == true }.count
        lowArousalTracks = a.count - highArousalTracks
        positiveTracks = v.filter { labels[$0].positiveValence == true }.count
        negativeTracks = v.count - positiveTracks
        let arousalAUC = RankMetrics.auc(scores: a.map { arousal[$0] }, labels: a.map { labels[$0].highArousal! })
        let valenceAUC = RankMetrics.auc(scores: v.map { valence[$0] }, labels: v.map { labels[$0].positiveValence! })
        self.arousalAUC = arousalAUC.isNaN ? nil : arousalAUC
        self.valenceAUC = valenceAUC.isNaN ? nil : valenceAUC
    }
}
