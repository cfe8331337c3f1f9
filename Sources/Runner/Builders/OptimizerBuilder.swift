import Optimizers
import Spec
import YAML

/// Builds an `Optimizer` from the spec's `optimizer` and optional `schedule` components.
///
/// Names and arguments are Keras 3's (`docs/spec.md`, Optimizers); each maps to the factory of the
/// same name in the Optimizers library (`adam` → `Optimizer.adam`, `beta_1` → `beta1`, ...). Every
/// argument is passed as the resolved spec holds it, so re-running a saved `spec.yaml` builds the
/// same optimizer. `clipnorm` / `clipvalue` / `global_clipnorm` become `GradientClipping`,
/// `weight_decay` is Keras's decoupled decay (PyTorch's coupled L2 under `formula: pytorch`, except
/// for AdamW). A per-step schedule becomes the optimizer's learning rate; a running schedule
/// (`step_decay`, `expression`) is installed as its `runningSchedule` over a settable rate that starts
/// at the schedule's `initial_learning_rate` or the optimizer's `learning_rate`.
public enum OptimizerBuilder {
  /// Builds the optimizer; `source` (the spec text) lets diagnostics quote the offending line.
  public static func make(
    optimizer: Component, schedule: Component?, source: Source? = nil
  ) throws(DiagnosticList) -> Optimizer {
    let c = optimizer
    let place = ComponentPlace(component: c, path: "optimizer", source: source)
    let baseRate = c.double("learning_rate")
    let built = try schedule.map { s throws(DiagnosticList) in
      try ScheduleBuilder.make(s, optimizerLearningRate: baseRate, source: source)
    }
    let learningRate: LearningRate
    switch built {
    case nil: learningRate = .constant(baseRate)
    case .perStep(let s)?: learningRate = .schedule(s)
    case .running(let r)?: learningRate = .constant(r.initialLearningRate ?? baseRate)
    }
    guard let formula = UpdateFormula(rawValue: c.string("formula")) else {
      throw DiagnosticList([place.diagnostic("unknown formula '\(c.string("formula"))'", argument: "formula")]
      )
    }
    let clipping = try place.run {
      try GradientClipping(
        clipnorm: c.optionalDouble("clipnorm"), clipvalue: c.optionalDouble("clipvalue"),
        globalClipnorm: c.optionalDouble("global_clipnorm"))
    }
    let result = try place.run {
      try factory(
        c, formula: formula, learningRate: learningRate, options: OptimizerOptions(
          clipping: clipping, weightDecayExclusions: c.strings("exclude_from_weight_decay") ?? []))
    }
    guard let optimizer = result else {
      throw DiagnosticList([place.diagnostic("unknown optimizer type '\(c.type)'", argument: nil)])
    }
    if case .running(let r)? = built { optimizer.runningSchedule = r }
    return optimizer
  }

