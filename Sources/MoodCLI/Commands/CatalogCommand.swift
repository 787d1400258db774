import ArgumentParser
import FeatureExtraction
import Foundation
import MoodIO
import MERModel
import DEAMData
import Numerics
import MoodCore
import MoodEngine
import Recommender

/// `mood catalog …`: build, extend, query and export the track catalog.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Build, extend and query the song catalog (SQLite with an R*Tree index over valence/arousal).",
        subcommands: [CatalogBuild.self, CatalogAdd.self, CatalogList.self, CatalogRemove.self, CatalogPrune.self,
                      CatalogFilterCommand.self, CatalogInfo.self, CatalogExportStarter.self])
}

/// `mood catalog build`: every DEAM song with the model's prediction (one transaction).
struct CatalogBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Fill the catalog with DEAM's 1802 songs: predictions, human ratings and metadata.",
        discussion: """
            From DEAM (--deam, $DEAM_DIR or ../shared/data/deam) the model predicts every song; the \
            human ratings and artist/title/genre are stored too. With --starter the bundled predictions \
            of the default model are used instead (no DEAM needed; with --deam they are enriched with \
            DEAM's ratings and metadata). The write is one transaction, so an interrupted build leaves \
            the old catalog intact; rebuilding is idempotent and keeps added feature files.
            """)

    @OptionGroup var catalogOptions: CatalogOptions
    @OptionGroup var predictorOptions: PredictorOptions

    @Option(help: ArgumentHelp("DEAM folder (default: $DEAM_DIR, then ../shared/data/deam).", valueName: "dir"))
    var deam: String?

    @Flag(help: "Use the bundled starter catalog (the default model's predictions) instead of predicting from DEAM.")
    var starter = false

    @Option(name: .customLong("out-of-fold"), parsing: .unconditional, help: ArgumentHelp("Predict each DEAM song with a model of the same kind and settings trained on the other K−1 folds (K-fold cross-fitting), so DEAM songs get out-of-sample predictions like a user's own songs (and like the starter catalog). 0 = the model as is (in-sample: over-confident; for comparison only).", valueName: "K"))
    var outOfFold: Int = 10

    @Option(parsing: .unconditional, help: "Seed of the fold assignment for --out-of-fold.")
    var seed: UInt64 = 0

    func validate() throws {
        if starter && predictorOptions.modelFile != nil {
            throw ValidationError("--starter uses the bundled predictions of the default model; drop --model or --starter")
        }
        if outOfFold == 1 || outOfFold < 0 { throw ValidationError("--out-of-fold needs at least 2 folds (or 0 for none)") }
        if starter && outOfFold > 0 && outOfFold != 10 { throw ValidationError("--out-of-fold predicts from DEAM; it does not apply to --starter") }
    }

    func run() throws {
        try reportingErrors {
            try catalogOptions.checkTarget()
            let inputs: [CatalogTrackInput]
            let source: String
            if starter {
                inputs = try StarterCatalog.bundledTracks(enrichedWith: try deam.map { try DEAMDataset.load(from: DEAMDirectory.resolve(explicit: $0)) })
                source = "starter"
            } else {
                let directory: URL
                do {
                    directory = try DEAMDirectory.resolve(explicit: deam)
                } catch {
                    printError("Without DEAM, fill the catalog from the bundled predictions: mood catalog build --starter")
                    throw ExitStatus.of(error).fail("\(error)")
                }
                let dataset = try DEAMDataset.load(from: directory)
                let model = try predictorOptions.load()
                try model.model.checkFeatures(dataset.featureNames, file: predictorOptions.modelFile)
                // The model as it is places every song first: a damaged one is refused before anything is
                // trained or written (cross-fitting refits its kind, which would hide the damage).
                let inSample = try model.model.checkedPredict(dataset.features, file: model.source,
                                                              rowNames: dataset.songIDs.map { "DEAM song \($0)" })
                let predictions: [MoodPoint]
                var version = model.predictorVersion
                if outOfFold > 0 {
                    let bar = ProgressBar(total: outOfFold, label: "cross-fitting")
                    predictions = try model.model.crossFitted(on: dataset, folds: outOfFold, seed: seed) { done, _ in bar.update(done) }
                    bar.finish()
                    version += "-oof\(outOfFold)"
                } else {
                    predictions = inSample
                }
                // Cross-fitted DEAM songs take the model's calibrated (held-out) residual spread;
                // in-sample predictions get the spread of the model applied to its own training data.
                let spreads: [PlacementSpread?]? = outOfFold > 0
                    ? Array(repeating: model.typicalSpread, count: predictions.count)
                    : try model.predictSpreads(dataset.features)
                inputs = CatalogTrackInput.fromDEAM(dataset, predictions: predictions, modelVersion: version, spreads: spreads)
                source = "deam"
            }
            let catalog = try catalogOptions.open(.createIfMissing)
            let bar = ProgressBar(total: inputs.count, label: "writing catalog")
            let start = Date()
            let summary = try catalog.replaceDEAMTracks(inputs, source: source) { done, _ in bar.update(done) }
            bar.finish()
            let versions = Set(inputs.map(\.modelVersion)).sorted().joined(separator: ", ")
            print("catalog \(catalog.path): \(inputs.count) DEAM songs (\(summary.inserted) new, \(summary.updated) updated, \(summary.removed) removed) in \(fixed(Date().timeIntervalSince(start), 2)) s")
            print("source: \(source == "starter" ? "bundled starter predictions" : "DEAM + model"); model \(versions); \(catalog.trackCount) tracks in total")
        }
    }
}

