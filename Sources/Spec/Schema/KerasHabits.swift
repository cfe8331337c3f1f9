/// Targeted hints for what Keras users write out of habit (`lr`, `validation_split`, `Adam`), given
/// where an unknown key or an unknown type name is reported, in place of the generic "did you mean".
public enum KerasHabits {
  /// Where a key was written: a section (`experiment` is the top level, `train`, `model`, ...) or
  /// a type of a family (`optimizer` `adam`).
  public struct Place: Sendable, Equatable {
    /// The family, or `nil` for a fixed section.
    public var family: Family?
    /// The section's or type's name.
    public var name: String
  }

  /// Where a habit applies.
  public enum Scope: Sendable {
    /// A fixed section (`experiment` for the top level).
    case section(String)
    /// Every type of a family.
    case family(Family)
    /// Some types of a family.
    case types(Family, [String])
    /// Everywhere.
    case anywhere

    func contains(_ place: Place) -> Bool {
      switch self {
      case .section(let name): place.family == nil && place.name == name
      case .family(let family): place.family == family
      case .types(let family, let names): place.family == family && names.contains(place.name)
      case .anywhere: true
      }
    }
  }

  /// One habit: a key written in a scope, what to say, and the replacement key if there is one.
  public struct KeyHabit: Sendable {
    /// Where the key is a habit.
    public var scope: Scope
    /// The key as Keras users write it.
    public var key: String
    /// What to write instead, short and concrete; `<value>` stands for the value as written.
    public var hint: String
    /// The key to use instead (the diagnostic's suggestion), when one key replaces it.
    public var replacement: String?
  }

  /// The key habits, most specific first.
  public static let keys: [KeyHabit] = [
    KeyHabit(scope: .family(.optimizer), key: "lr", hint: "Keras 3 calls it learning_rate", replacement: "learning_rate"),
    KeyHabit(
      scope: .family(.optimizer), key: "decay",
      hint: "Keras 3 removed decay; schedule: {type: inverse_time_decay, decay_steps: 1, decay_rate: <value>} "
        + "is Keras 2's lr / (1 + decay · step)"),
    KeyHabit(scope: .types(.optimizer, ["adam"]), key: "nesterov", hint: "Adam with Nesterov momentum is optimizer: nadam"),
    KeyHabit(
      scope: .types(.optimizer, ["adam", "adamw", "nadam", "adamax", "lamb", "lion"]), key: "momentum",
      hint: "Adam-style optimizers call their momentum beta_1 (the first moment's decay)",
      replacement: "beta_1"),
    KeyHabit(
      scope: .section("train"), key: "validation_split",
      hint: "write validation: <value> (Keras's validation_split: the last part of the training data)",
      replacement: "validation"),
    KeyHabit(
      scope: .section("experiment"), key: "validation_split",
      hint: "write train: {validation: <value>} (Keras's validation_split: the last part of the training data)",
      replacement: "train.validation"),
    KeyHabit(
      scope: .section("train"), key: "validation_data",
      hint: "write validation: test to validate on the data's test split, or validation: 0.2 to hold out part of the training data",
      replacement: "validation"),
    KeyHabit(
      scope: .section("experiment"), key: "validation_data",
      hint: "write train: {validation: test} to validate on the data's test split, or {validation: 0.2} to hold out part of the training data",
      replacement: "train.validation"),
    KeyHabit(
      scope: .section("experiment"), key: "fit",
      hint: "Keras's fit arguments go in train: {epochs: 10, batch_size: 32, validation: 0.2}",
      replacement: "train"),
    KeyHabit(
      scope: .section("experiment"), key: "compile",
      hint: "Keras's compile arguments are top-level keys here: optimizer, loss and metrics"),
    KeyHabit(
      scope: .section("experiment"), key: "layers", hint: "layers go in model: {input: [...], layers: [...]}",
      replacement: "model.layers"),
    KeyHabit(
      scope: .family(.layer), key: "input_shape",
      hint: "give the input shape once, as model.input (one example's shape, without the batch dimension)"),
    KeyHabit(
      scope: .family(.layer), key: "input_dim",
      hint: "give the input shape once, as model.input: [features]"),
    KeyHabit(scope: .section("model"), key: "input_shape", hint: "optim-run calls it model.input", replacement: "input"),
    KeyHabit(
      scope: .types(.callback, ["model_checkpoint"]), key: "filepath",
      hint: "checkpoints go in the run folder's checkpoints/; name them with filename: 'epoch_{epoch}.safetensors'",
      replacement: "filename"),
    KeyHabit(
      scope: .types(.callback, ["model_checkpoint"]), key: "save_weights_only",
      hint: "model_checkpoint always saves the weights only (safetensors)"),
    KeyHabit(
      scope: .anywhere, key: "verbose",
      hint: "optim-run has no verbose; use --progress bar|lines|none or --quiet on the command line"),
    KeyHabit(
      scope: .family(.initializer), key: "seed",
      hint: "initializers draw from the experiment's seed and the parameter's name; set seed: at the top level"),
  ] + trainKeys

  /// `fit` arguments written at the top level instead of under `train`.
  static let trainKeys: [KeyHabit] = ["epochs", "batch_size", "shuffle"].map {
    KeyHabit(
      scope: .section("experiment"), key: $0, hint: "it goes in train (Keras's fit arguments): train: {\($0): <value>}",
      replacement: "train.\($0)")
  }

  /// The hint with `<value>` replaced by the value as written (`...` when it is not a scalar).
  public static func text(of habit: KeyHabit, value: String?) -> String {
    habit.hint.replacing("<value>", with: value ?? "...")
  }

  /// The habit of writing `key` at `place`, if it is one.
  public static func habit(key: String, at place: Place) -> KeyHabit? {
    keys.first { $0.key == key && $0.scope.contains(place) }
  }
}
