import Testing

@testable import Spec

/// Grammar, precedence, functions and canonical printing of `Expression`.
@Suite struct ExpressionTests {
  static let names = ["a", "b", "c", "epoch", "lr"]

  func value(_ text: String, _ values: [Double] = [0, 0, 0, 0, 0]) throws -> Double {
    try Expression.parse(text, variables: Self.names).evaluate(values)
  }

  func tree(_ text: String) throws -> Expression { try Expression.parse(text, variables: Self.names) }

  // Each row: the text, the same expression with every grouping written out, and its value worked
  // by hand with the usual rules (Python's, where `^` is `**`).
  static let precedence: [(String, String, Double)] = [
    ("1 + 2 * 3", "1 + (2 * 3)", 7),
    ("1 * 2 + 3", "(1 * 2) + 3", 5),
    ("8 - 4 - 2", "(8 - 4) - 2", 2),
    ("8 / 4 / 2", "(8 / 4) / 2", 1),
    ("8 / 4 * 2", "(8 / 4) * 2", 4),
    ("2 ^ 3 ^ 2", "2 ^ (3 ^ 2)", 512),
    ("-2^2", "-(2^2)", -4),
    ("2^-1", "2^(-1)", 0.5),
    ("-2^-2", "-(2^(-2))", -0.25),
    ("2 * 3^2", "2 * (3^2)", 18),
    ("-3 * 2", "(-3) * 2", -6),
    ("2 * -3", "2 * (-3)", -6),
    ("- -3", "-(-3)", 3),
    ("+3", "3", 3),
    ("1 - -1", "1 - (-1)", 2),
    ("1 + 2 < 4", "(1 + 2) < 4", 1),
    ("2 * 2 >= 5", "(2 * 2) >= 5", 0),
    ("not 1 < 0", "not (1 < 0)", 1),
    ("not 0 and 0", "(not 0) and 0", 0),
    ("not not 2", "not (not 2)", 1),
    ("1 or 0 and 0", "1 or (0 and 0)", 1),
    ("0 and 1 or 1", "(0 and 1) or 1", 1),
    ("1 < 2 and 3 > 4", "(1 < 2) and (3 > 4)", 0),
    ("0 or 1 ? 5 : 6", "(0 or 1) ? 5 : 6", 5),
    ("1 < 2 ? 3 : 4", "(1 < 2) ? 3 : 4", 3),
    ("0 ? 1 : 0 ? 2 : 3", "0 ? 1 : (0 ? 2 : 3)", 3),
    ("1 ? 0 ? 7 : 8 : 9", "1 ? (0 ? 7 : 8) : 9", 8),
    ("1 ? 2 : 3 + 4", "1 ? 2 : (3 + 4)", 2),
    ("(1 + 2) * 3", "(1 + 2) * 3", 9),
    ("(-2)^2", "(-2)^2", 4),
  ]

  @Test(arguments: precedence)
  func precedenceAndAssociativity(_ text: String, _ grouped: String, _ expected: Double) throws {
    #expect(try tree(text).root == tree(grouped).root)
    #expect(try value(text) == expected)
  }

