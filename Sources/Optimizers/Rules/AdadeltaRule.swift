/// Adadelta (Zeiler 2012, arXiv:1212.5701), Keras form (`keras/src/optimizers/adadelta.py`;
/// lr 0.001, ρ 0.95, ε 1e-7): `a ← ρa + (1 − ρ)g²`, `Δ = −√(d + ε)·g/√(a + ε)`,
/// `d ← ρd + (1 − ρ)Δ²`, `w ← w + lr·Δ`. The paper's form is lr = 1.
public final class AdadeltaRule: ScalarGenericUpdateRule {
  let rho: Double
  let epsilon: Double

  /// Creates the rule.
  public init(rho: Double, epsilon: Double) {
    self.rho = rho
    self.epsilon = epsilon
  }

  /// The Keras name of the algorithm.
  public var name: String { "adadelta" }
  /// The per-parameter state slots, with Keras's variable names.
  public var slotNames: [String] { ["accumulated_grad", "accumulated_delta_var"] }

  /// Updates one parameter in place (see the type's formula), in `Float` or `Double`.
  public func apply<T: OptimizerScalar>(
    weights w: UnsafeMutableBufferPointer<T>, gradient g: UnsafeBufferPointer<T>, slots: SlotBuffers<T>,
    learningRate lr: T, step: Int
  ) {
    let a = slots[0]
    let d = slots[1]
    let rho = T(self.rho)
    let epsilon = T(self.epsilon)
    let oneMinusRho = 1 - rho
    for i in 0..<w.count {
      a[i] = rho * a[i] + oneMinusRho * g[i] * g[i]
      let delta = -((d[i] + epsilon).squareRoot() * g[i]) / (a[i] + epsilon).squareRoot()
      d[i] = rho * d[i] + oneMinusRho * delta * delta
      w[i] += lr * delta
    }
  }
}
