/// Recursive-descent parser from tokens to an `ExpressionNode` tree.
///
/// One function per precedence level, low to high: `?:`, `or`, `and`, `not`, comparisons, `+ -`,
/// `* /`, unary `-`, `^`, atoms. Two limits keep hostile input from exhausting the stack: the
/// parser's own nesting (parentheses, prefix operators, `^`, `?:`) and the depth of the tree it builds
/// (long `a + a + ...` chains), both at most `Expression.maximumDepth`.
struct ExpressionParser {
  private typealias Parsed = (node: ExpressionNode, depth: Int)

  private let tokens: [ExpressionToken]
  private let variables: [String]
  private var index = 0
  private var nesting = 0

  init(tokens: [ExpressionToken], variables: [String]) {
    self.tokens = tokens
    self.variables = variables
  }

  /// Parses the whole token list into one expression.
  mutating func parse() throws(ExpressionError) -> ExpressionNode {
    if tokens.count == 1 { throw ExpressionError(offset: 0, message: "empty expression") }
    let result = try conditional()
    guard current.kind == .end else {
      if current.kind == .symbol(")") { throw error(at: current, "unmatched ')'") }
      throw error(at: current, "unexpected \(current.quoted) after a complete expression")
    }
    return result.node
  }

  // MARK: - Precedence levels

  private mutating func conditional() throws(ExpressionError) -> Parsed {
    try descend()
    defer { nesting -= 1 }
    let condition = try or()
    guard current.kind == .symbol("?") else { return condition }
    let question = advance()
    let whenTrue = try conditional()
    guard current.kind == .symbol(":") else {
      throw error(
        at: current, "expected ':' to match the '?' at offset \(question.offset), found \(current.quoted)")
    }
    advance()
    let whenFalse = try conditional()
    return try make(
      .conditional(condition.node, whenTrue.node, whenFalse.node), at: question,
      condition.depth, whenTrue.depth, whenFalse.depth)
  }

  private mutating func or() throws(ExpressionError) -> Parsed {
    var left = try and()
    while current.kind == .identifier("or") {
      let op = advance()
      let right = try and()
      left = try make(.binary(.or, left.node, right.node), at: op, left.depth, right.depth)
    }
    return left
  }

  private mutating func and() throws(ExpressionError) -> Parsed {
    var left = try not()
    while current.kind == .identifier("and") {
      let op = advance()
      let right = try not()
      left = try make(.binary(.and, left.node, right.node), at: op, left.depth, right.depth)
    }
    return left
  }

  private mutating func not() throws(ExpressionError) -> Parsed {
    guard current.kind == .identifier("not") else { return try comparison() }
    try descend()
    defer { nesting -= 1 }
    let op = advance()
    let operand = try not()
    return try make(.not(operand.node), at: op, operand.depth)
  }

  private mutating func comparison() throws(ExpressionError) -> Parsed {
    let left = try additive()
    guard let op = binaryOperator(among: Self.comparisons) else { return left }
    let opToken = advance()
    let right = try additive()
    if binaryOperator(among: Self.comparisons) != nil {
      throw error(
        at: current,
        "comparisons cannot be chained; write 'a < b and b < c' or add parentheses")
    }
    return try make(.binary(op, left.node, right.node), at: opToken, left.depth, right.depth)
  }

  private mutating func additive() throws(ExpressionError) -> Parsed {
    var left = try multiplicative()
    while let op = binaryOperator(among: [.add, .subtract]) {
      let opToken = advance()
      let right = try multiplicative()
      left = try make(.binary(op, left.node, right.node), at: opToken, left.depth, right.depth)
    }
    return left
  }

  private mutating func multiplicative() throws(ExpressionError) -> Parsed {
    var left = try unary()
    while let op = binaryOperator(among: [.multiply, .divide]) {
      let opToken = advance()
      let right = try unary()
      left = try make(.binary(op, left.node, right.node), at: opToken, left.depth, right.depth)
    }
    return left
  }

  /// Unary `-` and `+`; `+x` is `x` itself. Binds looser than `^`: `-2^2` is `-(2^2)`.
  private mutating func unary() throws(ExpressionError) -> Parsed {
    let isMinus = current.kind == .symbol("-")
    guard isMinus || current.kind == .symbol("+") else { return try power() }
    try descend()
    defer { nesting -= 1 }
    let op = advance()
    let operand = try unary()
    return isMinus ? try make(.negate(operand.node), at: op, operand.depth) : operand
  }

  /// `atom ^ unary`: right-associative, and the exponent may carry a sign (`2^-1`).
  private mutating func power() throws(ExpressionError) -> Parsed {
    let base = try atom()
    guard current.kind == .symbol("^") else { return base }
    try descend()
    defer { nesting -= 1 }
    let op = advance()
    let exponent = try unary()
    return try make(.binary(.power, base.node, exponent.node), at: op, base.depth, exponent.depth)
  }

