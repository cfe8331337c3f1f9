import Reporting
import YAML

/// Renders a diagnostic as one line of JSON for `--format json`.
enum DiagnosticJSON {
  /// `{"column":...,"file":...,"keyPath":...,"line":...,"message":...,"severity":...,"suggestion":...}`
  /// (keys sorted; absent values are `null`).
  static func line(_ d: Diagnostic) -> String {
    func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    return JSONValue.object([
      "file": text(d.mark?.file),
      "line": d.mark.map { .int($0.line) } ?? .null,
      "column": d.mark.map { .int($0.column) } ?? .null,
      "severity": .string(d.severity.rawValue),
      "message": .string(d.message),
      "keyPath": text(d.keyPath),
      "suggestion": text(d.suggestion),
    ]).compact
  }
}
