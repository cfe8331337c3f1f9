/// The `loss` and `metrics` families: Keras 3's names, arguments and defaults.
///
/// Keras's other names for a type (`mean_squared_error`, `kld`, `acc`, ...: those `keras.losses.get`
/// and Keras's metric lookup accept) are registered types with the same arguments, documented as
/// aliases; they stay as written in the resolved spec, so a metric keeps the history column Keras
/// would give it (`metrics=["acc"]` logs `acc`, `val_acc`). Keras 2's legacy names
/// (`kullback_leibler_divergence`, `logcosh`) are not accepted by Keras 3 and get a hint instead.
extension Schemas {
  /// The losses.
  public static let losses = FamilySchema(
    family: .loss,
    doc:
      "Loss functions, as Keras 3's `keras.losses`, averaged over the batch (`sum_over_batch_size`). "
      + "Keras's other names (`mean_squared_error`, `kld`, `bce`, ...) are accepted and kept as written in "
      + "the resolved spec. A crossentropy (binary, binary focal, categorical, sparse) on a model ending in the "
      + "matching sigmoid or softmax is computed from its logits, as Keras's TensorFlow backend does.",
    common: [],
    types: withAliases(
      [
        TypeSchema("mse", "Mean squared error."),
        TypeSchema("mae", "Mean absolute error."),
        TypeSchema(
          "huber", "Huber loss.", [.double("delta", 1.0, .greaterThan(0), "Where the loss turns linear.")]),
        TypeSchema(
          "binary_crossentropy", "Binary cross-entropy on probabilities (or logits).",
          [fromLogits, labelSmoothing]),
        TypeSchema(
          "categorical_crossentropy", "Cross-entropy against one-hot labels.", [fromLogits, labelSmoothing]),
        TypeSchema(
          "sparse_categorical_crossentropy", "Cross-entropy against integer labels.", [fromLogits]),
        TypeSchema(
          "binary_focal_crossentropy",
          "Focal binary cross-entropy: `(1 − p_t)^gamma · bce` (Lin et al. 2017), optionally class-balanced.",
          [
            .bool("apply_class_balancing", false, "Weight class 1 by `alpha` and class 0 by `1 − alpha`."),
            .double(
              "alpha", 0.25, .range(0, 1, lowClosed: true, highClosed: true), "Class-1 weight when balancing."
            ),
            .double("gamma", 2.0, .atLeast(0), "Focusing exponent; 0 gives binary cross-entropy."),
            fromLogits, labelSmoothing,
          ]),
        TypeSchema(
          "kl_divergence", "Kullback-Leibler divergence `Σ y·log(y / p)`, both clipped to [1e-7, 1]."),
        TypeSchema("poisson", "Poisson loss `p − y·log(p + 1e-7)`."),
        TypeSchema("log_cosh", "Logarithm of the hyperbolic cosine of the error (stable form)."),
        TypeSchema("hinge", "Hinge `max(1 − y·p, 0)`; labels in {0, 1} become {−1, 1}."),
        TypeSchema("squared_hinge", "Squared hinge `max(1 − y·p, 0)²`; labels in {0, 1} become {−1, 1}."),
        TypeSchema(
          "categorical_hinge", "Categorical hinge `max(max((1 − y)·p) − Σ y·p + 1, 0)` on one-hot labels."),
        TypeSchema("mean_absolute_percentage_error", "`100 · |y − p| / max(|y|, 1e-7)`."),
        TypeSchema("mean_squared_logarithmic_error", "`(log(max(p, 1e-7) + 1) − log(max(y, 1e-7) + 1))²`."),
        TypeSchema("cosine_similarity", "Negative cosine similarity of each row of predictions and targets."),
      ],
      aliases: [
        ("mean_squared_error", "mse"), ("mean_absolute_error", "mae"), ("bce", "binary_crossentropy"),
        ("mape", "mean_absolute_percentage_error"), ("msle", "mean_squared_logarithmic_error"),
        ("kld", "kl_divergence"),
      ]),
    hasName: false)

