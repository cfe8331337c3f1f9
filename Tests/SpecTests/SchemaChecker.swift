import Foundation
import _TestSupport

@testable import Spec

/// Runs scripts/check_schema.py (jsonschema, YAML 1.2 loading with ruamel.yaml) on files written
/// to a scratch folder, against the generator's current output.
struct SchemaChecker {
  /// One file's result: whether it is valid, jsonschema's best_match, and every leaf error.
  struct Result {
    var file: String
    var valid: Bool
    var bestPath: String?
    var bestMessage: String?
    var errors: [(path: String, message: String)]

    /// Every error text, for messages.
    var summary: String { errors.map { "\($0.path): \($0.message)" }.joined(separator: "\n") }
  }

  let folder: URL

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-check-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try JSONSchemaGenerator.text().write(to: schemaURL, atomically: true, encoding: .utf8)
  }

  var schemaURL: URL { folder.appendingPathComponent("optim-run.schema.json") }

  /// Removes the scratch folder.
  func remove() { try? FileManager.default.removeItem(at: folder) }

  /// Writes `text` to `name` in the scratch folder; returns the path.
  func write(_ text: String, to name: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  /// Checks `targets` (`PATH` or `PATH#DEF` for `$defs/DEF`); throws when the schema itself is
  /// invalid, the venv is missing or the script fails.
  func check(_ targets: [String]) throws -> [Result] {
    let out = try TestPython.run(
      script: RepositoryPaths.path("scripts/check_schema.py"), arguments: [schemaURL.path] + targets)
    guard out.status == 0 || out.status == 1 else { throw Failure("check_schema.py: \(out.stdout)\(out.stderr)") }
    let results = try out.stdout.split(separator: "\n").map { line -> Result in
      guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let file = object["file"] as? String, let valid = object["valid"] as? Bool,
        let errors = object["errors"] as? [[String: String]]
      else { throw Failure("unexpected output line: \(line)") }
      let best = object["best"] as? [String: String]
      return Result(
        file: file, valid: valid, bestPath: best?["path"], bestMessage: best?["message"],
        errors: errors.map { ($0["path"] ?? "", $0["message"] ?? "") })
    }
    guard results.count == targets.count else { throw Failure("expected \(targets.count) results: \(out.stdout)") }
    return results
  }

  /// A failure of the checker itself.
  struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}
