import Foundation
import Reporting
import Runner

/// Turns `RunEvent`s into what a script reads on standard output: JSON Lines with `--json`, the
/// run (or sweep) folder's absolute path alone with `--quiet`, nothing otherwise.
struct EventOutput {
  enum Mode { case none, quiet, json }
  let mode: Mode

  func handle(_ event: RunEvent) {
    switch mode {
    case .none: return
    case .quiet:
      switch event {
      case .runStarted(let folder, _, nil, _): Stdout.write(folder.path + "\n")
      case .sweepStarted(let folder, _, _): Stdout.write(folder.path + "\n")
      default: return
      }
    case .json:
      Stdout.write(EventOutput.json(event).compact + "\n")
    }
  }

  /// The JSON object for `event` (see docs/scripting.md).
  static func json(_ event: RunEvent) -> JSONValue {
    var o: [String: JSONValue]
    var trial: Int?
    switch event {
    case .runStarted(let folder, let hash, let t, let from):
      o = ["event": .string("run_started"), "run_folder": .string(folder.path), "spec_hash": .string(hash)]
      if let from { o["resumed_from"] = .object(["epoch": .int(from.epoch), "step_in_epoch": .int(from.step)]) }
      trial = t
    case .epoch(let epoch, let logs, let seconds, let t):
      o = logs.mapValues { JSONValue.double($0) }
      o["event"] = .string("epoch")
      o["epoch"] = .int(epoch)
      o["seconds"] = .double(seconds)
      trial = t
    case .step(let step, let x, let y, let loss, let lr, let t):
      o = [
        "event": .string("step"), "step": .int(step), "x": .double(x), "y": .double(y), "loss": .double(loss),
        "learning_rate": .double(lr),
      ]
      trial = t
    case .runFinished(let outcome, let best, let t):
      o = finished("run_finished", outcome)
      o["run_folder"] = .string(outcome.folder.path)
      o["best_metrics"] = .numbers(best)
      o["test_metrics"] = outcome.testMetrics.map { .numbers($0) } ?? .null
      trial = t
    case .sweepStarted(let folder, let hash, let trials):
      o = [
        "event": .string("sweep_started"), "sweep_folder": .string(folder.path), "spec_hash": .string(hash),
        "trials": .int(trials),
      ]
    case .sweepFinished(let outcome, let best):
      o = finished("sweep_finished", outcome)
      o["sweep_folder"] = .string(outcome.folder.path)
      o["best"] =
        best.map { .object(["trial": .int($0.trial), "metric": .double($0.metric), "final_metrics": .numbers($0.logs)]) }
        ?? .null
    }
    if let trial { o["trial"] = .int(trial) }
    return .object(o)
  }

  private static func finished(_ name: String, _ outcome: RunOutcome) -> [String: JSONValue] {
    [
      "event": .string(name), "status": .string(outcome.status.rawValue),
      "exit_code": .int(Int(ExitStatus(outcome.status).rawValue)), "reason": .string(outcome.exitReason),
      "final_metrics": .numbers(outcome.finalLogs),
    ]
  }

  /// The `run_finished` record of a run that could not start (a spec, data or runtime error);
  /// `reason` is the message's first line.
  static func failure(_ message: String, exitCode: ExitStatus) -> JSONValue {
    .object([
      "event": .string("run_finished"), "status": .string("failed"), "exit_code": .int(Int(exitCode.rawValue)),
      "reason": .string(message.split(separator: "\n").first.map(String.init) ?? ""), "run_folder": .null, "final_metrics": .object([:]), "best_metrics": .object([:]),
    ])
  }
}
