/// A JSON document with deterministic output: object keys sorted by Unicode code point (as
/// Python's `json.dumps(sort_keys=True)`), numbers as Python writes them.
///
/// Non-finite numbers, which JSON cannot represent, are written as the strings `"NaN"`,
/// `"Infinity"` and `"-Infinity"` (the spellings Python's `json` module uses unquoted, so
/// `float(value)` reads them back in Python); the file stays valid JSON.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  /// A number, or `null` when `value` is `nil`.
  public static func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }

  /// An object whose values are numbers.
  public static func numbers(_ values: [String: Double]) -> JSONValue {
    .object(values.mapValues { .double($0) })
  }

  /// One-line JSON with no spaces (`{"a":1,"b":[1,2]}`), for JSON Lines.
  public var compact: String {
    var out = ""
    write(to: &out, indent: nil, depth: 0)
    return out
  }

  /// Indented JSON (two spaces, as `json.dumps(indent=2, sort_keys=True)`) with a final newline.
  public var pretty: String {
    var out = ""
    write(to: &out, indent: 2, depth: 0)
    return out + "\n"
  }

  private func write(to out: inout String, indent: Int?, depth: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d):
      if d.isNaN {
        out += "\"NaN\""
      } else if d.isInfinite {
        out += d < 0 ? "\"-Infinity\"" : "\"Infinity\""
      } else {
        out += PythonFloat.repr(d)
      }
    case .string(let s): JSONValue.writeString(s, to: &out)
    case .array(let items):
      writeContainer(
        items.map { item in { (o: inout String) in item.write(to: &o, indent: indent, depth: depth + 1) } },
        open: "[", close: "]", to: &out, indent: indent, depth: depth)
    case .object(let members):
      let keys = members.keys.sorted(by: JSONValue.codePointOrder)
      writeContainer(
        keys.map { key in
          { (o: inout String) in
            JSONValue.writeString(key, to: &o)
            o += indent == nil ? ":" : ": "
            members[key]!.write(to: &o, indent: indent, depth: depth + 1)
          }
        },
        open: "{", close: "}", to: &out, indent: indent, depth: depth)
    }
  }

  private func writeContainer(
    _ parts: [(inout String) -> Void], open: String, close: String, to out: inout String, indent: Int?,
    depth: Int
  ) {
    out += open
    guard !parts.isEmpty else { return out += close }
    for (i, part) in parts.enumerated() {
      if i > 0 { out += "," }
      if let indent { out += "\n" + String(repeating: " ", count: indent * (depth + 1)) }
      part(&out)
    }
    if let indent { out += "\n" + String(repeating: " ", count: indent * depth) }
    out += close
  }

  /// Python's string order: by Unicode code points.
  static func codePointOrder(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
  }

  private static func writeString(_ s: String, to out: inout String) {
    out += "\""
    // Most strings (names, numbers' text) need no escape: append them whole.
    if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
      out += s
      out += "\""
      return
    }
    // Escapes are ASCII, and bytes of multi-byte UTF-8 sequences are never below 0x80, so the
    // string can be escaped byte by byte.
    var bytes: [UInt8] = []
    bytes.reserveCapacity(s.utf8.count + 16)
    let backslash = UInt8(ascii: "\\")
    for b in s.utf8 {
      switch b {
      case UInt8(ascii: "\""), backslash:
        bytes.append(backslash)
        bytes.append(b)
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
        bytes.append(backslash)
        bytes.append(b == UInt8(ascii: "\n") ? UInt8(ascii: "n") : b == UInt8(ascii: "\r") ? UInt8(ascii: "r") : UInt8(ascii: "t"))
      case 0..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        bytes += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 15)]]
      default: bytes.append(b)
      }
    }
    out += String(decoding: bytes, as: UTF8.self)
    out += "\""
  }
}
