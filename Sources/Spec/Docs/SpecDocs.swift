/// Generates docs/spec.md, the reference for every key, from the schema tables, so the document
/// and the decoder cannot drift apart (a test compares the checked-in file with this output).
public enum SpecDocs {
  /// The whole reference as Markdown.
  public static func markdown() -> String {
    var out = SpecDocsText.introduction
    out += "\n## Top level\n\n" + Schemas.experiment.doc + "\n\n" + table(Schemas.experiment.arguments)
    for section in Schemas.sections.dropFirst() {
      out += "\n## \(section.name)\n\n" + section.doc + "\n\n" + table(section.arguments)
      out += "\nExample: `\(section.name): \(example(section, family: nil))`\n"
    }
    for family in Family.allCases {
      let schema = Schemas.family(family)
      out += "\n## \(title(family))\n\n" + schema.doc + "\n"
      if schema.hasName {
        out +=
          "\nEvery \(family.rawValue) also accepts `name` (string): its name, for `inputs` of later layers.\n"
      }
      if !schema.common.isEmpty {
        out += "\nEvery \(family.rawValue) also accepts:\n\n" + table(schema.common)
      }
      for type in schema.types {
        out += "\n### `\(type.name)`\n\n" + type.doc + "\n"
        if !type.arguments.isEmpty { out += "\n" + table(type.arguments) }
        if !type.pytorchDefaults.isEmpty {
          out += "\nWith `formula: pytorch` the defaults are PyTorch's: "
          out += type.pytorchDefaults.map { "`\($0.name)` \($0.value)" }.joined(separator: ", ") + ".\n"
        }
        out += "\nExample: `\(example(type, family: family))`\n"
      }
    }
    out += "\n## Activations\n\n"
    out += "Wherever `activation` is accepted (and as `{type: activation, activation: NAME}`):\n\n"
    out += "| name | f(x) |\n| --- | --- |\n"
    for (name, formula) in Schemas.activationFormulas {
      out += "| `\(name)` | \(formula.replacing("|", with: "\\|")) |\n"
    }
    out += kerasHabits()
    out += SpecDocsText.closing
    return out
  }

  /// The Keras-habit hints, from `KerasHabits`' tables.
  static func kerasHabits() -> String {
    func cell(_ text: String) -> String { text.replacing("|", with: "\\|") }
    var out = "\n## Keras habits\n\n" + SpecDocsText.kerasHabits + "\n\n| written | where | hint |\n| --- | --- | --- |\n"
    for habit in KerasHabits.keys {
      let place: String =
        switch habit.scope {
        case .section("experiment"): "top level"
        case .section(let name): "`\(name)`"
        case .family(let family): "any \(family.rawValue)"
        case .types(let family, let names): names.map { "`\($0)`" }.joined(separator: ", ") + " (\(family.rawValue))"
        case .anywhere: "anywhere"
        }
      out += "| `\(habit.key):` | \(place) | \(cell(KerasHabits.text(of: habit, value: "…"))) |\n"
    }
    for habit in KerasHabits.typeAliases {
      let hint = habit.hint ?? "use `\(habit.replacement ?? "")`"
      out += "| `\(habit.written)` | \(habit.family.rawValue) type | \(cell(hint)) |\n"
    }
    return out
  }

  /// A flow-style example: the type's own, or its required arguments with sample values.
  static func example(_ type: TypeSchema, family: Family?) -> String {
    if let example = type.example { return example }
    let required = type.arguments.filter(\.isRequired)
    if family != nil, required.isEmpty { return type.name }
    var parts = family == nil ? [] : ["type: \(type.name)"]
    for argument in required { parts.append("\(argument.name): \(sample(argument))") }
    return "{" + parts.joined(separator: ", ") + "}"
  }

  /// A valid sample value for a required argument.
  static func sample(_ argument: ArgumentSchema) -> String {
    switch argument.kind {
    case .int, .intOrPair: "3"
    case .double: argument.constraint?.admits(0.5) == false ? "1.5" : "0.5"
    case .doubleOrPair: "0.1"
    case .string: ["x": "data/x.npy", "y": "data/y.npy", "name": "example"][argument.name] ?? "data/example"
    case .choice(let options): options[0]
    case .intList: argument.name == "input" ? "[8, 8, 1]" : "[8, 8, 1]"
    case .doubleList(let count):
      "[" + Array(repeating: "1.0", count: count ?? 2).joined(separator: ", ") + "]"
    case .componentList: "[{type: dense, units: 10}]"
    case .sweepParameters: "{optimizer.learning_rate: [0.001, 0.01]}"
    default: "null"
    }
  }

  static func title(_ family: Family) -> String {
    switch family {
    case .layer: "Layers (`model.layers`)"
    case .optimizer: "Optimizers (`optimizer`)"
    case .schedule: "Schedules (`schedule`)"
    case .callback: "Callbacks (`callbacks`)"
    case .dataset: "Data sets (`data`)"
    case .loss: "Losses (`loss`)"
    case .metric: "Metrics (`metrics`)"
    case .initializer: "Initializers (`kernel_initializer`, `bias_initializer`)"
    }
  }

  /// A Markdown table of arguments.
  static func table(_ arguments: [ArgumentSchema]) -> String {
    var out = "| key | accepts | default | description |\n| --- | --- | --- | --- |\n"
    for a in arguments {
      var accepts = a.kind.documentation
      if let c = a.constraint { accepts += ", \(c.text)" }
      out += "| `\(a.name)` | \(accepts) | \(defaultText(a)) | \(a.doc) |\n"
    }
    return out
  }

  /// How an argument's default is shown (`required`, `null`, `` `0.001` ``).
  static func defaultText(_ a: ArgumentSchema) -> String {
    switch a.defaultValue {
    case nil: "required"
    case .null?: "null"
    case .component(let c)?: "`\(c.type)`"
    case .map([])?: "(its keys' defaults)"
    case .string("")?: "`\"\"`"
    case let v?: "`\(v)`"
    }
  }
}
