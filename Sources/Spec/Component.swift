import YAML

/// One typed thing of a spec (a layer, an optimizer, a schedule, a callback, a data set, a loss, a
/// metric, an initializer): its `type`, optional `name`, and every argument its schema lists.
///
/// After validation every argument the schema lists is present (defaults filled in), so the typed
/// accessors (`double("beta_1")`, `intPair("kernel_size")`) only fail on programmer errors.
/// Equality ignores marks.
public struct Component: Sendable, Equatable {
  /// The type name, as in the registry (`conv2d`, `adam`).
  public var type: String
  /// The component's own name (layers only), if given.
  public var name: String?
  /// Every argument, by name.
  public var arguments: [String: Value]
  /// Where the component starts in its source.
  public var mark: Mark?
  /// Where each argument that was written in the source appears (defaults have none).
  public var argumentMarks: [String: Mark]

  /// Creates a component.
  public init(
    type: String, name: String? = nil, arguments: [String: Value] = [:], mark: Mark? = nil,
    argumentMarks: [String: Mark] = [:]
  ) {
    self.type = type
    self.name = name
    self.arguments = arguments
    self.mark = mark
    self.argumentMarks = argumentMarks
  }

  /// Compares type, name and arguments (not marks).
  public static func == (a: Component, b: Component) -> Bool {
    a.type == b.type && a.name == b.name && a.arguments == b.arguments
  }

  /// The argument `key`; a missing key is a programmer error (validation fills every argument).
  public func value(_ key: String) -> Value {
    guard let v = arguments[key] else {
      preconditionFailure("\(type) has no argument '\(key)'; the schema does not list it")
    }
    return v
  }

  /// `true` when the argument was written in the source (not filled from a default).
  public func isGiven(_ key: String) -> Bool { argumentMarks[key] != nil }

  /// A number argument.
  public func double(_ key: String) -> Double {
    guard let d = optionalDouble(key) else { preconditionFailure("\(type).\(key) is not a number") }
    return d
  }

  /// A number argument that may be null.
  public func optionalDouble(_ key: String) -> Double? { value(key).asDouble }

  /// An integer argument.
  public func int(_ key: String) -> Int {
    guard let i = optionalInt(key) else { preconditionFailure("\(type).\(key) is not an integer") }
    return i
  }

  /// An integer argument that may be null.
  public func optionalInt(_ key: String) -> Int? {
    if case .int(let i) = value(key) { return i }
    return nil
  }

  /// A boolean argument.
  public func bool(_ key: String) -> Bool {
    guard case .bool(let b) = value(key) else { preconditionFailure("\(type).\(key) is not a boolean") }
    return b
  }

  /// A string argument.
  public func string(_ key: String) -> String {
    guard let s = optionalString(key) else { preconditionFailure("\(type).\(key) is not a string") }
    return s
  }

  /// A string argument that may be null.
  public func optionalString(_ key: String) -> String? {
    if case .string(let s) = value(key) { return s }
    return nil
  }

  /// An `int_or_pair` argument (`kernel_size: 3` is `(3, 3)`), or `nil` when null.
  public func intPair(_ key: String) -> (Int, Int)? {
    guard case .list(let items) = value(key), items.count == 2,
      case .int(let a) = items[0], case .int(let b) = items[1]
    else { return nil }
    return (a, b)
  }

  /// A list of integers (a shape), or `nil` when null.
  public func ints(_ key: String) -> [Int]? {
    guard case .list(let items) = value(key) else { return nil }
    return items.map {
      guard case .int(let i) = $0 else { preconditionFailure("\(type).\(key) holds a non-integer") }
      return i
    }
  }

  /// A list of numbers, or `nil` when null.
  public func doubles(_ key: String) -> [Double]? {
    guard case .list(let items) = value(key) else { return nil }
    return items.map {
      guard let d = $0.asDouble else { preconditionFailure("\(type).\(key) holds a non-number") }
      return d
    }
  }

  /// A list of strings, or `nil` when null.
  public func strings(_ key: String) -> [String]? {
    guard case .list(let items) = value(key) else { return nil }
    return items.map {
      guard case .string(let s) = $0 else { preconditionFailure("\(type).\(key) holds a non-string") }
      return s
    }
  }

  /// A nested component argument (an initializer, a nested schedule), or `nil` when null.
  public func component(_ key: String) -> Component? {
    if case .component(let c) = value(key) { return c }
    return nil
  }
}
