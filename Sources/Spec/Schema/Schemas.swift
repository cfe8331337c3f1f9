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
  public static let activations = activationFormulas.map(\.name)

  /// Each activation with its formula (Keras 3's string-form defaults), for the docs.
  public static let activationFormulas: [(name: String, formula: String)] = [
    ("relu", "max(x, 0)"),
    ("sigmoid", "1 / (1 + exp(-x))"),
    ("tanh", "tanh(x)"),
    ("softmax", "exp(x - max) / sum(exp(x - max)) over the last axis"),
    ("linear", "x"),
    ("leaky_relu", "x if x > 0 else 0.2 x"),
    ("elu", "x if x > 0 else exp(x) - 1"),
    ("gelu", "x Φ(x) = x/2 (1 + erf(x / sqrt 2)) (exact, Keras's approximate=False)"),
    ("swish", "x sigmoid(x) (the same function as `silu`)"),
    ("silu", "x sigmoid(x) (the same function as `swish`)"),
    ("selu", "λ x if x > 0 else λ α (exp(x) - 1), α = 1.6732632, λ = 1.0507010"),
    ("relu6", "min(max(x, 0), 6)"),
    ("softplus", "log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|))"),
    ("softsign", "x / (1 + |x|)"),
    ("hard_sigmoid", "relu6(x + 3) / 6 = max(0, min(1, x/6 + 1/2)) (Keras 3's)"),
    ("hard_silu", "x relu6(x + 3) / 6 (the same function as `hard_swish`)"),
    ("hard_swish", "x relu6(x + 3) / 6 (the same function as `hard_silu`)"),
    ("mish", "x tanh(softplus(x))"),
    ("exponential", "exp(x)"),
    ("log_softmax", "x - max - log(sum(exp(x - max))) over the last axis"),
  ]
}
