import ArgumentParser
import Foundation
import MoodCore
import MoodIO
import MoodEngine
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
            so VLC and mpv play them. With --strict and no song inside the region, it says so and exits 0 \
            with an empty mix.
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

    func run() throws {
        try reportingErrors {
            if let out { try AtomicFile.checkWritable([out]) }
            let region = try MoodRegion(mood)
            let catalog = try catalogOptions.open(.readOnly)
            let scale = try scaleOptions.mapping(for: catalog)
            let files = try catalog.libraryFileRecords()
            let pool = try LibraryScaledSongs(catalog: catalog, scale: scale, view: .predicted, origin: from).songs
            if pool.isEmpty {
                throw ExitStatus.notFound.fail(from == .library
                    ? "the catalog \(catalog.path) holds none of your songs; add them with `mood catalog add ~/Music`"
                    : "the catalog \(catalog.path) holds no songs to choose from")
            }
            let mix = MoodMix(region: region, from: pool, count: count, strict: strict)
            let (label, chosen, inside) = (region.label, mix.songs, mix.insideCount)
            if chosen.isEmpty {
                // Nothing inside the region under --strict is an answer, not a failure: exit 0.
                printError("none of \(pool.count) songs is \(label): the mix is empty (drop --strict to take the nearest)")
            } else if inside < min(count, pool.count) {
                printError(strict ? "only \(inside) of \(pool.count) songs are \(label)"
                           : "only \(inside) of \(pool.count) songs are \(label); the nearest \(chosen.count - min(inside, chosen.count)) outside the region fill the mix")
            }
            if let out {
                try PlaylistOutput.write(chosen.map(\.track), files: files, to: out, title: "mood: \(label)")
                printError("playlist of \(chosen.count) songs written to \(out)")
            }
            switch format {
            case .json:
                try printJSON(MoodMixJSON(mix, libraryScale: scale != nil))
            case .csv:
                print(MoodMixCSV.header)
                for row in MoodMixCSV.rows(mix) { print(row) }
            case .table:
                print("\(label): centre \(region.centre.description)" + (scale == nil ? "" : " (library scale: relative)"))
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
