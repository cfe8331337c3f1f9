/// One node of a loaded YAML document: a scalar, a sequence or a mapping, with the position it came from.
///
/// Aliases are already resolved (an alias node is a copy of its anchor's node, keeping the alias's
/// mark) and merge keys (`<<`) are already applied, so consumers only ever see these three shapes.
public struct Node: Sendable, Equatable {
  /// What the node holds.
  public enum Content: Sendable, Equatable {
    case scalar(Scalar)
    case sequence([Node])
    /// Key/value pairs in document order; keys are unique (duplicates are a load error).
    case mapping([Pair])
  }

  /// One entry of a mapping.
  public struct Pair: Sendable, Equatable {
    public var key: Node
    public var value: Node
    /// Creates a pair.
    public init(key: Node, value: Node) {
      self.key = key
      self.value = value
    }
  }

  public var content: Content
  /// Where the node starts in its source.
  public var mark: Mark

  /// Creates a node.
  public init(_ content: Content, mark: Mark) {
    self.content = content
    self.mark = mark
  }
}

/// A scalar as written (text and quoting style) and as resolved by the YAML 1.2 core schema.
public struct Scalar: Sendable, Equatable {
  /// How the scalar was written; quoted and block scalars always resolve to strings.
  public enum Style: Sendable, Equatable {
    case plain, singleQuoted, doubleQuoted, literal, folded
  }

  /// The scalar's text after unescaping, without quotes.
  public var text: String
  public var style: Style
  /// The resolved value: `1e-7` is a double, `-3` an int, `true` a bool, `null`/`~`/empty a null,
  /// `.inf`/`-.inf`/`.nan` doubles; anything quoted is a string.
  public var value: ScalarValue
  /// Whether `text` stands in the source character for character on one line (after the opening
  /// quote, if any): no escapes, no folded line breaks. Only then does an offset into `text` map to
  /// a column, which is what lets errors inside a value (an expression, say) point at the character.
  /// Not part of equality: it describes the source, not the value.
  public var isVerbatim: Bool

  /// Creates a scalar.
  public init(text: String, style: Style, value: ScalarValue, isVerbatim: Bool = false) {
    self.text = text
    self.style = style
    self.value = value
    self.isVerbatim = isVerbatim
  }

  /// Column offset from the scalar's mark to character `offset` of its text, when that is known.
  public func columnOffset(ofTextOffset offset: Int) -> Int? {
    guard isVerbatim else { return nil }
    return offset + (style == .singleQuoted || style == .doubleQuoted ? 1 : 0)
  }

  public static func == (a: Scalar, b: Scalar) -> Bool {
    a.text == b.text && a.style == b.style && a.value == b.value
  }
}

/// The typed value of a resolved scalar.
public enum ScalarValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
}
