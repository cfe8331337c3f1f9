extension Schemas {
  /// Variables of a schedule `expression`.
  public static let scheduleVariables = ["epoch", "step", "lr", "initial_lr"]
  /// Variables of the `learning_rate_scheduler` callback's expression (Keras's `schedule(epoch, lr)`).
  public static let schedulerCallbackVariables = ["epoch", "lr"]

  static let decaySteps = ArgumentSchema.required("decay_steps", .int, .atLeast(1), "Steps per decay period.")
  static let decayRate = ArgumentSchema.required("decay_rate", .double, .greaterThan(0), "Decay factor.")
  static let staircase = ArgumentSchema.bool(
    "staircase", false, "Decay in whole periods (floor of step / decay_steps).")

  /// The learning-rate schedules.
  public static let schedules = FamilySchema(
    family: .schedule,
    doc: """
      Learning-rate schedules, as Keras 3's `keras.optimizers.schedules`, read once per optimizer step \
      (step counts from 0). Each starts from `initial_learning_rate`, which defaults to the optimizer's \
      `learning_rate`.
      """,
    common: [
      .optional(
        "initial_learning_rate", .double, .greaterThan(0),
        "Starting value; null means the optimizer's learning_rate.")
    ],
    types: [
      TypeSchema("constant", "The initial learning rate throughout."),
      TypeSchema(
        "exponential_decay", "lr0 · decay_rate^(step / decay_steps).", [decaySteps, decayRate, staircase]),
      TypeSchema(
        "piecewise_constant_decay", "values[i] while step <= boundaries[i]; the last value after.",
        [
          .required("boundaries", .intList, .atLeast(0), "Increasing step boundaries."),
          .required("values", .doubleList(count: nil), "One more value than boundaries."),
        ],
        example: "{type: piecewise_constant_decay, boundaries: [1000, 2000], values: [0.01, 0.005, 0.001]}",
        check: { c, check in
          let b = c.ints("boundaries") ?? []
          let v = c.doubles("values") ?? []
          if v.count != b.count + 1 {
            check.error(
              c, "values", "values must have one more entry than boundaries (\(b.count + 1)); got \(v.count)")
          }
          if zip(b, b.dropFirst()).contains(where: { $0 >= $1 }) {
            check.error(c, "boundaries", "boundaries must be strictly increasing")
          }
        }),
      TypeSchema(
        "polynomial_decay", "Polynomial from lr0 to end_learning_rate over decay_steps.",
        [
          decaySteps, .double("end_learning_rate", 0.0001, .atLeast(0), "Final value."),
          .double("power", 1.0, .greaterThan(0), "Power of the polynomial."),
          .bool("cycle", false, "Restart after decay_steps, stretching the period."),
        ]),
      TypeSchema(
        "inverse_time_decay", "lr0 / (1 + decay_rate · step / decay_steps).",
        [decaySteps, decayRate, staircase]),
      TypeSchema(
        "cosine_decay", "Cosine decay to alpha · lr0, after an optional linear warmup.",
        [
          decaySteps,
          .double("alpha", 0, .range(0, 1, lowClosed: true, highClosed: true), "Final fraction of lr0."),
          .optional(
            "warmup_target", .double, .greaterThan(0), "Value reached at the end of warmup; null: no warmup."),
          .int("warmup_steps", 0, .atLeast(0), "Length of the warmup."),
        ]),
      TypeSchema(
        "cosine_decay_restarts", "Cosine decay with warm restarts (SGDR).",
        [
          .required("first_decay_steps", .int, .atLeast(1), "Length of the first period."),
          .double("t_mul", 2.0, .greaterThan(0), "Growth of each period."),
          .double("m_mul", 1.0, .greaterThan(0), "Scale of each restart's peak."),
          .double("alpha", 0, .range(0, 1, lowClosed: true, highClosed: true), "Final fraction of lr0."),
        ]),
      TypeSchema(
        "step_decay", "lr0 · drop^floor(epoch / every).",
        [
          .double("drop", 0.5, .range(0, 1, lowClosed: false, highClosed: true), "Factor per drop."),
          .required("every", .int, .atLeast(1), "Epochs between drops."),
        ]),
      TypeSchema(
        "linear_warmup", "Linear from start to lr0 over warmup_steps, then `schedule` (constant if null).",
        [
          .required("warmup_steps", .int, .atLeast(1), "Length of the warmup."),
          .double("start", 0, .atLeast(0), "Value at step 0."),
          .optional("schedule", .component(.schedule), "Schedule after the warmup, counted from its end."),
        ]),
      TypeSchema(
        "expression",
        "A formula, evaluated every step or at each epoch's start (Keras's LearningRateScheduler).",
        [
          .required("value", .expression(variables: scheduleVariables), "The formula (see Expressions)."),
          .choice("every", ["step", "epoch"], "epoch", "When the formula is evaluated."),
        ],
        example: "{type: expression, every: epoch, value: \"epoch < 50 ? lr : lr * exp(-0.1)\"}"),
    ],
    hasName: false)
}
