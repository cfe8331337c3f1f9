/// A per-step learning-rate schedule: a pure function of the optimizer's step count, evaluated
/// before the step (Keras's `LearningRateSchedule.__call__(step)` with `step = iterations`).
///
/// Values are computed in `Double`; the optimizer rounds them to float32 where Keras would.
public protocol LearningRateSchedule: Sendable {
  /// The learning rate at `step` (0-based: the first step sees 0).
  func callAsFunction(_ step: Int) -> Double
}

/// A constant learning rate as a schedule (`constant`). Note that an optimizer created with a
/// schedule cannot have its rate set by callbacks; pass `.constant(lr)` to the optimizer for that.
public struct ConstantSchedule: LearningRateSchedule {
  /// The rate at every step.
  public let learningRate: Double

  /// Creates the schedule.
  public init(learningRate: Double) { self.learningRate = learningRate }

  /// The learning rate at `step`.
  public func callAsFunction(_ step: Int) -> Double { learningRate }
}

/// How often a `RunningSchedule` rewrites the learning rate.
public enum ScheduleInterval: String, Sendable, Equatable {
  /// Before every optimizer step.
  case step
  /// At the start of every epoch (Keras's `LearningRateScheduler.on_epoch_begin`).
  case epoch
}

/// The inputs of a running schedule: the 0-based epoch, the optimizer's step count, the current
/// (float32-rounded) learning rate and the initial one.
public struct ScheduleContext: Sendable, Equatable {
  /// 0-based epoch.
  public var epoch: Int
  /// The optimizer's step count before this step.
  public var step: Int
  /// The current learning rate (float32-rounded).
  public var learningRate: Double
  /// The initial learning rate.
  public var initialLearningRate: Double

  /// Creates a context.
  public init(epoch: Int, step: Int, learningRate: Double, initialLearningRate: Double) {
    self.epoch = epoch
    self.step = step
    self.learningRate = learningRate
    self.initialLearningRate = initialLearningRate
  }
}

/// A schedule that rewrites the optimizer's settable learning rate from its current value, as
/// Keras's `LearningRateScheduler` callback does: `lr = f(epoch, lr)`, the result stored as float32.
public protocol RunningSchedule: Sendable {
  /// When the rate is rewritten.
  var every: ScheduleInterval { get }
  /// The schedule's own starting value, if it names one (else the optimizer's learning rate).
  var initialLearningRate: Double? { get }
  /// The new learning rate.
  func learningRate(_ context: ScheduleContext) -> Double
}