  static let fromLogits = ArgumentSchema.bool(
    "from_logits", false, "Whether predictions are logits rather than probabilities.")
  static let labelSmoothing = ArgumentSchema.double(
    "label_smoothing", 0, .range(0, 1, lowClosed: true, highClosed: true),
    "Squeeze labels towards 0.5 (binary) or 1/classes by this much.")
  static let topK = ArgumentSchema.int("k", 5, .atLeast(1), "How many top predictions count.")
  static let decisionThreshold = ArgumentSchema.double(
    "thresholds", 0.5, .range(0, 1, lowClosed: true, highClosed: true), "Decision threshold.")

  /// The metrics.
  public static let metrics = FamilySchema(
    family: .metric,
    doc:
      "Metrics reported per epoch, as Keras 3's `keras.metrics`; each is also logged as `val_NAME`. "
      + "Keras's other names (`acc`, `mean_squared_error`, ...) are accepted and logged under the name "
      + "written, as Keras does. Like Keras's stateful metrics, each accumulates over the whole epoch "
      + "(`auc` its threshold buckets, `f1_score` its per-class counts), not a mean of batch values; "
      + "`auc` and `f1_score` are maximized by `mode: auto`.",
    common: [],
    types: withAliases(
      [
        TypeSchema(
          "accuracy", "Fraction of correct predictions (the kind is chosen from the loss, as Keras)."),
        TypeSchema(
          "binary_accuracy", "Fraction of outputs on the right side of `threshold`.",
          [.double("threshold", 0.5, "Predictions above it count as 1.")]),
        TypeSchema("categorical_accuracy", "Argmax of predictions equals argmax of one-hot labels."),
        TypeSchema("sparse_categorical_accuracy", "Argmax of predictions equals the integer label."),
        TypeSchema(
          "top_k_categorical_accuracy", "Whether the label is among the k highest predictions.", [topK]),
        TypeSchema(
          "sparse_top_k_categorical_accuracy",
          "Whether the integer label is among the k highest predictions.",
          [topK]),
        TypeSchema("mae", "Mean absolute error."),
        TypeSchema("mse", "Mean squared error."),
        TypeSchema("rmse", "Root mean squared error."),
        TypeSchema("precision", "Precision of binary predictions.", [decisionThreshold]),
        TypeSchema("recall", "Recall of binary predictions.", [decisionThreshold]),
        TypeSchema(
          "auc",
          "Area under the ROC or PR curve over the epoch, from Keras's evenly spaced threshold buckets.",
          [
            .int("num_thresholds", 200, .atLeast(2), "How many thresholds discretize the curve."),
            .choice("curve", ["ROC", "PR"], "ROC", "Which curve."),
            .choice(
              "summation_method", ["interpolation", "minoring", "majoring"], "interpolation",
              "Riemann sum: trapezoids, or the lower or upper rectangle."),
            .bool("from_logits", false, "Whether predictions are logits (a sigmoid is applied first)."),
          ]),
        TypeSchema(
          "f1_score", "F1 score over the epoch, against one-hot, multi-label or integer-label targets.",
          [
            ArgumentSchema(
              "average", .nullable(.choice(["micro", "macro", "weighted"])), default: .string("macro"),
              doc:
                "How per-class scores become one number (Keras's default null returns one per class, "
                + "which cannot be logged: macro here)."),
            .optional(
              "threshold", .double, .range(0, 1, lowClosed: false, highClosed: true),
              "Predictions above it are positive; null: the row's maximum is."),
          ],
          check: { component, check in
            if component.arguments["average"] == .null {
              check.error(
                component, "average",
                "f1_score: average null gives one score per class, but a logged metric is one number; "
                  + "use micro, macro or weighted")
            }
          }),
      ],
      aliases: [
        ("acc", "accuracy"), ("mean_squared_error", "mse"), ("mean_absolute_error", "mae"),
        ("root_mean_squared_error", "rmse"),
      ]),
    hasName: false)

  /// `types` followed by each alias as a type of its own: the canonical type's arguments and checks,
  /// documented as the other name.
  static func withAliases(_ types: [TypeSchema], aliases: [(String, String)]) -> [TypeSchema] {
    types
      + aliases.map { alias, canonical in
        let target = types.first { $0.name == canonical }!
        return TypeSchema(
          alias, "Keras's other name for `\(canonical)`.", target.arguments, example: target.example,
          check: target.check)
      }
  }
}
