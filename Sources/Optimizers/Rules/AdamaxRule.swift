/// Adamax (Kingma & Ba 2014, §7.1), Keras form (`keras/src/optimizers/adamax.py`; lr 0.001,
/// β₁ 0.9, β₂ 0.999, ε 1e-7): `m ← m + (g − m)(1 − β₁)`, `u ← max(β₂u, |g|)`,
/// `w ← w − lr·m/((1 − β₁ᵗ)(u + ε))`.
public final class AdamaxRule: ScalarGenericUpdateRule {
  let beta1: Double
  let beta2: Double
  let epsilon: Double

  /// Creates the rule.
  public init(beta1: Double, beta2: Double, epsilon: Double) {
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  /// The Keras name of the algorithm.
  public var name: String { "adamax" }
  /// The per-parameter state slots, with Keras's variable names.
  public var slotNames: [String] { ["momentum", "norm"] }

  /// Updates one parameter in place (see the type's formula), in `Float` or `Double`.
  public func apply<T: OptimizerScalar>(
    weights w: UnsafeMutableBufferPointer<T>, gradient g: UnsafeBufferPointer<T>, slots: SlotBuffers<T>,
    learningRate lr: T, step: Int
  ) {
    let m = slots[0]
    let u = slots[1]
    let beta2 = T(self.beta2)
    let epsilon = T(self.epsilon)
    let correction = 1 - T.power(T(beta1), T(step))
    let oneMinusB1 = T(1 - beta1)
    for i in 0..<w.count {
      m[i] += (g[i] - m[i]) * oneMinusB1
      u[i] = max(beta2 * u[i], abs(g[i]))
      w[i] -= (lr * m[i]) / (correction * (u[i] + epsilon))
    }
  }
}
