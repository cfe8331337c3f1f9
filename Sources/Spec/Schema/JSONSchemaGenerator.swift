/// Generates a JSON Schema (draft 2020-12) of the experiment file format from the schema tables,
/// the same tables the decoder and docs/spec.md use; `optim-run schema` prints it and
/// docs/optim-run.schema.json is its checked-in output (a test keeps them in step).
///
/// Editors (yaml-language-server) use it to complete keys and `type:` values and to flag mistakes
/// as you type. Every typed thing (layer, optimizer, ...) is either its bare name (types whose
/// arguments all have defaults) or a mapping whose `type` selects, through `if`/`then`, a closed
/// mapping schema of that type's keys. Checks that involve several keys (graph inputs, sweep
/// method and trials, ...) stay in the decoder; the schema accepts everything the decoder accepts
/// and refuses unknown keys, unknown types, wrong kinds and out-of-range numbers.
public enum JSONSchemaGenerator {
  /// The JSON Schema dialect the output declares.
  public static let dialect = "https://json-schema.org/draft/2020-12/schema"

  /// The whole schema, pretty-printed with a trailing newline.
  public static func text() -> String { schema().pretty() + "\n" }

  /// The whole schema as a value.
  public static func schema() -> OrderedJSON {
    let top = Schemas.experiment
    var root: OrderedJSON = .fields(
      ("$schema", .string(dialect)),
      ("title", "optim-run experiment file"),
      (
        "description",
        .string(
          top.doc + " Generated from optim-run's schema tables by `optim-run schema`; "
            + "every key is described in docs/spec.md.")
      ))
    for member in closedMapping(top, family: nil, typeConstant: false).members {
      root = root.adding(member.key, member.value)
    }
    return root.adding("$defs", .object(definitions()))
  }

  /// `$defs`: the sections, then each family (its alternatives, its mapping form, each type),
  /// then the sweep value forms.
  static func definitions() -> [OrderedJSON.Member] {
    var defs: [OrderedJSON.Member] = []
    for section in Schemas.sections.dropFirst() {
      defs.append(.init(section.name, closedMapping(section, family: nil, typeConstant: false)))
    }
    for family in Family.allCases {
      let schema = Schemas.family(family)
      defs.append(.init(family.rawValue, alternatives(schema)))
      defs.append(.init(mappingName(family), typedMapping(schema)))
      for type in schema.types {
        defs.append(.init(typeName(family, type.name), closedMapping(type, family: schema, typeConstant: true)))
      }
    }
    defs.append(.init("sweep_values", sweepValues()))
    return defs
  }

  /// `#/$defs/NAME`.
  static func ref(_ name: String) -> OrderedJSON { .fields(("$ref", .string("#/$defs/" + name))) }
  /// The definition name of a family's mapping form (`layer.mapping`).
  static func mappingName(_ family: Family) -> String { family.rawValue + ".mapping" }
  /// The definition name of one type's keys (`layer.dense`).
  static func typeName(_ family: Family, _ type: String) -> String { family.rawValue + "." + type }

  /// A family's value: a bare name (of a type that needs no arguments) or a mapping with `type`.
  static func alternatives(_ schema: FamilySchema) -> OrderedJSON {
    let bare = schema.types.filter { type in !schema.arguments(of: type).contains(where: \.isRequired) }
    var forms: [OrderedJSON] = []
    if !bare.isEmpty {
      forms.append(
        .fields(
          ("type", "string"),
          ("description", .string("A \(schema.family.rawValue) by its name alone, with its defaults.")),
          ("enum", .strings(bare.map(\.name))),
          ("enumDescriptions", .strings(bare.map(\.doc)))))
    }
    forms.append(ref(mappingName(schema.family)))
    return .fields(("description", .string(schema.doc)), ("anyOf", .array(forms)))
  }

