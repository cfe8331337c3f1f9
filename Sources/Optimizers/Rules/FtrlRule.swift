#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// FTRL-Proximal (McMahan et al. 2013), Keras form (`keras/src/optimizers/ftrl.py`; lr 0.001,
/// learning_rate_power −0.5, initial_accumulator_value 0.1, l1/l2/l2_shrinkage 0, β 0). With
/// `p = −learning_rate_power`, `λ₂' = λ₂ + β/(2·lr)`, `ĝ = g + 2·λ_shrink·w`, `n' = n + g²`:
/// `z ← z + ĝ − (n'^p − n^p)/lr · w`, `w ← (clip(z, −λ₁, λ₁) − z)/(n'^p/lr + 2λ₂')`, `n ← n'`.
public final class FtrlRule: UpdateRule {
  let learningRatePower: Float
  let initialAccumulatorValue: Float
  let l1: Float
  let l2: Double
  let l2Shrinkage: Float
  let beta: Double

  /// Creates the rule.
  public init(
    learningRatePower: Double, initialAccumulatorValue: Double, l1: Double, l2: Double, l2Shrinkage: Double,
    beta: Double
  ) {
    self.learningRatePower = Float(learningRatePower)
    self.initialAccumulatorValue = Float(initialAccumulatorValue)
    self.l1 = Float(l1)
    self.l2 = l2
    self.l2Shrinkage = Float(l2Shrinkage)
    self.beta = beta
  }

  /// The Keras name of the algorithm.
  public var name: String { "ftrl" }
  /// The per-parameter state slots, with Keras's variable names.
  public var slotNames: [String] { ["accumulator", "linear"] }
  /// The starting value of a slot.
  public func initialValue(ofSlot index: Int) -> Float { index == 0 ? initialAccumulatorValue : 0 }

  /// Updates one parameter in place (see the type's formula).
  public func update(
    weights w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>, slots: SlotBuffers,
    learningRate lr: Float, step: Int
  ) {
    let n = slots[0]
    let z = slots[1]
    let p = -learningRatePower
    let l2Total = Float(l2) + Float(beta) / (2 * lr)
    for i in 0..<w.count {
      let gHat = g[i] + 2 * l2Shrinkage * w[i]
      let newN = n[i] + g[i] * g[i]
      let newNPower = powf(newN, p)
      z[i] += gHat - (newNPower - powf(n[i], p)) / lr * w[i]
      let quadratic = newNPower / lr + 2 * l2Total
      let clipped = min(max(z[i], -l1), l1)
      w[i] = (clipped - z[i]) / quadratic
      n[i] = newN
    }
  }
}
