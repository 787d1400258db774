import DEAMData
import Numerics

extension CNNRegressor {
    /// The model's name in error messages.
    static let model = "CNNRegressor"

    /// Checks that the hyperparameters describe a trainable network for `inputLength` features.
    static func validate(_ c: Configuration, inputLength: Int) throws {
        func fail(_ name: String, _ value: Any, _ reason: String) -> EstimatorError {
            .invalidHyperparameter(model: model, name: name, value: "\(value)", reason: reason)
        }
        guard !c.filters.isEmpty else { throw fail("filters", c.filters, "at least one convolution block is needed") }
        guard c.filters.count == c.kernelSizes.count else {
            throw fail("kernelSizes", c.kernelSizes, "needs one kernel size per filter count (\(c.filters.count))")
        }
        guard c.filters.allSatisfy({ $0 > 0 }) else { throw fail("filters", c.filters, "filter counts must be positive") }
        guard c.kernelSizes.allSatisfy({ $0 > 0 }) else { throw fail("kernelSizes", c.kernelSizes, "kernel sizes must be positive") }
        guard c.poolSize > 0 else { throw fail("poolSize", c.poolSize, "must be positive") }
        guard c.hiddenUnits > 0 else { throw fail("hiddenUnits", c.hiddenUnits, "must be positive") }
        guard (0..<1).contains(c.convolutionDropout) else { throw fail("convolutionDropout", c.convolutionDropout, "must be in [0, 1)") }
        guard (0..<1).contains(c.hiddenDropout) else { throw fail("hiddenDropout", c.hiddenDropout, "must be in [0, 1)") }
        guard c.epochs > 0 else { throw fail("epochs", c.epochs, "must be positive") }
        guard c.batchSize > 0 else { throw fail("batchSize", c.batchSize, "must be positive") }
        guard c.learningRate > 0, c.learningRate.isFinite else { throw fail("learningRate", c.learningRate, "must be positive") }
        guard c.weightDecay >= 0, c.weightDecay.isFinite else { throw fail("weightDecay", c.weightDecay, "must be ≥ 0") }
        if let e = c.earlyStopping {
            guard e.validationFraction > 0, e.validationFraction < 1 else {
                throw fail("earlyStopping.validationFraction", e.validationFraction, "must be in (0, 1)")
            }
            guard e.patience > 0 else { throw fail("earlyStopping.patience", e.patience, "must be positive") }
        }
        var length = inputLength
        for k in c.kernelSizes {
            length = (length + 2 * ((k - 1) / 2) - k + 1) / c.poolSize
            guard length > 0 else { throw tooDeep(c, inputLength: inputLength) }
        }
    }

    /// The error for convolution blocks that pool the input down to nothing.
    static func tooDeep(_ c: Configuration, inputLength: Int) -> EstimatorError {
        .invalidHyperparameter(
            model: model, name: "kernelSizes", value: "\(c.kernelSizes)",
            reason: "\(c.filters.count) blocks with pool \(c.poolSize) reduce \(inputLength) inputs to nothing")
    }

    /// The shared input checks, plus the CNN's two target columns (valence, arousal).
    static func validate(_ x: Matrix, _ y: Matrix, weights: [Double]?) throws {
        try EstimatorInput.validate(model: model, x: x, y: y, weights: weights)
        guard y.columns == 2 else {
            throw EstimatorError.shapeMismatch(model: model, detail: "targets must have 2 columns (valence, arousal), got \(y.columns)")
        }
    }
}