  @Test func comparisonsGiveOneOrZero() throws {
    let rows: [(String, Double)] = [
      ("1 < 2", 1), ("2 < 1", 0), ("2 <= 2", 1), ("3 <= 2", 0), ("3 > 2", 1), ("2 > 2", 0),
      ("2 >= 2", 1), ("1 >= 2", 0), ("2 == 2", 1), ("2 == 3", 0), ("2 != 3", 1), ("2 != 2", 0),
    ]
    for (text, expected) in rows { #expect(try value(text) == expected, "\(text)") }
  }

  @Test func truthinessIsNonZero() throws {
    #expect(try value("0.5 and -2") == 1)
    #expect(try value("0 or 0") == 0)
    #expect(try value("not 0.1") == 0)
    #expect(try value("not 0") == 1)
    #expect(try value("-0.25 ? 1 : 2") == 1)
    #expect(try value("0 ? 1 : 2") == 2)
  }

  @Test func numbers() throws {
    #expect(try value("0.1") == 0.1)
    #expect(try value("1e-3") == 0.001)
    #expect(try value(".5") == 0.5)
    #expect(try value("2.5E+2") == 250)
    #expect(try value("7") == 7)
    #expect(try value("1.") == 1)
  }

  @Test func variablesInOrder() throws {
    #expect(try value("a - b * c + epoch / lr", [10, 2, 3, 8, 4]) == 6)
    let e = try tree("lr * exp(-0.1 * epoch)")
    #expect(e.variables == Self.names)
    #expect(e.referencedVariables == ["epoch", "lr"])
  }

  // Values from the functions' definitions: e = 2.718281828459045 (the double nearest to e),
  // π = 3.141592653589793.
  static let functions: [(String, Double)] = [
    ("exp(0)", 1), ("exp(1)", 2.718281828459045), ("log(1)", 0),
    ("log(2.718281828459045)", 1), ("sqrt(16)", 4), ("sqrt(2.25)", 1.5), ("cos(0)", 1),
    ("cos(3.141592653589793)", -1), ("sin(0)", 0), ("sin(3.141592653589793 / 2)", 1),
    ("min(3, 1)", 1), ("min(3, 1, 2, -4, 0)", -4), ("max(3, 1)", 3), ("max(3, 1, 7, 2)", 7),
    ("abs(-3)", 3), ("abs(2.5)", 2.5), ("floor(1.5)", 1), ("floor(-1.5)", -2), ("ceil(1.5)", 2),
    ("ceil(-1.5)", -1), ("floor(2)", 2),
  ]

  @Test(arguments: functions)
  func everyFunction(_ text: String, _ expected: Double) throws {
    #expect(try value(text) == expected)
  }

  @Test func functionEdgeCases() throws {
    #expect(try value("log(0)") == -.infinity)
    #expect(try value("sqrt(-1)").isNaN)
    #expect(try value("min(log(-1), 1)").isNaN)  // NaN propagates, as numpy's minimum
    #expect(try value("max(1, log(-1))").isNaN)
    #expect(try value("1 / 0") == .infinity)
  }

  // Canonical text: minimal parentheses, spaces around binary operators except `^`.
  static let canonical: [(String, String)] = [
    ("epoch<50?lr:lr*exp(-0.1)", "epoch < 50 ? lr : lr * exp(-0.1)"),
    ("((1+2))*3", "(1 + 2) * 3"),
    ("1+(2*3)", "1 + 2 * 3"),
    ("1-(2-3)", "1 - (2 - 3)"),
    ("(1-2)-3", "1 - 2 - 3"),
    ("2^(3^2)", "2^3^2"),
    ("(2^3)^2", "(2^3)^2"),
    ("(-2)^2", "(-2)^2"),
    ("-(2^2)", "-2^2"),
    ("2^(-a)", "2^-a"),
    ("- - a", "- -a"),
    ("1e-3", "0.001"),
    (".5", "0.5"),
    ("1e20", "1e+20"),
    ("1e-7", "1e-07"),
    ("(a<b)==(b<c)", "(a < b) == (b < c)"),
    ("not(a and b)", "not (a and b)"),
    ("(not a) and b", "not a and b"),
    ("(a?b:c)?1:2", "(a ? b : c) ? 1 : 2"),
    ("a?(b?1:2):(c?3:4)", "a ? b ? 1 : 2 : c ? 3 : 4"),
    ("max( a ,b,  -c )", "max(a, b, -c)"),
    ("a or (b or c)", "a or (b or c)"),
  ]

  @Test(arguments: canonical)
  func canonicalForm(_ text: String, _ expected: String) throws {
    #expect(try tree(text).description == expected)
  }

  static let roundTrip: [String] =
    precedence.map(\.0) + functions.map(\.0) + canonical.map(\.0) + [
      "epoch < 50 ? lr : lr * exp(-0.1)",
      "lr * 0.5 ^ floor(epoch / 10)",
      "a < 1 ? 0.1 : a < 2 ? 0.01 : 0.001",
      "0.1 + 0.2",
      "123456789.123456789 * 1e-300",
      "(a + b) * (c - epoch) / -(lr ^ 2) ^ -a",
      "not not a or not b and c != 0",
      "min(max(a, b), -c, abs(epoch - lr))",
      "1e15 + 1e16 + 123456789012345",
      "1e-320",
    ]

  @Test(arguments: roundTrip)
  func descriptionParsesBackEqual(_ text: String) throws {
    let e = try tree(text)
    let again = try Expression.parse(e.description, variables: Self.names)
    #expect(again == e, "\(text) printed as \(e.description)")
    #expect(again.description == e.description)
  }
}
