import ArgumentParser
import Foundation
import MoodIO
import Reporting
import MERModel
import DEAMData
import Numerics

/// `mood evaluate`: cross-validated scores of a model, a hyperparameter sweep,
/// or (`--kind all`) the README results table.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Cross-validate a model on DEAM: R², RMSE, quadrant and sub-emotion scores and confusion matrices.",
        discussion: """
            Scaler and PCA are fitted inside each training fold. `--kind all` evaluates every model under \
            10-fold CV and the 80/20 split and prints the README results table (markdown). `--protocol years` \
            fits the model on DEAM's years and tests it on another (2013 → 2014, 2014 → 2013, 2013+2014 → 2015): \
            Spearman, R² and mean offset per axis and the 80% regions' coverage of the held-out year.
            """)

    enum ProtocolName: String, CaseInsensitiveArgument {
        case kfold, split, years
    }

    enum Format: String, CaseInsensitiveArgument {
        case table, json
    }

    @OptionGroup var modelArguments: ModelArguments

    @Option(parsing: .unconditional, help: "Folds of the shuffled K-fold cross-validation.")
    var folds: Int = 10

    @Option(name: .customLong("protocol"), help: "kfold (default), split (the original study's 80/20 split) or years (train on DEAM's years, test on another).")
    var evaluationProtocol: ProtocolName = .kfold

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @Option(help: "Sweep a hyperparameter like the study: trees, pca or k.")
    var sweep: Sweep.Parameter?

    @Option(help: ArgumentHelp("With --sweep: also draw the sweep as an SVG line chart.", valueName: "file.svg"))
    var chart: String?

    @Flag(name: .customLong("no-confidence"), help: "Skip the confidence scores (80% region coverage, ECE/Brier, region-query precision), which fit a calibration inside every training fold.")
    var noConfidence = false

    @Option(name: .customLong("calibration-folds"), parsing: .unconditional, help: ArgumentHelp("Folds of the inner cross-validation that calibrates confidence inside each training fold.", valueName: "K"))
    var calibrationFolds: Int = ConfidenceCalibration.crossFittingInnerFolds

    @Option(help: ArgumentHelp("With --kind all: also write the markdown table to this file (atomically).", valueName: "file.md"))
    var out: String?

    func validate() throws {
        if chart != nil && sweep == nil { throw ValidationError("--chart needs --sweep") }
        if out != nil && modelArguments.model != "all" { throw ValidationError("--out is for --kind all") }
        if sweep != nil && modelArguments.model == "all" { throw ValidationError("--sweep needs one model, not all") }
        if evaluationProtocol == .years {
            if modelArguments.model == "all" { throw ValidationError("--protocol years needs one model, not all") }
            if sweep != nil { throw ValidationError("--protocol years cannot be combined with --sweep") }
        }
    }

    var crossValidation: CrossValidation {
        CrossValidation(evaluationProtocol == .split ? .studySplit : .kFold(folds: folds), seed: modelArguments.seed)
    }

    func run() throws {
        if modelArguments.model.lowercased() == "all" { return try runAll() }
        let kind = try modelArguments.kind()
        let specification = try kind.specification(modelArguments.options)
        let dataset = try modelArguments.loadDataset()
        if evaluationProtocol == .years { return try runYears(kind: kind, specification: specification, dataset: dataset) }
        if let sweep { return try runSweep(Sweep(sweep), kind: kind, dataset: dataset) }
        let run: EvaluationRun
        if noConfidence {
            run = try EvaluationRun.measure(specification, x: dataset.features, y: dataset.targets,
                                            crossValidation: crossValidation, name: kind.rawValue)
        } else {
            let folds = evaluationProtocol == .split ? 1 : folds
            let progressBar = ProgressBar(total: folds, label: "evaluating \(kind.rawValue) \(crossValidation.evaluationProtocol) + confidence")
            run = try EvaluationRun.measureWithConfidence(specification, x: dataset.features, y: dataset.targets,
                                                          crossValidation: crossValidation, innerFolds: calibrationFolds,
                                                          name: kind.rawValue) { done, _ in progressBar.update(done) }
            progressBar.finish()
        }
        switch format {
        case .table:
            print(EvaluationReport.text(run), terminator: "")
            if let c = run.confidence { print(ConfidenceReport.text(c, quadrant: run.evaluation.quadrant), terminator: "") }
        case .json: print(try json(run))
        }
    }

    /// `--protocol years`: the recipe fitted on some of DEAM's years, scored on another.
    private func runYears(kind: ModelKind, specification: ModelSpecification, dataset: DEAMDataset) throws {
        let splits = YearSplit.standard
        let bar = ProgressBar(total: splits.count, label: "evaluating \(kind.rawValue) across DEAM's years")
        let result = try YearTransferEvaluation.measure(
            specification, songIDs: dataset.songIDs, x: dataset.features, y: dataset.targets, splits: splits,
            innerFolds: noConfidence ? 0 : calibrationFolds, seed: modelArguments.seed, name: kind.rawValue) { done, _ in bar.update(done) }
        bar.finish()
        switch format {
        case .table: print(result.text, terminator: "")
        case .json: print(try json(result))
        }
    }

    private func runSweep(_ sweep: Sweep, kind: ModelKind, dataset: DEAMDataset) throws {
        let bar = ProgressBar(total: sweep.values.count, label: "sweep \(sweep.parameter.rawValue)")
        let result = try sweep.run(kind: kind, options: modelArguments.options, x: dataset.features, y: dataset.targets,
                                   crossValidation: crossValidation) { done, _ in bar.update(done) }
        bar.finish()
        switch format {
        case .table: print(result.table(), terminator: "")
        case .json: print(try json(result))
        }
        if let chart {
            try result.chart().write(to: URL(fileURLWithPath: chart))
            printError("Wrote \(chart)")
        }
    }

    private func runAll() throws {
        let dataset = try modelArguments.loadDataset()
        let protocols: [EvaluationProtocol] = [.kFold(folds: folds), .studySplit]
        let jobs = protocols.flatMap { p in ModelKind.allCases.map { (p, $0) } }
        let bar = ProgressBar(total: jobs.count, label: "evaluating")
        var runs = [EvaluationRun]()
        for (i, (p, kind)) in jobs.enumerated() {
            var options = ModelOptions(seed: modelArguments.seed)
            options.pcaComponents = modelArguments.pca
            let specification = try kind.specification(options)
            runs.append(try EvaluationRun.measure(specification, x: dataset.features, y: dataset.targets,
                                                  crossValidation: CrossValidation(p, seed: modelArguments.seed)))
            bar.update(i + 1)
        }
        bar.finish()
        var command = "swift run -c release mood evaluate --kind all"
        if folds != 10 { command += " --folds \(folds)" }
        if modelArguments.seed != 0 { command += " --seed \(modelArguments.seed)" }
        if let pca = modelArguments.pca { command += " --pca \(pca)" }
        if let out { command += " --out \(out)" }
        switch format {
        case .table:
            let markdown = ResultsTable.markdown(runs: runs, command: command)
            print(markdown, terminator: "")
            if let out { try AtomicFile.write(markdown, to: URL(fileURLWithPath: out)) }
        case .json:
            struct All: Encodable { var runs: [EvaluationRun] }
            let text = try json(All(runs: runs))
            print(text)
            if let out { try AtomicFile.write(text + "\n", to: URL(fileURLWithPath: out)) }
        }
    }

    private func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension Sweep.Parameter: ExpressibleByArgument {
    /// A sweepable parameter's name, in any case.
    public init?(argument: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(argument) == .orderedSame }) else { return nil }
        self = match
    }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
