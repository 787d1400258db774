import Foundation
import DEAMData
import Numerics

/// How many features a tree considers at each split (scikit-learn's `max_features`).
///
/// Written and parsed as `all`, `sqrt`, `log2`, an integer count (`"20"`) or a
/// fraction with a decimal point (`"0.33"`).
public enum MaxFeatures: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// Every feature.
    case all
    /// √F features (rounded down, at least one).
    case sqrt
    /// log₂F features (rounded down, at least one).
    case log2
    /// A fixed number of features (clamped to F).
    case count(Int)
    /// A fraction of the features, in (0, 1] (rounded down, at least one).
    case fraction(Double)

    /// The number of features to draw out of `featureCount`.
    public func resolved(featureCount: Int) -> Int {
        let f = Double(featureCount)
        let n: Int
        switch self {
        case .all: n = featureCount
        case .sqrt: n = Int(f.squareRoot())
        case .log2: n = Int(Foundation.log2(f))
        case .count(let c): n = c
        case .fraction(let x): n = Int(x * f)
        }
        return min(max(n, 1), featureCount)
    }

    /// Throws unless the value is usable.
    func validate(model: String) throws {
        switch self {
        case .count(let c) where c < 1:
            throw EstimatorError.invalidHyperparameter(model: model, name: "maxFeatures", value: "\(c)", reason: "a count must be at least 1")
        case .fraction(let x) where !(x > 0 && x <= 1):
            throw EstimatorError.invalidHyperparameter(model: model, name: "maxFeatures", value: "\(x)", reason: "a fraction must be in (0, 1]")
        default: break
        }
    }

    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch t {
        case "all", "none", "1.0": self = .all
        case "sqrt": self = .sqrt
        case "log2": self = .log2
        default:
            if t.contains(".") {
                guard let x = Double(t), x > 0, x <= 1 else { return nil }
                self = .fraction(x)
            } else {
                guard let c = Int(t), c >= 1 else { return nil }
                self = .count(c)
            }
        }
    }

    public var description: String {
        switch self {
        case .all: return "all"
        case .sqrt: return "sqrt"
        case .log2: return "log2"
        case .count(let c): return String(c)
        case .fraction(let x): return x == x.rounded() ? String(format1: x) : String(x)
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = MaxFeatures(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "maxFeatures must be all, sqrt, log2, an integer or a fraction in (0, 1]; got \"\(text)\""))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

private extension String {
    /// A whole-number fraction such as 1 written with its decimal point ("1.0").
    init(format1 x: Double) { self = String(Int(x)) + ".0" }
}
