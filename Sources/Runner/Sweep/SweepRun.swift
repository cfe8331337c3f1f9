import Datasets
import Foundation
import Reporting
import Spec
import Training

/// Runs every trial of the spec's sweep, in order, into one sweep folder, and ranks them.
///
/// The sweep folder is `--out DIR` or `output.dir/<name>/<UTC time>-<hash8>/` (the base spec's
/// hash). Trial `i` runs exactly as a single run of its spec would, into `trial-00i/`; the sweep
/// folder also holds `sweep.yaml` (the resolved base spec), `leaderboard.csv` and `sweep.json`
/// (see `SweepLeaderboard` for the ranking rule) and `paths.svg` (objective sweeps) or `loss.svg`
/// (training sweeps), rewritten after every trial. Every trial is checked before the first runs.
///
/// Outcome: `completed` when every trial ran (a diverged trial is a result, not a failure);
/// `interrupted` when `shouldStop` said so between trials or a trial was interrupted (SIGINT), with
/// the leaderboard of the trials that ran; `failed` when some trials could not run. When every
/// trial failed, the first trial's failure is thrown (after the leaderboard is written). The
/// outcome's `finalLogs` are the best trial's.
///
/// - Parameters:
///   - loaded: a spec with a `sweep` section.
///   - options: as for a single run; `outDirectory` names the sweep folder. `note` gets one line per
///     trial (`trial 3/12: optimizer.learning_rate=0.01 ...`); progress callbacks run in each trial.
///   - shouldStop: asked before each trial with the number of trials run so far; true stops the
///     sweep there (by default: SIGINT or SIGTERM was received).
public func runSweep(
  _ loaded: LoadedSpec, options: RunOptions,
  shouldStop: (_ trialsRun: Int) -> Bool = { _ in Interruption.requested != nil }
) throws(RunFailure) -> RunOutcome {
  guard let sweep = loaded.spec.sweep else { preconditionFailure("runSweep needs a spec with a sweep") }
  let trials: [(trial: SweepTrial, loaded: LoadedSpec)]
  do {
    trials = try loaded.sweepTrials().map { ($0, loaded.forTrial($0)) }
    try SweepTrialCheck.check(loaded, trials: trials)
  } catch {
    throw .spec(error)
  }

  let start = Date()
  let folder = try makeSweepFolder(loaded, options: options, start: start)
  options.note("sweep folder: \(folder.path) (\(trials.count) trial\(trials.count == 1 ? "" : "s"))")
  options.events(.sweepStarted(folder: folder, specHash: loaded.hash, trials: trials.count))
  let recorder: SweepRecorder
  do {
    recorder = try SweepRecorder(
      folder: folder, loaded: loaded, options: options, trialCount: trials.count, start: start,
      plot: sweepPlot(trials.map(\.loaded.spec)))
  } catch {
    throw .runtime("cannot write the sweep folder \(folder.path): \(error)")
  }

  var failures: [RunFailure] = []
  var interrupted = false
  for (trial, trialLoaded) in trials {
    if shouldStop(recorder.leaderboard.records.count) {
      interrupted = true
      break
    }
    let record = runTrial(
      trial, trialLoaded, number: trial.index + 1, of: trials.count, metric: sweep.metric,
      sweepFolder: folder, options: options, failures: &failures)
    do {
      try recorder.record(record)
    } catch {
      throw .runtime("cannot write the sweep folder \(folder.path): \(error)")
    }
    if record.status == .interrupted {
      interrupted = true
      break
    }
  }

  let run = recorder.leaderboard.records.count
  var status = RunStatus.completed
  let reason: String
  if interrupted {
    status = .interrupted
    reason = "interrupted after \(run) of \(trials.count) trials"
  } else if !failures.isEmpty {
    status = .failed
    reason = "\(failures.count) of \(trials.count) trials failed"
  } else if let best = recorder.leaderboard.best {
    reason =
      "\(trials.count) trials; best \(best.folderName) (\(sweep.metric)=\(PythonFloat.repr(best.metric!)))"
  } else {
    reason = "\(trials.count) trials; none completed with a finite \(sweep.metric)"
  }
  do {
    try recorder.finish(status: status, exitReason: reason, end: Date())
  } catch {
    throw .runtime("cannot write the sweep folder \(folder.path): \(error)")
  }
  let best = recorder.leaderboard.best
  let outcome = RunOutcome(folder: folder, status: status, exitReason: reason, finalLogs: best?.finalLogs ?? [:])
  options.events(
    .sweepFinished(outcome, best: best.flatMap { b in b.metric.map { (b.index, $0, b.finalLogs) } }))
  if !interrupted, !failures.isEmpty, failures.count == trials.count { throw failures[0] }
  return outcome
}

