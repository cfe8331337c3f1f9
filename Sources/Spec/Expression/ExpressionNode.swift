/// One node of a parsed expression tree; variables are already resolved to indices.
indirect enum ExpressionNode: Sendable, Equatable {
  /// A binary operator of the language.
  enum BinaryOperator: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case equal = "==", notEqual = "!="
    case and, or

    /// Binding strength, low to high; see `ExpressionNode.precedence`.
    var precedence: Int {
      switch self {
      case .or: return 2
      case .and: return 3
      case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual: return 5
      case .add, .subtract: return 6
      case .multiply, .divide: return 7
      case .power: return 9
      }
    }
  }

  case number(Double)
  case variable(Int)
  case negate(ExpressionNode)
  case not(ExpressionNode)
  case binary(BinaryOperator, ExpressionNode, ExpressionNode)
  case conditional(ExpressionNode, ExpressionNode, ExpressionNode)
  case call(ExpressionFunction, [ExpressionNode])

  /// Precedence levels, low to high: 1 `?:`, 2 `or`, 3 `and`, 4 `not`, 5 comparisons, 6 `+ -`,
  /// 7 `* /`, 8 unary `-`, 9 `^`, 10 atoms and calls.
  var precedence: Int {
    switch self {
    case .conditional: return 1
    case .not: return 4
    case .negate: return 8
    case .binary(let op, _, _): return op.precedence
    case .number, .variable, .call: return 10
    }
  }

  /// The value of the node for `values` (indexed as the expression's variables). Allocates nothing.
  func evaluate(_ values: UnsafeBufferPointer<Double>) -> Double {
    switch self {
    case .number(let x): return x
    case .variable(let i): return values[i]
    case .negate(let a): return -a.evaluate(values)
    case .not(let a): return a.evaluate(values) != 0 ? 0 : 1
    case .conditional(let c, let a, let b):
      return c.evaluate(values) != 0 ? a.evaluate(values) : b.evaluate(values)
    case .call(let f, let args):
      var result = f.apply(args[0].evaluate(values))
      if f.isVariadic {
        for arg in args.dropFirst() { result = f.combine(result, arg.evaluate(values)) }
      }
      return result
    case .binary(let op, let l, let r):
      switch op {
      case .and: return l.evaluate(values) != 0 && r.evaluate(values) != 0 ? 1 : 0
      case .or: return l.evaluate(values) != 0 || r.evaluate(values) != 0 ? 1 : 0
      default: break
      }
      let a = l.evaluate(values)
      let b = r.evaluate(values)
      switch op {
      case .add: return a + b
      case .subtract: return a - b
      case .multiply: return a * b
      case .divide: return a / b
      case .power: return power(a, b)
      case .less: return a < b ? 1 : 0
      case .lessOrEqual: return a <= b ? 1 : 0
      case .greater: return a > b ? 1 : 0
      case .greaterOrEqual: return a >= b ? 1 : 0
      case .equal: return a == b ? 1 : 0
      case .notEqual: return a != b ? 1 : 0
      case .and, .or: preconditionFailure("handled above")
      }
    }
  }
}
