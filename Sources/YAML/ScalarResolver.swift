/// Resolves scalar text to typed values: the YAML 1.2 core schema, plus `1e-7` (no dot) as a float.
///
/// Plain scalars are resolved by their form; quoted and block scalars are strings unless a
/// `!!str`, `!!int`, `!!float`, `!!bool` or `!!null` tag says otherwise. `yes`/`no`/`on`/`off` are
/// strings (YAML 1.2), and an int literal that does not fit in `Int` is an error, not a wrap.
public enum ScalarResolver {
  /// Why a scalar could not be resolved; `message` is a full diagnostic sentence.
  public struct Failure: Error, Sendable, Equatable {
    public var message: String
  }

  /// The standard tags this loader honours, by their short form.
  static let tagPrefix = "tag:yaml.org,2002:"

  /// The value of a plain (unquoted, untagged) scalar.
  public static func resolvePlain(_ text: String) throws(Failure) -> ScalarValue {
    if isNull(text) { return .null }
    if let b = bool(text) { return .bool(b) }
    if let i = try int(text) { return .int(i) }
    if let d = try double(text) { return .double(d) }
    return .string(text)
  }

  /// The value of a scalar written with `style` and carrying `tag` (expanded form or nil).
  static func resolve(_ text: String, style: Scalar.Style, tag: String?) throws(Failure) -> ScalarValue {
    guard let tag else { return style == .plain ? try resolvePlain(text) : .string(text) }
    switch tag {
    case tagPrefix + "str": return .string(text)
    case tagPrefix + "null":
      guard isNull(text) else { throw Failure(message: "'\(text)' is not a null (tagged !!null)") }
      return .null
    case tagPrefix + "bool":
      guard let b = bool(text) else {
        throw Failure(message: "'\(text)' is not a bool (tagged !!bool); write true or false")
      }
      return .bool(b)
    case tagPrefix + "int":
      guard let i = try int(text) else { throw Failure(message: "'\(text)' is not an int (tagged !!int)") }
      return .int(i)
    case tagPrefix + "float":
      if let d = try double(text) { return .double(d) }
      if let i = try int(text) { return .double(Double(i)) }
      throw Failure(message: "'\(text)' is not a float (tagged !!float)")
    default:
      throw Failure(
        message: "unsupported tag '\(shortTag(tag))' (use !!str, !!int, !!float, !!bool or !!null)")
    }
  }

  /// `!!int` for a standard tag, the tag as written otherwise.
  static func shortTag(_ tag: String) -> String {
    tag.hasPrefix(tagPrefix) ? "!!" + tag.dropFirst(tagPrefix.count) : tag
  }

  static func isNull(_ text: String) -> Bool {
    text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
  }

  static func bool(_ text: String) -> Bool? {
    switch text {
    case "true", "True", "TRUE": return true
    case "false", "False", "FALSE": return false
    default: return nil
    }
  }

  /// `[-+]?[0-9]+`, `0x[0-9a-fA-F]+`, `0o[0-7]+`; nil if `text` is not of these forms.
  static func int(_ text: String) throws(Failure) -> Int? {
    guard let first = text.utf8.first, isDigit(first) || isSign(first) else { return nil }
    let u = Array(text.utf8)
    var radix = 10
    var start = 0
    if u.count > 2, u[0] == UInt8(ascii: "0"), u[1] == UInt8(ascii: "x") {
      (radix, start) = (16, 2)
    } else if u.count > 2, u[0] == UInt8(ascii: "0"), u[1] == UInt8(ascii: "o") {
      (radix, start) = (8, 2)
    } else if isSign(u[0]) {
      start = 1
    }
    let negative = u[0] == UInt8(ascii: "-")
    let body = u[start...]
    guard !body.isEmpty, body.allSatisfy({ digitValue($0, radix: radix) != nil }) else { return nil }
    var value = 0
    for c in body {
      let d = digitValue(c, radix: radix)!
      let (m, o1) = value.multipliedReportingOverflow(by: radix)
      let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
      if o1 || o2 {
        throw Failure(message: "integer \(text) does not fit in a 64-bit Int (\(Int.min) ... \(Int.max))")
      }
      value = s
    }
    return value
  }

  /// Core-schema floats plus exponent-only forms: `1e-7`, `1.0e-7`, `.5`, `-3.`, `.inf`, `.nan`.
  static func double(_ text: String) throws(Failure) -> Double? {
    switch text {
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
    case "-.inf", "-.Inf", "-.INF": return -.infinity
    case ".nan", ".NaN", ".NAN": return .nan
    default: break
    }
    guard let first = text.utf8.first, isDigit(first) || isSign(first) || first == UInt8(ascii: ".")
    else { return nil }
    let u = Array(text.utf8)
    var i = 0
    if isSign(u[i]) { i += 1 }
    let intStart = i
    while i < u.count, isDigit(u[i]) { i += 1 }
    var mantissaDigits = i - intStart
    if i < u.count, u[i] == UInt8(ascii: ".") {
      i += 1
      let fracStart = i
      while i < u.count, isDigit(u[i]) { i += 1 }
      mantissaDigits += i - fracStart
    }
    guard mantissaDigits > 0 else { return nil }
    if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
      i += 1
      if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
      let expStart = i
      while i < u.count, isDigit(u[i]) { i += 1 }
      guard i > expStart else { return nil }
    }
    guard i == u.count, let d = Double(text) else { return nil }
    guard d.isFinite else {
      throw Failure(message: "float \(text) is too large for a 64-bit Double; write .inf for infinity")
    }
    return d
  }

  private static func isSign(_ c: UInt8) -> Bool { c == UInt8(ascii: "-") || c == UInt8(ascii: "+") }

  private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

  private static func digitValue(_ c: UInt8, radix: Int) -> Int? {
    let v: Int
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): v = Int(c - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): v = Int(c - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): v = Int(c - UInt8(ascii: "A")) + 10
    default: return nil
    }
    return v < radix ? v : nil
  }
}
