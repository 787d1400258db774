/// The Adam optimiser (Kingma & Ba) with optional weight decay, over any number
/// of parameter tensors ("slots"), each a flat `[Float]`.
///
/// Weight decay is either decoupled (AdamW, Loshchilov & Hutter: `w ← w·(1 − lr·λ)`
/// before the Adam step, as PyTorch's `AdamW`) or a classic L2 penalty added to the
/// gradient (`g ← g + λ·w`, as PyTorch's `Adam(weight_decay:)`). Callers choose per
/// slot whether decay applies (the CNN decays weights, not biases).
public struct Adam: Sendable {
    /// How weight decay enters the update.
    public enum WeightDecayMode: String, Codable, Sendable, Hashable, CaseIterable {
        /// AdamW: shrink weights directly, independent of the gradient scale.
        case decoupled
        /// L2 penalty added to the gradient before the moment estimates.
        case l2
    }

    /// Optimiser hyperparameters.
    public struct Configuration: Codable, Sendable, Hashable {
        /// Step size.
        public var learningRate: Double
        /// Decay of the first-moment estimate.
        public var beta1: Double
        /// Decay of the second-moment estimate.
        public var beta2: Double
        /// Added to the root of the second moment for stability.
        public var epsilon: Double
        /// Weight-decay coefficient λ (0 disables it).
        public var weightDecay: Double
        /// Decoupled (AdamW) or L2.
        public var weightDecayMode: WeightDecayMode

        /// PyTorch's defaults (lr 1e-3, betas 0.9/0.999, eps 1e-8) with decoupled decay 1e-2.
        public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                    weightDecay: Double = 1e-2, weightDecayMode: WeightDecayMode = .decoupled) {
            self.learningRate = learningRate
            self.beta1 = beta1
            self.beta2 = beta2
            self.epsilon = epsilon
            self.weightDecay = weightDecay
            self.weightDecayMode = weightDecayMode
        }
    }

    /// The hyperparameters.
    public var configuration: Configuration
    /// Steps taken so far (for bias correction).
    public private(set) var step: Int = 0
    private var firstMoments: [[Float]]
    private var secondMoments: [[Float]]

    /// An optimiser for tensors of the given sizes, with zero moments.
    public init(configuration: Configuration, slotSizes: [Int]) {
        self.configuration = configuration
        self.firstMoments = slotSizes.map { [Float](repeating: 0, count: $0) }
        self.secondMoments = slotSizes.map { [Float](repeating: 0, count: $0) }
    }

    /// Starts a new step; call once per mini-batch before updating the slots.
    public mutating func beginStep() { step += 1 }

    /// Updates `parameters` (slot `slot`) from `gradient` (same count).
    public mutating func update(_ parameters: inout [Float], gradient: UnsafePointer<Float>, slot: Int, decay: Bool) {
        precondition(step > 0, "call beginStep() before update")
        precondition(parameters.count == firstMoments[slot].count, "slot \(slot) holds \(firstMoments[slot].count) values, got \(parameters.count)")
        let c = configuration
        let lr = Float(c.learningRate)
        let b1 = Float(c.beta1), b2 = Float(c.beta2), eps = Float(c.epsilon)
        let correction1 = Float(1 - pow(c.beta1, Double(step)))
        let correction2 = Float(1 - pow(c.beta2, Double(step)))
        let stepSize = lr / correction1
        let l2: Float = decay && c.weightDecayMode == .l2 ? Float(c.weightDecay) : 0
        let shrink: Float = decay && c.weightDecayMode == .decoupled ? 1 - lr * Float(c.weightDecay) : 1
        let n = parameters.count
        parameters.withUnsafeMutableBufferPointer { w in
            firstMoments[slot].withUnsafeMutableBufferPointer { m in
                secondMoments[slot].withUnsafeMutableBufferPointer { v in
                    let wr = UnsafeMutableRawPointer(w.baseAddress!), gr = UnsafeRawPointer(gradient)
                    let mr = UnsafeMutableRawPointer(m.baseAddress!), vr = UnsafeMutableRawPointer(v.baseAddress!)
                    typealias V = SIMD8<Float>
                    let vl2 = V(repeating: l2), vb1 = V(repeating: b1), vb2 = V(repeating: b2)
                    let vShrink = V(repeating: shrink), vStep = V(repeating: stepSize)
                    let vC2 = V(repeating: 1 / correction2), vEps = V(repeating: eps)
                    var i = 0
                    while i + 8 <= n {
                        let o = i * 4
                        let wi = wr.loadUnaligned(fromByteOffset: o, as: V.self)
                        let g = gr.loadUnaligned(fromByteOffset: o, as: V.self) + vl2 * wi
                        let mi = vb1 * mr.loadUnaligned(fromByteOffset: o, as: V.self) + (1 - vb1) * g
                        let vi = vb2 * vr.loadUnaligned(fromByteOffset: o, as: V.self) + (1 - vb2) * g * g
                        mr.storeBytes(of: mi, toByteOffset: o, as: V.self)
                        vr.storeBytes(of: vi, toByteOffset: o, as: V.self)
                        let updated = wi * vShrink - vStep * mi / ((vi * vC2).squareRoot() + vEps)
                        wr.storeBytes(of: updated, toByteOffset: o, as: V.self)
                        i += 8
                    }
                    while i < n {
                        let g = gradient[i] + l2 * w[i]
                        let mi = b1 * m[i] + (1 - b1) * g
                        let vi = b2 * v[i] + (1 - b2) * g * g
                        m[i] = mi
                        v[i] = vi
                        w[i] = w[i] * shrink - stepSize * mi / ((vi * (1 / correction2)).squareRoot() + eps)
                        i += 1
                    }
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
import DEAMData
import Numerics
#endif
