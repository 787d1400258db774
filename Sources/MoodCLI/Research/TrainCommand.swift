import ArgumentParser
import Foundation
import MERModel
import DEAMData
import Numerics

/// `mood train`: fits a model on every DEAM song and writes it as JSON.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on all DEAM songs and save it (JSON, written atomically).")

    @OptionGroup var modelArguments: ModelArguments

    @Option(help: ArgumentHelp("Where to write the model.", valueName: "file"))
    var out: String

    @Option(name: .customLong("calibration-folds"), parsing: .unconditional, help: ArgumentHelp("Folds of the cross-validation inside the training data that calibrates the model's confidence (predictive spread, 80% regions, unlike-DEAM detector); 0 = no confidence.", valueName: "K"))
    var calibrationFolds: Int = ConfidenceCalibration.defaultInnerFolds

    func validate() throws {
        if calibrationFolds == 1 || calibrationFolds < 0 { throw ValidationError("--calibration-folds needs at least 2 folds (or 0 for none)") }
        let parent = URL(fileURLWithPath: out).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--out: folder \(parent) does not exist")
        }
    }

    func run() throws {
        let kind = try modelArguments.kind()
        let specification = try kind.specification(modelArguments.options)
        let dataset = try modelArguments.loadDataset()
        let start = Date()
        let model = calibrationFolds > 0
            ? try MoodModel.trainCalibrated(specification, on: dataset, innerFolds: calibrationFolds)
            : try MoodModel.train(specification, on: dataset)
        let url = URL(fileURLWithPath: out)
        try model.write(to: url)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        let fitted = RegressionMetrics(truth: dataset.targets, predicted: model.predictValues(dataset.features))
        print("Trained \(kind.rawValue) on \(dataset.count) songs in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        print("Training-set R² (not a held-out score): valence \(String(format: "%.3f", fitted.r2Valence)), arousal \(String(format: "%.3f", fitted.r2Arousal))")
        if let c = model.confidence {
            print("Confidence: \(c.innerFolds)-fold held-out residual SD valence \(String(format: "%.3f", c.residualVV.squareRoot())), arousal \(String(format: "%.3f", c.residualAA.squareRoot())) (80% regions conformal); unlike-DEAM threshold \(String(format: "%.2f", c.excessThreshold)) SD outside the training range")
        }
        if let b = model.quadrantBalancing {
            print("Quadrant balancing: a label beside each point, the quadrant maximising p / prior^\(String(format: "%.1f", b.alpha)) (exponent chosen on the same held-out predictions; points are not moved)")
        }
        print("Wrote \(url.path) (\(bytes) bytes, format version \(MoodModel.currentFormatVersion))")
    }
}
