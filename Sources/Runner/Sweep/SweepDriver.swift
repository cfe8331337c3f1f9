import Foundation
import Reporting
import Spec
import Training

/// What a trial needs now.
enum TrialAction: Equatable {
  /// Start it in a new folder.
  case start
  /// Start it over in its folder (it has no run to continue: killed before its run.json, or an
  /// objective run, which takes under a second).
  case restart
  /// Continue it from its saved state.
  case resume
  /// Train it on to `epochs` (a promoted successive-halving trial).
  case extend(epochs: Int)

  /// What the trial needs, given its record and the halving plan; nil when nothing.
  init?(_ record: SweepTrialRecord, trial: SweepTrial, plan: HalvingPlan?) {
    let isObjective = trial.spec.objective != nil
    switch record.status {
    case .missing: self = .start
    case .running, .early_stopped, .diverged: return nil
    case .dead, .interrupted, .failed:
      self = !isObjective && record.hasRunRecord ? .resume : .restart
    case .completed:
      guard let plan, record.epochs < plan.targetEpochs(of: trial) else { return nil }
      self = .extend(epochs: plan.targetEpochs(of: trial))
    }
  }

  var text: String {
    switch self {
    case .start: ""
    case .restart: " (starting over)"
    case .resume: " (resuming)"
    case .extend(let epochs): " (promoted: training on to \(epochs) epochs)"
    }
  }
}

/// Runs a sweep's selected trials in this process (or, with `jobs` > 1, in child processes), pass
/// after pass while successive halving promotes trials.
struct SweepDriver {
  let folder: SweepFolder
  let options: RunOptions
  let sweepOptions: SweepRunOptions
  let shouldStop: () -> Bool
  /// A signal stopped the sweep (or one of its trials).
  private(set) var interrupted = false
  /// Failures of trials this process ran.
  private(set) var failures: [RunFailure] = []
  /// Trials this process ran (started, resumed or extended), in order.
  private(set) var ran: [Int] = []
  /// Why a selected halving trial cannot go on yet.
  private(set) var waiting: String?
  /// `index:action` pairs tried, so a trial that keeps failing is tried once per process.
  private var attempted = Set<String>()
  /// When the sweep's files were last rewritten between trials.
  private var lastRefresh = Date.distantPast

  /// Rewrites the leaderboard, sweep.json and plots between trials, at most once a second (each
  /// rewrite reads every trial folder; the final one, after the last trial, always happens).
  /// A file that cannot be written (a full disk) must not stop the other trials: the final write
  /// reports it.
  private mutating func refreshSweepFiles() {
    guard sweepOptions.writesSweepFiles, Date().timeIntervalSince(lastRefresh) >= 1 else { return }
    lastRefresh = Date()
    do {
      try SweepReport(folder).write(folder)
    } catch {
      options.note("cannot write the sweep folder \(folder.url.path): \(error)")
    }
  }

  init(folder: SweepFolder, options: RunOptions, sweepOptions: SweepRunOptions, shouldStop: @escaping () -> Bool) {
    self.folder = folder
    self.options = options
    self.sweepOptions = sweepOptions
    self.shouldStop = shouldStop
  }

  mutating func run(_ selected: [SweepTrial]) throws(RunFailure) {
    let halving = folder.sweep.method == .halving
    while !interrupted {
      let records = folder.records()
      let plan = folder.halvingPlan(records)
      let work = selected.compactMap { t -> (SweepTrial, TrialAction)? in
        guard let action = TrialAction(records[t.index], trial: t, plan: plan),
          attempted.insert("\(t.index):\(action)").inserted
        else { return nil }
        return (t, action)
      }
      if work.isEmpty { break }
      if sweepOptions.jobs > 1 {
        try runInProcesses(work)
      } else {
        for (trial, _) in work {
          if shouldStop() {
            interrupted = true
            break
          }
          try runHere(trial, plan: plan)
        }
      }
      if !halving { break }
    }
    if halving, !interrupted { explainHalving(selected) }
  }

