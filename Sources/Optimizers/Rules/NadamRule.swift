/// Nadam (Dozat 2015), Keras form (`keras/src/optimizers/nadam.py`; lr 0.001, β₁ 0.9, β₂ 0.999,
/// ε 1e-7), with the momentum schedule `μₜ = β₁(1 − ½·0.96ᵗ)` and its running product `Πμ`
/// (updated once per step, saved as `nadam/u_product`):
/// `m ← m + (g − m)(1 − β₁)`, `v ← v + (g² − v)(1 − β₂)`,
/// `m̂ = μₜ₊₁·m/(1 − Πμ·μₜ₊₁) + (1 − μₜ)·g/(1 − Πμ)`, `v̂ = v/(1 − β₂ᵗ)`, `w ← w − lr·m̂/(√v̂ + ε)`.
///
/// The running product is kept in float32 for `Optimizer` and in float64 for `Optimizer64`; a rule
/// instance serves one optimizer.
public final class NadamRule: ScalarGenericUpdateRule {
  let beta1: Double
  let beta2: Double
  let epsilon: Double
  private var uProduct: Float = 1
  private var uProduct64: Double = 1

  /// Creates the rule.
  public init(beta1: Double, beta2: Double, epsilon: Double) {
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  /// The Keras name of the algorithm.
  public var name: String { "nadam" }
  /// The per-parameter state slots, with Keras's variable names.
  public var slotNames: [String] { ["momentum", "velocity"] }

  /// `u_product`, the running product of the momentum schedule (float32 path).
  public var scalarState: [String: Float] {
    get { ["u_product": uProduct] }
    set {
      uProduct = newValue["u_product"] ?? 1
      uProduct64 = Double(uProduct)
    }
  }

  private func mu<T: OptimizerScalar>(_ t: Int) -> T { T(beta1) * (1 - 0.5 * T.power(0.96, T(t))) }

  /// Advances the running momentum product once per step.
  public func beginStep(_ step: Int) {
    uProduct = uProduct * mu(step)
    uProduct64 = uProduct64 * mu(step)
  }

  /// Updates one parameter in place (see the type's formula), in `Float` or `Double`, with the
  /// running product kept in that type.
  public func apply<T: OptimizerScalar>(
    weights w: UnsafeMutableBufferPointer<T>, gradient g: UnsafeBufferPointer<T>, slots: SlotBuffers<T>,
    learningRate lr: T, step: Int
  ) {
    // Exact in both cases: Float → Float, Double → Double (the test folds away when specialised).
    let uProduct = T.self == Float.self ? T(self.uProduct) : T(uProduct64)
    let m = slots[0]
    let v = slots[1]
    let beta1 = T(self.beta1)
    let beta2 = T(self.beta2)
    let epsilon = T(self.epsilon)
    let muT: T = mu(step)
    let muNext: T = mu(step + 1)
    let productNext = uProduct * muNext
    let b2Power = T.power(beta2, T(step))
    let oneMinusB1 = 1 - beta1
    let oneMinusB2 = 1 - beta2
    for i in 0..<w.count {
      m[i] += (g[i] - m[i]) * oneMinusB1
      v[i] += (g[i] * g[i] - v[i]) * oneMinusB2
      let mHat = muNext * m[i] / (1 - productNext) + (1 - muT) * g[i] / (1 - uProduct)
      let vHat = v[i] / (1 - b2Power)
      w[i] -= (mHat * lr) / (vHat.squareRoot() + epsilon)
    }
  }
}