/// `mood catalog filter`: pages through catalog songs by mood.
struct CatalogFilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "List catalog songs in a sub-emotion or quadrant, optionally near a point.",
        discussion: """
            Without --near, songs are ranked by the probability of lying in the --sub-emotion/--quadrant: \
            in the default human view DEAM songs rated there come first (certain), model-placed songs follow \
            by their predictive distribution's mass in the region. With --near, the nearest first.
            """)

    @Option(name: .customLong("sub-emotion"), help: ArgumentHelp("A sector (see `mood emotions`).", valueName: "name"), completion: .list(MoodWords.subEmotions))
    var subEmotion: String?

    @Option(help: ArgumentHelp("A quadrant: Joy, Fear, Sadness, Contentment or Q1–Q4.", valueName: "name"), completion: .list(MoodWords.quadrants))
    var quadrant: String?

    @Option(help: ArgumentHelp("Order by distance to this point.", valueName: "V,A"))
    var near: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Only songs within this distance of --near.", valueName: "r"))
    var radius: Double?

    @Option(name: .customLong("min-intensity"), parsing: .unconditional, help: ArgumentHelp("Only songs at least this intense (0–1).", valueName: "x"))
    var minIntensity: Double?

    @Option(name: [.customShort("n"), .customLong("count")], parsing: .unconditional, help: ArgumentHelp("Songs per page (1–10000).", valueName: "n"))
    var count: Int = 20

    @Option(name: .customLong("limit"), parsing: .unconditional, help: .hidden)
    var legacyLimit: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Songs to skip, for paging (0–10000000).", valueName: "n"))
    var offset: Int = 0

    /// The page size: `-n`/`--count` (or the older `--limit`).
    var limit: Int { legacyLimit ?? count }

    @OptionGroup var viewOption: ViewOption

    @Option(name: .customLong("min-confidence"), parsing: .unconditional, help: ArgumentHelp("Only songs at least this likely (0–1) to lie in the --sub-emotion/--quadrant asked for (without one: in their own quadrant). Human ratings count as certain.", valueName: "p"))
    var minConfidence: Double?

    @Option(help: "Output: table, json or csv.")
    var format: ResultFormat = .table

    @Option(help: ArgumentHelp("Also write the songs found as a playlist (.m3u8, .m3u or .xspf).", valueName: "file"))
    var out: String?

    @OptionGroup var scaleOptions: ScaleOptions
    @OptionGroup var catalogOptions: CatalogOptions

    func validate() throws {
        if let out { try PlaylistOutput.check(out) }
        guard subEmotion != nil || quadrant != nil || near != nil else {
            throw ValidationError("give --sub-emotion NAME or --quadrant NAME (and/or --near V,A)")
        }
        if radius != nil && near == nil { throw ValidationError("--radius needs --near V,A") }
        if let radius, !(radius.isFinite && radius > 0 && radius <= 12) {
            throw ValidationError("--radius must be a number greater than 0 and at most 12 (got \(radius))")
        }
        if let minIntensity, !(minIntensity.isFinite && (0...1).contains(minIntensity)) {
            throw ValidationError("--min-intensity must be a number between 0 and 1 (got \(minIntensity))")
        }
        guard (1...10_000).contains(limit) else { throw ValidationError("-n must be between 1 and 10000 (got \(limit))") }
        guard (0...10_000_000).contains(offset) else { throw ValidationError("--offset must be between 0 and 10000000 (got \(offset))") }
        if let minConfidence, !(minConfidence.isFinite && (0...1).contains(minConfidence)) {
            throw ValidationError("--min-confidence must be a number between 0 and 1 (got \(minConfidence))")
        }
    }

    func run() throws {
        try reportingErrors {
            if let out { try AtomicFile.checkWritable([out]) }
            var constraints = CatalogConstraints(minIntensity: minIntensity)
            constraints.subEmotion = try subEmotion.map(SubEmotion.parse)
            constraints.quadrant = try quadrant.map(Quadrant.parse)
            if let q = constraints.quadrant, let s = constraints.subEmotion, s.quadrant != q {
                throw ExitStatus.usage.fail("--sub-emotion \(s.name) is not in --quadrant \(q.name) (it is in \(s.quadrant.name))")
            }
            let view = viewOption.view
            let catalog = try catalogOptions.open(.readOnly)
            let search = CatalogSearch(constraints: constraints, near: try near.map(MoodTarget.parsePoint), radius: radius, view: view,
                                       minConfidence: minConfidence, limit: limit, offset: offset)
            let library = scaleOptions.scale == .library
            let page = try search.run(in: catalog, libraryOnly: library, scale: library ? try scaleOptions.mapping(for: catalog) : nil)
            let rows = page.rows
            if let out {
                let asked = [subEmotion, quadrant, near.map { "near \($0)" }].compactMap { $0 }.joined(separator: ", ")
                try PlaylistOutput.write(rows.map(\.track), files: try catalog.libraryFileRecords(), to: out, title: "mood: \(asked)")
                printError("playlist of \(rows.count) songs written to \(out)")
            }
            switch format {
            case .table: CatalogSearchTable.show(page, near: near != nil)
            case .json:
                try printJSON(CatalogSearchJSON(page))
            case .csv:
                print(CatalogSearchCSV.header)
                for row in rows { print(CatalogSearchCSV.row(row, view: view)) }
            }
        }
    }
}

