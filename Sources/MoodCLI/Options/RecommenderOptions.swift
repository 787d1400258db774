import ArgumentParser
import FeatureExtraction
import Foundation
import MoodEngine
import MoodIO
import MERModel
import DEAMData
import Numerics
import MoodCore
import PlaylistImport
import Recommender

/// `--format table|json|csv` of the recommender commands.
enum ResultFormat: String, CaseInsensitiveArgument {
    case table, json, csv
}

/// `--db FILE`: the catalog database.
struct CatalogOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("Catalog database (default: $XDG_DATA_HOME/mood/catalog.sqlite or ~/.local/share/mood/catalog.sqlite).", valueName: "file"))
    var database: String?

    /// The catalog path in use.
    var path: String { database.map { ($0 as NSString).expandingTildeInPath } ?? CatalogLocation.defaultPath() }

    /// Opens the catalog (an existing one unless `mode` says otherwise); a missing catalog
    /// is reported with how to build one.
    func open(_ mode: Catalog.OpenMode = .existing) throws -> Catalog {
        do {
            return try Catalog(path: path, mode: mode)
        } catch let error as CatalogError {
            guard case .missing = error else { throw error }
            let status = ExitStatus.of(error).fail("\(error).")
            printError("Build one with `mood catalog build --deam DIR` (from DEAM with the default model), "
                       + "or `mood catalog build --starter` (the bundled predictions; no DEAM needed).")
            throw status
        }
    }
}

extension CatalogOptions {
    /// Checks, before any long work, that the catalog a command will write is one: an existing
    /// file that is not a catalog (or is damaged, or too new) is refused now, not after
    /// minutes of training. A missing or empty file passes: the write creates the catalog.
    func checkTarget() throws {
        do {
            _ = try Catalog(path: path, mode: .existing)
        } catch CatalogError.missing {
            return
        }
    }
}

/// `--model FILE`: the model that predicts feature files (default: the bundled model).
struct PredictorOptions: ParsableArguments {
    @Option(name: .customLong("model"), help: ArgumentHelp("Model file written by `mood train` (default: the bundled default model).", valueName: "file"))
    var modelFile: String?

    /// Loads the model.
    func load() throws -> ModelPredictor {
        if let modelFile { return try ModelPredictor.load(contentsOf: URL(fileURLWithPath: (modelFile as NSString).expandingTildeInPath)) }
        return try ModelPredictor.bundledDefault()
    }
}

/// The catalog, the model and the coordinates (`--db`, `--model`, `--view`, `--scale`)
/// with which `analyze`, `recommend` and `report` place a playlist.
struct PlacementOptions: ParsableArguments {
    @OptionGroup var catalogOptions: CatalogOptions
    @OptionGroup var predictorOptions: PredictorOptions

    @OptionGroup var viewOption: ViewOption
    @OptionGroup var scaleOptions: ScaleOptions

    /// Human ratings where known (default), or the model's placements only.
    var view: CoordinateView { viewOption.view }

    /// A placed playlist and what placed it.
    struct Placed {
        var catalog: Catalog
        var model: ModelPredictor
        /// The library-relative scale of the user's songs (nil: absolute).
        var scale: LibraryScale?
        var analysis: PlaylistAnalysis
    }

    /// Opens the catalog, loads the model and places `playlist` on the circumplex.
    func analyze(_ playlist: String) throws -> Placed {
        let catalog = try catalogOptions.open(.readOnly)
        let model = try predictorOptions.load()
        let scale = try scaleOptions.mapping(for: catalog)
        let analysis = try PlaylistLoader(catalog: catalog, predictor: model, view: view, scale: scale).analyze(playlist)
        return Placed(catalog: catalog, model: model, scale: scale, analysis: analysis)
    }
}

/// Reads a playlist and places it on the circumplex.
struct PlaylistLoader {
    var catalog: Catalog
    var predictor: TrackPredictor?
    var view: CoordinateView
    var scale: LibraryScale? = nil

    func analyze(_ path: String) throws -> PlaylistAnalysis {
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        // The user's own audio entries are extracted with openSMILE, cached beside the catalog.
        let audio = AudioResolution(cacheDirectory: AudioResolution.cacheDirectory(besideCatalogAt: catalog.path))
        let importer = PlaylistImporter(mapper: TrackMapper(audioFileResolver: audio.resolver))
        let imported: ImportedPlaylist
        if AudioInput.isAudioFile(url) && !url.lastPathComponent.isEmpty {
            // A single audio file is analysed as a one-entry playlist.
            imported = try importer.importPlaylist(data: Data((url.lastPathComponent + "\n").utf8), name: url.path,
                                                   baseDirectory: url.deletingLastPathComponent(), fileExtension: "m3u")
        } else {
            imported = try importer.importPlaylist(at: url)
        }
        return try PlaylistAnalyzer(catalog: catalog, predictor: predictor, view: view, scale: scale).analyze(imported, name: url.lastPathComponent)
    }
}

/// Options that shape recommendations (shared by `recommend` and `report`).
struct RecommendationOptions: ParsableArguments {
    @Option(name: [.short, .customLong("count")], parsing: .unconditional, help: ArgumentHelp("Number of songs to recommend (1–10000).", valueName: "n"))
    var n: Int = 10

