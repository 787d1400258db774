import ArgumentParser
import Foundation
import MoodCore
import Recommender

/// `mood playlist --mood WORD`: a mood mix from the user's own songs, no seed playlist needed.
struct Playlist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playlist",
        abstract: "Make a mood mix from your own songs: --mood chill -n 30 --out chill.m3u8.",
        discussion: """
            --mood takes an everyday word (\(EverydayMood.words.joined(separator: ", "))), a sub-emotion, \
            a quadrant or a point V,A; `mood emotions` shows the region each word stands for. Songs inside \
            the region come first, nearest its centre first; when fewer than -n lie inside, the nearest \
            songs outside it fill the mix (unless --strict). Playlists hold absolute file paths with the \
            tags as titles (M3U8 #EXTINF duration and "artist - title"; XSPF title, creator, album, duration), \
            so VLC and mpv play them.
            """)

    @Option(help: ArgumentHelp("An everyday word, sub-emotion, quadrant or V,A.", valueName: "word"), completion: .list(MoodWords.moods))
    var mood: String

    @Option(name: [.customShort("n"), .customLong("count")], parsing: .unconditional, help: ArgumentHelp("Songs in the mix (1–10000).", valueName: "n"))
    var count: Int = 30

    @Option(help: ArgumentHelp("Write the mix to this playlist (.m3u8, .m3u or .xspf).", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Songs to draw from: your own (library, default), DEAM's, or all.", valueName: "library|deam|all"))
    var from: TrackOrigin = .library

    @Flag(help: "Only songs inside the mood's region, even if that gives fewer than -n.")
    var strict = false

    @Option(help: "Output: table, json or csv.")
    var format: ResultFormat = .table

    @OptionGroup var scaleOptions: ScaleOptions
    @OptionGroup var catalogOptions: CatalogOptions

    func validate() throws {
        if let out { try PlaylistOutput.check(out) }
        guard (1...10_000).contains(count) else { throw ValidationError("-n must be between 1 and 10000 (got \(count))") }
    }

    /// The region and its centre for `--mood`.
    static func region(_ text: String) throws -> (label: String, centre: MoodPoint, contains: (MoodPoint) -> Bool) {
        if let word = EverydayMood(word: text) { return (word.word, word.centre, word.contains) }
        if let sub = SubEmotion(name: text) {
            let centre = try MoodTarget.named(sub.name, intensity: EverydayMood.targetIntensity).point
            return (sub.name, centre, { $0.subEmotion == sub && $0.intensity >= EverydayMood.minIntensity })
        }
        if let quadrant = Quadrant(name: text) {
            let centre = try MoodTarget.named(quadrant.name, intensity: EverydayMood.targetIntensity).point
            return (quadrant.name, centre, { $0.quadrant == quadrant && $0.intensity >= EverydayMood.minIntensity })
        }
        if text.contains(",") {
            let target = try MoodTarget.point(text)
            let p = target.point
            return (target.label, p, { hypot($0.valence - p.valence, $0.arousal - p.arousal) <= 1 })
        }
        throw MoodTargetError.unknownMood(text)
    }

    func run() throws {
        try reportingErrors {
            let (label, centre, contains) = try Playlist.region(mood)
            let catalog = try catalogOptions.open(.readOnly)
            let scale = try scaleOptions.mapping(for: catalog)
            let files = try catalog.libraryFileRecords()
            let pool = try LibraryScaledSongs(catalog: catalog, scale: scale, view: .predicted, origin: from).songs
            if pool.isEmpty {
                throw ExitStatus.notFound.fail(from == .library
                    ? "the catalog \(catalog.path) holds none of your songs; add them with `mood catalog add ~/Music`"
                    : "the catalog \(catalog.path) holds no songs to choose from")
            }
            func distance(_ p: MoodPoint) -> Double { hypot(p.valence - centre.valence, p.arousal - centre.arousal) }
            let ranked = pool.map { (track: $0.track, point: $0.point, inside: contains($0.point), distance: distance($0.point)) }
                .sorted { ($0.inside ? 0 : 1, $0.distance, $0.track.id) < ($1.inside ? 0 : 1, $1.distance, $1.track.id) }
            let inside = ranked.filter(\.inside).count
            let chosen = Array(ranked.filter { !strict || $0.inside }.prefix(count))
            if chosen.isEmpty { throw ExitStatus.failure.fail("none of \(pool.count) songs is \(label) (drop --strict to take the nearest)") }
            if inside < min(count, pool.count) {
                printError(strict ? "only \(inside) of \(pool.count) songs are \(label)"
                           : "only \(inside) of \(pool.count) songs are \(label); the nearest \(chosen.count - min(inside, chosen.count)) outside the region fill the mix")
            }
            if let out {
                try PlaylistOutput.write(chosen.map(\.track), files: files, to: out, title: "mood: \(label)")
                printError("playlist of \(chosen.count) songs written to \(out)")
            }
            switch format {
            case .json:
                struct Item: Encodable {
                    var rank: Int, id: Int64, path: String?, deamId: Int?, artist: String?, title: String?
                    var valence: Double, arousal: Double, subEmotion: String, inRegion: Bool, distance: Double
                }
                struct Output: Encodable { var mood: String, centre: PointJSON, scale: String, songs: [Item] }
                try printJSON(Output(mood: label, centre: PointJSON(centre), scale: scale == nil ? "absolute" : "library",
                                     songs: chosen.enumerated().map { i, c in
                    Item(rank: i + 1, id: c.track.id, path: c.track.path, deamId: c.track.deamID, artist: c.track.artist,
                         title: c.track.title, valence: c.point.valence, arousal: c.point.arousal,
                         subEmotion: c.point.subEmotion.name, inRegion: c.inside, distance: c.distance)
                }))
            case .csv:
                print("rank,id,path,deamId,artist,title,valence,arousal,subEmotion,inRegion,distance")
                for (i, c) in chosen.enumerated() {
                    print(["\(i + 1)", "\(c.track.id)", csvField(c.track.path ?? ""), c.track.deamID.map(String.init) ?? "",
                           csvField(c.track.artist ?? ""), csvField(c.track.title ?? ""), fixed(c.point.valence, 4), fixed(c.point.arousal, 4),
                           c.point.subEmotion.name, c.inside ? "yes" : "no", fixed(c.distance, 4)].joined(separator: ","))
                }
            case .table:
                print("\(label): centre \(centre.description)" + (scale == nil ? "" : " (library scale: relative)"))
                print("  #  " + column("song", 40) + rightAligned("V", 5) + rightAligned("A", 5) + "  " + column("sub-emotion", 12) + " in  path")
                for (i, c) in chosen.enumerated() {
                    print(rightAligned("\(i + 1)", 3) + "  " + column(c.track.displayName, 40) + rightAligned(fixed(c.point.valence, 1), 5)
                          + rightAligned(fixed(c.point.arousal, 1), 5) + "  " + column(c.point.subEmotion.name, 12) + (c.inside ? " yes " : " no  ")
                          + LibrarySong.tail(terminalSafe(c.track.path ?? c.track.deamID.map { "deam:\($0)" } ?? ""), 22))
                }
            }
        }
    }
}
