/// A token of the expression language, with its position in the source.
struct ExpressionToken: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    case number(Double)
    case identifier(String)
    /// An operator or punctuation: `+ - * / ^ < <= > >= == != ? : ( ) ,`.
    case symbol(String)
    case end
  }

  var kind: Kind
  /// 0-based Unicode-scalar offset of the token's first character.
  var offset: Int
  /// The token as written, for messages.
  var text: String

  /// How the token is quoted in messages: `'text'`, or "end of expression".
  var quoted: String { kind == .end ? "end of expression" : "'\(text)'" }
}

/// Splits expression text into tokens; offsets count Unicode scalars.
struct ExpressionLexer {
  private let scalars: [Unicode.Scalar]

  init(_ text: String) { scalars = Array(text.unicodeScalars) }

  /// All tokens of the text, ending with one `.end` token at the text's length.
  func tokenize() throws(ExpressionError) -> [ExpressionToken] {
    var tokens: [ExpressionToken] = []
    var i = 0
    while i < scalars.count {
      let c = scalars[i]
      if c == " " || c == "\t" || c == "\n" || c == "\r" {
        i += 1
      } else if isDigit(c) || (c == "." && i + 1 < scalars.count && isDigit(scalars[i + 1])) {
        tokens.append(try number(at: &i))
      } else if isIdentifierStart(c) {
        let start = i
        while i < scalars.count && isIdentifierContinue(scalars[i]) { i += 1 }
        let name = text(start, i)
        tokens.append(ExpressionToken(kind: .identifier(name), offset: start, text: name))
      } else {
        tokens.append(try symbol(at: &i))
      }
    }
    tokens.append(ExpressionToken(kind: .end, offset: scalars.count, text: ""))
    return tokens
  }

  /// A number: digits, an optional fraction, an optional exponent (`1`, `0.1`, `.5`, `1e-3`, `2.5E+4`).
  private func number(at i: inout Int) throws(ExpressionError) -> ExpressionToken {
    let start = i
    while i < scalars.count && isDigit(scalars[i]) { i += 1 }
    if i < scalars.count && scalars[i] == "." {
      i += 1
      while i < scalars.count && isDigit(scalars[i]) { i += 1 }
    }
    if i < scalars.count && (scalars[i] == "e" || scalars[i] == "E") {
      var j = i + 1
      if j < scalars.count && (scalars[j] == "+" || scalars[j] == "-") { j += 1 }
      guard j < scalars.count && isDigit(scalars[j]) else {
        var end = j
        while end < scalars.count && isIdentifierContinue(scalars[end]) { end += 1 }
        let why = end == j ? ": the exponent needs digits" : ""
        throw ExpressionError(offset: start, message: "malformed number '\(text(start, end))'\(why)")
      }
      i = j
      while i < scalars.count && isDigit(scalars[i]) { i += 1 }
    }
    let written = text(start, i)
    if i < scalars.count && isIdentifierStart(scalars[i]) {
      var end = i
      while end < scalars.count && isIdentifierContinue(scalars[end]) { end += 1 }
      throw ExpressionError(offset: start, message: "malformed number '\(text(start, end))'")
    }
    guard let value = Double(written), value.isFinite else {
      throw ExpressionError(offset: start, message: "number '\(written)' is too large")
    }
    return ExpressionToken(kind: .number(value), offset: start, text: written)
  }

  private func symbol(at i: inout Int) throws(ExpressionError) -> ExpressionToken {
    let start = i
    let c = scalars[i]
    let next: Unicode.Scalar? = i + 1 < scalars.count ? scalars[i + 1] : nil
    let written: String
    switch c {
    case "<", ">", "=", "!":
      if next == "=" {
        written = String(c) + "="
      } else if c == "=" {
        throw ExpressionError(offset: start, message: "unexpected '='; did you mean '=='?")
      } else if c == "!" {
        throw ExpressionError(offset: start, message: "unexpected '!'; did you mean 'not' or '!='?")
      } else {
        written = String(c)
      }
    case "+", "-", "*", "/", "^", "?", ":", "(", ")", ",":
      written = String(c)
    default:
      throw ExpressionError(offset: start, message: "unexpected character '\(String(c))'")
    }
    i += written.unicodeScalars.count
    return ExpressionToken(kind: .symbol(written), offset: start, text: written)
  }

  private func text(_ start: Int, _ end: Int) -> String {
    var s = String.UnicodeScalarView()
    s.append(contentsOf: scalars[start..<end])
    return String(s)
  }

  private func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
  private func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
    (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
  }
  private func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool { isIdentifierStart(c) || isDigit(c) }
}
