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
}
