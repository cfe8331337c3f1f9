import Tensors

/// A gradient-descent optimizer: Keras 3's `BaseOptimizer` bookkeeping around one `UpdateRule`.
///
/// Each `apply(to:)` is one optimizer step, in Keras's order (`base_optimizer.py`,
/// `_backend_apply_gradients`):
/// 1. read the learning rate once (`schedule(iterations)`, or the settable constant);
/// 2. clip the gradients (`clipnorm`, `clipvalue` or `global_clipnorm`);
/// 3. decoupled weight decay `w ← w − w·wd·lr` (when `weightDecay` is set);
/// 4. the algorithm's update rule, parameter by parameter;
/// 5. `iterations += 1`.
///
/// Only trainable parameters are touched. State slots are allocated once, by `build(_:)` or on the
/// first `apply`; a step allocates nothing. Arithmetic is `Float`, as Keras's float32 variables;
/// `Optimizer64` runs the same configuration in `Double`.
public final class Optimizer {
  /// The Keras name (`adam`, `adamw`, `sgd`, ...).
  public let name: String
  /// The per-parameter update rule.
  public let rule: any UpdateRule
  /// Keras's `weight_decay`: decoupled decay `w ← w − w·wd·lr` before the update (nil: none).
  public let weightDecay: Double?
  /// Gradient clipping applied before everything else.
  public let clipping: GradientClipping
  /// Regular expressions; a parameter whose own name (after `layer/`) matches one gets no weight
  /// decay (Keras's `exclude_from_weight_decay(var_names=...)`, see `WeightDecayExclusion`).
  public let weightDecayExclusions: [String]
  /// A per-step schedule of `iterations`; when set, the learning rate is not settable.
  public let schedule: (any LearningRateSchedule)?
  /// A schedule that rewrites the settable learning rate each epoch or step (`step_decay`,
  /// `expression`), as Keras's `LearningRateScheduler` callback does.
  /// Requires a settable learning rate (no per-step `schedule`).
  public var runningSchedule: (any RunningSchedule)? {
    didSet {
      precondition(
        runningSchedule == nil || schedule == nil, "\(name): running schedule with a per-step schedule")
    }
  }
  /// The learning rate the optimizer was created with (`initial_lr` for running schedules).
  public let initialLearningRate: Double
  /// Number of steps applied so far (Keras's `optimizer.iterations`).
  public internal(set) var iterations = 0
  /// The epoch last announced by `beginEpoch(_:)`.
  public internal(set) var epoch = 0
  /// The learning rate used by the last step (nil before the first), for LR history.
  public internal(set) var lastAppliedLearningRate: Float?

  var storedLearningRate: Float
  var entries: [ObjectIdentifier: SlotEntry] = [:]
  var entryOrder: [ObjectIdentifier] = []
  private var scratch: Tensor?

  /// Creates an optimizer from a rule; the algorithm factories (`Optimizer.adam(...)`) call this.
  public init(
    name: String, rule: any UpdateRule, learningRate: LearningRate, weightDecay: Double? = nil,
    clipping: GradientClipping = .none, weightDecayExclusions: [String] = []
  ) {
    self.name = name
    self.rule = rule
    self.weightDecay = weightDecay
    self.clipping = clipping
    self.weightDecayExclusions = weightDecayExclusions
    switch learningRate {
    case .constant(let lr):
      schedule = nil
      initialLearningRate = lr
      storedLearningRate = Float(lr)
    case .schedule(let s):
      schedule = s
      initialLearningRate = s(0)
      storedLearningRate = Float(initialLearningRate)
    }
  }

  /// Whether `learningRate` may be set (false when it comes from a per-step schedule).
  public var isLearningRateSettable: Bool { schedule == nil }

  /// The learning rate at the current step, as float32: `schedule(iterations)` or the constant.
  /// Setting it (callbacks such as reduce-on-plateau) requires `isLearningRateSettable`.
  public var learningRate: Double {
    get {
      if let schedule { return Double(Float(schedule(iterations))) }
      return Double(storedLearningRate)
    }
    set {
      precondition(schedule == nil, "\(name): learning rate comes from a schedule")
      storedLearningRate = Float(newValue)
    }
  }

  /// Sets the learning rate, or throws if it comes from a schedule (as Keras's `TypeError`).
  public func setLearningRate(_ value: Double) throws {
    guard schedule == nil else { throw OptimizerError.learningRateNotSettable(optimizer: name) }
    storedLearningRate = Float(value)
  }

  /// Announces the start of `epoch` (0-based); applies an epoch-wise running schedule.
  public func beginEpoch(_ epoch: Int) {
    self.epoch = epoch
    if let running = runningSchedule, running.every == .epoch { applyRunningSchedule(running) }
  }

  private func applyRunningSchedule(_ running: any RunningSchedule) {
    let context = ScheduleContext(
      epoch: epoch, step: iterations, learningRate: Double(storedLearningRate),
      initialLearningRate: running.initialLearningRate ?? initialLearningRate)
    storedLearningRate = Float(running.learningRate(context))
  }

  /// The one place the learning rate of a step is read.
  private func learningRateForThisStep() -> Float {
    if let running = runningSchedule, running.every == .step, schedule == nil {
      applyRunningSchedule(running)
    }
    return Float(learningRate)
  }

