/// Lion (Chen et al. 2023, arXiv:2302.06675), Keras form (`keras/src/optimizers/lion.py`;
/// lr 0.001, β₁ 0.9, β₂ 0.99): `w ← w − lr·sign(β₁m + (1 − β₁)g)`, then `m ← β₂m + (1 − β₂)g`.
public final class LionRule: ScalarGenericUpdateRule {
  let beta1: Double
  let beta2: Double

  /// Creates the rule.
  public init(beta1: Double, beta2: Double) {
    self.beta1 = beta1
    self.beta2 = beta2
  }

  /// The Keras name of the algorithm.
  public var name: String { "lion" }
  /// The per-parameter state slots, with Keras's variable names.
  public var slotNames: [String] { ["momentum"] }

  /// Updates one parameter in place (see the type's formula), in `Float` or `Double`.
  public func apply<T: OptimizerScalar>(
    weights w: UnsafeMutableBufferPointer<T>, gradient g: UnsafeBufferPointer<T>, slots: SlotBuffers<T>,
    learningRate lr: T, step: Int
  ) {
    let m = slots[0]
    let beta1 = T(self.beta1)
    let beta2 = T(self.beta2)
    for i in 0..<w.count {
      let c = m[i] * beta1 + g[i] * (1 - beta1)
      let sign: T = c > 0 ? 1 : (c < 0 ? -1 : 0)
      w[i] -= lr * sign
      m[i] = m[i] * beta2 + g[i] * (1 - beta2)
    }
  }
}
