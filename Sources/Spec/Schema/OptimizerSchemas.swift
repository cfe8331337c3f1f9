extension Schemas {
  static func learningRate(_ value: Double) -> ArgumentSchema {
    .double("learning_rate", value, .greaterThan(0), "Step size (a schedule, if given, starts from it).")
  }
  static func beta(_ name: String, _ value: Double, _ doc: String) -> ArgumentSchema {
    .double(name, value, .range(0, 1, lowClosed: true, highClosed: false), doc)
  }
  static let epsilon = ArgumentSchema.double(
    "epsilon", 1e-7, .greaterThan(0), "Small constant for numerical stability (Keras's 1e-7).")
  static let amsgrad = ArgumentSchema.bool(
    "amsgrad", false, "Use the maximum of past second moments (AMSGrad).")
  static let biasCorrection = ArgumentSchema.bool(
    "bias_correction", true, "Divide the moments by (1 - beta^t); false shows the raw moments.")

  /// Optimizers that accept `formula: pytorch`.
  static let pytorchFormula: Set<String> = ["sgd", "adam", "adamw", "rmsprop", "adagrad"]

  /// The optimizers.
  public static let optimizers = FamilySchema(
    family: .optimizer,
    doc: """
      Optimizers, as Keras 3's `keras.optimizers`, with Keras's update rules and defaults. Every step \
      clips gradients (if asked), applies decoupled weight decay (if asked), then the update.
      """,
    common: [
      .optional("weight_decay", .double, .atLeast(0), "Decoupled weight decay: w -= lr * weight_decay * w."),
      .optional(
        "exclude_from_weight_decay", .stringList,
        "Regular expressions (Keras's `exclude_from_weight_decay(var_names=...)`), searched in each parameter's own name (`kernel`, `bias`, `gamma`, `beta`, ...); matching parameters get no weight decay."),
      .optional("clipnorm", .double, .greaterThan(0), "Clip each gradient to this L2 norm."),
      .optional("clipvalue", .double, .greaterThan(0), "Clip each gradient element to ±clipvalue."),
      .optional("global_clipnorm", .double, .greaterThan(0), "Clip all gradients together to this L2 norm."),
      .choice(
        "formula", ["keras", "pytorch"], "keras",
        "Update rule variant: Keras's, or PyTorch's (sgd, adam, adamw, rmsprop, adagrad)."),
    ],
    types: [
      TypeSchema(
        "sgd", "Gradient descent with optional (Nesterov) momentum.",
        [
          learningRate(0.01),
          .double("momentum", 0, .range(0, 1, lowClosed: true, highClosed: true), "Velocity decay."),
          .bool("nesterov", false, "Use Nesterov momentum."),
          .double(
            "dampening", 0, .range(0, 1, lowClosed: true, highClosed: true),
            "PyTorch's dampening of the momentum buffer (formula: pytorch only)."),
        ],
        pytorchDefaults: [("learning_rate", .double(0.001))],
        check: { c, check in
          if c.double("dampening") != 0, c.string("formula") != "pytorch" {
            check.error(c, "dampening", "dampening applies only with formula: pytorch")
          }
        }),
      TypeSchema(
        "adam", "Adam (Kingma & Ba, 2014).",
        [
          learningRate(0.001), beta("beta_1", 0.9, "Decay of the first moment."),
          beta("beta_2", 0.999, "Decay of the second moment."), epsilon, amsgrad, biasCorrection,
        ],
        pytorchDefaults: [("epsilon", .double(1e-8))]),
      TypeSchema(
        "adamw", "Adam with decoupled weight decay (Loshchilov & Hutter, 2017).",
        [
          learningRate(0.001),
          .double("weight_decay", 0.004, .atLeast(0), "Decoupled weight decay (Keras's AdamW default)."),
          beta("beta_1", 0.9, "Decay of the first moment."),
          beta("beta_2", 0.999, "Decay of the second moment."),
          epsilon, amsgrad, biasCorrection,
        ],
        pytorchDefaults: [("weight_decay", .double(0.01)), ("epsilon", .double(1e-8))]),
      TypeSchema(
        "rmsprop", "RMSprop (Hinton, 2012).",
        [
          learningRate(0.001), beta("rho", 0.9, "Decay of the mean square."),
          .double("momentum", 0, .range(0, 1, lowClosed: true, highClosed: false), "Momentum."),
          epsilon, .bool("centered", false, "Normalize by the variance instead of the mean square."),
        ],
        pytorchDefaults: [("learning_rate", .double(0.01)), ("rho", .double(0.99)), ("epsilon", .double(1e-8))]),
      TypeSchema(
        "adagrad", "Adagrad (Duchi et al., 2011).",
        [
          learningRate(0.001),
          .double("initial_accumulator_value", 0.1, .atLeast(0), "Starting value of the accumulators."),
          epsilon,
        ],
        pytorchDefaults: [
          ("learning_rate", .double(0.01)), ("initial_accumulator_value", .double(0)), ("epsilon", .double(1e-10)),
        ]),
      TypeSchema(
        "adadelta", "Adadelta (Zeiler, 2012).",
        [learningRate(0.001), beta("rho", 0.95, "Decay rate."), epsilon]),
      TypeSchema(
        "adamax", "Adamax, Adam with the infinity norm.",
        [
          learningRate(0.001), beta("beta_1", 0.9, "Decay of the first moment."),
          beta("beta_2", 0.999, "Decay of the infinity norm."), epsilon,
        ]),
      TypeSchema(
        "nadam", "Adam with Nesterov momentum (Dozat, 2016).",
        [
          learningRate(0.001), beta("beta_1", 0.9, "Decay of the first moment."),
          beta("beta_2", 0.999, "Decay of the second moment."), epsilon,
        ]),
      TypeSchema(
        "lion", "Lion (Chen et al., 2023): sign of an interpolated momentum.",
        [
          learningRate(0.001), beta("beta_1", 0.9, "Interpolation of the update."),
          beta("beta_2", 0.99, "Decay of the momentum."),
        ]),
      TypeSchema(
        "lamb", "LAMB (You et al., 2019): Adam with a layer-wise trust ratio.",
        [
          learningRate(0.001), beta("beta_1", 0.9, "Decay of the first moment."),
          beta("beta_2", 0.999, "Decay of the second moment."), epsilon,
        ]),
      TypeSchema(
        "ftrl", "FTRL-proximal (McMahan et al., 2013).",
        [
          learningRate(0.001),
          .double(
            "learning_rate_power", -0.5, .range(-.infinity, 0, lowClosed: false, highClosed: true),
            "Power of the learning-rate decay."),
          .double("initial_accumulator_value", 0.1, .atLeast(0), "Starting value of the accumulators."),
          .double("l1_regularization_strength", 0, .atLeast(0), "L1 strength."),
          .double("l2_regularization_strength", 0, .atLeast(0), "L2 strength."),
          .double("l2_shrinkage_regularization_strength", 0, .atLeast(0), "L2 shrinkage strength."),
          .double("beta", 0, .atLeast(0), "Beta of FTRL."),
        ]),
    ],
    hasName: false,
    check: { c, check in
      let clips = ["clipnorm", "clipvalue", "global_clipnorm"].filter { !c.value($0).isNull }
      if clips.count > 1 {
        check.error(
          c, clips[1],
          "at most one of clipnorm, clipvalue, global_clipnorm may be set; got \(clips.joined(separator: " and "))"
        )
      }
      for (i, pattern) in (c.strings("exclude_from_weight_decay") ?? []).enumerated() {
        if let problem = regexProblem(pattern) {
          check.error(
            c, "exclude_from_weight_decay",
            "exclude_from_weight_decay[\(i)] '\(pattern)' is not a regular expression: \(problem)")
        }
      }
      if !(c.strings("exclude_from_weight_decay") ?? []).isEmpty, c.value("weight_decay").isNull {
        check.error(
          c, "exclude_from_weight_decay",
          "exclude_from_weight_decay has no effect without weight_decay; set weight_decay or remove it")
      }
      if c.string("formula") == "pytorch", !pytorchFormula.contains(c.type) {
        check.error(
          c, "formula",
          "formula: pytorch is available for sgd, adam, adamw, rmsprop and adagrad, not \(c.type)")
      }
    })
}


/// Why `pattern` is not a regular expression (Swift's syntax, which agrees with Python's `re` on
/// the patterns people write here), or nil.
func regexProblem(_ pattern: String) -> String? {
  do {
    _ = try Regex(pattern)
    return nil
  } catch {
    return "\(error)"
  }
}
