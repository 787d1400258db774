import ArgumentParser
import Foundation
import MERModel
import DEAMData
import Numerics

/// `--kind` and the hyperparameter overrides shared by `mood evaluate` and `mood train`.
struct ModelArguments: ParsableArguments {
    @Option(name: .customLong("kind"), help: ArgumentHelp("Model kind: \(ModelKind.names.joined(separator: ", ")) (default: best, the shipped model's recipe).", valueName: "name"),
            completion: .list(ModelKind.names))
    var kindName: String?

    /// The older spelling of `--kind` (every other command's `--model` is a model FILE).
    @Option(name: .customLong("model"), help: .hidden)
    var legacyKindName: String?

    /// The model kind named by `--kind` (or the older `--model`); without either, the shipped model's (`best`).
    var model: String { kindName ?? legacyKindName ?? "best" }

    @Option(parsing: .unconditional, help: "Trees (random-forest, extra-trees) or boosting rounds (gbm).")
    var trees: Int?

    @Option(name: .customLong("k"), parsing: .unconditional, help: "Neighbours of knn.")
    var neighbors: Int?

    @Option(parsing: .unconditional, help: "Keep this many principal components after standardising (any model).")
    var pca: Int?

    @Option(parsing: .unconditional, help: "Fixed ridge penalty (default: chosen by leave-one-out).")
    var alpha: Double?

    @Option(parsing: .unconditional, help: "Training epochs of the cnn.")
    var epochs: Int?

    @Option(parsing: .unconditional, help: "Seed of the shuffle and of the model's random choices.")
    var seed: UInt64 = 0

    @OptionGroup var deam: DEAMOption

    /// The overrides as model options.
    var options: ModelOptions {
        ModelOptions(trees: trees, neighbors: neighbors, pcaComponents: pca, alpha: alpha, epochs: epochs, seed: seed)
    }

    func validate() throws {
        guard kindName == nil || legacyKindName == nil else {
            throw ValidationError("give the model kind once: --kind NAME (one of \(ModelKind.names.joined(separator: ", ")))")
        }
        // The ranges are the registry's (one home); the wording is the CLI's.
        do {
            try options.validate()
            if model != "all", let kind = ModelKind(name: model) { _ = try kind.specification(options) }
        } catch let error as ModelKindError {
            throw ValidationError(Self.message(for: error))
        }
    }

    /// The CLI flag of a model option.
    static func flag(_ option: ModelOptions.Option) -> String {
        switch option {
        case .trees: return "--trees"
        case .neighbors: return "--k"
        case .alpha: return "--alpha"
        case .epochs: return "--epochs"
        }
    }

    /// `error` in the words of this command's options.
    static func message(for error: ModelKindError) -> String {
        switch error {
        case .unknownModel: return "\(error)"
        case let .optionNotApplicable(option, model): return "\(flag(option)) does not apply to --kind \(model)"
        case let .optionOutOfRange(name, value, allowed):
            let flagName = ModelOptions.Option.allCases.first { $0.label == name }.map(flag) ?? (name.hasPrefix("principal") ? "--pca" : name)
            return "\(flagName) must be in \(allowed) (got \(value))"
        }
    }

    /// The registry entry named by `--kind`.
    func kind() throws -> ModelKind {
        guard let kind = ModelKind(name: model) else { throw ModelKindError.unknownModel(model) }
        return kind
    }

    /// Loads DEAM from `--deam`, `DEAM_DIR` or the default location.
    func loadDataset() throws -> DEAMDataset {
        try deam.load()
    }
}
