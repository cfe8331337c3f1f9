/// Adam (Kingma & Ba 2014, arXiv:1412.6980), with AMSGrad (Reddi et al. 2018) and an option to
/// drop bias correction (DeepSpeed FusedAdam's `bias_correction=False`). AdamW is this rule with the
/// optimizer's decoupled weight decay.
///
/// Keras (`keras/src/optimizers/adam.py`; lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7): `m ← m + (g − m)(1 − β₁)`,
/// `v ← v + (g² − v)(1 − β₂)`, AMSGrad `v̂ ← max(v̂, v)` used for v,
/// `α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)`, `w ← w − α·m/(√v + ε)`. ε is Kingma & Ba's "ε hat": it is added to
/// the *uncorrected* √v, which equals `m̂/(√v̂ + ε/√(1 − β₂ᵗ))` in the paper's terms.
///
/// PyTorch (`torch.optim.Adam`; lr 0.001, β (0.9, 0.999), ε 1e-8, weight_decay 0): `g ← g + λw`,
/// `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`, AMSGrad `v_max ← max(v_max, v)` used for v,
/// `w ← w − lr/(1 − β₁ᵗ) · m/(√v/√(1 − β₂ᵗ) + ε)`: ε is added to the *corrected* √v̂.
///
/// Without bias correction both read `w ← w − lr·m/(√v + ε)`.
public final class AdamRule: ScalarGenericUpdateRule {
  let formula: UpdateFormula
  let beta1: Double
  let beta2: Double
  let epsilon: Double
  let amsgrad: Bool
  let biasCorrection: Bool
  let coupledWeightDecay: Double

  /// Creates the rule; `coupledWeightDecay` is PyTorch Adam's L2 term (0 for Keras and AdamW).
  public init(
    formula: UpdateFormula, beta1: Double, beta2: Double, epsilon: Double, amsgrad: Bool,
    biasCorrection: Bool = true, coupledWeightDecay: Double = 0
  ) {
    self.formula = formula
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.amsgrad = amsgrad
    self.biasCorrection = biasCorrection
    self.coupledWeightDecay = coupledWeightDecay
  }

  /// The Keras name of the algorithm.
  public var name: String { "adam" }
  /// The per-parameter state slots, with Keras's variable names.
  public var slotNames: [String] {
    amsgrad ? ["momentum", "velocity", "velocity_hat"] : ["momentum", "velocity"]
  }

  /// `(a, c)` such that the update is `w -= a · m / (√v · c + ε)`.
  private func factors<T: OptimizerScalar>(learningRate lr: T, step: Int) -> (T, T) {
    guard biasCorrection else { return (lr, 1) }
    let t = T(step)
    let b1Power = T.power(T(beta1), t)
    let b2Power = T.power(T(beta2), t)
    switch formula {
    case .keras: return (lr * (1 - b2Power).squareRoot() / (1 - b1Power), 1)
    case .pytorch: return (lr / (1 - b1Power), 1 / (1 - b2Power).squareRoot())
    }
  }

  /// Updates one parameter in place (see the type's formula), in `Float` or `Double`.
  public func apply<T: OptimizerScalar>(
    weights w: UnsafeMutableBufferPointer<T>, gradient g: UnsafeBufferPointer<T>, slots: SlotBuffers<T>,
    learningRate lr: T, step: Int
  ) {
    let m = slots[0]
    let v = slots[1]
    let (a, c): (T, T) = factors(learningRate: lr, step: step)
    let eps = T(epsilon)
    let lambda = T(coupledWeightDecay)
    let b1 = T(beta1)
    let b2 = T(beta2)
    let oneMinusB1 = T(1 - beta1)
    let oneMinusB2 = T(1 - beta2)
    let vHat = amsgrad ? slots[2] : v
    if formula == .keras, !amsgrad, lambda == 0, w.count > 0, let wf = w as? UnsafeMutableBufferPointer<Float>,
      let gf = g as? UnsafeBufferPointer<Float>, let mf = m as? UnsafeMutableBufferPointer<Float>,
      let vf = v as? UnsafeMutableBufferPointer<Float>
    {
      // Keras's float32 Adam, the common case: the same arithmetic, vectorised (bitwise equal).
      AdamFloatKernel.update(
        weights: wf.baseAddress!, gradient: gf.baseAddress!, momentum: mf.baseAddress!, velocity: vf.baseAddress!,
        count: w.count, a: Float(a), c: Float(c), epsilon: Float(eps), oneMinusB1: Float(oneMinusB1),
        oneMinusB2: Float(oneMinusB2))
      return
    }
    for i in 0..<w.count {
      let gi = lambda == 0 ? g[i] : g[i] + lambda * w[i]
      switch formula {
      case .keras:
        m[i] += (gi - m[i]) * oneMinusB1
        v[i] += (gi * gi - v[i]) * oneMinusB2
      case .pytorch:
        m[i] = b1 * m[i] + oneMinusB1 * gi
        v[i] = b2 * v[i] + oneMinusB2 * gi * gi
      }
      var vi = v[i]
      if amsgrad {
        vHat[i] = max(vHat[i], vi)
        vi = vHat[i]
      }
      w[i] -= (m[i] * a) / (vi.squareRoot() * c + eps)
    }
  }

  /// Adam's rule has one: `s` below.
  public var hasEffectiveStepSizes: Bool { true }

  /// `s` in `w -= m·s` per element, from the current state: `a / (√v·c + ε)` with the factors of
  /// `apply` (v is AMSGrad's running maximum when it has one).
  public func stepSizes(slots: SlotBuffers<Float>, learningRate lr: Float, step: Int) -> EffectiveStepSizes? {
    guard step > 0 else { return nil }
    let (a, c): (Float, Float) = factors(learningRate: lr, step: step)
    return EffectiveStepSizes(
      secondMoments: UnsafeBufferPointer(slots[amsgrad ? 2 : 1]), a: a, c: c, epsilon: Float(epsilon))
  }
}
