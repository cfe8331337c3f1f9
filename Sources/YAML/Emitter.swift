/// Renders `node` as a block-style YAML document that `YAMLLoader` reads back as an equal tree.
///
/// Two-space indentation, mapping order kept, sequences of scalars (and empty collections) in flow
/// style (`[32, 32, 3]`, `[]`, `{}`). Strings are double-quoted, with escapes, whenever plain text
/// would read back as something else or is not safe (`"1e-7"`, `"true"`, `""`, `": x"`, `"#"`,
/// leading or trailing spaces, line breaks); ints are plain; doubles use the shortest text that reads
/// back as the same double and as a float in YAML 1.1 and 1.2 readers alike (`1.0e-07`, `1.0`,
/// `.inf`, `-.inf`, `.nan`).
/// Scalars are written from their resolved `value`, not their original text.
public func emitYAML(_ node: Node) -> String {
  var out = ""
  if let inline = YAMLEmitter.inline(node) {
    out = inline + "\n"
  } else {
    YAMLEmitter.block(node, indent: 0, into: &out)
  }
  return out
}

/// The pieces of `emitYAML`.
enum YAMLEmitter {
  /// Longest key libyaml accepts as an implicit key is 1024 characters; use `? ` beyond this.
  private static let longKey = 1000

  /// The node's text when it fits on the current line: scalars, empty collections, scalar lists.
  static func inline(_ node: Node) -> String? {
    switch node.content {
    case .scalar(let s): return scalar(s.value)
    case .mapping(let pairs): return pairs.isEmpty ? "{}" : nil
    case .sequence(let items):
      var parts: [String] = []
      for item in items {
        guard case .scalar(let s) = item.content else { return nil }
        parts.append(scalar(s.value))
      }
      return "[" + parts.joined(separator: ", ") + "]"
    }
  }

  /// A non-inline mapping or sequence, one entry per line at `indent` spaces.
  static func block(_ node: Node, indent: Int, into out: inout String) {
    let pad = String(repeating: " ", count: indent)
    switch node.content {
    case .scalar(let s):
      out += pad + scalar(s.value) + "\n"
    case .mapping(let pairs):
      for pair in pairs {
        if case .scalar(let s) = pair.key.content, case let text = scalar(s.value), text.count <= longKey {
          out += pad + text + ":"
        } else {
          out += pad + "? " + flow(pair.key) + "\n" + pad + ":"
        }
        if let inline = inline(pair.value) {
          out += " " + inline + "\n"
        } else {
          out += "\n"
          block(pair.value, indent: indent + 2, into: &out)
        }
      }
    case .sequence(let items):
      for item in items {
        if let inline = inline(item) {
          out += pad + "- " + inline + "\n"
        } else {
          // Write the item one level deeper, then put the dash in its first line's indentation.
          var nested = ""
          block(item, indent: indent + 2, into: &nested)
          out += pad + "- " + nested.dropFirst(indent + 2)
        }
      }
    }
  }

  /// The node on one line in flow style (used for keys that are collections).
  static func flow(_ node: Node) -> String {
    switch node.content {
    case .scalar(let s): return scalar(s.value)
    case .sequence(let items): return "[" + items.map(flow).joined(separator: ", ") + "]"
    case .mapping(let pairs):
      return "{" + pairs.map { flow($0.key) + ": " + flow($0.value) }.joined(separator: ", ") + "}"
    }
  }

  /// The text of one scalar value.
  static func scalar(_ value: ScalarValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return "\(i)"
    case .double(let d):
      if d.isNaN { return ".nan" }
      if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
      // Swift's shortest round-trip form has a "." or an "e" (1.0, 1e-07). YAML 1.1 readers
      // (PyYAML) take a float only with a "." and a signed exponent, so 1e-07 becomes 1.0e-07,
      // which every YAML 1.2 reader also reads as the same float.
      let text = "\(d)"
      guard let e = text.firstIndex(of: "e"), !text[..<e].contains(".") else { return text }
      return text[..<e] + ".0" + text[e...]
    case .string(let s): return isPlainSafe(s) ? s : doubleQuoted(s)
    }
  }

  /// Whether `s` can be written without quotes and read back as the same string, in block or flow.
  static func isPlainSafe(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last, s != "<<",
      isWordScalar(first) || first == "_" || first == "." || first == "/" || first == "(",
      last != " "
    else { return false }
    for c in s.unicodeScalars where !isWordScalar(c) && !" _-./+()=$^%~'".unicodeScalars.contains(c) {
      return false
    }
    guard case .string? = try? ScalarResolver.resolvePlain(s) else { return false }
    return true
  }

  /// Letters and digits, ASCII or not (but none of the characters YAML treats as line breaks).
  private static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
    if c.isASCII {
      return ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }
    switch c.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark:
      return true
    default: return false
    }
  }

  /// `s` in double quotes, with `\`, `"`, control characters and YAML line breaks escaped.
  static func doubleQuoted(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case "\0": out += "\\0"
      case "\u{85}": out += "\\N"
      case "\u{2028}": out += "\\L"
      case "\u{2029}": out += "\\P"
      case "\u{FEFF}": out += "\\uFEFF"
      default:
        if c.value < 0x20 || (0x7F...0x9F).contains(c.value) {
          let hex = String(c.value, radix: 16, uppercase: true)
          out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
        } else {
          out.unicodeScalars.append(c)
        }
      }
    }
    return out + "\""
  }
}
