extension JSONSchemaGenerator {
  /// The schema of one argument kind, with its bound applied to the number (or to each element).
  /// Integers other than seeds are bounded to ±(2^31 − 1), as the decoder bounds them.
  static func kindSchema(_ kind: ArgumentKind, _ constraint: Constraint?, wideIntegers: Bool = false)
    -> OrderedJSON
  {
    let integer = bounded(
      .fields(("type", "integer")), constraint,
      integerLimit: wideIntegers ? nil : Double(SpecDecoder.largestInteger))
    let number = bounded(.fields(("type", "number")), constraint, integerLimit: nil)
    switch kind {
    case .int: return integer
    case .double: return number
    case .bool: return .fields(("type", "boolean"))
    case .string, .expression: return .fields(("type", "string"))
    case .choice(let options): return .fields(("enum", .strings(options)))
    case .intOrPair:
      return .fields(("anyOf", [integer, array(of: integer, count: 2)]))
    case .intList: return array(of: integer)
    case .doubleList(let count): return array(of: number, count: count)
    case .stringList: return array(of: .fields(("type", "string")))
    case .classWeights:
      return .fields(
        ("type", "object"), ("propertyNames", .fields(("pattern", "^[0-9]+$"))),
        ("additionalProperties", .fields(("type", "number"), ("minimum", .int(0)))))
    case .component(let family): return ref(family.rawValue)
    case .componentList(let family): return array(of: ref(family.rawValue))
    case .section(let name): return ref(name)
    case .regularizer:
      let weight: OrderedJSON = .fields(("type", "number"), ("minimum", .int(0)))
      return .fields(
        ("type", "object"), ("properties", .fields(("l1", weight), ("l2", weight))), ("minProperties", .int(1)),
        ("additionalProperties", false))
    case .validation:
      return .fields(
        (
          "anyOf",
          [
            .fields(("const", "test")),
            .fields(("type", "number"), ("exclusiveMinimum", .int(0)), ("exclusiveMaximum", .int(1))),
          ]
        ))
    case .allOrStrings:
      return .fields(("anyOf", [.fields(("const", "all")), array(of: .fields(("type", "string")))]))
    case .intOrChoice(let words):
      return .fields(("anyOf", [integer, .fields(("enum", .strings(words)))]))
    case .sweepParameters:
      return .fields(
        ("type", "object"), ("minProperties", .int(1)), ("additionalProperties", ref("sweep_values")))
    case .nullable(let inner):
      return orNull(kindSchema(inner, constraint, wideIntegers: wideIntegers))
    case .padding2d:
      let pair = array(of: integer, count: 2)
      return .fields(("anyOf", [integer, pair, array(of: pair, count: 2)]))
    case .doubleOrPair:
      return .fields(("anyOf", [number, array(of: number, count: 2)]))
    }
  }

  /// `schema` or null: `null` joins a plain `type` or an `enum`; anything else becomes an `anyOf`.
  static func orNull(_ schema: OrderedJSON) -> OrderedJSON {
    if case .string(let type)? = schema["type"], schema["anyOf"] == nil {
      return schema.adding("type", [.string(type), "null"])
    }
    if case .array(let options)? = schema["enum"], schema.members.count == 1 {
      return schema.adding("enum", .array(options + [.null]))
    }
    return .fields(("anyOf", [schema, .fields(("type", "null"))]))
  }

  /// An array of `items`, of exactly `count` elements when given.
  static func array(of items: OrderedJSON, count: Int? = nil) -> OrderedJSON {
    var out: OrderedJSON = .fields(("type", "array"), ("items", items))
    if let count {
      out = out.adding("minItems", .int(count)).adding("maxItems", .int(count))
    }
    return out
  }

  /// `schema` with the bound as minimum / exclusiveMinimum / maximum / exclusiveMaximum, and an
  /// integer's ±limit where the bound leaves that side open.
  static func bounded(_ schema: OrderedJSON, _ constraint: Constraint?, integerLimit: Double?) -> OrderedJSON {
    var low: (Double, closed: Bool)?
    var high: (Double, closed: Bool)?
    switch constraint {
    case .greaterThan(let lo)?: low = (lo, false)
    case .atLeast(let lo)?: low = (lo, true)
    case .range(let lo, let hi, let lc, let hc)?:
      if lo.isFinite { low = (lo, lc) }
      if hi.isFinite { high = (hi, hc) }
    case nil: break
    }
    if let limit = integerLimit {
      if low == nil || low!.0 < -limit { low = (-limit, true) }
      if high == nil || high!.0 > limit { high = (limit, true) }
    }
    var out = schema
    if let (value, closed) = low { out = out.adding(closed ? "minimum" : "exclusiveMinimum", number(value)) }
    if let (value, closed) = high { out = out.adding(closed ? "maximum" : "exclusiveMaximum", number(value)) }
    return out
  }

  /// An integral bound as a JSON integer, any other as a number.
  static func number(_ x: Double) -> OrderedJSON {
    x == x.rounded() && abs(x) < 1e15 ? .int(Int(x)) : .number(x)
  }

  /// A `sweep.parameters` value: a non-empty list of values, or one distribution.
  static func sweepValues() -> OrderedJSON {
    let end: OrderedJSON = .fields(("type", "number"))
    let positiveEnd: OrderedJSON = .fields(("type", "number"), ("exclusiveMinimum", .int(0)))
    func distribution(_ name: String, _ list: OrderedJSON, _ doc: String) -> OrderedJSON {
      .fields(
        ("type", "object"), ("description", .string(doc)), ("properties", .fields((name, list))),
        ("required", [.string(name)]), ("additionalProperties", false))
    }
    let forms: [OrderedJSON] = [
      .fields(("type", "array"), ("minItems", .int(1)), ("description", "The values to try (each may be a subtree).")),
      distribution(
        "choice", .fields(("type", "array"), ("minItems", .int(1))), "The values to draw from (or combine, in a grid)."),
      distribution("uniform", array(of: end, count: 2), "A number drawn uniformly from [a, b], a < b."),
      distribution(
        "log_uniform", array(of: positiveEnd, count: 2), "A number drawn log-uniformly from [a, b], 0 < a < b."),
      distribution(
        "int_uniform", array(of: .fields(("type", "integer")), count: 2), "An integer drawn from a to b, both included."),
    ]
    precondition(
      forms.dropFirst().map { $0["properties"]?.members.first?.key ?? "" } == SpecDecoder.sweepDistributions,
      "the schema's sweep distributions are the decoder's")
    return .fields(
      ("description", "A list of values, or one distribution: choice, uniform, log_uniform or int_uniform."),
      ("anyOf", .array(forms)))
  }
}