  /// Runs one trial in this process, under a claim, doing what its record says now (another
  /// process may have run it since the pass began); records failures and rewrites the sweep's files.
  private mutating func runHere(_ trial: SweepTrial, plan: HalvingPlan?) throws(RunFailure) {
    let claims = folder.claims
    let generation = (claims.latest(trial.index)?.generation ?? -1) + 1
    // Read again after the generation: a process that claims from now on takes that generation first.
    let record = TrialFolderReader.read(trial, sweepFolder: folder.url, claims: claims)
    guard let action = TrialAction(record, trial: trial, plan: plan) else {
      if record.status == .running { skipped(trial, record) }
      return
    }
    let claim: URL
    do {
      guard let taken = try claims.take(trial.index, generation: generation) else {
        skipped(trial, TrialFolderReader.read(trial, sweepFolder: folder.url, claims: claims))
        return
      }
      claim = taken
    } catch {
      throw .runtime("cannot claim a trial in \(folder.url.path): \(error)")
    }
    ran.append(trial.index)
    let label = record.assignmentText
    options.note("trial \(trial.index + 1)/\(folder.trials.count): \(label)\(action.text)")
    let trialFolder = folder.trialFolder(trial.index)
    var trialOptions = options
    trialOptions.outDirectory = trialFolder.path
    trialOptions.trial = trial.index
    if SweepTensorBoard.isEnabled(trial.spec) {
      trialOptions.tensorBoardSession = SweepTensorBoard.session(for: trial, sweep: folder.sweep)
    }
    do throws(RunFailure) {
      let outcome: RunOutcome
      switch action {
      case .start, .restart:
        if action == .restart { try? FileManager.default.removeItem(at: trialFolder) }
        outcome = try runExperiment(folder.loaded.forTrial(trial), options: trialOptions)
      case .resume:
        outcome = try resumed(try resumeRun(at: trialFolder.path, overrides: [], options: trialOptions))
      case .extend(let epochs):
        outcome = try resumed(
          try resumeRun(at: trialFolder.path, overrides: ["train.epochs=\(epochs)"], options: trialOptions))
      }
      if outcome.status == .interrupted { interrupted = true }
      if outcome.status == .failed { failures.append(.runtime("\(trialFolder.path): \(outcome.exitReason)")) }
    } catch {
      failures.append(error)
      options.note("trial \(trial.index + 1)/\(folder.trials.count) failed: \(error.description)")
      if !FileManager.default.fileExists(atPath: trialFolder.appendingPathComponent(RunFolder.FileName.run).path) {
        TrialFolderReader.writeFailure(
          error.description.split(separator: "\n").first.map(String.init) ?? "failed", claim: claim)
      }
    }
    TrialClaims.release(claim)
    refreshSweepFiles()
  }

  /// Another live process works on `trial`. A whole sweep goes on with the next trial; a process
  /// given the trial with `--trial` did not do its job, which a scheduler should see (exit 1).
  private mutating func skipped(_ trial: SweepTrial, _ record: SweepTrialRecord) {
    let name = SweepTrialRecord.folderName(trial.index)
    if sweepOptions.selection == nil {
      options.note("\(name): another process runs it")
    } else {
      failures.append(
        .runtime(
          "\(name) is running in another process (\(record.exitReason)); not started twice. On another host a "
            + "process counts as alive until its heartbeat is ten minutes old; then resume it"))
    }
  }

  private func resumed(_ result: ResumeResult) -> RunOutcome {
    switch result {
    case .resumed(let outcome): outcome
    case .alreadyFinished(let folder, let status, let message):
      RunOutcome(folder: folder, status: status, exitReason: message, finalLogs: [:])
    }
  }

  /// Runs the trials of `work` in child processes, `jobs` at a time.
  private mutating func runInProcesses(_ work: [(SweepTrial, TrialAction)]) throws(RunFailure) {
    guard let executable = sweepOptions.executable else {
      throw .runtime("--jobs needs the optim-run executable to start trials with")
    }
    let jobs = sweepOptions.jobs
    let threads = max(1, options.threads.count / jobs)
    options.note("running \(work.count) trial\(work.count == 1 ? "" : "s"), \(jobs) at a time, \(threads) thread\(threads == 1 ? "" : "s") each")
    let pool = TrialProcessPool(
      executable: executable, sweepFolder: folder.url, threads: threads, forwardEvents: options.forwardsChildEvents)
    let results = pool.run(
      work.map(\.0.index), jobs: jobs, shouldStop: shouldStop,
      started: { index in options.note("trial \(index + 1)/\(folder.trials.count) started") },
      finished: { index, code in
        options.note("trial \(index + 1)/\(folder.trials.count) ended (exit status \(code))")
        refreshSweepFiles()
      })
    ran += results.map(\.index)
    for (index, code) in results {
      switch code {
      case 0: break
      case 130, 5: interrupted = true
      default:
        failures.append(.runtime("trial \(index) (\(folder.trialFolder(index).path)) ended with exit status \(code)"))
      }
    }
    if pool.wasStopped { interrupted = true }
  }

  /// Says why a selected halving trial stops here: not promoted, or its rung waits for others.
  private mutating func explainHalving(_ selected: [SweepTrial]) {
    let records = folder.records()
    guard let plan = folder.halvingPlan(records) else { return }
    for trial in selected {
      let rung = plan.rungOfConfiguration[trial.configuration]
      let epochs = plan.rungs[rung].epochs
      let trained = "\(epochs) epoch\(epochs == 1 ? "" : "s")"
      if plan.wasStopped(trial) {
        // A whole sweep's leaderboard shows this; a process given --trial K says it.
        if sweepOptions.selection != nil {
          options.note("\(SweepTrialRecord.folderName(trial.index)): not promoted after rung \(rung) (\(trained))")
        }
      } else if sweepOptions.selection != nil, ran.isEmpty, plan.undecidedRung == rung, rung + 1 < plan.rungs.count,
        HalvingPlan.isDone(records[trial.index], epochs: epochs)
      {
        // Only a call that did nothing fails: one that trained its rung made progress (exit 0).
        let others = plan.waitingFor.map(String.init).joined(separator: ",")
        waiting =
          "\(SweepTrialRecord.folderName(trial.index)) finished rung \(rung) (\(trained)); the rung waits for "
          + "trials \(others) before it decides which continue: run those, then this command again"
      }
    }
  }
}
