import MoodCore

/// The stored spread of a model placement: what `PlacementDistribution` needs besides the
/// point. Catalog columns `pred_sd_valence`, `pred_sd_arousal`, `pred_corr`, `pred_ood`
/// (NULL for tracks predicted by a model without confidence).
public struct PlacementSpread: Equatable, Hashable, Sendable, Codable {
    public var sdValence: Double
    public var sdArousal: Double
    public var correlation: Double
    /// The input was unlike the model's training data ("unlike DEAM's music").
    public var outOfDistribution: Bool

    public init(sdValence: Double, sdArousal: Double, correlation: Double, outOfDistribution: Bool) {
        self.sdValence = sdValence
        self.sdArousal = sdArousal
        self.correlation = correlation
        self.outOfDistribution = outOfDistribution
    }

    /// The spread of `distribution`.
    public init(_ distribution: PlacementDistribution) {
        self.init(sdValence: distribution.sdValence, sdArousal: distribution.sdArousal,
                  correlation: distribution.correlation, outOfDistribution: distribution.outOfDistribution)
    }

    /// The distribution around `point`.
    public func distribution(at point: MoodPoint) -> PlacementDistribution {
        PlacementDistribution(mean: point, sdValence: sdValence, sdArousal: sdArousal, correlation: correlation,
                              outOfDistribution: outOfDistribution)
    }
}

extension CoordinateView {
    /// The CLI name: `human` (ratings where known, model elsewhere) or `predicted` (model only).
    public var name: String { self == .annotated ? "human" : "predicted" }

    /// Parses `human` (also `annotated`) or `predicted` (also `model`).
    public init?(name: String) {
        switch name.trimmingCharacters(in: .whitespaces).lowercased() {
        case "human", "annotated", "ratings": self = .annotated
        case "predicted", "model", "prediction": self = .predicted
        default: return nil
        }
    }
}

extension CatalogTrack {
    /// Where the track's point in `view` comes from.
    public func placementSource(in view: CoordinateView) -> PlacementSource {
        view == .annotated && input.annotation != nil ? .human : .model
    }

    /// The track's placement in `view`: the human rating (certain) or the model's point with its
    /// predictive distribution where the model was calibrated.
    public func placement(in view: CoordinateView) -> Placement {
        if view == .annotated, let annotation = input.annotation { return Placement(point: annotation, source: .human) }
        return Placement(point: input.predicted, source: .model, distribution: input.spread?.distribution(at: input.predicted))
    }
}

extension CatalogHit {
    /// The hit's placement in `view`.
    public func placement(in view: CoordinateView) -> Placement { track.placement(in: view) }
}
