import ArgumentParser
import Foundation
import MERModel
import DEAMData
import Numerics

/// `--model` and the hyperparameter overrides shared by `mood evaluate` and `mood train`.
struct ModelArguments: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Model: \(ModelKind.names.joined(separator: ", ")).", valueName: "name"))
    var model: String

    @Option(help: "Trees (random-forest, extra-trees) or boosting rounds (gbm).")
    var trees: Int?

    @Option(name: .customLong("k"), help: "Neighbours of knn.")
    var neighbors: Int?

    @Option(help: "Keep this many principal components after standardising (any model).")
    var pca: Int?

    @Option(help: "Fixed ridge penalty (default: chosen by leave-one-out).")
    var alpha: Double?

    @Option(help: "Training epochs of the cnn.")
    var epochs: Int?

    @Option(help: "Seed of the shuffle and of the model's random choices.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("DEAM folder (default: $DEAM_DIR, then ../shared/data/deam).", valueName: "dir"))
    var deam: String?

    /// The overrides as model options.
    var options: ModelOptions {
        ModelOptions(trees: trees, neighbors: neighbors, pcaComponents: pca, alpha: alpha, epochs: epochs, seed: seed)
    }

    /// The registry entry named by `--model`.
    func kind() throws -> ModelKind {
        guard let kind = ModelKind(name: model) else { throw ModelKindError.unknownModel(model) }
        return kind
    }

    /// Loads DEAM from `--deam`, `DEAM_DIR` or the default location.
    func loadDataset() throws -> DEAMDataset {
        try DEAMDataset.load(from: DEAMDirectory.resolve(explicit: deam))
    }
}
