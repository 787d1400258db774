import XCTest
import FeatureExtraction
import DEAMData
import MERModel
import MoodCore
import Numerics
import MoodTestSupport

/// Placement of real music by the default model: free game music that Debian
/// packages (`asc-music`, `hyperrogue-music`, `singularity-music`,
/// `planetblupi-music-ogg`; `.ci/run` installs them). Without them the test is
/// skipped with the install command, and fails under CI (`SystemTools`).
///
/// Set `MOOD_PLACEMENT_WHOLE=1` to also print whole-song placements (slow).
final class RealMusicPlacementTests: XCTestCase {
    static let asc = "/usr/share/games/asc/music/"
    static let hyperrogue = "/usr/share/hyperrogue/music/"
    static let singularity = "/usr/share/games/singularity/music/"
    static let planetblupi = "/usr/share/planetblupi/music/"

    /// Pieces whose role in their game is plainly excited: battle and hunt music.
    static let excited = [
        asc + "machine_wars.mp3",          // Advanced Strategic Command: battle
        asc + "time_to_strike.mp3",        // Advanced Strategic Command: attack
        hyperrogue + "hr-domina-hunting.ogg", // HyperRogue: hunting
    ]
    /// Pieces whose role is plainly calm.
    static let calm = [
        singularity + "lose/Chimes They Fade.ogg", // Endgame: Singularity, the game is lost: a fading close
        hyperrogue + "hr3-icyland.ogg",            // HyperRogue: Icy Land
        hyperrogue + "hr3-caves.ogg",              // HyperRogue: caves
    ]

    struct Placement {
        var file: String
        var point: MoodPoint
        var name: String { URL(fileURLWithPath: file).lastPathComponent }
    }

    static func requireFiles(_ files: [String]) throws {
        let missing = files.filter { !FileManager.default.fileExists(atPath: $0) }
        if !missing.isEmpty {
            try SystemTools.missing("Debian's free music is not installed (missing: \(missing.joined(separator: ", ")))",
                                    install: "apt-get install asc-music hyperrogue-music singularity-music planetblupi-music-ogg")
        }
    }

    func placements(_ files: [String], policy: AnalysisPolicy = .default) throws -> [Placement] {
        let library = try OpenSMILELibrary.required()
        let model = try MoodModel.bundledDefault()
        let extractor = AudioFeatureExtractor(library: library, cacheDirectory: nil, policy: policy)
        let results = extractor.extractAll(files.map { URL(fileURLWithPath: $0) }, parallelism: 2)
        var rows: [[Double]] = []
        var kept: [String] = []
        for (file, result) in zip(files, results) {
            switch result {
            case .success(let features):
                rows.append(try XCTUnwrap(features.songVector.values(orderedAs: model.featureNames)))
                kept.append(file)
            case .failure(let error):
                print("skipped: \(error)")
            }
        }
        let matrix = Matrix(rows: rows.count, columns: model.featureNames.count, storage: rows.flatMap { $0 })
        let points = model.predict(matrix)
        let placed = zip(kept, points).map { Placement(file: $0, point: $1) }
        for p in placed {
            print(String(format: "placement [%@] %@: valence %.2f, arousal %.2f, %@", policy.tag, p.name, p.point.valence, p.point.arousal, "\(p.point.quadrant)"))
        }
        return placed
    }

    func testExcitedPiecesGetHigherArousalThanCalmOnes() throws {
        try Self.requireFiles(Self.excited + Self.calm)
        let placed = try placements(Self.excited + Self.calm)
        XCTAssertEqual(placed.count, 6)
        let excited = placed.prefix(3).map(\.point.arousal), calm = placed.suffix(3).map(\.point.arousal)
        let gap = excited.reduce(0, +) / 3 - calm.reduce(0, +) / 3
        print(String(format: "excited mean arousal %.2f, calm %.2f, gap %.2f; lowest excited %.2f, highest calm %.2f",
                     excited.reduce(0, +) / 3, calm.reduce(0, +) / 3, gap, excited.min()!, calm.max()!))
        // Every excited piece above every calm one, and the means clearly apart.
        XCTAssertGreaterThan(excited.min()!, calm.max()!)
        XCTAssertGreaterThan(gap, 0.5)
        if ProcessInfo.processInfo.environment["MOOD_PLACEMENT_WHOLE"] == "1" {
            _ = try placements(Self.excited + Self.calm, policy: .wholeSong)
        }
    }

    func testAVariedFolderSpreadsOverMoreThanOneQuadrant() throws {
        let folders = [Self.asc, Self.hyperrogue, Self.singularity]
        try Self.requireFiles(folders)
        let files = folders.flatMap { folder in
            (FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? [])
                .filter { AudioInput.isAudioFile(URL(fileURLWithPath: $0)) }.sorted().map { folder + $0 }
        }
        let placed = try placements(files)
        XCTAssertGreaterThan(placed.count, 20)
        let quadrants = Dictionary(grouping: placed, by: \.point.quadrant).mapValues(\.count)
        print("quadrants: \(quadrants.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))")
        XCTAssertGreaterThan(quadrants.count, 1)
        // Spread, not a point: arousal over at least 1.5 units of the 1–9 scale.
        let arousal = placed.map(\.point.arousal)
        XCTAssertGreaterThan(arousal.max()! - arousal.min()!, 1.5)
        if ProcessInfo.processInfo.environment["MOOD_PLACEMENT_WHOLE"] == "1" {
            let whole = try placements(files, policy: .wholeSong)
            let wholeQuadrants = Dictionary(grouping: whole, by: \.point.quadrant).mapValues(\.count)
            print("whole-song quadrants: \(wholeQuadrants.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))")
        }
    }
}
