import Foundation
import Reporting
import Spec
import YAML

/// What `runs` and `compare` read from one run folder, without writing to it: `run.json` (with the
/// status corrected for a dead process), `summary.json`'s best metrics, and on demand `metrics.csv`
/// and `spec.yaml`.
public struct RunFolderSnapshot: Sendable {
  /// The run folder.
  public var folder: URL
  /// `run.json`.
  public var manifest: RunManifest
  /// `run.json`'s status, except `dead` for a `running` run whose process is gone (killed without
  /// recording an end): the rule of `optimRunProcessLooksAlive`, as `resume` and sweeps apply it.
  public var status: String
  /// `summary.json`'s best epoch: nil while the run has none (running, or killed first).
  public var best: BestMetrics?

  /// The best epoch a `summary.json` records, and the metric that chose it. An objective run's
  /// summary has only `final_loss`: it is then the monitor, with no epoch.
  public struct BestMetrics: Sendable, Equatable {
    /// The metric that picks the best epoch (`val_loss`).
    public var monitor: String
    /// Its value at the best epoch (nil when it never had a finite one).
    public var value: Double?
    /// The 0-based best epoch.
    public var epoch: Int?
    /// That epoch's logs.
    public var metrics: [String: Double]
  }

  /// Reads `run.json` and `summary.json` of `folder`; throws when it is not a run folder (no
  /// run.json or spec.yaml) or `run.json` cannot be read.
  public init(_ folder: URL) throws {
    self.folder = folder.standardizedFileURL
    for name in [RunFolder.FileName.run, RunFolder.FileName.spec]
    where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
      throw RunFailure.runtime(
        "\(folder.path) is not a run folder: expected a folder with run.json and spec.yaml, and it has no \(name)"
      )
    }
    manifest = try RunManifest.read(from: RunFolder.existing(folder))
    status = manifest.status == .running && liveProcess(manifest) == nil ? "dead" : manifest.status.rawValue
    best = Self.readBest(folder.appendingPathComponent(RunFolder.FileName.summary))
  }

  /// The rows of `metrics.csv` (whole lines only: safe while the run writes it); empty for none.
  public var history: [[String: Double]] {
    TrialFolderReader.readMetrics(folder.appendingPathComponent(RunFolder.FileName.metricsCSV))
  }

  /// `spec.yaml` as a value tree (parsed as YAML, not validated, so that a folder written by an
  /// older optim-run still reads).
  public func specValue() throws(DiagnosticList) -> Value {
    Value(try YAMLLoader.load(path: folder.appendingPathComponent(RunFolder.FileName.spec).path).root)
  }

  private static func readBest(_ url: URL) -> BestMetrics? {
    guard let data = FileManager.default.contents(atPath: url.path),
      let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return nil }
    if let monitor = o["monitor"] as? String {
      let metrics = ((o["best_metrics"] as? [String: Any]) ?? [:]).compactMapValues(number)
      return BestMetrics(
        monitor: monitor, value: metrics[monitor], epoch: o["best_epoch"] as? Int, metrics: metrics)
    }
    if let loss = o["final_loss"].flatMap(number) {
      return BestMetrics(monitor: "final_loss", value: loss, epoch: nil, metrics: ["final_loss": loss])
    }
    return nil
  }

  /// A JSON number, or the strings JSONValue writes for non-finite ones.
  private static func number(_ any: Any) -> Double? {
    if let n = any as? NSNumber, !(any is Bool) { return n.doubleValue }
    return (any as? String).flatMap(PythonFloat.parse)
  }
}
