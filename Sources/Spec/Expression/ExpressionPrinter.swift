/// Writes an `ExpressionNode` tree in canonical form: single spaces around binary operators except
/// `^`, and parentheses exactly where precedence or associativity needs them, so the text parses
/// back to the same tree.
struct ExpressionPrinter {
  let variables: [String]

  func text(_ node: ExpressionNode) -> String {
    var out = ""
    write(node, into: &out)
    return out
  }

  private func write(_ node: ExpressionNode, into out: inout String) {
    switch node {
    case .number(let x):
      out += Self.number(x)
    case .variable(let i):
      out += variables[i]
    case .negate(let a):
      // A nested negation is written `- -x`: `-(-x)` would nest one level deeper than the text
      // it came from, and a formula at the nesting limit must still read back.
      if case .negate = a {
        out += "- "
        write(a, into: &out)
      } else {
        out += "-"
        write(a, atLeast: 9, into: &out)
      }
    case .not(let a):
      out += "not "
      write(a, atLeast: 4, into: &out)
    case .conditional(let c, let a, let b):
      write(c, atLeast: 2, into: &out)
      out += " ? "
      write(a, atLeast: 1, into: &out)
      out += " : "
      write(b, atLeast: 1, into: &out)
    case .call(let f, let args):
      out += f.rawValue + "("
      for (k, arg) in args.enumerated() {
        if k > 0 { out += ", " }
        write(arg, atLeast: 1, into: &out)
      }
      out += ")"
    case .binary(let op, let l, let r):
      let p = op.precedence
      switch op {
      case .power:
        write(l, atLeast: 10, into: &out)  // (-2)^2 and (a^b)^c keep their parentheses
        out += "^"
        write(r, atLeast: 8, into: &out)  // the exponent is a unary expression: 2^-1, 2^3^2
      case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
        write(l, atLeast: p + 1, into: &out)  // comparisons do not chain
        out += " \(op.rawValue) "
        write(r, atLeast: p + 1, into: &out)
      default:
        write(l, atLeast: p, into: &out)  // left-associative
        out += " \(op.rawValue) "
        write(r, atLeast: p + 1, into: &out)
      }
    }
  }

  /// Writes `node`, in parentheses if it binds looser than `precedence`.
  private func write(_ node: ExpressionNode, atLeast precedence: Int, into out: inout String) {
    if node.precedence < precedence {
      out += "("
      write(node, into: &out)
      out += ")"
    } else {
      write(node, into: &out)
    }
  }

  /// The shortest text that reads back as exactly `x`: integers without `.0`, otherwise Swift's
  /// shortest round-trip form (`0.1`, `1e-05`, `1.5e+20`), which the lexer accepts.
  static func number(_ x: Double) -> String {
    if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
    return x.description
  }
}
