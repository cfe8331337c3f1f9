/// `linear_warmup` (ours): a linear ramp from `start` to the wrapped schedule's first value over
/// `warmupSteps`, then the wrapped schedule **shifted** by the warmup, so it starts its own step 0
/// when the warmup ends — as PyTorch's `SequentialLR([LinearLR, main], milestones=[warmup])`,
/// Hugging Face's `get_*_schedule_with_warmup` and Keras's own `CosineDecay(warmup_steps=...)` do.
///
/// `lr(step) = start + (inner(0) − start) · step / warmup_steps` for `step < warmup_steps`,
/// else `inner(step − warmup_steps)`.
public struct LinearWarmup: LearningRateSchedule {
  /// The wrapped schedule.
  public let inner: any LearningRateSchedule
  /// `warmup_steps`.
  public let warmupSteps: Int
  /// The rate at step 0.
  public let start: Double

  /// Wraps `inner`; `start` defaults to 0.
  public init(_ inner: any LearningRateSchedule, warmupSteps: Int, start: Double = 0) throws {
    guard warmupSteps >= 0 else {
      throw OptimizerError.invalidArgument(
        owner: "linear_warmup", argument: "warmup_steps", expected: ">= 0", received: "\(warmupSteps)")
    }
    self.inner = inner
    self.warmupSteps = warmupSteps
    self.start = start
  }

  /// The learning rate at `step`.
  public func callAsFunction(_ step: Int) -> Double {
    if step < warmupSteps {
      return start + (inner(0) - start) * Double(step) / Double(warmupSteps)
    }
    return inner(step - warmupSteps)
  }
}
