import ArgumentParser
import Foundation
import MoodEngine
import Reporting
import MERModel
import DEAMData
import Numerics
import MoodCore
import Recommender

/// `mood demo`: the whole pipeline on the sample playlists, with no setup.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run end to end on samples/: profile four playlists, recommend songs, steer sad → joyful, write plots and reports.",
        discussion: """
            Uses the bundled default model and the bundled starter catalog (the model's predictions for \
            DEAM's songs), so it needs no DEAM download; with --deam it adds DEAM's titles, artists and \
            human ratings. Writes a catalog, SVG plots and HTML reports to --out-dir.
            """)

    @Option(help: ArgumentHelp("DEAM folder, to add titles, artists and human ratings.", valueName: "dir"))
    var deam: String?

    @Option(help: ArgumentHelp("The sample playlists (default: ./samples).", valueName: "dir"))
    var samples: String?

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("Where to write the catalog, plots and reports.", valueName: "dir"))
    var outDir: String = "mood-demo"

    @OptionGroup var viewOption: ViewOption

    @Option(name: .short, parsing: .unconditional, help: "Recommendations per playlist (1–100).")
    var n: Int = 5

    @OptionGroup var plotOptions: PlotOptions

    func validate() throws {
        guard (1...100).contains(n) else { throw ValidationError("-n must be between 1 and 100 (got \(n))") }
    }

    func run() throws {
        try reportingErrors {
            let samplesDirectory = try locateSamples()
            let playlists = try FileManager.default.contentsOfDirectory(atPath: samplesDirectory.path)
                .filter { ["m3u", "m3u8", "xspf", "pls"].contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
                .sorted()
            guard !playlists.isEmpty else {
                throw ExitStatus.notFound.fail("no playlists (.m3u8, .xspf, .pls) in \(samplesDirectory.path)")
            }
            let output = URL(fileURLWithPath: (outDir as NSString).expandingTildeInPath)
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)

            // 1. Catalog from the bundled starter predictions (+ DEAM metadata with --deam).
            // --deam must exist; $DEAM_DIR is used when it points at a folder, else ignored.
            let deam = self.deam ?? ProcessInfo.processInfo.environment["DEAM_DIR"].flatMap { path -> String? in
                var isDirectory: ObjCBool = false
                return !path.isEmpty && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue ? path : nil
            }
            let inputs = try StarterCatalog.bundledTracks(enrichedWith: try deam.map { try DEAMDataset.load(from: DEAMDirectory.resolve(explicit: $0)) })
            let view = viewOption.view
            let catalog = try Catalog(path: output.appendingPathComponent("catalog.sqlite").path, mode: .createIfMissing)
            try catalog.replaceDEAMTracks(inputs, source: "starter")
            let model = try ModelPredictor.bundledDefault()
            print("mood demo: catalog \(catalog.path) with \(catalog.trackCount) DEAM songs")
            print("  starter predictions of model \(inputs.first?.modelVersion ?? "?")\(deam == nil ? "" : "; titles and human ratings from DEAM")")
            print("default model \(model.predictorVersion); samples from \(samplesDirectory.path)")
            if view == .annotated && deam == nil {
                print("view: human, but DEAM's ratings are not in the repository (give --deam DIR or set DEAM_DIR):")
                print("  every point below is a MODEL placement (out-of-sample predictions), shown with its confidence")
            } else {
                print(ConfidenceText.viewLine(view))
            }

            // 2. Each sample: profile, recommendations, plot and report.
            var sad: (PlaylistAnalysis, String)?
            var written = [String]()
            for name in playlists {
                let path = samplesDirectory.appendingPathComponent(name).path
                let analysis = try PlaylistLoader(catalog: catalog, predictor: model, view: view).analyze(path)
                let request = RecommendationRequest(count: n, excluding: analysis.catalogIDs)
                let result = try RecommendationEngine(catalog: catalog).recommend(for: analysis.profile, request: request)
                let stem = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
                let report = try plotOptions.report(analysis, recommendations: result,
                                                    notes: Report.notes(catalog: catalog, model: model.predictorVersion, view: view), in: catalog)
                try report.plot.write(to: output.appendingPathComponent("\(stem).svg"))
                try report.write(to: output.appendingPathComponent("\(stem).html"))
                written += ["\(stem).svg", "\(stem).html"]
                if analysis.profile.dominantQuadrant == .sadness { sad = (analysis, stem) }

                print("")
                print("== \(name): \(analysis.placedTracks.count) of \(analysis.tracks.count) entries placed")
                for line in ProfileText.lines(analysis.profile) { print("   " + line) }
                let placements = analysis.tracks.compactMap(\.placement)
                let human = placements.filter { $0.source == .human }.count
                let modelPlaced = placements.filter { $0.source == .model }
                if !modelPlaced.isEmpty {
                    let dominant = analysis.profile.dominantQuadrant
                    let p = modelPlaced.map { $0.probability(of: dominant) }.reduce(0, +) / Double(modelPlaced.count)
                    let unlike = modelPlaced.filter { $0.distribution?.outOfDistribution ?? false }.count
                    print("   placed by: \(human) human rating\(human == 1 ? "" : "s"), \(modelPlaced.count) model placement\(modelPlaced.count == 1 ? "" : "s")")
                    print("     the model puts them in \(dominant.name) with mean probability \(Int((p * 100).rounded()))%\(unlike > 0 ? "; \(unlike) unlike DEAM's music" : "")")
                } else {
                    print("   placed by: \(human) human ratings (certain)")
                }
                for t in analysis.tracks where t.point == nil { print("   (entry \(t.index) unresolved: \(t.detail ?? "?"))") }
                print("   recommended:")
                for r in result.recommendations {
                    print(fitted("   " + rightAligned("\(r.rank)", 2) + ". " + column(r.track.displayName, 30) + " " + r.reason))
                }
            }

            // 3. The iso principle: from the sad playlist to joy, gradually.
            if let (analysis, stem) = sad {
                let target = try MoodTarget.named("Joy", intensity: analysis.profile.meanIntensity)
                let request = RecommendationRequest(count: 10, target: target, pathSteps: 5, excluding: analysis.catalogIDs)
                let result = try RecommendationEngine(catalog: catalog).recommend(for: analysis.profile, request: request)
                let report = try plotOptions.report(analysis, recommendations: result, target: target,
                                                    notes: Report.notes(catalog: catalog, model: model.predictorVersion, view: view), in: catalog)
                try report.plot.write(to: output.appendingPathComponent("\(stem)-to-joy.svg"))
                try report.write(to: output.appendingPathComponent("\(stem)-to-joy.html"))
                written += ["\(stem)-to-joy.svg", "\(stem)-to-joy.html"]
                print("")
                print("== From \(analysis.name) to Joy in 5 steps (iso principle: start where the listener is, move gradually)")
                for r in result.recommendations {
                    print(fitted("   " + rightAligned("\(r.rank)", 2) + ". " + column(r.track.displayName, 30) + " " + r.reason))
                }
            }
            print("")
            print("wrote to \(output.path): " + written.joined(separator: ", "))
            // Commands that work as printed: this very executable, the samples and catalog used here.
            let mood = ShellText.word(ShellText.relative(URL(fileURLWithPath: CommandLine.arguments.first ?? "mood").resolvingSymlinksInPath().path))
            let db = ShellText.word(ShellText.relative(catalog.path)), samplesPath = ShellText.relative(samplesDirectory.path)
            print("next, try:")
            for playlist in playlists.prefix(2) {
                print("  \(mood) analyze \(ShellText.word(samplesPath + "/" + playlist)) --db \(db)")
            }
            if let first = playlists.first {
                print("  \(mood) recommend \(ShellText.word(samplesPath + "/" + first)) --db \(db) --diversity 0.6")
            }
            print("  \(mood) catalog filter --sub-emotion melancholy --db \(db) -n 10")
        }
    }

    private func locateSamples() throws -> URL {
        var candidates = [String]()
        if let samples { candidates.append((samples as NSString).expandingTildeInPath) }
        else {
            candidates.append(FileManager.default.currentDirectoryPath + "/samples")
            // Beside the package when run as .build/<config>/mood.
            let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../../../samples").standardizedFileURL.path)
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return URL(fileURLWithPath: candidate)
            }
        }
        throw ExitStatus.notFound.fail("no samples folder found (looked in \(candidates.joined(separator: ", "))); run from the project folder or pass --samples DIR")
    }
}
