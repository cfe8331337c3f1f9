/// A parsed arithmetic expression over named variables, such as a learning-rate rule
/// `epoch < 50 ? lr : lr * exp(-0.1)`.
///
/// Grammar, loosest binding first: `c ? a : b` (right-associative), `or`, `and`, `not`,
/// comparisons `< <= > >= == !=` (not chainable; true is 1, false is 0), `+ -`, `* /`, unary `-` and
/// `+`, `^` (right-associative, tighter than unary minus: `-2^2 == -4`, but `2^-1 == 0.5`), then
/// numbers (`0.1`, `1e-3`, `.5`), variables, parentheses and calls of `exp log sqrt cos sin abs floor
/// ceil` (one argument) and `min max` (two or more). A value is true when it is non-zero.
///
/// Variable names are resolved to indices when parsing, so `evaluate` does no lookups and allocates
/// nothing. `description` is a canonical form that parses back to an equal expression.
public struct Expression: Sendable, Equatable, CustomStringConvertible {
  /// The deepest nesting accepted, so hostile input cannot exhaust the stack.
  public static let maximumDepth = 64

  /// The variable names, in the order `evaluate` expects their values.
  public let variables: [String]
  let root: ExpressionNode

  /// Parses `text` over `variables` (names that are identifiers, distinct, and not `and`, `or`,
  /// `not` or a function name), reporting the first problem with its Unicode-scalar offset.
  public static func parse(_ text: String, variables: [String]) throws(ExpressionError) -> Expression {
    for (i, name) in variables.enumerated() {
      precondition(isIdentifier(name), "variable name '\(name)' is not an identifier")
      precondition(!["and", "or", "not"].contains(name), "variable name '\(name)' is a keyword")
      precondition(ExpressionFunction(rawValue: name) == nil, "variable name '\(name)' is a function")
      precondition(!variables[..<i].contains(name), "variable name '\(name)' is repeated")
    }
    let tokens = try ExpressionLexer(text).tokenize()
    var parser = ExpressionParser(tokens: tokens, variables: variables)
    return Expression(variables: variables, root: try parser.parse())
  }

  /// The value for `values`, given in the order of `variables`.
  public func evaluate(_ values: [Double]) -> Double {
    precondition(values.count == variables.count, "expected \(variables.count) values, got \(values.count)")
    return values.withUnsafeBufferPointer { root.evaluate($0) }
  }

  /// The names of the variables the expression mentions, in the order of `variables`.
  public var referencedVariables: [String] {
    var used = [Bool](repeating: false, count: variables.count)
    Self.mark(root, &used)
    return variables.indices.filter { used[$0] }.map { variables[$0] }
  }

  /// The canonical text: minimal parentheses, single spaces around binary operators except `^`.
  public var description: String { ExpressionPrinter(variables: variables).text(root) }

  private static func mark(_ node: ExpressionNode, _ used: inout [Bool]) {
    switch node {
    case .number: break
    case .variable(let i): used[i] = true
    case .negate(let a), .not(let a): mark(a, &used)
    case .binary(_, let a, let b):
      mark(a, &used)
      mark(b, &used)
    case .conditional(let c, let a, let b):
      mark(c, &used)
      mark(a, &used)
      mark(b, &used)
    case .call(_, let args): for a in args { mark(a, &used) }
    }
  }

  private static func isIdentifier(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
    return name.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
    }
  }
}
