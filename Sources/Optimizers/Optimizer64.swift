/// An `Optimizer`'s configuration run in float64 on one point (`objective.dtype: float64`, as Keras
/// with `keras.config.set_floatx("float64")`).
///
/// It takes the rule, schedules, clipping and weight decay of a fresh `Optimizer` and keeps its own
/// bookkeeping in `Double`, in the same order as `Optimizer.apply(to:)`: read the learning rate
/// once (`schedule(iterations)`, or the constant, with no float32 rounding), clip, decoupled weight
/// decay `w ← w − w·wd·lr`, the rule's update, `iterations += 1`. The state slots are allocated
/// once, at creation; a step allocates nothing.
///
/// The rule instance is shared with the `Optimizer` it came from (rules hold configuration, and
/// Nadam its running products): step one or the other, not both.
public final class Optimizer64 {
  /// The Keras name (`adam`, `sgd`, ...).
  public let name: String
  /// The per-parameter update rule (its float64 `update`).
  public let rule: any UpdateRule
  /// Keras's `weight_decay` (nil: none).
  public let weightDecay: Double?
  /// Gradient clipping applied before everything else (`globalNorm` is the norm of the point's
  /// gradient, the only parameter).
  public let clipping: GradientClipping
  /// A per-step schedule of `iterations`, evaluated in float64.
  public let schedule: (any LearningRateSchedule)?
  /// A schedule that rewrites the learning rate each epoch or step (no float32 rounding).
  public let runningSchedule: (any RunningSchedule)?
  /// The learning rate the optimizer was created with.
  public let initialLearningRate: Double
  /// The number of coordinates of the point.
  public let dimension: Int
  /// Number of steps applied so far.
  public private(set) var iterations = 0
  /// The epoch last announced by `beginEpoch(_:)`.
  public private(set) var epoch = 0
  /// The learning rate used by the last step (nil before the first).
  public private(set) var lastAppliedLearningRate: Double?

  private var storedLearningRate: Double
  private let decays: Bool
  private var slots: [Double]
  private var clipped: [Double]

  /// Takes the configuration of `optimizer`, which must not have stepped yet, for a point of
  /// `dimension` coordinates named `parameterName` (matched against the weight-decay exclusions).
  public init(_ optimizer: Optimizer, dimension: Int, parameterName: String) {
    precondition(optimizer.iterations == 0, "\(optimizer.name): Optimizer64 needs a fresh optimizer")
    precondition(dimension >= 0)
    name = optimizer.name
    rule = optimizer.rule
    weightDecay = optimizer.weightDecay
    clipping = optimizer.clipping
    schedule = optimizer.schedule
    runningSchedule = optimizer.runningSchedule
    initialLearningRate = optimizer.initialLearningRate
    storedLearningRate = optimizer.initialLearningRate
    self.dimension = dimension
    decays =
      optimizer.weightDecay != nil
      && !WeightDecayExclusion.excludes(optimizer.weightDecayExclusions, parameterName: parameterName)
    slots = [Double](repeating: 0, count: rule.slotNames.count * dimension)
    clipped = [Double](repeating: 0, count: optimizer.clipping == .none ? 0 : dimension)
    for k in rule.slotNames.indices {
      let initial = rule.initialValue(ofSlot: k)
      for i in (k * dimension)..<((k + 1) * dimension) { slots[i] = initial }
    }
  }

  /// The learning rate at the current step: `schedule(iterations)` or the constant.
  public var learningRate: Double {
    if let schedule { return schedule(iterations) }
    return storedLearningRate
  }

  /// Announces the start of `epoch` (0-based); applies an epoch-wise running schedule.
  public func beginEpoch(_ epoch: Int) {
    self.epoch = epoch
    if let running = runningSchedule, running.every == .epoch { applyRunningSchedule(running) }
  }

  private func applyRunningSchedule(_ running: any RunningSchedule) {
    let context = ScheduleContext(
      epoch: epoch, step: iterations, learningRate: storedLearningRate,
      initialLearningRate: running.initialLearningRate ?? initialLearningRate)
    storedLearningRate = running.learningRate(context)
  }

  /// One optimizer step: updates `point` in place from `gradient` (both `dimension` long).
  public func apply(to point: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>) {
    precondition(point.count == dimension && gradient.count == dimension, "\(name): point size changed")
    if let running = runningSchedule, running.every == .step, schedule == nil {
      applyRunningSchedule(running)
    }
    let lr = learningRate
    lastAppliedLearningRate = lr
    let step = iterations + 1
    rule.beginStep(step)
    clipped.withUnsafeMutableBufferPointer { clippedBuffer in
      var g = gradient
      if clipping != .none, dimension > 0 {
        var sum = 0.0
        for x in gradient { sum += x * x }
        clipping.clip(gradient, into: clippedBuffer, globalScale: clipping.globalScale(sumOfSquares: sum))
        g = UnsafeBufferPointer(clippedBuffer)
      }
      if decays, let wd = weightDecay {
        for i in 0..<dimension { point[i] = point[i] - point[i] * wd * lr }
      }
      slots.withUnsafeMutableBufferPointer { storage in
        rule.update(
          weights: point, gradient: g, slots: SlotBuffers(storage: storage, count: dimension),
          learningRate: lr, step: step)
      }
    }
    iterations += 1
  }

  /// One optimizer step on an array point.
  public func apply(to point: inout [Double], gradient: [Double]) {
    point.withUnsafeMutableBufferPointer { p in
      gradient.withUnsafeBufferPointer { g in apply(to: p, gradient: g) }
    }
  }
}
