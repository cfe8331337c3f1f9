import Testing

@testable import Spec

/// Every parse error of `Expression`, with its offset and full message.
@Suite struct ExpressionErrorTests {
  static let schedule = ["epoch", "step", "lr", "initial_lr"]

  func failure(_ text: String) -> ExpressionError? {
    do {
      _ = try Expression.parse(text, variables: Self.schedule)
      return nil
    } catch {
      return error
    }
  }

  // Each row: text, expected offset (0-based Unicode scalars), expected message.
  static let cases: [(String, Int, String)] = [
    ("", 0, "empty expression"),
    ("   ", 0, "empty expression"),
    ("epcoh < 50", 0, "unknown variable 'epcoh'; did you mean 'epoch'?"),
    ("lr * lf", 5, "unknown variable 'lf'; did you mean 'lr'?"),
    ("2 * initial_rl", 4, "unknown variable 'initial_rl'; did you mean 'initial_lr'?"),
    ("banana", 0, "unknown variable 'banana'; the variables are 'epoch', 'step', 'lr', 'initial_lr'"),
    ("lr * ex(1)", 5, "unknown function 'ex'; did you mean 'exp'?"),
    ("sqr(2)", 0, "unknown function 'sqr'; did you mean 'sqrt'?"),
    (
      "foo(1)", 0,
      "unknown function 'foo'; the functions are exp, log, sqrt, cos, sin, min, max, abs, floor, ceil"
    ),
    ("lr(2)", 0, "'lr' is a variable, not a function"),
    ("1 + exp", 4, "function 'exp' needs its arguments in parentheses, as in exp(x)"),
    ("exp(1, 2)", 0, "'exp' takes exactly 1 argument, got 2"),
    ("lr * sqrt()", 5, "'sqrt' takes exactly 1 argument, got 0"),
    ("min(1)", 0, "'min' takes at least 2 arguments, got 1"),
    ("max()", 0, "'max' takes at least 2 arguments, got 0"),
    ("(1 + 2", 0, "unclosed '('"),
    ("2 * ((1 + 2)", 4, "unclosed '('"),
    ("max(1, 2", 3, "unclosed '(' of 'max'"),
    ("(1 2)", 3, "expected ')' to close the '(' at offset 0, found '2'"),
    ("max(1 2)", 6, "expected ',' or ')' to close the '(' of 'max' at offset 3, found '2'"),
    ("1 +", 3, "unexpected end of expression; expected a number, a variable, a function call or '('"),
    ("* 2", 0, "unexpected '*'; expected a number, a variable, a function call or '('"),
    ("()", 1, "unexpected ')'; expected a number, a variable, a function call or '('"),
    ("max(1,)", 6, "unexpected ')'; expected a number, a variable, a function call or '('"),
    ("1 and", 5, "unexpected end of expression; expected a number, a variable, a function call or '('"),
    ("and 1", 0, "unexpected 'and'; expected a number, a variable, a function call or '('"),
    ("1 2", 2, "unexpected '2' after a complete expression"),
    ("lr epoch", 3, "unexpected 'epoch' after a complete expression"),
    ("(1))", 3, "unmatched ')'"),
    ("1 < 2 < 3", 6, "comparisons cannot be chained; write 'a < b and b < c' or add parentheses"),
    ("1 == 1 != 0", 7, "comparisons cannot be chained; write 'a < b and b < c' or add parentheses"),
    ("epoch < 5 ? 1", 13, "expected ':' to match the '?' at offset 10, found end of expression"),
    ("1 ? 2 , 3", 6, "expected ':' to match the '?' at offset 2, found ','"),
    ("epoch = 5", 6, "unexpected '='; did you mean '=='?"),
    ("!epoch", 0, "unexpected '!'; did you mean 'not' or '!='?"),
    ("lr # comment", 3, "unexpected character '#'"),
    ("lr × 2", 3, "unexpected character '×'"),  // offsets count scalars, not UTF-8 bytes
    ("é + lr ++ ", 0, "unexpected character 'é'"),
    ("1e", 0, "malformed number '1e': the exponent needs digits"),
    ("2 * 1e+", 4, "malformed number '1e+': the exponent needs digits"),
    ("3epoch", 0, "malformed number '3epoch'"),
    ("1e400", 0, "number '1e400' is too large"),
  ]

  @Test(arguments: cases)
  func error(_ text: String, _ offset: Int, _ message: String) {
    #expect(failure(text) == ExpressionError(offset: offset, message: message))
  }

  @Test func offsetsCountUnicodeScalars() {
    // "é" written as e + combining acute is two scalars; the error is at the second.
    #expect(failure("e\u{301}")?.offset == 1)
    // Emoji before the error: one scalar each, though four UTF-8 bytes.
    #expect(failure("lr +   🙂")?.offset == 7)
  }

  @Test func nestingWithinTheLimitParses() throws {
    // The top level is one level, so 63 parentheses reach the limit of 64 exactly.
    let parens = String(repeating: "(", count: 63) + "lr" + String(repeating: ")", count: 63)
    #expect(try Expression.parse(parens, variables: Self.schedule).evaluate([0, 0, 2, 0]) == 2)
    // 64 terms make a left-leaning tree 64 nodes deep.
    let sum = Array(repeating: "1", count: 64).joined(separator: " + ")
    #expect(try Expression.parse(sum, variables: Self.schedule).evaluate([0, 0, 0, 0]) == 64)
  }

  @Test func hostileNestingIsAnErrorNotACrash() {
    let tooDeep = "expression is nested too deeply (more than 64 levels)"
    let parens = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
    #expect(failure(parens) == ExpressionError(offset: 64, message: tooDeep))  // the 65th "("
    #expect(failure(String(repeating: "-", count: 100_000) + "1")?.message == tooDeep)
    #expect(failure(String(repeating: "not ", count: 100_000) + "1")?.message == tooDeep)
    #expect(failure(Array(repeating: "2", count: 100_000).joined(separator: "^"))?.message == tooDeep)
    #expect(failure(String(repeating: "exp(", count: 100_000) + "1")?.message == tooDeep)
    #expect(failure(String(repeating: "1 ? 1 : ", count: 100_000) + "1")?.message == tooDeep)
    let sum = Array(repeating: "1", count: 65).joined(separator: " + ")
    #expect(failure(sum) == ExpressionError(offset: 254, message: tooDeep))
  }
}
