/// Adagrad (Duchi, Hazan & Singer 2011).
///
/// Keras (`keras/src/optimizers/adagrad.py`; lr 0.001, initial_accumulator_value 0.1, ε 1e-7):
/// `s ← s + g²`, `w ← w − lr·g/√(s + ε)` (ε inside the root).
///
/// PyTorch (`torch.optim.Adagrad`; lr 0.01, lr_decay 0, weight_decay 0,
/// initial_accumulator_value 0, ε 1e-10): `γ̃ = lr/(1 + (t − 1)·lr_decay)`, `g ← g + λw`,
/// `s ← s + g²`, `w ← w − γ̃·g/(√s + ε)` (ε outside the root).
public final class AdagradRule: ScalarGenericUpdateRule {
  let formula: UpdateFormula
  let initialAccumulatorValue: Double
  let epsilon: Double
  let learningRateDecay: Double
  let coupledWeightDecay: Double

  /// Creates the rule; `learningRateDecay` and `coupledWeightDecay` are PyTorch-only.
  public init(
    formula: UpdateFormula, initialAccumulatorValue: Double, epsilon: Double, learningRateDecay: Double = 0,
    coupledWeightDecay: Double = 0
  ) {
    self.formula = formula
    self.initialAccumulatorValue = initialAccumulatorValue
    self.epsilon = epsilon
    self.learningRateDecay = learningRateDecay
    self.coupledWeightDecay = coupledWeightDecay
  }

  /// The Keras name of the algorithm.
  public var name: String { "adagrad" }
  /// The per-parameter state slots, with Keras's variable names.
  public var slotNames: [String] { ["accumulator"] }
  /// The starting value of a slot.
  public func initialValue(ofSlot index: Int) -> Double { initialAccumulatorValue }

  /// Updates one parameter in place (see the type's formula), in `Float` or `Double`.
  public func apply<T: OptimizerScalar>(
    weights w: UnsafeMutableBufferPointer<T>, gradient g: UnsafeBufferPointer<T>, slots: SlotBuffers<T>,
    learningRate lr: T, step: Int
  ) {
    let s = slots[0]
    let epsilon = T(self.epsilon)
    switch formula {
    case .keras:
      for i in 0..<w.count {
        s[i] += g[i] * g[i]
        w[i] -= lr * g[i] / (s[i] + epsilon).squareRoot()
      }
    case .pytorch:
      let clr = T(Double(lr) / (1 + Double(step - 1) * learningRateDecay))
      let coupledWeightDecay = T(self.coupledWeightDecay)
      for i in 0..<w.count {
        let gi = g[i] + coupledWeightDecay * w[i]
        s[i] += gi * gi
        w[i] -= clr * gi / (s[i].squareRoot() + epsilon)
      }
    }
  }
}