/// `mood catalog info`.
struct CatalogInfo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show what the catalog holds.")

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(help: "Output: table, json or csv (one key,value row per fact).")
    var format: ResultFormat = .table

    func run() throws {
        try reportingErrors {
            let info = try catalogOptions.open(.readOnly).info()
            if format == .json { try printJSON(info); return }
            let rows: [(String, String)] = [
                ("catalog", info.path),
                ("schema", "version \(info.schemaVersion) (SQLite \(info.sqliteVersion), R*Tree index)"),
                ("tracks", "\(info.tracks): " + info.bySource.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")),
                ("DEAM filled", info.deamSource.map { $0 == "starter" ? "from the bundled starter predictions" : "from DEAM with a model" } ?? "no"),
                ("annotated", "\(info.annotated) with human ratings; \(info.withMetadata) with artist/title"),
                ("models", info.modelVersions.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")),
                ("quadrants", Quadrant.allCases.map { "\($0.name) \(info.quadrants[$0.name] ?? 0)" }.joined(separator: ", ") + " (predicted)"),
            ]
            if format == .csv {
                print("key,value")
                for (key, value) in rows { print(csvField(key) + "," + csvField(value)) }
            } else {
                for (key, value) in rows { print(column(key, 15) + value) }
            }
        }
    }
}

/// `mood catalog export-starter`: writes the starter catalog CSV from the catalog's DEAM songs.
struct CatalogExportStarter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-starter",
        abstract: "Write the starter catalog (DEAM ids and predicted valence/arousal only) from this catalog.",
        discussion: "Build the catalog from DEAM with the default model first. The file committed as Sources/Recommender/Resources/starter-catalog.csv is made this way.")

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(help: ArgumentHelp("Output CSV file.", valueName: "file"))
    var out: String

    func run() throws {
        try reportingErrors {
            try AtomicFile.checkWritable([out])
            let catalog = try catalogOptions.open(.readOnly)
            let text = try StarterCatalog.export(from: catalog, notes: [
                "Generated by `mood catalog export-starter`; no DEAM features, annotations or metadata are included.",
                "Regenerate after changing the default model: mood catalog build --out-of-fold 10 --db /tmp/c.sqlite",
                "  && mood catalog export-starter --db /tmp/c.sqlite --out Sources/Recommender/Resources/starter-catalog.csv",
            ])
            let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.count - 1
            guard rows > 0 else {
                throw ExitStatus.notFound.fail("the catalog has no DEAM songs; run `mood catalog build` first")
            }
            try AtomicFile.write(text, to: URL(fileURLWithPath: out))
            print("wrote \(rows) DEAM songs' predictions to \(out) (model \(try catalog.meta("deam.model_version") ?? "?"))")
        }
    }
}
