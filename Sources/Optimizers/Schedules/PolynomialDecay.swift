#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `polynomial_decay` (Keras `PolynomialDecay`):
/// `lr = (initial − end) · (1 − s / d)^power + end` with `s = min(step, decay_steps)`, `d = decay_steps`;
/// with `cycle`, `s = step` and `d = decay_steps · ceil(step / decay_steps)` (1 at step 0).
public struct PolynomialDecay: LearningRateSchedule {
  /// The rate at step 0 (`initial_learning_rate`).
  public let initialLearningRate: Double
  /// `decay_steps`.
  public let decaySteps: Int
  /// `end_learning_rate`.
  public let endLearningRate: Double
  /// `power` of the polynomial.
  public let power: Double
  /// `cycle`: restart the decay past `decay_steps`.
  public let cycle: Bool

  /// Creates the schedule with Keras's defaults (`end_learning_rate` 0.0001, `power` 1, no cycle).
  public init(
    initialLearningRate: Double, decaySteps: Int, endLearningRate: Double = 0.0001, power: Double = 1,
    cycle: Bool = false
  ) throws {
    try requirePositive(decaySteps, "decay_steps", in: "polynomial_decay")
    self.initialLearningRate = initialLearningRate
    self.decaySteps = decaySteps
    self.endLearningRate = endLearningRate
    self.power = power
    self.cycle = cycle
  }

  /// The learning rate at `step`.
  public func callAsFunction(_ step: Int) -> Double {
    var s = Double(step)
    var d = Double(decaySteps)
    if cycle {
      let multiplier = step == 0 ? 1 : (s / d).rounded(.up)
      d *= multiplier
    } else {
      s = min(s, d)
    }
    return (initialLearningRate - endLearningRate) * pow(1 - s / d, power) + endLearningRate
  }
}
