#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `step_decay` (ours, per epoch): `lr = initial · drop^floor(epoch / every)`, written into the
/// optimizer at the start of each epoch as Keras's `LearningRateScheduler` does (stored as float32).
public struct StepDecay: RunningSchedule {
  /// The starting value, or nil for the optimizer's learning rate.
  public let initialLearningRate: Double?
  /// `drop`: the factor applied every `every` epochs.
  public let drop: Double
  /// `every`: epochs between drops.
  public let everyEpochs: Int
  /// Always at the start of an epoch.
  public var every: ScheduleInterval { .epoch }

  /// Creates the schedule; `initialLearningRate` nil means the optimizer's learning rate.
  public init(initialLearningRate: Double? = nil, drop: Double, every: Int) throws {
    try requirePositive(every, "every", in: "step_decay")
    self.initialLearningRate = initialLearningRate
    self.drop = drop
    self.everyEpochs = every
  }

  /// The new learning rate for `context`.
  public func learningRate(_ context: ScheduleContext) -> Double {
    context.initialLearningRate * pow(drop, Double(context.epoch / everyEpochs))
  }

  /// The same rule as Keras's `schedule(epoch, lr)` function, for a `LearningRateScheduler`-style
  /// callback; `initial` is used when the schedule names no initial rate.
  public func callAsFunction(epoch: Int, initial: Double) -> Double {
    (initialLearningRate ?? initial) * pow(drop, Double(epoch / everyEpochs))
  }
}
