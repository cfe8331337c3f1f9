#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `exponential_decay` (Keras `ExponentialDecay`): `lr = initial · decay_rate^(step / decay_steps)`,
/// with `floor(step / decay_steps)` when `staircase`.
public struct ExponentialDecay: LearningRateSchedule {
  public let initialLearningRate: Double
  public let decaySteps: Int
  public let decayRate: Double
  public let staircase: Bool

  /// Creates the schedule; `decaySteps` must be > 0.
  public init(initialLearningRate: Double, decaySteps: Int, decayRate: Double, staircase: Bool = false) throws {
    try requirePositive(decaySteps, "decay_steps", in: "exponential_decay")
    self.initialLearningRate = initialLearningRate
    self.decaySteps = decaySteps
    self.decayRate = decayRate
    self.staircase = staircase
  }

  public func callAsFunction(_ step: Int) -> Double {
    var p = Double(step) / Double(decaySteps)
    if staircase { p.round(.down) }
    return initialLearningRate * pow(decayRate, p)
  }
}

func requirePositive(_ value: Int, _ argument: String, in owner: String) throws {
  guard value > 0 else {
    throw OptimizerError.invalidArgument(owner: owner, argument: argument, expected: "> 0", received: "\(value)")
  }
}
