import Foundation
import Reporting
import Training

/// What a run reports as it goes, for observers outside the run folder (the console, `--json`).
///
/// The order for one run is `runStarted`, then `epoch` (training) or `step` (objective, sampled)
/// events, then `runFinished`; a sweep wraps its trials' events (each carrying its `trial`) and ends
/// with `sweepFinished`.
public enum RunEvent: Sendable {
  /// The run folder exists and training begins (or resumes).
  case runStarted(folder: URL, specHash: String, trial: Int?, resumedFrom: (epoch: Int, step: Int)?)
  /// An epoch ended: its logs and how long it took.
  case epoch(epoch: Int, logs: Logs, seconds: Double, trial: Int?)
  /// An objective run's point after `step` updates (every 10th, and the last).
  case step(step: Int, x: Double, y: Double, loss: Double, lr: Double, trial: Int?)
  /// The run ended; `finalMetrics` and `bestMetrics` are empty when no epoch completed.
  case runFinished(RunOutcome, bestMetrics: Logs, trial: Int?)
  /// A sweep folder exists and its trials begin.
  case sweepStarted(folder: URL, specHash: String, trials: Int)
  /// A sweep ended; `best` is the leaderboard's best trial, if any finished with a finite metric.
  case sweepFinished(RunOutcome, best: (trial: Int, metric: Double, logs: Logs)?)
}