  private mutating func atom() throws(ExpressionError) -> Parsed {
    let token = current
    switch token.kind {
    case .number(let value):
      advance()
      return (.number(value), 1)
    case .symbol("("):
      advance()
      let inner = try conditional()
      try close(token, what: "'('")
      return inner
    case .identifier(let name) where !Self.keywords.contains(name):
      advance()
      if current.kind == .symbol("(") { return try call(name: token) }
      if let i = variables.firstIndex(of: name) { return (.variable(i), 1) }
      if ExpressionFunction(rawValue: name) != nil {
        throw error(at: token, "function '\(name)' needs its arguments in parentheses, as in \(name)(x)")
      }
      if let guess = NameSuggestion.closest(to: name, among: variables) {
        throw error(at: token, "unknown variable '\(name)'; did you mean '\(guess)'?")
      }
      let known = variables.map { "'\($0)'" }.joined(separator: ", ")
      throw error(at: token, "unknown variable '\(name)'; the variables are \(known)")
    default:
      let found = token.kind == .end ? "unexpected end of expression" : "unexpected \(token.quoted)"
      throw error(at: token, "\(found); expected a number, a variable, a function call or '('")
    }
  }

  /// `name(arg, ...)`, with the current token at the `(`.
  private mutating func call(name token: ExpressionToken) throws(ExpressionError) -> Parsed {
    let name = token.text
    guard let function = ExpressionFunction(rawValue: name) else {
      if variables.contains(name) { throw error(at: token, "'\(name)' is a variable, not a function") }
      let names = ExpressionFunction.allCases.map(\.rawValue)
      if let guess = NameSuggestion.closest(to: name, among: names) {
        throw error(at: token, "unknown function '\(name)'; did you mean '\(guess)'?")
      }
      throw error(at: token, "unknown function '\(name)'; the functions are \(names.joined(separator: ", "))")
    }
    try descend()
    defer { nesting -= 1 }
    let open = advance()
    var arguments: [ExpressionNode] = []
    var depth = 0
    if current.kind != .symbol(")") {
      while true {
        let argument = try conditional()
        arguments.append(argument.node)
        depth = max(depth, argument.depth)
        guard current.kind == .symbol(",") else { break }
        advance()
      }
    }
    try close(open, what: "'(' of '\(name)'")
    let count = arguments.count
    if function.isVariadic && count < 2 {
      throw error(at: token, "'\(name)' takes at least 2 arguments, got \(count)")
    }
    if !function.isVariadic && count != 1 {
      throw error(at: token, "'\(name)' takes exactly 1 argument, got \(count)")
    }
    return try make(.call(function, arguments), at: token, depth)
  }

  // MARK: - Helpers

  private static let keywords: Set<String> = ["and", "or", "not"]
  private static let comparisons: [ExpressionNode.BinaryOperator] = [
    .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual,
  ]

  private var current: ExpressionToken { tokens[index] }

  @discardableResult
  private mutating func advance() -> ExpressionToken {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  /// The current token as one of `operators`, if it is one.
  private func binaryOperator(among operators: [ExpressionNode.BinaryOperator]) -> ExpressionNode
    .BinaryOperator?
  {
    guard case .symbol(let s) = current.kind else { return nil }
    return operators.first { $0.rawValue == s }
  }

  /// Consumes the `)` that closes `open`.
  private mutating func close(_ open: ExpressionToken, what: String) throws(ExpressionError) {
    if current.kind == .symbol(")") {
      advance()
      return
    }
    if current.kind == .end { throw error(at: open, "unclosed \(what)") }
    let expected = what.hasPrefix("'(' of") ? "',' or ')'" : "')'"
    throw error(
      at: current,
      "expected \(expected) to close the \(what) at offset \(open.offset), found \(current.quoted)")
  }

  private mutating func descend() throws(ExpressionError) {
    nesting += 1
    if nesting > Expression.maximumDepth {
      throw error(
        at: current, "expression is nested too deeply (more than \(Expression.maximumDepth) levels)")
    }
  }

  /// A new node whose children have the given depths; rejects trees deeper than the limit.
  private func make(_ node: ExpressionNode, at token: ExpressionToken, _ depths: Int...)
    throws(ExpressionError)
    -> Parsed
  {
    let depth = 1 + (depths.max() ?? 0)
    if depth > Expression.maximumDepth {
      throw error(at: token, "expression is nested too deeply (more than \(Expression.maximumDepth) levels)")
    }
    return (node, depth)
  }

  private func error(at token: ExpressionToken, _ message: String) -> ExpressionError {
    ExpressionError(offset: token.offset, message: message)
  }
}
