/// The registry: every family's schema, the activation names, and the sections' schemas.
public enum Schemas {
  /// The schema of a family.
  public static func family(_ family: Family) -> FamilySchema {
    switch family {
    case .layer: layers
    case .optimizer: optimizers
    case .schedule: schedules
    case .callback: callbacks
    case .dataset: datasets
    case .loss: losses
    case .metric: metrics
    case .initializer: initializers
    }
  }

  /// Activation names (Keras 3's), accepted wherever `activation` is.
  public static let activations = [
    "relu", "sigmoid", "tanh", "softmax", "linear", "leaky_relu", "elu", "gelu", "swish",
  ]

  /// The initializers.
  public static let initializers = FamilySchema(
    family: .initializer,
    doc: "Weight initializers, as Keras 3's `keras.initializers` (a name, or a mapping with `type`).",
    common: [],
    types: [
      TypeSchema("glorot_uniform", "Uniform in ±sqrt(6 / (fan_in + fan_out)) (Keras's default kernel)."),
      TypeSchema("glorot_normal", "Truncated normal, stddev sqrt(2 / (fan_in + fan_out))."),
      TypeSchema("he_normal", "Truncated normal, stddev sqrt(2 / fan_in)."),
      TypeSchema("he_uniform", "Uniform in ±sqrt(6 / fan_in)."),
      TypeSchema("lecun_normal", "Truncated normal, stddev sqrt(1 / fan_in)."),
      TypeSchema("zeros", "All zeros (Keras's default bias)."),
      TypeSchema("ones", "All ones."),
      TypeSchema(
        "random_normal", "Normal with the given mean and standard deviation.",
        [
          .double("mean", 0, "Mean of the normal distribution."),
          .double("stddev", 0.05, .greaterThan(0), "Standard deviation."),
        ]),
    ],
    hasName: false)

  /// The losses.
  public static let losses = FamilySchema(
    family: .loss,
    doc: "Loss functions, as Keras 3's `keras.losses`, averaged over the batch.",
    common: [],
    types: [
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
    ],
    hasName: false)

  static let fromLogits = ArgumentSchema.bool(
    "from_logits", false, "Whether predictions are logits rather than probabilities.")
  static let labelSmoothing = ArgumentSchema.double(
    "label_smoothing", 0, .range(0, 1, lowClosed: true, highClosed: true),
    "Squeeze labels towards 0.5 (binary) or 1/classes by this much.")

  /// The metrics.
  public static let metrics = FamilySchema(
    family: .metric,
    doc: "Metrics reported per epoch, as Keras 3's `keras.metrics`; each is also logged as `val_NAME`.",
    common: [],
    types: [
      TypeSchema("accuracy", "Fraction of correct predictions (the kind is chosen from the loss, as Keras)."),
      TypeSchema("mae", "Mean absolute error."),
      TypeSchema("mse", "Mean squared error."),
      TypeSchema("rmse", "Root mean squared error."),
      TypeSchema(
        "precision", "Precision of binary predictions.",
        [.double("thresholds", 0.5, .range(0, 1, lowClosed: true, highClosed: true), "Decision threshold.")]),
      TypeSchema(
        "recall", "Recall of binary predictions.",
        [.double("thresholds", 0.5, .range(0, 1, lowClosed: true, highClosed: true), "Decision threshold.")]),
      TypeSchema(
        "top_k_categorical_accuracy", "Whether the label is among the k highest predictions.",
        [.int("k", 5, .atLeast(1), "How many top predictions count.")]),
    ],
    hasName: false)
}
