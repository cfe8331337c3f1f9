import Optimizers
import Spec
import YAML

/// A learning-rate schedule built from a spec: either a pure function of the optimizer's step
/// (Keras's `LearningRateSchedule`) or a rule that rewrites the optimizer's settable rate each step
/// or epoch (Keras's `LearningRateScheduler` callback: `step_decay`, `expression`).
public enum BuiltSchedule: Sendable {
  /// Evaluated at the optimizer's `iterations` before each step.
  case perStep(any LearningRateSchedule)
  /// Installed as the optimizer's `runningSchedule`.
  case running(any RunningSchedule)
}

/// Builds learning-rate schedules from `schedule` components (`docs/spec.md`, Schedules).
///
/// Every schedule starts from its own `initial_learning_rate` when given, else from the optimizer's
/// `learning_rate`. A nested `linear_warmup.schedule` starts from the warmup's starting value unless
/// it names its own. Errors the Optimizers library reports become diagnostics at the argument.
public enum ScheduleBuilder {
  /// Builds `schedule`; `optimizerLearningRate` is the optimizer's `learning_rate`, `source` the
  /// spec text for quoting lines, `path` the component's dotted path in the spec.
  public static func make(
    _ schedule: Component, optimizerLearningRate: Double, source: Source? = nil, path: String = "schedule"
  ) throws(DiagnosticList) -> BuiltSchedule {
    let place = ComponentPlace(component: schedule, path: path, source: source)
    let c = schedule
    let lr0 = c.optionalDouble("initial_learning_rate") ?? optimizerLearningRate
    switch c.type {
    case "constant":
      return .perStep(ConstantSchedule(learningRate: lr0))
    case "exponential_decay":
      return .perStep(
        try place.run {
          try ExponentialDecay(
            initialLearningRate: lr0, decaySteps: c.int("decay_steps"), decayRate: c.double("decay_rate"),
            staircase: c.bool("staircase"))
        })
    case "piecewise_constant_decay":
      return .perStep(
        try place.run {
          try PiecewiseConstantDecay(
            boundaries: c.ints("boundaries") ?? [], values: c.doubles("values") ?? [])
        })
    case "polynomial_decay":
      return .perStep(
        try place.run {
          try PolynomialDecay(
            initialLearningRate: lr0, decaySteps: c.int("decay_steps"),
            endLearningRate: c.double("end_learning_rate"),
            power: c.double("power"), cycle: c.bool("cycle"))
        })
    case "inverse_time_decay":
      return .perStep(
        try place.run {
          try InverseTimeDecay(
            initialLearningRate: lr0, decaySteps: c.int("decay_steps"), decayRate: c.double("decay_rate"),
            staircase: c.bool("staircase"))
        })
    case "cosine_decay":
      return .perStep(
        try place.run {
          try CosineDecay(
            initialLearningRate: lr0, decaySteps: c.int("decay_steps"), alpha: c.double("alpha"),
            warmupTarget: c.optionalDouble("warmup_target"), warmupSteps: c.int("warmup_steps"))
        })
    case "cosine_decay_restarts":
      return .perStep(
        try place.run {
          try CosineDecayRestarts(
            initialLearningRate: lr0, firstDecaySteps: c.int("first_decay_steps"), tMul: c.double("t_mul"),
            mMul: c.double("m_mul"), alpha: c.double("alpha"))
        })
    case "step_decay":
      return .running(
        try place.run {
          try StepDecay(
            initialLearningRate: c.optionalDouble("initial_learning_rate"), drop: c.double("drop"),
            every: c.int("every"))
        })
    case "linear_warmup":
      return .perStep(try linearWarmup(c, lr0: lr0, place: place))
    case "expression":
      return .running(try expression(c, place: place))
    default:
      throw DiagnosticList([place.diagnostic("unknown schedule type '\(c.type)'", argument: nil)])
    }
  }

  /// `linear_warmup`: a ramp from `start` to the inner schedule's first value, then the inner
  /// schedule (a constant `lr0` when none is given), which must be per-step.
  private static func linearWarmup(
    _ c: Component, lr0: Double, place: ComponentPlace
  ) throws(DiagnosticList) -> any LearningRateSchedule {
    var inner: any LearningRateSchedule = ConstantSchedule(learningRate: lr0)
    if let nested = c.component("schedule") {
      let built = try make(
        nested, optimizerLearningRate: lr0, source: place.source, path: place.path + ".schedule")
      guard case .perStep(let s) = built else {
        throw DiagnosticList([
          place.diagnostic(
            "linear_warmup cannot wrap '\(nested.type)', which rewrites the learning rate as it runs; "
              + "use a per-step schedule (constant, exponential_decay, cosine_decay, ...)",
            argument: "schedule")
        ])
      }
      inner = s
    }
    let wrapped = inner
    return try place.run {
      try LinearWarmup(wrapped, warmupSteps: c.int("warmup_steps"), start: c.double("start"))
    }
  }

  /// `expression`: the formula over `epoch`, `step`, `lr` and `initial_lr`, evaluated each step or
  /// at each epoch's start.
  private static func expression(_ c: Component, place: ComponentPlace) throws(DiagnosticList)
    -> any RunningSchedule
  {
    let formula: Spec.Expression
    do throws(ExpressionError) {
      formula = try Spec.Expression.parse(c.string("value"), variables: Schemas.scheduleVariables)
    } catch {
      throw DiagnosticList([place.diagnostic("invalid expression: \(error)", argument: "value")])
    }
    precondition(
      Schemas.scheduleVariables == ["epoch", "step", "lr", "initial_lr"], "variable order changed")
    let every: ScheduleInterval = c.string("every") == "step" ? .step : .epoch
    return ExpressionSchedule(every: every, initialLearningRate: c.optionalDouble("initial_learning_rate")) {
      context in
      formula.evaluate([
        Double(context.epoch), Double(context.step), context.learningRate, context.initialLearningRate,
      ])
    }
  }
}
