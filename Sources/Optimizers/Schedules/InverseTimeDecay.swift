/// `inverse_time_decay` (Keras `InverseTimeDecay`):
/// `lr = initial / (1 + decay_rate · step / decay_steps)`, with `floor(step / decay_steps)` when
/// `staircase`.
public struct InverseTimeDecay: LearningRateSchedule {
  public let initialLearningRate: Double
  public let decaySteps: Int
  public let decayRate: Double
  public let staircase: Bool

  /// Creates the schedule; `decaySteps` must be > 0.
  public init(initialLearningRate: Double, decaySteps: Int, decayRate: Double, staircase: Bool = false) throws {
    try requirePositive(decaySteps, "decay_steps", in: "inverse_time_decay")
    self.initialLearningRate = initialLearningRate
    self.decaySteps = decaySteps
    self.decayRate = decayRate
    self.staircase = staircase
  }

  public func callAsFunction(_ step: Int) -> Double {
    var p = Double(step) / Double(decaySteps)
    if staircase { p.round(.down) }
    return initialLearningRate / (1 + decayRate * p)
  }
}
