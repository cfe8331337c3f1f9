#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `cosine_decay` (Keras `CosineDecay`, SGDR without restarts, with optional linear warmup).
///
/// Without `warmupTarget`: `s = min(step, decay_steps)`,
/// `lr = initial · ((1 − alpha) · ½(1 + cos(π s / decay_steps)) + alpha)`.
/// With `warmupTarget`: `s = min(step, warmup_steps + decay_steps)`; while `s < warmup_steps`,
/// `lr = initial + (warmup_target − initial) · s / warmup_steps`; afterwards the decay above from
/// `warmup_target` at `s − warmup_steps`.
public struct CosineDecay: LearningRateSchedule {
  /// The rate at step 0 (`initial_learning_rate`).
  public let initialLearningRate: Double
  /// `decay_steps`.
  public let decaySteps: Int
  /// `alpha`: the floor, as a fraction of the starting rate.
  public let alpha: Double
  /// `warmup_target`, or nil for no warmup.
  public let warmupTarget: Double?
  /// `warmup_steps`.
  public let warmupSteps: Int

  /// Creates the schedule with Keras's defaults (`alpha` 0, no warmup).
  public init(
    initialLearningRate: Double, decaySteps: Int, alpha: Double = 0, warmupTarget: Double? = nil,
    warmupSteps: Int = 0
  ) throws {
    try requirePositive(decaySteps, "decay_steps", in: "cosine_decay")
    guard warmupSteps >= 0 else {
      throw OptimizerError.invalidArgument(
        owner: "cosine_decay", argument: "warmup_steps", expected: ">= 0", received: "\(warmupSteps)")
    }
    self.initialLearningRate = initialLearningRate
    self.decaySteps = decaySteps
    self.alpha = alpha
    self.warmupTarget = warmupTarget
    self.warmupSteps = warmupSteps
  }

  private func decay(_ s: Double, from lr: Double) -> Double {
    let cosine = 0.5 * (1 + cos(Double.pi * s / Double(decaySteps)))
    return lr * ((1 - alpha) * cosine + alpha)
  }

  /// The learning rate at `step`.
  public func callAsFunction(_ step: Int) -> Double {
    guard let target = warmupTarget else {
      return decay(Double(min(step, decaySteps)), from: initialLearningRate)
    }
    let s = Double(min(step, decaySteps + warmupSteps))
    if s < Double(warmupSteps) {
      return (target - initialLearningRate) * (s / Double(warmupSteps)) + initialLearningRate
    }
    return decay(s - Double(warmupSteps), from: target)
  }
}
