/// A JSON value whose objects keep their members in the order they were built, so a generated file
/// (docs/optim-run.schema.json) is stable and reads top-down.
public indirect enum OrderedJSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case number(Double)
  case string(String)
  case array([OrderedJSON])
  case object([Member])

  /// One member of an object.
  public struct Member: Sendable, Equatable {
    /// The member's name.
    public var key: String
    /// The member's value.
    public var value: OrderedJSON
    /// Creates a member.
    public init(_ key: String, _ value: OrderedJSON) {
      self.key = key
      self.value = value
    }
  }

  /// The value of member `key` of an object, if there is one.
  public subscript(key: String) -> OrderedJSON? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.key == key }?.value
  }

  /// Pretty-printed with two-space indents; an array or object of scalars that fits stays on one line.
  /// No trailing newline.
  public func pretty(indent: String = "") -> String {
    switch self {
    case .array(let items) where items.isEmpty: return "[]"
    case .object(let members) where members.isEmpty: return "{}"
    case .array(let items):
      if items.allSatisfy(\.isScalar) {
        let line = "[" + items.map { $0.pretty() }.joined(separator: ", ") + "]"
        if indent.count + line.count <= 100 { return line }
      }
      let inner = indent + "  "
      return "[\n" + items.map { inner + $0.pretty(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
    case .object(let members):
      if members.allSatisfy(\.value.isScalar) {
        let line = "{" + members.map { jsonString($0.key) + ": " + $0.value.pretty() }.joined(separator: ", ") + "}"
        if indent.count + line.count <= 100 { return line }
      }
      let inner = indent + "  "
      return "{\n"
        + members.map { inner + jsonString($0.key) + ": " + $0.value.pretty(indent: inner) }.joined(
          separator: ",\n") + "\n" + indent + "}"
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .number(let d):
      precondition(d.isFinite, "JSON has no infinities or NaN")
      return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : "\(d)"
    case .string(let s): return jsonString(s)
    }
  }

  /// Whether this is neither an array nor an object.
  var isScalar: Bool {
    switch self {
    case .array, .object: false
    default: true
    }
  }
}

extension OrderedJSON: ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByBooleanLiteral {
  /// A string.
  public init(stringLiteral value: String) { self = .string(value) }
  /// An array.
  public init(arrayLiteral elements: OrderedJSON...) { self = .array(elements) }
  /// A boolean.
  public init(booleanLiteral value: Bool) { self = .bool(value) }

  /// An object from members in order.
  static func fields(_ members: (String, OrderedJSON)...) -> OrderedJSON {
    .object(members.map { Member($0.0, $0.1) })
  }

  /// The members of an object (none for any other value).
  var members: [Member] {
    if case .object(let members) = self { members } else { [] }
  }

  /// An array of strings.
  static func strings(_ items: [String]) -> OrderedJSON { .array(items.map(OrderedJSON.string)) }

  /// This object with `member` appended (or replacing one of the same name).
  func adding(_ key: String, _ value: OrderedJSON) -> OrderedJSON {
    guard case .object(var members) = self else { preconditionFailure("adding a member to a non-object") }
    if let i = members.firstIndex(where: { $0.key == key }) {
      members[i].value = value
    } else {
      members.append(Member(key, value))
    }
    return .object(members)
  }
}
