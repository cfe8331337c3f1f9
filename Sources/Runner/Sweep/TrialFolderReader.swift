import Foundation
import Reporting
import Spec
import Training

/// Reads one trial's record from the sweep folder: its claims, `run.json`, `metrics.csv` or
/// `path.csv`, and `summary.json`. Safe while the trial runs: a half-written last line of
/// `metrics.csv` is left out.
enum TrialFolderReader {
  /// The file in a claim that records why a trial failed before its run folder existed.
  static let failureFileName = "failure"

  /// The record of `trial` in `sweepFolder` (metric not yet scored).
  static func read(_ trial: SweepTrial, sweepFolder: URL, claims: TrialClaims) -> SweepTrialRecord {
    var record = SweepTrialRecord(
      index: trial.index, configuration: trial.configuration, seed: trial.seed, assignments: trial.assignments,
      status: .missing, exitReason: "not started")
    let folder = sweepFolder.appendingPathComponent(record.folderName)
    let claim = claims.latest(trial.index)
    let manifest = try? RunManifest.read(from: RunFolder.existing(folder))
    let busy =
      claim.map { c in !c.released && (c.owner.map { TrialClaims.isAlive($0, heartbeat: manifest?.heartbeat) } ?? true) }
      ?? false
    let exists = FileManager.default.fileExists(atPath: folder.path)
    let owner = claim?.owner.map { "process \($0.pid) on \($0.host)" }
    record.hasRunRecord = manifest != nil
    if let manifest {
      record.status = busy || (manifest.status == .running && liveProcess(manifest) != nil) ? .running : TrialStatus(manifest.status)
      switch record.status {
      case .dead: record.exitReason = "its process \(manifest.pid) on \(manifest.host) is gone"
      case .running: record.exitReason = "running as " + (busy ? owner ?? "another process" : "process \(manifest.pid) on \(manifest.host)")
      default: record.exitReason = manifest.exitReason ?? manifest.status.rawValue
      }
    } else if busy {
      record.status = .running
      record.exitReason = "starting as " + (owner ?? "another process")
    } else if let claim, claim.released, let failure = readFailure(claims, trial.index, claim.generation) {
      record.status = .failed
      record.exitReason = failure
    } else if exists || claim != nil {
      record.status = .dead
      record.exitReason = "its process ended before the run started"
    }
    if !exists { record.folderName = "" }
    guard exists else { return record }
    if trial.spec.objective != nil {
      record.path = ObjectivePathFile.read(folder: folder)
      record.distanceToMinimum = readDistance(folder)
    } else {
      record.history = readMetrics(folder.appendingPathComponent(RunFolder.FileName.metricsCSV))
    }
    return record
  }

  /// The rows of a `metrics.csv` (Keras's CSVLogger format: `epoch,<names>`, `NA` for none), up to
  /// the last whole line; empty when the file is missing or malformed.
  static func readMetrics(_ url: URL) -> [Logs] {
    guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
    var text = String(decoding: data, as: UTF8.self)
    if let end = text.range(of: "\r\n", options: .backwards) { text = String(text[..<end.upperBound]) } else { return [] }
    let lines = text.split(separator: "\r\n", omittingEmptySubsequences: true)
    guard let header = lines.first else { return [] }
    let names = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard names.first == "epoch" else { return [] }
    var rows: [Logs] = []
    for line in lines.dropFirst() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      guard cells.count == names.count else { return rows }
      var logs: Logs = [:]
      for (name, cell) in zip(names.dropFirst(), cells.dropFirst()) where cell != "NA" {
        logs[name] = PythonFloat.parse(String(cell)) ?? .nan
      }
      rows.append(logs)
    }
    return rows
  }

  /// Records why trial `index` failed before its folder existed, in its claim.
  static func writeFailure(_ message: String, claim: URL) {
    _ = try? AtomicFile.write(message + "\n", to: claim.appendingPathComponent(failureFileName))
  }

  private static func readFailure(_ claims: TrialClaims, _ index: Int, _ generation: Int) -> String? {
    let url = claims.folder.appendingPathComponent(SweepTrialRecord.folderName(index) + ".\(generation)")
      .appendingPathComponent(failureFileName)
    return (try? String(contentsOf: url, encoding: .utf8)).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
  }

  private static func readDistance(_ folder: URL) -> Double? {
    guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(RunFolder.FileName.summary).path),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return nil }
    return object["distance_to_nearest_minimum"] as? Double
  }
}
