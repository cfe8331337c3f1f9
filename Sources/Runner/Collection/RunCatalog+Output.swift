import Foundation
import Reporting

extension RunCatalogEntry {
  /// One JSON Lines record: `kind`, `folder` (absolute), `name`, `start_time`, `status`,
  /// `spec_hash`, `epochs`, `trials`, `counts` (sweeps), `best` (`{metric, value, at}` or null).
  public var json: JSONValue {
    .object([
      "kind": .string(kind), "folder": .string(folder.path), "name": name.map(JSONValue.string) ?? .null,
      "start_time": startTime.map { .string(UTCTime.iso8601($0)) } ?? .null, "status": .string(status),
      "spec_hash": specHash.isEmpty ? .null : .string(specHash), "epochs": epochs.map(JSONValue.int) ?? .null,
      "trials": trials.map { .int($0.count) } ?? .null,
      "counts": trials.map { .object($0.byStatus.mapValues(JSONValue.int)) } ?? .null,
      "best": best.map {
        .object([
          "metric": .string($0.metric), "value": .double($0.value),
          "at": $0.at.map(JSONValue.string) ?? .null,
        ])
      } ?? .null,
    ])
  }

  /// How far it got: `15 epochs`, or for a sweep `9/12 trials` (trials with a result / all).
  var progressText: String {
    if let trials {
      let done = ["completed", "early_stopped", "diverged"].reduce(0) { $0 + (trials.byStatus[$1] ?? 0) }
      return "\(done)/\(trials.count) trials"
    }
    return epochs.map { "\($0) epoch\($0 == 1 ? "" : "s")" } ?? "—"
  }

  /// `val_loss=0.0830`, `loss=1.0415 (trial-007)`, or `—`.
  var bestText: String {
    guard let best else { return "—" }
    let at = kind == "sweep" ? best.at.map { " (\($0))" } ?? "" : ""
    return "\(best.metric)=\(MetricText.short(best.value))\(at)"
  }
}

extension RunCatalog {
  /// The text table: a header, then one aligned row per entry; folders relative to `directory`
  /// when inside it.
  public func table(relativeTo directory: String = FileManager.default.currentDirectoryPath) -> String {
    let header = ["NAME", "STARTED (UTC)", "STATUS", "HASH", "DONE", "BEST", "FOLDER"]
    let rows = entries.map { e in
      [
        e.name ?? "—", e.startTime.map(UTCTime.iso8601) ?? "—", e.status,
        e.specHash.isEmpty ? "—" : String(e.specHash.prefix(8)), e.progressText, e.bestText,
        MetricText.relativePath(e.folder.path, to: directory),
      ]
    }
    return MetricText.aligned([header] + rows)
  }
}

/// Numbers and tables as `runs` and `compare` print them.
enum MetricText {
  /// Four decimals (`0.0830`), or four significant digits for very small or large values
  /// (`1.235e-05`), so that a tiny loss does not print as `0.0000`.
  static func short(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : x < 0 ? "-inf" : "inf" }
    if x == 0 || (abs(x) >= 1e-3 && abs(x) < 1e6) { return String(format: "%.4f", x) }
    return String(format: "%.4g", x)
  }

  /// `s` cut to `limit` characters with `…` (a whole list of layers would make a column unreadable;
  /// --json has it whole).
  static func elided(_ s: String, limit: Int = 48) -> String {
    s.count <= limit ? s : s.prefix(limit - 1) + "…"
  }

  /// `path` relative to `directory` when inside it.
  static func relativePath(_ path: String, to directory: String) -> String {
    let base = directory.hasSuffix("/") ? directory : directory + "/"
    return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
  }

  /// Rows as columns padded to their widest cell, two spaces apart, no trailing blanks.
  static func aligned(_ rows: [[String]]) -> String {
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
    return rows.map { row in
      row.enumerated().map { c, cell in
        c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
      }.joined(separator: "  ")
    }.joined(separator: "\n") + (rows.isEmpty ? "" : "\n")
  }
}