/// Runs one trial as a single run into its folder; a run that cannot start or finish is recorded
/// as `failed` (and its error kept in `failures`), so the sweep goes on.
private func runTrial(
  _ trial: SweepTrial, _ loaded: LoadedSpec, number: Int, of count: Int, metric: String, sweepFolder: URL,
  options: RunOptions, failures: inout [RunFailure]
) -> SweepTrialRecord {
  let name = SweepTrialRecord.folderName(trial.index)
  let label = trial.assignments.map { "\($0.path)=\(SweepTrialRecord.text($0.values[0]))" }
  options.note((["trial \(number)/\(count):"] + label).joined(separator: " "))
  let trialFolder = sweepFolder.appendingPathComponent(name)
  let collector = EpochLossCollector()
  var trialOptions = options
  trialOptions.outDirectory = trialFolder.path
  trialOptions.trial = trial.index
  trialOptions.extraCallbacks = { epochs, steps in options.extraCallbacks(epochs, steps) + [collector] }
  do {
    let outcome = try runExperiment(loaded, options: trialOptions)
    let isObjective = loaded.spec.objective != nil
    return SweepTrialRecord(
      index: trial.index, assignments: trial.assignments, status: outcome.status,
      exitReason: outcome.exitReason,
      metric: outcome.finalLogs[metric], finalLogs: outcome.finalLogs,
      lossPerEpoch: isObjective ? [] : collector.losses,
      path: isObjective ? ObjectivePathFile.read(folder: trialFolder) : [])
  } catch {
    failures.append(error)
    options.note("trial \(number)/\(count) failed: \(error.description)")
    var record = SweepTrialRecord(
      index: trial.index, assignments: trial.assignments, status: .failed,
      exitReason: error.description.split(separator: "\n").first.map(String.init) ?? "failed", metric: nil)
    // A trial that failed before its folder existed has none to point at.
    if !FileManager.default.fileExists(atPath: trialFolder.path) { record.folderName = "" }
    return record
  }
}

/// Paths on one contour plot when every trial minimizes the same function; a loss chart for
/// training sweeps; nothing when the trials' functions differ.
private func sweepPlot(_ specs: [ExperimentSpec]) -> SweepRecorder.Plot {
  let objectives = specs.compactMap(\.objective)
  if objectives.isEmpty { return .loss }
  guard objectives.count == specs.count, let first = objectives.first,
    let function = TestFunction(rawValue: first.function),
    objectives.allSatisfy({ $0.function == first.function && $0.scales == first.scales })
  else { return .none }
  return .paths(function: function, scales: (first.scales[0], first.scales[1]))
}

/// The sweep folder: `--out DIR`, or `output.dir/<name>/<UTC time>-<hash8>/`, without the
/// `checkpoints/` a run folder has (each trial has its own).
private func makeSweepFolder(_ loaded: LoadedSpec, options: RunOptions, start: Date) throws(RunFailure) -> URL
{
  let folder = try makeRunFolder(loaded, options: options, start: start)
  try? FileManager.default.removeItem(at: folder.checkpoints)
  return folder.url
}
