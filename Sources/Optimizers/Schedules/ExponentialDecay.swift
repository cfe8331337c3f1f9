#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `exponential_decay` (Keras `ExponentialDecay`): `lr = initial · decay_rate^(step / decay_steps)`,
/// with `floor(step / decay_steps)` when `staircase`.
public struct ExponentialDecay: LearningRateSchedule {
  /// The rate at step 0 (`initial_learning_rate`).
  public let initialLearningRate: Double
  /// `decay_steps`.
  public let decaySteps: Int
  /// `decay_rate`.
  public let decayRate: Double
  /// `staircase`: decay at whole multiples of `decay_steps` only.
  public let staircase: Bool

  /// Creates the schedule; `decaySteps` must be > 0.
  public init(initialLearningRate: Double, decaySteps: Int, decayRate: Double, staircase: Bool = false) throws
  {
    try requirePositive(decaySteps, "decay_steps", in: "exponential_decay")
    self.initialLearningRate = initialLearningRate
    self.decaySteps = decaySteps
    self.decayRate = decayRate
    self.staircase = staircase
  }

  /// The learning rate at `step`.
  public func callAsFunction(_ step: Int) -> Double {
    var p = Double(step) / Double(decaySteps)
    if staircase { p.round(.down) }
    return initialLearningRate * pow(decayRate, p)
  }
}

func requirePositive(_ value: Int, _ argument: String, in owner: String) throws {
  guard value > 0 else {
    throw OptimizerError.invalidArgument(
      owner: owner, argument: argument, expected: "> 0", received: "\(value)")
  }
}
