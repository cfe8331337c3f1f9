/// LAMB (You et al. 2019, arXiv:1904.00962), Keras form (`keras/src/optimizers/lamb.py`; lr 0.001,
/// β₁ 0.9, β₂ 0.999, ε 1e-7): Adam moments, `u = (m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε)`,
/// trust ratio `r = ‖w‖/‖u‖` (1 if either norm is 0), `w ← w − r·lr·u`.
/// Two passes over the tensor (norms, then update) so no scratch buffer is needed.
public final class LambRule: ScalarGenericUpdateRule {
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
  public var name: String { "lamb" }
  /// The per-parameter state slots, with Keras's variable names.
  public var slotNames: [String] { ["momentum", "velocity"] }

  /// Updates one parameter in place (see the type's formula), in `Float` or `Double`.
  public func apply<T: OptimizerScalar>(
    weights w: UnsafeMutableBufferPointer<T>, gradient g: UnsafeBufferPointer<T>, slots: SlotBuffers<T>,
    learningRate lr: T, step: Int
  ) {
    let m = slots[0]
    let v = slots[1]
    let t = T(step)
    let c1 = 1 - T.power(T(beta1), t)
    let c2 = 1 - T.power(T(beta2), t)
    let oneMinusB1 = T(1 - beta1)
    let oneMinusB2 = T(1 - beta2)
    let epsilon = T(self.epsilon)
    var wSquares: T = 0
    var uSquares: T = 0
    for i in 0..<w.count {
      m[i] += (g[i] - m[i]) * oneMinusB1
      v[i] += (g[i] * g[i] - v[i]) * oneMinusB2
      let u = (m[i] / c1) / ((v[i] / c2).squareRoot() + epsilon)
      wSquares += w[i] * w[i]
      uSquares += u * u
    }
    let wNorm = wSquares.squareRoot()
    let uNorm = uSquares.squareRoot()
    let ratio: T = wNorm > 0 && uNorm > 0 ? wNorm / uNorm : 1
    for i in 0..<w.count {
      let u = (m[i] / c1) / ((v[i] / c2).squareRoot() + epsilon)
      w[i] -= ratio * lr * u
    }
  }
}
