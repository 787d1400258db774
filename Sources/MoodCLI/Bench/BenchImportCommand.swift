import ArgumentParser
import Foundation
import MERModel
import DEAMData
import Numerics
import PlaylistImport

/// `mood bench import`: imports a large generated M3U8 and XSPF and prints entries per second.
///
/// The files are generated (seeded) with `PlaylistWriter` when missing, so the
/// same files can be handed to the Python peers in `bench/`.
struct BenchImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Benchmark playlist import on a generated M3U8 and XSPF (entries per second).")

    enum Which: String, CaseInsensitiveArgument { case m3u, xspf, both }

    /// How the generated playlists write their local files.
    enum Locations: String, CaseInsensitiveArgument {
        /// `/home/user/Music/…`, `/data/DEAM/MEMD_audio/…`.
        case absolute
        /// `Artist 1/Album 1/…`, `../DEAM/MEMD_audio/…`: relative to the playlist's folder.
        case relative
        /// `file:///home/user/Music/Artist%201/…`.
        case uri
    }

    /// The words of the generated names.
    enum Names: String, CaseInsensitiveArgument {
        /// "Artist", "Album", "Title".
        case ascii
        /// "Künstler", "Albüm", "Tîtel": non-ASCII text in names and paths.
        case accented
    }

    @Option(help: "Entries per generated playlist.")
    var entries = 100_000

    @Option(help: "The M3U8 file to import (generated there if missing). Default: a temporary file.")
    var m3u: String?

    @Option(help: "The XSPF file to import (generated there if missing). Default: a temporary file.")
    var xspf: String?

    @Option(help: "Which format to import: m3u, xspf or both.")
    var format: Which = .both

    @Option(help: "Import each file this many times; the fastest run is reported.")
    var repeats = 1

    @Option(help: "Seed of the generated playlists.")
    var seed: UInt64 = 42

    @Option(help: "How generated playlists write local files: absolute, relative (to the playlist) or uri (file://).")
    var locations: Locations = .absolute

    @Option(help: "Words of generated names: ascii or accented (non-ASCII names and paths).")
    var names: Names = .ascii

    func validate() throws {
        guard entries > 0 else { throw ValidationError("--entries must be positive") }
        guard repeats > 0 else { throw ValidationError("--repeats must be positive") }
    }

    func run() throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("mood-bench-import-\(ProcessInfo.processInfo.processIdentifier)")
        var cleanup = false
        func path(_ given: String?, _ name: String) throws -> URL {
            if let given { return URL(fileURLWithPath: given) }
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
            cleanup = true
            return temporary.appendingPathComponent(name)
        }
        let m3uURL = try path(m3u, "bench.m3u8")
        let xspfURL = try path(xspf, "bench.xspf")
        defer { if cleanup { try? FileManager.default.removeItem(at: temporary) } }

        // Generate only what is missing, so that timing an existing file measures the import alone.
        let needM3U = format != .xspf && !FileManager.default.fileExists(atPath: m3uURL.path)
        let needXSPF = format != .m3u && !FileManager.default.fileExists(atPath: xspfURL.path)
        if needM3U || needXSPF {
            let tracks = Self.generatedTracks(count: entries, seed: seed, locations: locations, names: names)
            let writer = PlaylistWriter(title: "mood import benchmark (generated)")
            if needM3U { try writer.write(tracks, to: m3uURL, format: .m3u) }
            if needXSPF { try writer.write(tracks, to: xspfURL, format: .xspf) }
        }

        let importer = PlaylistImporter()
        var targets = [(String, URL)]()
        if format != .xspf { targets.append(("M3U8", m3uURL)) }
        if format != .m3u { targets.append(("XSPF", xspfURL)) }
        for (label, url) in targets {
            var best = Double.infinity
            var result: ImportedPlaylist?
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                result = try importer.importPlaylist(at: url)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            guard let playlist = result else { continue }
            let resolved = playlist.entries.filter { $0.reference.isResolved }.count
            let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            print(String(format: "%@ %@: %d entries (%d resolved), %.1f MB, %.3f s, %.0f entries/s",
                         label, url.path, playlist.entries.count, resolved, Double(bytes) / 1e6, best, Double(playlist.entries.count) / best))
        }
    }

    /// A seeded mix like real libraries: DEAM file paths, `deam:` ids, streams and ordinary (missing) files,
    /// the local files written as `locations` says, the names in `names`' words (the same draws for every choice).
    static func generatedTracks(count: Int, seed: UInt64, locations: Locations = .absolute, names: Names = .ascii) -> [PlaylistWriter.Track] {
        var rng = SeededGenerator(seed: seed)
        let (artistWord, albumWord, titleWord) = names == .ascii ? ("Artist", "Album", "Title") : ("K\u{FC}nstler", "Alb\u{FC}m", "T\u{EE}tel")
        func local(_ folder: String, _ file: String) -> String {
            switch locations {
            case .absolute: return folder + "/" + file
            case .relative:
                // The music folder is the playlist's; DEAM's sits beside it.
                if folder.hasPrefix("/home/user/Music/") { return String(folder.dropFirst("/home/user/Music/".count)) + "/" + file }
                return "../" + folder.split(separator: "/").suffix(2).joined(separator: "/") + "/" + file
            case .uri:
                let path = folder + "/" + file
                return "file://" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)
            }
        }
        return (0..<count).map { i in
            let id = 2 + Int(rng.next() % 2057)
            let location: String
            switch rng.next() % 10 {
            case 0: location = "deam:\(id)"
            case 1: location = "http://radio.example.com:8000/stream\(i % 50)"
            case 2: location = local("/home/user/Music/\(artistWord) \(i % 300)/\(albumWord) \(i % 40)",
                                     "\(String(format: "%02d", i % 20 + 1)) Track \(i).flac")
            default: location = local("/data/DEAM/MEMD_audio", "\(id).mp3")
            }
            return PlaylistWriter.Track(location: location, title: "\(titleWord) \(i), part \(i % 7)", artist: "\(artistWord) \(i % 300)",
                                        album: i % 3 == 0 ? "\(albumWord) \(i % 40)" : nil, duration: Double(120 + Int(rng.next() % 300)))
        }
    }
}
