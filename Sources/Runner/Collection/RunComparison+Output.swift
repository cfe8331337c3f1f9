import Foundation
import Reporting
import Spec

extension RunComparison {
  /// One JSON object: `runs` (`[{label, folder, name, status, spec_hash, epochs, best_epoch,
  /// monitor}]`), `differences` (`[{path, values}]`, one value per run, null when absent) and
  /// `metrics` (`[{name, final, best}]`, one number or null per run).
  public var json: JSONValue {
    let finals = finalMetrics
    let bests = bestMetrics
    return .object([
      "runs": .array(
        runs.map { r in
          .object([
            "label": .string(r.label), "folder": .string(r.snapshot.folder.path),
            "name": .string(r.snapshot.manifest.name), "status": .string(r.snapshot.status),
            "spec_hash": .string(r.snapshot.manifest.specHash), "epochs": .int(r.history.count),
            "best_epoch": r.snapshot.best?.epoch.map(JSONValue.int) ?? .null,
            "monitor": r.snapshot.best.map { .string($0.monitor) } ?? .null,
          ])
        }),
      "differences": .array(
        differences.map { d in
          .object([
            "path": .string(d.path),
            "values": .array(d.values.map { $0.map(SweepLeaderboard.json) ?? .null }),
          ])
        }),
      "metrics": .array(
        metricNames.map { name in
          .object([
            "name": .string(name), "final": .array(finals.map { .number($0[name]) }),
            "best": .array(bests.map { .number($0[name]) }),
          ])
        }),
    ])
  }

  /// The text report: the runs, the spec differences, then final and best metrics in columns.
  public func text(relativeTo directory: String = FileManager.default.currentDirectoryPath) -> String {
    let labels = runs.map(\.label)
    var out = MetricText.aligned(
      [["RUN", "NAME", "STATUS", "EPOCHS", "FOLDER"]]
        + runs.map { r in
          [
            r.label, r.snapshot.manifest.name, r.snapshot.status, String(r.history.count),
            MetricText.relativePath(r.snapshot.folder.path, to: directory),
          ]
        })
    if differences.isEmpty {
      out += "\nspec differences: none (the resolved specs are the same)\n"
    } else {
      out += "\nspec differences (\(differences.count)):\n"
      out += MetricText.aligned(
        [["PATH"] + labels]
          + differences.map { d in
            [d.path] + d.values.map { $0.map { MetricText.elided($0.description) } ?? "—" }
          })
    }
    func number(_ x: Double?) -> String { x.map(MetricText.short) ?? "—" }
    let finals = finalMetrics
    out += "\nfinal metrics (last row of metrics.csv):\n"
    out += MetricText.aligned(
      [["METRIC"] + labels] + metricNames.map { name in [name] + finals.map { number($0[name]) } })
    let bests = bestMetrics
    out += "\nbest metrics (summary.json's best epoch):\n"
    let epochRow =
      ["best epoch"]
      + runs.map { r in
        r.snapshot.best.map { b in "\(b.epoch.map(String.init) ?? "—") (\(b.monitor))" } ?? "—"
      }
    out += MetricText.aligned(
      [["METRIC"] + labels, epochRow] + metricNames.map { name in [name] + bests.map { number($0[name]) } })
    return out
  }
}