  /// Allocates state slots for the trainable parameters (idempotent for known parameters).
  /// Names must be unique: they key the saved state.
  public func build(_ parameters: [Parameter]) {
    var maxCount = scratch?.count ?? 0
    var names = Set(entryOrder.compactMap { entries[$0]?.name })
    for p in parameters where p.trainable {
      let id = ObjectIdentifier(p)
      if entries[id] != nil { continue }
      precondition(names.insert(p.name).inserted, "\(name): duplicate parameter name \(p.name)")
      let n = p.value.count
      let slots = AllocationContext.with("optimizer slots for '\(p.name)'") {
        Tensor(zeros: [rule.slotNames.count * n])
      }
      for k in rule.slotNames.indices where rule.initialValue(ofSlot: k) != 0 {
        SlotBuffers(storage: slots.buffer, count: n)[k].update(repeating: Float(rule.initialValue(ofSlot: k)))
      }
      let decays =
        weightDecay != nil && !WeightDecayExclusion.excludes(weightDecayExclusions, parameterName: p.name)
      entries[id] = SlotEntry(name: p.name, count: n, slots: slots, decays: decays)
      entryOrder.append(id)
      maxCount = max(maxCount, n)
    }
    if clipping != .none, maxCount > (scratch?.count ?? 0) {
      scratch = AllocationContext.with("the optimizer's clipping buffer") { Tensor(zeros: [maxCount]) }
    }
  }

  /// One optimizer step over `parameters` (non-trainable ones are skipped).
  public func apply(to parameters: [Parameter]) {
    if parameters.contains(where: { $0.trainable && entries[ObjectIdentifier($0)] == nil }) {
      build(parameters)
    }
    let lr = learningRateForThisStep()
    lastAppliedLearningRate = lr
    let step = iterations + 1
    let globalScale = clipping.globalScale(parameters)
    rule.beginStep(step)
    for p in parameters where p.trainable {
      let entry = entries[ObjectIdentifier(p)]!
      let n = entry.count
      precondition(p.gradient.count == n, "\(p.name): gradient size changed")
      var gradient = UnsafeBufferPointer(p.gradient.buffer)
      if clipping != .none, n > 0 {
        let out = UnsafeMutableBufferPointer(rebasing: scratch!.buffer[0..<n])
        clipping.clip(gradient, into: out, globalScale: globalScale)
        gradient = UnsafeBufferPointer(out)
      }
      let w = p.value.buffer
      if entry.decays, let wd = weightDecay {
        let wdF = Float(wd)
        for i in 0..<n { w[i] = w[i] - w[i] * wdF * lr }
      }
      rule.update(
        weights: w, gradient: gradient, slots: SlotBuffers(storage: entry.slots.buffer, count: n),
        learningRate: lr, step: step)
    }
    iterations += 1
  }

  /// The per-element effective step sizes of `parameter` after the last step (Adam family:
  /// the factor `s` in `w -= m·s`), as a view of its state valid until the next step, or nil for
  /// rules without them or before the first step.
  public func stepSizes(for parameter: Parameter) -> EffectiveStepSizes? {
    guard let entry = entries[ObjectIdentifier(parameter)], let lr = lastAppliedLearningRate else {
      return nil
    }
    return rule.stepSizes(
      slots: SlotBuffers(storage: entry.slots.buffer, count: entry.count), learningRate: lr,
      step: iterations)
  }

  /// `stepSizes(for:)` computed, in a new array.
  public func effectiveStepSizes(for parameter: Parameter) -> [Float]? { stepSizes(for: parameter)?.values }

  /// `effectiveStepSizes(for:)` summarised as min, 5th/50th/95th percentile and max.
  public func stepSizeSummary(for parameter: Parameter) -> StepSizeSummary? {
    effectiveStepSizes(for: parameter).flatMap(StepSizeSummary.init(values:))
  }
}

/// Where an optimizer's learning rate comes from.
public enum LearningRate: Sendable, ExpressibleByFloatLiteral {
  /// A constant (Keras: a float32 variable that callbacks may set).
  case constant(Double)
  /// A per-step schedule evaluated at `iterations` before the step.
  case schedule(any LearningRateSchedule)

  /// A constant learning rate from a literal.
  public init(floatLiteral value: Double) { self = .constant(value) }
}

/// One trainable parameter's state in an optimizer.
struct SlotEntry {
  let name: String
  let count: Int
  let slots: Tensor
  let decays: Bool
}

extension GradientClipping {
  /// The global-norm scale for this step (1 for the other modes).
  func globalScale(_ parameters: [Parameter]) -> Float {
    guard case .globalNorm = self else { return 1 }
    var sum = 0.0
    for p in parameters where p.trainable {
      for g in p.gradient.buffer { sum += Double(g) * Double(g) }
    }
    return globalScale(sumOfSquares: sum)
  }

  /// The global-norm scale from the sum of squares of all gradients, in `T`.
  func globalScale<T: OptimizerScalar>(sumOfSquares sum: Double) -> T {
    guard case .globalNorm(let c) = self else { return 1 }
    let norm = T(sum.squareRoot())
    let clip = T(c)
    // Keras: clip_norm * min(1/norm, 1/clip_norm) + (norm - norm), NaN for a non-finite norm.
    return clip * min(1 / norm, 1 / clip) + (norm - norm)
  }

  /// Writes the clipped `gradient` into `out`.
  func clip<T: OptimizerScalar>(
    _ gradient: UnsafeBufferPointer<T>, into out: UnsafeMutableBufferPointer<T>, globalScale: T
  ) {
    let n = gradient.count
    switch self {
    case .none:
      for i in 0..<n { out[i] = gradient[i] }
    case .norm(let c):
      var sum: T = 0
      for g in gradient { sum += g * g }
      let norm = sum > 0 ? sum.squareRoot() : sum
      let clip = T(c)
      let denominator = max(norm, clip)
      for i in 0..<n { out[i] = gradient[i] * clip / denominator }
    case .value(let c):
      let v = T(c)
      for i in 0..<n { out[i] = min(max(gradient[i], -v), v) }
    case .globalNorm:
      for i in 0..<n { out[i] = gradient[i] * globalScale }
    }
  }
}
