import Foundation
import Reporting
import Spec
import Training

/// How this process takes part in a sweep.
public struct SweepRunOptions: Sendable {
  /// The trials to run (`--trial`); nil runs every trial.
  public var selection: TrialSelection?
  /// Trials run at once (`--jobs`), each in a process of its own.
  public var jobs: Int
  /// The optim-run executable that `jobs` > 1 starts.
  public var executable: String?
  /// Whether this process writes the sweep's leaderboard, sweep.json and plots (the trial
  /// processes `--jobs` starts leave that to their parent).
  public var writesSweepFiles = true

  /// Creates options.
  public init(selection: TrialSelection? = nil, jobs: Int = 1, executable: String? = nil) {
    self.selection = selection
    self.jobs = jobs
    self.executable = executable
  }
}

/// Runs the trials of the spec's sweep that still need running into one sweep folder, and ranks
/// them.
///
/// The sweep folder is `--out DIR` (created by the first process, joined by later ones, which must
/// bring the same spec) or `output.dir/<name>/<UTC time>-<hash8>/`. Each trial runs exactly as a
/// single run of its spec would, into `trial-NNN/`. A trial that finished is left alone; one that
/// was interrupted or whose process died is resumed from its state; one another live process works
/// on is skipped; successive halving extends promoted trials. After every trial the leaderboard,
/// `sweep.json` and plots are rebuilt from the trial folders (see `SweepReport`). With a
/// `tensorboard` callback, the trials also appear in TensorBoard's HParams dashboard (see
/// `SweepTensorBoard`).
///
/// Outcome: `interrupted` when a signal stopped it (between trials, or a trial was interrupted);
/// `failed` when some trial this process ran failed (when all did, the first failure is thrown);
/// else `completed`. A `--trial` of a halving sweep whose rung is not complete yet fails, naming
/// the trials it waits for.
///
/// - Parameters:
///   - shouldStop: asked before each trial; true stops the sweep there (by default: a signal came).
public func runSweep(
  _ loaded: LoadedSpec, options: RunOptions, sweepOptions: SweepRunOptions = SweepRunOptions(),
  shouldStop: @escaping () -> Bool = { Interruption.requested != nil }
) throws(RunFailure) -> RunOutcome {
  guard loaded.spec.sweep != nil else { preconditionFailure("runSweep needs a spec with a sweep") }
  let trials: [SweepTrial]
  do {
    trials = try loaded.sweepTrials()
  } catch {
    throw .spec(error)
  }
  if let selection = sweepOptions.selection {
    do {
      try selection.check(trialCount: trials.count)
    } catch {
      throw .runtime(error.description)
    }
  }
  let selected = sweepOptions.selection.map { s in s.indices.map { trials[$0] } } ?? trials
  do {
    try SweepTrialCheck.check(loaded, trials: selected.map { ($0, loaded.forTrial($0)) })
  } catch {
    throw .spec(error)
  }
  let folder = try openSweepFolder(loaded, trials: trials, options: options)
  if let source = sweepOptions.selection?.source { options.note("--trial auto: \(source)") }
  options.note("sweep folder: \(folder.url.path) (\(trials.count) trial\(trials.count == 1 ? "" : "s"))")
  options.events(.sweepStarted(folder: folder.url, specHash: loaded.hash, trials: trials.count))

  // sweep.json exists from the start, so that its final status can still be written in place
  // when the disk fills up.
  if sweepOptions.writesSweepFiles { try? SweepReport(folder).write(folder) }
  if SweepTensorBoard.isEnabled(loaded.spec) {
    do {
      try SweepTensorBoard.writeExperiment(folder)
    } catch {
      options.note("cannot write the TensorBoard experiment in \(folder.url.path): \(error)")
    }
  }
  var driver = SweepDriver(folder: folder, options: options, sweepOptions: sweepOptions, shouldStop: shouldStop)
  try driver.run(selected)

  var report = SweepReport(folder)
  if driver.interrupted { report.markInterrupted() }
  if sweepOptions.writesSweepFiles {
    do {
      try report.write(folder)
    } catch {
      throw .runtime("cannot write the sweep folder \(folder.url.path): \(error)")
    }
  }
  var status = RunStatus.completed
  var reason = report.exitReason
  if driver.interrupted {
    status = .interrupted
    reason = "interrupted; " + report.exitReason
  } else if !driver.failures.isEmpty {
    status = .failed
    reason = "\(driver.failures.count) trial\(driver.failures.count == 1 ? "" : "s") failed; " + report.exitReason
  } else if sweepOptions.selection != nil, !report.isFinal {
    reason = "\(driver.ran.count) trial\(driver.ran.count == 1 ? "" : "s") run here; sweep: " + report.exitReason
  }
  let best = report.leaderboard.best
  let outcome = RunOutcome(folder: folder.url, status: status, exitReason: reason, finalLogs: best?.finalLogs ?? [:])
  options.events(.sweepFinished(outcome, best: best.flatMap { b in b.metric.map { (b.index, $0, b.finalLogs) } }))
  if !driver.interrupted, !driver.failures.isEmpty, driver.failures.count == driver.ran.count {
    throw driver.failures[0]
  }
  if let waiting = driver.waiting { throw .runtime(waiting) }
  return outcome
}

/// Continues the sweep in `path` (`optim-run resume SWEEP_DIR`): runs its missing trials, resumes
/// interrupted or dead ones, extends promoted halving trials, and leaves finished ones alone.
public func resumeSweep(
  at path: String, options: RunOptions, sweepOptions: SweepRunOptions = SweepRunOptions()
) throws(RunFailure) -> RunOutcome {
  let url = URL(fileURLWithPath: path).standardizedFileURL
  let loaded = try SweepFolder.loadSpec(at: url)
  guard loaded.spec.sweep != nil else { throw .runtime("\(url.path)/\(SweepFolder.FileName.spec) has no sweep section") }
  var options = options
  options.outDirectory = url.path
  return try runSweep(loaded, options: options, sweepOptions: sweepOptions)
}

/// The sweep folder: `--out DIR` (joined if it exists), or a new `output.dir/<name>/<time>-<hash8>/`.
private func openSweepFolder(_ loaded: LoadedSpec, trials: [SweepTrial], options: RunOptions) throws(RunFailure)
  -> SweepFolder
{
  if let out = options.outDirectory {
    return try SweepFolder.open(URL(fileURLWithPath: out), for: loaded, trials: trials)
  }
  let created = try makeRunFolder(loaded, options: options, start: Date())
  try? FileManager.default.removeItem(at: created.checkpoints)
  return try SweepFolder.open(created.url, for: loaded, trials: trials)
}