  /// The Optimizers factory call for `c.type`, or nil for an unknown type.
  private static func factory(
    _ c: Component, formula: UpdateFormula, learningRate lr: LearningRate, options: OptimizerOptions
  ) throws -> Optimizer? {
    let wd = c.optionalDouble("weight_decay")
    switch c.type {
    case "sgd":
      return try .sgd(
        formula: formula, learningRate: lr, momentum: c.double("momentum"), nesterov: c.bool("nesterov"),
        dampening: formula == .pytorch ? c.double("dampening") : nil, weightDecay: wd, options: options)
    case "adam":
      return try .adam(
        formula: formula, learningRate: lr, beta1: c.double("beta_1"), beta2: c.double("beta_2"),
        epsilon: c.double("epsilon"), amsgrad: c.bool("amsgrad"), biasCorrection: c.bool("bias_correction"),
        weightDecay: wd, options: options)
    case "adamw":
      return try .adamW(
        formula: formula, learningRate: lr, weightDecay: wd, beta1: c.double("beta_1"),
        beta2: c.double("beta_2"),
        epsilon: c.double("epsilon"), amsgrad: c.bool("amsgrad"), biasCorrection: c.bool("bias_correction"),
        options: options)
    case "rmsprop":
      return try .rmsprop(
        formula: formula, learningRate: lr, rho: c.double("rho"), momentum: c.double("momentum"),
        epsilon: c.double("epsilon"), centered: c.bool("centered"), weightDecay: wd, options: options)
    case "adagrad":
      return try .adagrad(
        formula: formula, learningRate: lr, initialAccumulatorValue: c.double("initial_accumulator_value"),
        epsilon: c.double("epsilon"), weightDecay: wd, options: options)
    case "adadelta":
      return try .adadelta(
        learningRate: lr, rho: c.double("rho"), epsilon: c.double("epsilon"), weightDecay: wd,
        options: options)
    case "adamax":
      return try .adamax(
        learningRate: lr, beta1: c.double("beta_1"), beta2: c.double("beta_2"), epsilon: c.double("epsilon"),
        weightDecay: wd, options: options)
    case "nadam":
      return try .nadam(
        learningRate: lr, beta1: c.double("beta_1"), beta2: c.double("beta_2"), epsilon: c.double("epsilon"),
        weightDecay: wd, options: options)
    case "lion":
      return try .lion(
        learningRate: lr, beta1: c.double("beta_1"), beta2: c.double("beta_2"), weightDecay: wd,
        options: options)
    case "lamb":
      return try .lamb(
        learningRate: lr, beta1: c.double("beta_1"), beta2: c.double("beta_2"), epsilon: c.double("epsilon"),
        weightDecay: wd, options: options)
    case "ftrl":
      return try .ftrl(
        learningRate: lr, learningRatePower: c.double("learning_rate_power"),
        initialAccumulatorValue: c.double("initial_accumulator_value"),
        l1RegularizationStrength: c.double("l1_regularization_strength"),
        l2RegularizationStrength: c.double("l2_regularization_strength"),
        l2ShrinkageRegularizationStrength: c.double("l2_shrinkage_regularization_strength"),
        beta: c.double("beta"), weightDecay: wd, options: options)
    default:
      return nil
    }
  }
}

/// A component and where it sits in the spec, for turning library errors into diagnostics at the
/// argument they name (or at the component when the argument was not written).
struct ComponentPlace {
  let component: Component
  /// The dotted path of the component (`optimizer`, `schedule.schedule`).
  let path: String
  let source: Source?

  /// An error at `argument`'s mark (else the component's), quoting the source line when known.
  func diagnostic(_ message: String, argument: String?) -> Diagnostic {
    let mark = argument.flatMap { component.argumentMarks[$0] } ?? component.mark
    let line = mark.flatMap { m in source.flatMap { $0.name == m.file ? $0.line(m.line) : nil } }
    return Diagnostic(
      at: mark, message, keyPath: argument.map { "\(path).\($0)" } ?? path, sourceLine: line)
  }

  /// The diagnostic for an error thrown by the Optimizers library.
  func diagnostic(for error: any Error) -> Diagnostic {
    switch error as? OptimizerError {
    case .invalidArgument(_, let argument, _, _)?:
      return diagnostic("\(error)", argument: argument)
    case .conflictingClipping(let n, let v, let g)?:
      let given = [("clipnorm", n), ("clipvalue", v), ("global_clipnorm", g)].filter { $0.1 != nil }
      return diagnostic("\(error)", argument: given.count > 1 ? given[1].0 : nil)
    default:
      return diagnostic("\(error)", argument: nil)
    }
  }

  /// Runs a library call, converting what it throws into a one-diagnostic list.
  func run<T>(_ body: () throws -> T) throws(DiagnosticList) -> T {
    do {
      return try body()
    } catch {
      throw DiagnosticList([diagnostic(for: error)])
    }
  }
}
