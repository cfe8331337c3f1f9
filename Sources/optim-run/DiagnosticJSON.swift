import YAML

/// Renders a diagnostic as one line of JSON for `--format json`.
enum DiagnosticJSON {
  /// `{"file":...,"line":...,"column":...,"severity":...,"message":...,"keyPath":...,"suggestion":...}`
  static func line(_ d: Diagnostic) -> String {
    let fields: [(String, String)] = [
      ("file", d.mark.map { string($0.file) } ?? "null"),
      ("line", d.mark.map { String($0.line) } ?? "null"),
      ("column", d.mark.map { String($0.column) } ?? "null"),
      ("severity", string(d.severity.rawValue)),
      ("message", string(d.message)),
      ("keyPath", d.keyPath.map(string) ?? "null"),
      ("suggestion", d.suggestion.map(string) ?? "null"),
    ]
    return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
  }

  static func string(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case _ where u.value < 0x20:
        let hex = String(u.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }
}