  /// A family's mapping form: `type` (one of the names) chooses the closed schema of that type.
  static func typedMapping(_ schema: FamilySchema) -> OrderedJSON {
    let family = schema.family
    let branches: [OrderedJSON] = schema.types.map { type in
      .fields(
        (
          "if",
          .fields(
            ("properties", .fields(("type", .fields(("const", .string(type.name)))))), ("required", ["type"]))
        ),
        ("then", ref(typeName(family, type.name))))
    }
    return .fields(
      ("type", "object"),
      ("properties", .fields(("type", typeProperty(schema)))),
      ("required", ["type"]),
      ("allOf", .array(branches)))
  }

  /// The `type` key of a family's mapping form: one of the registered names.
  static func typeProperty(_ schema: FamilySchema) -> OrderedJSON {
    let family = schema.family.rawValue
    return .fields(
      ("description", .string("The \(family) type.")),
      ("enum", .strings(schema.types.map(\.name))),
      ("enumDescriptions", .strings(schema.types.map(\.doc))))
  }

  /// The keys of a section or type as a closed mapping: each argument with its kind, range,
  /// default and description; the required ones listed; any other key refused.
  static func closedMapping(_ type: TypeSchema, family: FamilySchema?, typeConstant: Bool) -> OrderedJSON {
    var properties: [OrderedJSON.Member] = []
    var required: [String] = []
    if typeConstant {
      properties.append(.init("type", .fields(("const", .string(type.name)), ("description", .string(type.doc)))))
      required.append("type")
    }
    if family?.hasName == true {
      properties.append(
        .init(
          "name",
          .fields(
            ("type", "string"),
            ("description", .string("This \(family!.family.rawValue)'s name, for `inputs` of later layers.")))))
    }
    let arguments = family.map { $0.arguments(of: type) } ?? type.arguments
    for argument in arguments {
      properties.append(.init(argument.name, property(argument, in: type.name)))
      if argument.isRequired { required.append(argument.name) }
    }
    var out: OrderedJSON = .fields(
      ("type", "object"), ("description", .string(type.doc)), ("properties", .object(properties)))
    if !required.isEmpty { out = out.adding("required", .strings(required)) }
    return out.adding("additionalProperties", false)
  }

  /// One argument: its kind's schema, then description, Markdown description and default.
  static func property(_ argument: ArgumentSchema, in owner: String) -> OrderedJSON {
    // `seed` (and the sweep's seeds) may use all 64 bits; every other integer fits in 32.
    let wide = (owner == "experiment" && argument.name == "seed") || (owner == "sweep" && argument.name == "seeds")
    var out = kindSchema(argument.kind, argument.constraint, wideIntegers: wide)
    out = out.adding("description", .string(argument.doc))
    var markdown = argument.doc + "\n\nAccepts: " + accepts(argument.kind)
    if let c = argument.constraint { markdown += ", " + c.text }
    markdown += argument.isRequired ? ". Required." : ". Default: " + SpecDocs.defaultText(argument) + "."
    out = out.adding("markdownDescription", .string(markdown))
    if let value = argument.defaultValue { out = out.adding("default", json(value)) }
    return out
  }

  /// How a kind is named in a Markdown description (docs/spec.md's wording, without table escapes
  /// or in-page links).
  static func accepts(_ kind: ArgumentKind) -> String {
    switch kind {
    case .section: "mapping"
    case .nullable(let inner): accepts(inner) + " or null"
    default: kind.documentation.replacing("\\|", with: "|")
    }
  }

  /// A default (or any decoded value) as JSON; a component default is its bare name.
  static func json(_ value: Value) -> OrderedJSON {
    switch value {
    case .null: .null
    case .bool(let b): .bool(b)
    case .int(let i): .int(i)
    case .double(let d): .number(d)
    case .string(let s): .string(s)
    case .list(let items): .array(items.map(json))
    case .map(let entries): .object(entries.map { .init($0.key, json($0.value)) })
    case .component(let c):
      c.arguments.isEmpty
        ? .string(c.type)
        : .object(
          [.init("type", .string(c.type))]
            + c.arguments.sorted { $0.key < $1.key }.map { .init($0.key, json($0.value)) })
    }
  }
}
