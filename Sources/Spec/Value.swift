import YAML

/// A decoded argument value: a scalar, a list, an ordered mapping, or a nested typed component.
///
/// After validation every argument of a `Component` holds the kind its schema names (a double
/// argument is always `.double`, an `int_or_pair` is always a two-element `.list` of `.int`).
public enum Value: Sendable, Equatable, CustomStringConvertible {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case list([Value])
  /// Key/value pairs in order.
  case map([Entry])
  /// A nested typed thing (an initializer, a nested schedule, a sweep value's optimizer...).
  case component(Component)

  /// One entry of a `.map`.
  public struct Entry: Sendable, Equatable {
    /// The key.
    public var key: String
    /// The value.
    public var value: Value
    /// Creates an entry.
    public init(_ key: String, _ value: Value) {
      self.key = key
      self.value = value
    }
  }

  /// Converts a YAML node as written, without schema knowledge (used for sweep values).
  public init(_ node: Node) {
    switch node.content {
    case .scalar(let s):
      switch s.value {
      case .null: self = .null
      case .bool(let b): self = .bool(b)
      case .int(let i): self = .int(i)
      case .double(let d): self = .double(d)
      case .string(let t): self = .string(t)
      }
    case .sequence(let items): self = .list(items.map(Value.init))
    case .mapping(let pairs):
      self = .map(pairs.map { Entry(Node.keyText($0.key), Value($0.value)) })
    }
  }

  /// `true` for `.null`.
  public var isNull: Bool { if case .null = self { true } else { false } }

  /// The value as a Double when it is a number.
  public var asDouble: Double? {
    switch self {
    case .int(let i): Double(i)
    case .double(let d): d
    default: nil
    }
  }

  /// A short human-readable form, as in error messages.
  public var description: String {
    switch self {
    case .null: "null"
    case .bool(let b): "\(b)"
    case .int(let i): "\(i)"
    case .double(let d): formatNumber(d)
    case .string(let s): s
    case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
    case .map(let entries):
      "{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
    case .component(let c): "{type: \(c.type)}"
    }
  }
}

extension Node {
  /// The text of a key node (scalar text; a non-scalar key is shown as written).
  static func keyText(_ node: Node) -> String {
    if case .scalar(let s) = node.content { return s.text }
    return "\(node.content)"
  }
}

/// Prints a Double without a trailing `.0` when it is integral (for messages and docs).
func formatNumber(_ d: Double) -> String {
  if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
  return "\(d)"
}
