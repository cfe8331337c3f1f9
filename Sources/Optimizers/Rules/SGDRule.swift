/// Stochastic gradient descent with optional (Nesterov) momentum.
///
/// Keras (`keras/src/optimizers/sgd.py`; defaults lr 0.01, momentum 0, nesterov false):
/// `b ← μ·b − lr·g`; `w ← w + b`, or with Nesterov `w ← w + μ·b − lr·g`; without momentum
/// `w ← w − lr·g`.
///
/// PyTorch (`torch.optim.SGD` algorithm box; defaults lr 0.001, momentum 0, dampening 0,
/// weight_decay 0, nesterov false): `g ← g + λ·w`; with momentum `b ← g` on the first step, else
/// `b ← μ·b + (1 − τ)·g`; `g ← g + μ·b` (Nesterov) or `g ← b`; `w ← w − lr·g`.
/// The buffer holds gradients, not steps, so a changing lr acts at once (Keras's holds steps).
public final class SGDRule: ScalarGenericUpdateRule {
  let formula: UpdateFormula
  let momentum: Double
  let nesterov: Bool
  let dampening: Double
  let coupledWeightDecay: Double

  /// Creates the rule; `dampening` and `coupledWeightDecay` are PyTorch-only.
  public init(
    formula: UpdateFormula, momentum: Double, nesterov: Bool, dampening: Double = 0,
    coupledWeightDecay: Double = 0
  ) {
    self.formula = formula
    self.momentum = momentum
    self.nesterov = nesterov
    self.dampening = dampening
    self.coupledWeightDecay = coupledWeightDecay
  }

  /// The Keras name of the algorithm.
  public var name: String { "sgd" }
  /// The per-parameter state slots, with Keras's variable names.
  public var slotNames: [String] { momentum != 0 ? ["momentum"] : [] }

  /// Updates one parameter in place (see the type's formula), in `Float` or `Double`.
  public func apply<T: OptimizerScalar>(
    weights w: UnsafeMutableBufferPointer<T>, gradient g: UnsafeBufferPointer<T>, slots: SlotBuffers<T>,
    learningRate lr: T, step: Int
  ) {
    let mu = T(momentum)
    switch formula {
    case .keras:
      guard mu != 0 else {
        for i in 0..<w.count { w[i] -= g[i] * lr }
        return
      }
      let b = slots[0]
      for i in 0..<w.count {
        b[i] = b[i] * mu - g[i] * lr
        w[i] += nesterov ? b[i] * mu - g[i] * lr : b[i]
      }
    case .pytorch:
      let lambda = T(coupledWeightDecay)
      let oneMinusTau = 1 - T(dampening)
      guard mu != 0 else {
        for i in 0..<w.count { w[i] -= lr * (g[i] + lambda * w[i]) }
        return
      }
      let b = slots[0]
      for i in 0..<w.count {
        let gi = g[i] + lambda * w[i]
        b[i] = step == 1 ? gi : mu * b[i] + oneMinusTau * gi
        w[i] -= lr * (nesterov ? gi + mu * b[i] : b[i])
      }
    }
  }
}
