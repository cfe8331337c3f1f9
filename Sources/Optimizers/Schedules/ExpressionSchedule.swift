/// `expression` (ours): a user formula `f(epoch, step, lr, initial_lr)` evaluated every step or at
/// the start of every epoch; its result becomes the optimizer's (float32) learning rate, so
/// `lr * 0.9` compounds, as with Keras's `LearningRateScheduler`. The formula is parsed elsewhere;
/// this type only holds the closure.
public struct ExpressionSchedule: RunningSchedule {
  /// When the formula is evaluated.
  public let every: ScheduleInterval
  /// The starting value, or nil for the optimizer's learning rate.
  public let initialLearningRate: Double?
  /// The formula; `ScheduleContext.step` is the optimizer's step count (0 before the first step).
  public let formula: @Sendable (ScheduleContext) -> Double

  /// Creates the schedule; `initialLearningRate` nil means the optimizer's learning rate.
  public init(
    every: ScheduleInterval, initialLearningRate: Double? = nil,
    formula: @escaping @Sendable (ScheduleContext) -> Double
  ) {
    self.every = every
    self.initialLearningRate = initialLearningRate
    self.formula = formula
  }

  /// The new learning rate for `context`.
  public func learningRate(_ context: ScheduleContext) -> Double { formula(context) }
}
