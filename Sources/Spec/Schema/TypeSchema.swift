import YAML

/// The families of typed things; each has a registry of type names.
public enum Family: String, Sendable, CaseIterable {
  case layer, optimizer, schedule, callback, dataset, loss, metric, initializer
}

/// One registered type (`adam`, `conv2d`): its arguments and any checks across arguments.
public struct TypeSchema: Sendable {
  /// The type name as written after `type:`.
  public var name: String
  /// One line for docs/spec.md.
  public var doc: String
  /// The type's own arguments (before the family's common ones).
  public var arguments: [ArgumentSchema]
  /// A flow-style YAML example for docs/spec.md, when the generated one would not be valid.
  public var example: String?
  /// Checks that involve several arguments (decoded values with defaults filled in).
  var check: (@Sendable (Component, inout CrossCheck) -> Void)?
  /// Defaults that replace the usual ones when `formula: pytorch` is chosen (PyTorch's defaults
  /// where they differ from Keras's), so the resolved spec records the values actually used.
  public var pytorchDefaults: [(name: String, value: Value)] = []

  /// Creates a type schema.
  init(
    _ name: String, _ doc: String, _ arguments: [ArgumentSchema] = [], example: String? = nil,
    pytorchDefaults: [(name: String, value: Value)] = [],
    check: (@Sendable (Component, inout CrossCheck) -> Void)? = nil
  ) {
    self.pytorchDefaults = pytorchDefaults
    self.name = name
    self.doc = doc
    self.arguments = arguments
    self.example = example
    self.check = check
  }
}

/// A family's registry: its types and the arguments every type of it accepts.
public struct FamilySchema: Sendable {
  /// Which family this is.
  public var family: Family
  /// One paragraph for docs/spec.md.
  public var doc: String
  /// Arguments every type accepts, after its own (a type's own argument of the same name wins).
  public var common: [ArgumentSchema]
  /// The registered types, in documentation order.
  public var types: [TypeSchema]
  /// Whether a `name:` key is accepted (layers).
  public var hasName: Bool
  /// Checks shared by every type of the family.
  var check: (@Sendable (Component, inout CrossCheck) -> Void)?

  /// The schema of type `name`, if registered.
  public func type(named name: String) -> TypeSchema? { types.first { $0.name == name } }

  /// The full argument list of a type: its own, then the family's common ones it does not redefine.
  public func arguments(of type: TypeSchema) -> [ArgumentSchema] {
    let own = Set(type.arguments.map(\.name))
    return type.arguments + common.filter { !own.contains($0.name) }
  }
}

/// Collects errors from cross-argument checks of one component.
struct CrossCheck {
  var diagnostics: [Diagnostic] = []
  /// The component's dotted path (`optimizer`, `model.layers.3`).
  let path: String

  /// Reports an error at argument `key` (or at the component when `key` was not written).
  mutating func error(_ component: Component, _ key: String?, _ message: String) {
    let mark = key.flatMap { component.argumentMarks[$0] } ?? component.mark
    let keyPath = key.map { path.isEmpty ? $0 : "\(path).\($0)" } ?? path
    diagnostics.append(Diagnostic(at: mark, message, keyPath: keyPath))
  }

  /// Reports an error at a given mark and key path.
  mutating func error(at mark: Mark?, keyPath: String, _ message: String) {
    diagnostics.append(Diagnostic(at: mark, message, keyPath: keyPath))
  }
}
