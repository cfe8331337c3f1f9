/// RMSprop (Hinton 2012, lecture 6e), optionally centered (Graves 2013) and with momentum.
///
/// Keras (`keras/src/optimizers/rmsprop.py`; lr 0.001, ρ 0.9, momentum 0, ε 1e-7, centered false):
/// `v ← ρv + (1 − ρ)g²`; centered `a ← ρa + (1 − ρ)g`, `d = v − a² + ε`, else `d = v + ε`;
/// `Δ = lr·g/√d` (ε **inside** the root); momentum `b ← μb + Δ`, `w ← w − b`, else `w ← w − Δ`.
///
/// PyTorch (`torch.optim.RMSprop`; lr 0.01, α 0.99, ε 1e-8, weight_decay 0, momentum 0, centered
/// false): `g ← g + λw`, `v ← αv + (1 − α)g²`, centered `a ← αa + (1 − α)g`, `ṽ = v − a²`;
/// `q = g/(√ṽ + ε)` (ε **outside** the root); momentum `b ← μb + q`, `w ← w − lr·b`, else
/// `w ← w − lr·q`.
public final class RMSpropRule: ScalarGenericUpdateRule {
  let formula: UpdateFormula
  let rho: Double
  let momentum: Double
  let epsilon: Double
  let centered: Bool
  let coupledWeightDecay: Double

  /// Creates the rule; `rho` is PyTorch's `alpha`; `coupledWeightDecay` is PyTorch-only.
  public init(
    formula: UpdateFormula, rho: Double, momentum: Double, epsilon: Double, centered: Bool,
    coupledWeightDecay: Double = 0
  ) {
    self.formula = formula
    self.rho = rho
    self.momentum = momentum
    self.epsilon = epsilon
    self.centered = centered
    self.coupledWeightDecay = coupledWeightDecay
  }

  /// The Keras name of the algorithm.
  public var name: String { "rmsprop" }
  /// The per-parameter state slots, with Keras's variable names.
  public var slotNames: [String] {
    ["velocity"] + (momentum > 0 ? ["momentum"] : []) + (centered ? ["average_gradient"] : [])
  }

  /// Updates one parameter in place (see the type's formula), in `Float` or `Double`.
  public func apply<T: OptimizerScalar>(
    weights w: UnsafeMutableBufferPointer<T>, gradient g: UnsafeBufferPointer<T>, slots: SlotBuffers<T>,
    learningRate lr: T, step: Int
  ) {
    let v = slots[0]
    let b = momentum > 0 ? slots[1] : v
    let a = centered ? slots[momentum > 0 ? 2 : 1] : v
    let rho = T(self.rho)
    let momentum = T(self.momentum)
    let epsilon = T(self.epsilon)
    let coupledWeightDecay = T(self.coupledWeightDecay)
    let oneMinusRho = 1 - rho
    for i in 0..<w.count {
      let gi = formula == .pytorch && coupledWeightDecay != 0 ? g[i] + coupledWeightDecay * w[i] : g[i]
      v[i] = rho * v[i] + oneMinusRho * gi * gi
      var mean: T = 0
      if centered {
        a[i] = rho * a[i] + oneMinusRho * gi
        mean = a[i] * a[i]
      }
      switch formula {
      case .keras:
        let increment = lr * gi / (v[i] - mean + epsilon).squareRoot()
        if momentum > 0 {
          b[i] = momentum * b[i] + increment
          w[i] -= b[i]
        } else {
          w[i] -= increment
        }
      case .pytorch:
        let q = gi / ((v[i] - mean).squareRoot() + epsilon)
        if momentum > 0 {
          b[i] = momentum * b[i] + q
          w[i] -= lr * b[i]
        } else {
          w[i] -= lr * q
        }
      }
    }
  }
}
