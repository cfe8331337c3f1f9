import Foundation
import Reporting
import Spec
import YAML

/// Two or more run folders side by side (`optim-run compare`): where their specs differ, and their
/// final and best metrics over one set of metric names.
public struct RunComparison: Sendable {
  /// One compared run.
  public struct Run: Sendable {
    /// What its folder holds.
    public var snapshot: RunFolderSnapshot
    /// Its name in tables and legends: the folder's name, with as many parent folders as make it
    /// unique among the compared runs.
    public var label: String
    /// metrics.csv, one log per epoch.
    public var history: [[String: Double]]
    /// spec.yaml as a value tree.
    public var spec: Value
  }

  /// One spec path where the runs differ, with each run's value (nil: absent).
  public struct Difference: Sendable {
    public var path: String
    public var values: [Value?]
  }

  /// The runs in the order given.
  public var runs: [Run]
  /// The differing spec paths, sorted.
  public var differences: [Difference]
  /// Every metric name any run logged (metrics.csv or summary.json's best epoch), sorted.
  public var metricNames: [String]

  /// The last row of each run's metrics.csv.
  public var finalMetrics: [[String: Double]] { runs.map { $0.history.last ?? [:] } }
  /// Each run's summary.json best epoch logs (empty when it has none).
  public var bestMetrics: [[String: Double]] { runs.map { $0.snapshot.best?.metrics ?? [:] } }
}

/// Reads the run folders at `paths` and compares them (`optim-run compare`). A path that is not a
/// run folder (no run.json or spec.yaml), or whose files cannot be read, fails with its path and
/// what was expected.
public func compareRuns(_ paths: [String]) throws(RunFailure) -> RunComparison {
  guard paths.count >= 2 else { throw .runtime("compare needs two or more run folders, got \(paths.count)") }
  var runs: [RunComparison.Run] = []
  for path in paths {
    let url = URL(fileURLWithPath: path).standardizedFileURL
    if SweepFolder.isSweep(url) {
      throw .runtime(
        "\(path) is a sweep folder, not a run folder; compare its trials (\(path)/trial-NNN) instead")
    }
    let snapshot: RunFolderSnapshot
    let spec: Value
    do {
      snapshot = try RunFolderSnapshot(url)
      spec = try snapshot.specValue()
    } catch let error as DiagnosticList {
      throw .runtime("\(path): its spec.yaml cannot be read:\n\(error.rendered)")
    } catch let error as RunFailure {
      throw error
    } catch {
      throw .runtime("\(path): \(error)")
    }
    runs.append(.init(snapshot: snapshot, label: "", history: snapshot.history, spec: spec))
  }
  for (i, label) in uniqueLabels(runs.map(\.snapshot.folder)).enumerated() { runs[i].label = label }
  // A path where any two runs differ differs from the first run's value for one of them.
  var paths = Set<String>()
  for run in runs.dropFirst() { paths.formUnion(run.spec.differingPaths(from: runs[0].spec)) }
  let differences = paths.sorted().map { path in
    RunComparison.Difference(
      path: path, values: runs.map { $0.spec.value(atPath: path).flatMap { $0.isNull ? nil : $0 } })
  }
  var names = Set<String>()
  for run in runs {
    for logs in run.history { names.formUnion(logs.keys) }
    names.formUnion(run.snapshot.best?.metrics.keys ?? [:].keys)
  }
  return RunComparison(runs: runs, differences: differences, metricNames: names.sorted())
}

/// Each folder's last path component, with parents added until the labels differ
/// (`trial-003` from two sweeps becomes `sweep-a/trial-003` and `sweep-b/trial-003`).
func uniqueLabels(_ folders: [URL]) -> [String] {
  let parts = folders.map { $0.pathComponents.filter { $0 != "/" } }
  let longest = parts.map(\.count).max() ?? 1
  for depth in 1...max(1, longest) {
    let labels = parts.map { $0.suffix(depth).joined(separator: "/") }
    if Set(labels).count == labels.count { return labels }
  }
  return folders.map(\.path)
}