    @Option(help: ArgumentHelp("Distance: euclidean, or mahalanobis (under the playlist's covariance).", valueName: "metric"))
    var metric: MoodMetric.Kind = .euclidean

    @Option(parsing: .unconditional, help: "Ridge added to the covariance's diagonal for --metric mahalanobis.")
    var ridge: Double = MoodMetric.defaultRidge

    @Option(help: ArgumentHelp("Only songs in this quadrant (Joy, Fear, Sadness, Contentment or Q1–Q4).", valueName: "name"), completion: .list(MoodWords.quadrants))
    var quadrant: String?

    @Option(name: .customLong("sub-emotion"), help: ArgumentHelp("Only songs in this sector (see `mood emotions`).", valueName: "name"), completion: .list(MoodWords.subEmotions))
    var subEmotion: String?

    @Option(name: .customLong("min-intensity"), parsing: .unconditional, help: ArgumentHelp("Only songs at least this intense (0–1).", valueName: "x"))
    var minIntensity: Double?

    @Option(help: ArgumentHelp("Steer toward this point (valence,arousal on the 1–9 scale).", valueName: "V,A"))
    var target: String?

    @Option(name: .customLong("target-mood"), help: ArgumentHelp("Steer toward a sub-emotion or quadrant, at the playlist's mean intensity.", valueName: "name"), completion: .list(MoodWords.moods))
    var targetMood: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Diversify with MMR: λ in [0, 1] (1 = nearest only, lower = more varied); also caps songs per artist (default 2).", valueName: "λ"))
    var diversity: Double?

    @Option(name: .customLong("max-per-artist"), parsing: .unconditional, help: ArgumentHelp("At most this many songs per artist.", valueName: "k"))
    var maxPerArtist: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("A gradual transition from the playlist's mood to the target in this many steps (needs --target or --target-mood).", valueName: "steps"))
    var path: Int?

    func validate() throws {
        if target != nil && targetMood != nil { throw ValidationError("use either --target or --target-mood, not both") }
        // The ranges are the engine's own (one home for each rule); only the wording is the CLI's.
        let provisional = RecommendationRequest(
            count: n, ridge: ridge, minIntensity: minIntensity,
            target: (target ?? targetMood) == nil ? nil : MoodTarget(point: MoodPoint(valence: 5, arousal: 5), label: ""),
            diversity: diversity, maxPerArtist: maxPerArtist, pathSteps: path)
        do { try provisional.validate() } catch let error as RecommendationError {
            throw ValidationError(Self.message(for: error))
        }
    }

    /// `error` in the words of this command's options.
    static func message(for error: RecommendationError) -> String {
        switch error {
        case let .countOutOfRange(count, allowed):
            return "-n must be between \(allowed.lowerBound) and \(allowed.upperBound) (got \(count))"
        case let .ridgeOutOfRange(ridge, allowed):
            return "--ridge must be a number between \(allowed.lowerBound) and \(allowed.upperBound) (got \(ridge))"
        case let .minIntensityOutOfRange(value):
            return "--min-intensity must be a number between 0 and 1 (got \(value))"
        case let .diversityOutOfRange(value):
            return "--diversity must be a number between 0 and 1 (got \(value))"
        case let .artistCapOutOfRange(cap):
            return "--max-per-artist must be at least 1 (got \(cap))"
        case let .subEmotionOutsideQuadrant(sub, quadrant):
            return "--sub-emotion \(sub.name) is not in --quadrant \(quadrant.name) (it is in \(sub.quadrant.name))"
        case .pathWithoutTarget:
            return "--path needs --target V,A or --target-mood NAME"
        case let .pathStepsOutOfRange(steps, allowed):
            return "--path must be between \(allowed.lowerBound) and \(allowed.upperBound) steps (got \(steps))"
        case let .morePathStepsThanSongs(steps, count):
            return "--path \(steps) needs at least \(steps) songs: raise -n (got \(count))"
        }
    }

    /// The steering target, if any.
    func resolvedTarget(for profile: MoodProfile) throws -> MoodTarget? {
        if let target { return try MoodTarget.point(target) }
        if let targetMood { return try MoodTarget.named(targetMood, intensity: profile.meanIntensity) }
        return nil
    }

    /// The engine request for `analysis`.
    func request(for analysis: PlaylistAnalysis, view: CoordinateView) throws -> RecommendationRequest {
        RecommendationRequest(
            count: n, view: view, metric: metric, ridge: ridge,
            quadrant: try quadrant.map(Quadrant.parse), subEmotion: try subEmotion.map(SubEmotion.parse),
            minIntensity: minIntensity, target: try resolvedTarget(for: analysis.profile), diversity: diversity,
            maxPerArtist: maxPerArtist ?? (diversity != nil ? 2 : nil), pathSteps: path, excluding: analysis.catalogIDs)
    }
}

extension MoodMetric.Kind: ExpressibleByArgument {
    /// `euclidean` or `mahalanobis`, in any case.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
