import Foundation
import Reporting
import Spec

/// A sweep's state as its folder shows it, and the records derived from it: what `collect`
/// writes and prints.
public struct SweepReport: Sendable {
  /// The sweep folder.
  public var folder: URL
  /// `completed` (every trial has its result), `failed` (every trial ended, some failed),
  /// `running` (some trial is running), `interrupted` (some trial was stopped or its process died,
  /// and none runs), or `incomplete` (some trials were never started, or wait for a halving rung).
  public var status: String
  /// One line on how the sweep stands (the best trial, or what is missing).
  public var exitReason: String
  /// The ranking.
  public var leaderboard: SweepLeaderboard
  /// The halving plan (halving sweeps).
  var plan: HalvingPlan?
  /// What `collectSweep` wrote into `sweep.json` (null before it is written).
  public internal(set) var summary: JSONValue = .null

  /// Trials by status.
  public var counts: [TrialStatus: Int] { leaderboard.counts }

  /// Whether every trial has its result (nothing left to run or resume).
  public var isFinal: Bool { status == "completed" || status == "failed" }

  /// Reads every trial of `folder`.
  init(_ folder: SweepFolder) {
    let sweep = folder.sweep
    let records = folder.records()
    plan = folder.halvingPlan(records)
    self.folder = folder.url
    leaderboard = SweepLeaderboard(
      metric: sweep.metric, mode: sweep.mode, parameterPaths: sweep.parameters.map(\.path), records: records,
      repeats: sweep.repeats, isObjective: folder.loaded.spec.objective != nil, rungs: plan?.rungs(of: folder.trials) ?? [:])
    let total = records.count
    let counts = leaderboard.counts
    let count = { (s: TrialStatus) in counts[s] ?? 0 }
    let pendingHalving =
      plan.map { p in
        !p.isComplete
          || folder.trials.contains { t in records[t.index].status == .completed && records[t.index].epochs < p.targetEpochs(of: t) }
      } ?? false
    let failed = records.filter { $0.status == .failed }
    if count(.running) > 0 {
      status = "running"
      exitReason = "\(count(.running)) of \(total) trials running"
    } else if count(.interrupted) + count(.dead) > 0 {
      status = "interrupted"
      exitReason =
        "\(count(.interrupted) + count(.dead)) of \(total) trials interrupted or dead, \(count(.missing)) not started; "
        + "optim-run resume \(folder.url.path) continues"
    } else if count(.missing) > 0 || pendingHalving {
      status = "incomplete"
      exitReason =
        count(.missing) > 0
        ? "\(count(.missing)) of \(total) trials not run yet"
        : "successive halving waits for its next rung"
    } else if !failed.isEmpty {
      status = "failed"
      exitReason = "\(failed.count) of \(total) trials failed (\(failed[0].folderName.isEmpty ? "trial \(failed[0].index)" : failed[0].folderName): \(failed[0].exitReason))"
    } else {
      status = "completed"
      if let best = leaderboard.best, let metric = best.metric {
        exitReason = "\(total) trials; best \(best.folderName) (\(sweep.metric)=\(PythonFloat.repr(metric)))"
      } else {
        exitReason = "\(total) trials; none completed with a finite \(sweep.metric)"
      }
    }
  }

  /// Records that this process was stopped by a signal: a sweep with trials left to run is then
  /// `interrupted` rather than `incomplete`.
  mutating func markInterrupted() {
    guard status == "incomplete" || status == "interrupted" else { return }
    if status == "incomplete" { exitReason = "interrupted; " + exitReason }
    status = "interrupted"
  }

  /// `sweep.json`.
  func json(_ folder: SweepFolder, now: Date) -> JSONValue {
    let sweep = folder.sweep
    var json: [String: JSONValue] = [
      "name": .string(folder.loaded.spec.name), "spec_hash": .string(folder.loaded.hash),
      "method": .string(sweep.method.rawValue), "metric": .string(sweep.metric), "mode": .string(sweep.mode),
      "rank_by": .string(sweep.rankBy.rawValue), "parameters": .array(sweep.parameters.map { .string($0.path) }),
      "trials": .int(folder.trials.count), "repeats": .int(sweep.repeats),
      "tool_version": .string(toolVersion), "status": .string(status), "exit_reason": .string(exitReason),
      "updated_time": .string(UTCTime.iso8601(now)),
      "end_time": isFinal ? .string(UTCTime.iso8601(now)) : .null,
      "counts": .object(Dictionary(uniqueKeysWithValues: TrialStatus.allCases.map { ($0.rawValue, .int(counts[$0] ?? 0)) })),
      "trials_run": .int(leaderboard.records.filter { $0.status.isFinished || $0.status == .failed }.count),
      "best": leaderboard.jsonBest, "leaderboard": leaderboard.jsonRows,
    ]
    if sweep.repeats > 1 { json["configurations"] = leaderboard.jsonConfigurations }
    if let plan {
      json["halving"] = .object([
        "rungs": .array(plan.rungs.map { .object(["epochs": .int($0.epochs), "survivors": .int($0.survivors)]) }),
        "undecided_rung": plan.undecidedRung.map(JSONValue.int) ?? .null,
        "waiting_for": .array(plan.waitingFor.map(JSONValue.int)),
      ])
    }
    return .object(json)
  }

  /// Writes `leaderboard.csv` (and `trials.csv` with repeats), `sweep.json` and the plots, each
  /// atomically. Several processes may do this at once: each writes a whole view.
  /// Returns the `sweep.json` content written.
  @discardableResult
  func write(_ folder: SweepFolder) throws -> JSONValue {
    let summary = json(folder, now: Date())
    let bytes = Array(summary.pretty.utf8)
    let summaryURL = folder.url.appendingPathComponent(SweepFolder.FileName.summary)
    do {
      try AtomicFile.write(bytes, to: summaryURL)
    } catch {
      // A full disk has no room for a temporary file; the old sweep.json's blocks may still take
      // the status. The failure is reported either way.
      try? AtomicFile.overwriteInPlace(bytes, at: summaryURL)
      throw error
    }
    try AtomicFile.write(leaderboard.csv, to: folder.url.appendingPathComponent(SweepFolder.FileName.leaderboard))
    if folder.sweep.repeats > 1 {
      try AtomicFile.write(leaderboard.trialsCSV, to: folder.url.appendingPathComponent(SweepFolder.FileName.trials))
    }
    try SweepPlots.write(folder, leaderboard: leaderboard)
    return summary
  }
}

/// Rebuilds a sweep's leaderboard, `sweep.json` and plots from its trial folders
/// (`optim-run collect SWEEP_DIR`) and returns how it stands.
public func collectSweep(at path: String) throws(RunFailure) -> SweepReport {
  let folder = try SweepFolder.existing(URL(fileURLWithPath: path))
  var report = SweepReport(folder)
  do {
    report.summary = try report.write(folder)
  } catch {
    throw .runtime("cannot write the sweep folder \(folder.url.path): \(error)")
  }
  return report
}
