import Datasets
import Foundation
import Reporting
import Spec

/// Writes a sweep's own files into its folder: `sweep.yaml` at the start, then after every trial
/// `leaderboard.csv`, `sweep.json` and the comparison plot, each atomically, so an interrupted
/// sweep leaves a readable leaderboard of the trials that ran.
final class SweepRecorder {
  /// What the comparison plot draws.
  enum Plot {
    /// Paths over the contours of one test function (`paths.svg`).
    case paths(function: TestFunction, scales: (a: Double, b: Double))
    /// Loss per epoch (`loss.svg`).
    case loss
    /// No plot (the trials minimize different functions).
    case none
  }

  /// The sweep folder.
  let folder: URL
  /// The ranking so far.
  private(set) var leaderboard: SweepLeaderboard
  private let spec: ExperimentSpec
  private let header: [String: JSONValue]
  private let plot: Plot

  /// File names in the sweep folder.
  static let specFileName = "sweep.yaml"
  static let leaderboardFileName = "leaderboard.csv"
  static let summaryFileName = "sweep.json"

  /// Writes `sweep.yaml` (the resolved base spec) and an empty leaderboard with status `running`.
  init(
    folder: URL, loaded: LoadedSpec, options: RunOptions, trialCount: Int, start: Date, plot: Plot
  ) throws {
    guard let sweep = loaded.spec.sweep else { preconditionFailure("SweepRecorder needs a sweep spec") }
    self.folder = folder
    self.spec = loaded.spec
    self.plot = plot
    leaderboard = SweepLeaderboard(
      metric: sweep.metric, mode: sweep.mode, parameterPaths: sweep.parameters.map(\.path))
    header = [
      "name": .string(loaded.spec.name), "spec_hash": .string(loaded.hash),
      "method": .string(sweep.method.rawValue), "metric": .string(sweep.metric), "mode": .string(sweep.mode),
      "parameters": .array(sweep.parameters.map { .string($0.path) }), "trials": .int(trialCount),
      "start_time": .string(UTCTime.iso8601(start)), "tool_version": .string(toolVersion),
      "command_line": .array(options.commandLine.map(JSONValue.string)),
      "overrides": .array(options.overrides.map(JSONValue.string)),
    ]
    try AtomicFile.write(loaded.resolvedYAML, to: folder.appendingPathComponent(Self.specFileName))
    try write(status: .running, exitReason: "running", end: nil)
  }

  /// Adds a finished trial and rewrites the leaderboard, `sweep.json` and the plot.
  func record(_ trial: SweepTrialRecord) throws {
    leaderboard.records.append(trial)
    try write(status: .running, exitReason: "running", end: nil)
    try writePlot()
  }

  /// Writes the final status into `sweep.json`.
  func finish(status: RunStatus, exitReason: String, end: Date) throws {
    try write(status: status, exitReason: exitReason, end: end)
  }

  private func write(status: RunStatus, exitReason: String, end: Date?) throws {
    try AtomicFile.write(leaderboard.csv, to: folder.appendingPathComponent(Self.leaderboardFileName))
    var json = header
    json["status"] = .string(status.rawValue)
    json["exit_reason"] = .string(exitReason)
    json["end_time"] = end.map { .string(UTCTime.iso8601($0)) } ?? .null
    json["trials_run"] = .int(leaderboard.records.count)
    json["best"] = leaderboard.jsonBest
    json["leaderboard"] = leaderboard.jsonRows
    try AtomicFile.write(
      JSONValue.object(json).pretty, to: folder.appendingPathComponent(Self.summaryFileName))
  }

  private func writePlot() throws {
    let records = leaderboard.records
    let title = "\(spec.name): \(records.count) trial\(records.count == 1 ? "" : "s")"
    switch plot {
    case .paths(let function, let scales):
      let svg = SweepPlot.paths(
        title: title, function: function, scales: scales, records: records,
        parameterPaths: leaderboard.parameterPaths)
      try AtomicFile.write(svg, to: folder.appendingPathComponent(SweepPlot.pathsFileName))
    case .loss:
      let svg = SweepPlot.loss(title: title, records: records, parameterPaths: leaderboard.parameterPaths)
      try AtomicFile.write(svg, to: folder.appendingPathComponent(SweepPlot.lossFileName))
    case .none:
      break
    }
  }
}
