extension KerasHabits {
  /// One of Keras's other names for a type (`MaxPool2D`, `convolution2d`), or a Keras
  /// type that is written differently here (`input`).
  public struct TypeHabit: Sendable {
    /// The family it is written in.
    public var family: Family
    /// The name as Keras users write it (compared ignoring case and underscores).
    public var written: String
    /// What to write instead; `nil`: "Keras's 'WRITTEN' is 'REPLACEMENT' here".
    public var hint: String?
    /// The registered type to use instead, when one does.
    public var replacement: String?
  }

  /// Keras aliases and look-alikes, beyond the snake_case forms of class names (which need no entry).
  /// Loss and metric aliases (`mean_squared_error`, `kld`, `acc`) are accepted types instead
  /// (`Schemas.withAliases`): Keras logs a metric under the name written.
  public static let typeAliases: [TypeHabit] =
    [
      alias(.loss, "kullback_leibler_divergence", "kl_divergence"),  // Keras 2's name
      alias(.layer, "max_pool2d", "max_pooling2d"), alias(.layer, "avg_pool2d", "average_pooling2d"),
      alias(.layer, "global_avg_pool2d", "global_average_pooling2d"), alias(.layer, "convolution2d", "conv2d"),
      alias(.layer, "convolution1d", "conv1d"), alias(.layer, "separable_convolution2d", "separable_conv2d"),
    ] + [
      TypeHabit(
        family: .layer, written: "input",
        hint: "the input is not a layer here: give one example's shape as model.input: [...]"),
    ]

  static func alias(_ family: Family, _ written: String, _ name: String) -> TypeHabit {
    TypeHabit(family: family, written: written, hint: nil, replacement: name)
  }

  /// The hint for an unknown type name of `family`: a registered name written in another case or
  /// without underscores (`Adam`, `MaxPooling2D`, `batchnormalization`), or a Keras alias.
  public static func typeHint(_ written: String, family: Family) -> (hint: String, replacement: String?)? {
    let key = normalized(written)
    if let type = Schemas.family(family).types.first(where: { normalized($0.name) == key }) {
      return ("type names are lower-case snake_case (Keras's string names): '\(type.name)'", type.name)
    }
    if let habit = typeAliases.first(where: { $0.family == family && normalized($0.written) == key }) {
      return (habit.hint ?? "Keras's '\(written)' is '\(habit.replacement ?? "")' here", habit.replacement)
    }
    return nil
  }

  /// Lower case, without underscores or hyphens: `MaxPooling2D` and `max_pooling2d` are alike.
  static func normalized(_ name: String) -> String {
    String(name.lowercased().filter { $0 != "_" && $0 != "-" })
  }
}
