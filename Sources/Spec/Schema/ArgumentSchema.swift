/// One argument of a type or section: its name, kind, default, bound and one-line documentation.
public struct ArgumentSchema: Sendable {
  /// The key as written in YAML (`learning_rate`).
  public var name: String
  /// What the argument accepts.
  public var kind: ArgumentKind
  /// The default (Keras's), or `nil` when the argument is required. `.null` means optional, absent.
  public var defaultValue: Value?
  /// A bound on the value, checked after decoding.
  public var constraint: Constraint?
  /// One line for docs/spec.md.
  public var doc: String

  /// Creates an argument schema.
  public init(
    _ name: String, _ kind: ArgumentKind, default defaultValue: Value?, _ constraint: Constraint? = nil,
    doc: String
  ) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.constraint = constraint
    self.doc = doc
  }

  /// `true` when there is no default.
  public var isRequired: Bool { defaultValue == nil }
}

/// Shorthands for writing schema tables.
extension ArgumentSchema {
  static func required(_ name: String, _ kind: ArgumentKind, _ c: Constraint, _ doc: String)
    -> ArgumentSchema
  { ArgumentSchema(name, kind, default: nil, c, doc: doc) }

  static func optional(_ name: String, _ kind: ArgumentKind, _ c: Constraint, _ doc: String)
    -> ArgumentSchema
  { ArgumentSchema(name, .nullable(kind), default: .null, c, doc: doc) }

  static func required(_ name: String, _ kind: ArgumentKind, _ doc: String) -> ArgumentSchema {
    ArgumentSchema(name, kind, default: nil, doc: doc)
  }

  static func optional(_ name: String, _ kind: ArgumentKind, _ doc: String) -> ArgumentSchema {
    ArgumentSchema(name, .nullable(kind), default: .null, doc: doc)
  }

  static func int(_ name: String, _ value: Int, _ doc: String) -> ArgumentSchema {
    ArgumentSchema(name, .int, default: .int(value), doc: doc)
  }

  static func double(_ name: String, _ value: Double, _ doc: String) -> ArgumentSchema {
    ArgumentSchema(name, .double, default: .double(value), doc: doc)
  }

  static func int(_ name: String, _ value: Int, _ c: Constraint, _ doc: String) -> ArgumentSchema {
    ArgumentSchema(name, .int, default: .int(value), c, doc: doc)
  }

  static func double(_ name: String, _ value: Double, _ c: Constraint, _ doc: String)
    -> ArgumentSchema
  { ArgumentSchema(name, .double, default: .double(value), c, doc: doc) }

  static func bool(_ name: String, _ value: Bool, _ doc: String) -> ArgumentSchema {
    ArgumentSchema(name, .bool, default: .bool(value), doc: doc)
  }

  static func string(_ name: String, _ value: String, _ doc: String) -> ArgumentSchema {
    ArgumentSchema(name, .string, default: .string(value), doc: doc)
  }

  static func choice(_ name: String, _ options: [String], _ value: String, _ doc: String)
    -> ArgumentSchema
  { ArgumentSchema(name, .choice(options), default: .string(value), doc: doc) }
}
