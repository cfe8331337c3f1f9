/// FTRL-Proximal (McMahan et al. 2013), Keras form (`keras/src/optimizers/ftrl.py`; lr 0.001,
/// learning_rate_power −0.5, initial_accumulator_value 0.1, l1/l2/l2_shrinkage 0, β 0). With
/// `p = −learning_rate_power`, `λ₂' = λ₂ + β/(2·lr)`, `ĝ = g + 2·λ_shrink·w`, `n' = n + g²`:
/// `z ← z + ĝ − (n'^p − n^p)/lr · w`, `w ← (clip(z, −λ₁, λ₁) − z)/(n'^p/lr + 2λ₂')`, `n ← n'`.
public final class FtrlRule: ScalarGenericUpdateRule {
  let learningRatePower: Double
  let initialAccumulatorValue: Double
  let l1: Double
  let l2: Double
  let l2Shrinkage: Double
  let beta: Double

  /// Creates the rule.
  public init(
    learningRatePower: Double, initialAccumulatorValue: Double, l1: Double, l2: Double, l2Shrinkage: Double,
    beta: Double
  ) {
    self.learningRatePower = learningRatePower
    self.initialAccumulatorValue = initialAccumulatorValue
    self.l1 = l1
    self.l2 = l2
    self.l2Shrinkage = l2Shrinkage
    self.beta = beta
  }

  /// The Keras name of the algorithm.
  public var name: String { "ftrl" }
  /// The per-parameter state slots, with Keras's variable names.
  public var slotNames: [String] { ["accumulator", "linear"] }
  /// The starting value of a slot.
  public func initialValue(ofSlot index: Int) -> Double { index == 0 ? initialAccumulatorValue : 0 }

  /// Updates one parameter in place (see the type's formula), in `Float` or `Double`.
  public func apply<T: OptimizerScalar>(
    weights w: UnsafeMutableBufferPointer<T>, gradient g: UnsafeBufferPointer<T>, slots: SlotBuffers<T>,
    learningRate lr: T, step: Int
  ) {
    let n = slots[0]
    let z = slots[1]
    let p = -T(learningRatePower)
    let l1 = T(self.l1)
    let l2Shrinkage = T(self.l2Shrinkage)
    let l2Total = T(l2) + T(beta) / (2 * lr)
    for i in 0..<w.count {
      let gHat = g[i] + 2 * l2Shrinkage * w[i]
      let newN = n[i] + g[i] * g[i]
      let newNPower = T.power(newN, p)
      z[i] += gHat - (newNPower - T.power(n[i], p)) / lr * w[i]
      let quadratic = newNPower / lr + 2 * l2Total
      let clipped = min(max(z[i], -l1), l1)
      w[i] = (clipped - z[i]) / quadratic
      n[i] = newN
    }
  }
}
