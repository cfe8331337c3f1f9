/// What an argument accepts, used both to decode and to document it.
public indirect enum ArgumentKind: Sendable {
  /// A whole number.
  case int
  /// A number; an integer is accepted and stored as a Double.
  case double
  /// `true` or `false`.
  case bool
  /// Any string.
  case string
  /// One of a fixed set of strings.
  case choice([String])
  /// An integer or a list of two (`kernel_size: 3` or `[3, 5]`), stored as a pair.
  case intOrPair
  /// A list of integers (a shape); the constraint applies to each element.
  case intList
  /// A list of numbers, of exactly `count` elements when `count` is given.
  case doubleList(count: Int?)
  /// A list of strings.
  case stringList
  /// A mapping from integer class index to a number weight (`class_weight`).
  case classWeights
  /// An expression string over the given variables (see docs/spec.md, Expressions).
  case expression(variables: [String])
  /// A nested typed thing of a family: a mapping with `type:`, or its name alone.
  case component(Family)
  /// A weight regularizer: `{l1: x}`, `{l2: x}` or `{l1: x, l2: y}`.
  case regularizer
  /// `test` or a fraction in (0, 1) (`train.validation`).
  case validation
  /// `all` or a list of column names.
  case allOrStrings
  /// A whole number (the constraint applies to it) or one of a few words (`update_freq: epoch`).
  case intOrChoice([String])
  /// A list of typed things of a family (bare names or mappings with `type`).
  case componentList(Family)
  /// A fixed section with its own keys (`train`, `model`), by its schema name.
  case section(String)
  /// Sweep parameters: a mapping from dotted path to a non-empty list of values or one
  /// distribution (`{choice: [...]}`, `{uniform: [a, b]}`, `{log_uniform: [a, b]}`, `{int_uniform: [a, b]}`).
  case sweepParameters
  /// The inner kind, or `null`.
  case nullable(ArgumentKind)
  /// Keras `ZeroPadding2D`'s `padding`: an integer, `[rows, columns]` or `[[top, bottom], [left,
  /// right]]`, stored in the last form; the constraint applies to each number.
  case padding2d
  /// A number or a list of two (`factor: 0.1` or `[-0.1, 0.2]`); the constraint applies to each.
  /// A single number is kept as it is (its meaning, e.g. Keras's `[-f, f]`, is the layer's).
  case doubleOrPair

  /// How docs/spec.md names the kind.
  public var documentation: String {
    switch self {
    case .int: "integer"
    case .double: "number"
    case .bool: "boolean"
    case .string: "string"
    case .choice(let options): options.map { "`\($0)`" }.joined(separator: " \\| ")
    case .intOrPair: "integer or [integer, integer]"
    case .intList: "list of integers"
    case .doubleList(let count?): "list of \(count) numbers"
    case .doubleList(nil): "list of numbers"
    case .stringList: "list of strings"
    case .classWeights: "mapping integer → number"
    case .expression(let variables):
      "expression over " + variables.map { "`\($0)`" }.joined(separator: ", ")
    case .component(let family): "\(family.rawValue) (name or mapping with `type`)"
    case .regularizer: "regularizer `{l1: x, l2: y}`"
    case .validation: "`test` or a fraction in (0, 1)"
    case .allOrStrings: "`all` or list of strings"
    case .intOrChoice(let words): "integer or " + words.map { "`\($0)`" }.joined(separator: " \\| ")
    case .componentList(let family): "list of \(family.rawValue)s"
    case .section(let name): "mapping (see [\(name)](#\(name)))"
    case .sweepParameters: "mapping dotted path → list of values or distribution"
    case .nullable(let inner): inner.documentation + " or null"
    case .padding2d: "integer, [rows, columns] or [[top, bottom], [left, right]]"
    case .doubleOrPair: "number or [number, number]"
    }
  }
}

/// A bound on a number (or on each element of a list of numbers).
public enum Constraint: Sendable {
  /// `> x`
  case greaterThan(Double)
  /// `>= x`
  case atLeast(Double)
  /// Between two bounds, each open or closed.
  case range(Double, Double, lowClosed: Bool, highClosed: Bool)

  /// Whether `x` satisfies the bound.
  public func admits(_ x: Double) -> Bool {
    switch self {
    case .greaterThan(let lo): x > lo
    case .atLeast(let lo): x >= lo
    case .range(let lo, let hi, let lc, let hc):
      (lc ? x >= lo : x > lo) && (hc ? x <= hi : x < hi)
    }
  }

  /// `> 0`, `>= 1`, `in [0, 1)`.
  public var text: String {
    switch self {
    case .greaterThan(let lo): "> \(formatNumber(lo))"
    case .atLeast(let lo): ">= \(formatNumber(lo))"
    case .range(let lo, let hi, let lc, let hc):
      "in \(lc ? "[" : "(")\(formatNumber(lo)), \(formatNumber(hi))\(hc ? "]" : ")")"
    }
  }
}
