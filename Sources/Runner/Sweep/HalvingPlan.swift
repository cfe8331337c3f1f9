import Spec

/// Successive halving (`sweep.method: halving`) worked out from the trials' records alone, so any
/// process (and `collect`) reaches the same decisions.
///
/// Rung 0 trains every configuration for `min_epochs`. When every trial of a rung has ended there
/// (completed, stopped early, diverged or failed), its configurations are ranked by the mean of
/// their trials' metric over the rung's epochs only (so a trial already trained further ranks as
/// it stood at the rung), and the best `survivors` of the next rung continue to its epochs; a
/// configuration that already trained further is never demoted.
struct HalvingPlan {
  /// The rungs: epochs and how many configurations reach each.
  let rungs: [(epochs: Int, survivors: Int)]
  /// The rung each configuration has reached.
  private(set) var rungOfConfiguration: [Int]
  /// The rung whose trials are not all done yet (the plan stops there), nil when every rung is decided.
  private(set) var undecidedRung: Int?
  /// Trials the undecided rung waits for.
  private(set) var waitingFor: [Int] = []

  init(sweep: SweepSpec, trials: [SweepTrial], records: [SweepTrialRecord], ranking: SweepRanking) {
    let configurationCount = (trials.map(\.configuration).max() ?? -1) + 1
    rungs = sweep.halvingRungs(configurations: configurationCount)
    rungOfConfiguration = Array(repeating: 0, count: configurationCount)
    var trialsOf = Array(repeating: [Int](), count: configurationCount)
    for t in trials { trialsOf[t.configuration].append(t.index) }
    var members = Array(0..<configurationCount)
    for r in rungs.indices {
      let epochs = rungs[r].epochs
      let pending = members.flatMap { trialsOf[$0] }.filter { !Self.isDone(records[$0], epochs: epochs) }
      if !pending.isEmpty {
        undecidedRung = r
        waitingFor = pending
        return
      }
      guard r + 1 < rungs.count else { return }
      let scores: [(configuration: Int, mean: Double)] = members.compactMap { c in
        let values = trialsOf[c].compactMap { Self.value(records[$0], epochs: epochs, ranking: ranking) }
        guard values.count == trialsOf[c].count, !values.isEmpty else { return nil }
        return (c, values.reduce(0, +) / Double(values.count))
      }
      let best = scores.sorted { a, b in
        a.mean != b.mean ? ranking.isBetter(a.mean, than: b.mean) : a.configuration < b.configuration
      }.prefix(rungs[r + 1].survivors).map(\.configuration)
      let alreadyFurther = members.filter { c in trialsOf[c].contains { records[$0].epochs > epochs } }
      members = Array(Set(best).union(alreadyFurther)).sorted()
      for c in members { rungOfConfiguration[c] = r + 1 }
    }
  }

  /// The epochs trial `trial` is to reach now.
  func targetEpochs(of trial: SweepTrial) -> Int { rungs[rungOfConfiguration[trial.configuration]].epochs }

  /// Whether every rung is decided (trials may still have to reach their targets).
  var isComplete: Bool { undecidedRung == nil }

  /// Whether `trial`'s configuration was left behind at its rung (a later rung was decided without it).
  func wasStopped(_ trial: SweepTrial) -> Bool {
    let rung = rungOfConfiguration[trial.configuration]
    return rung + 1 < rungs.count && (undecidedRung.map { $0 > rung } ?? true)
  }

  /// The rung of every trial, by index, for the leaderboard.
  func rungs(of trials: [SweepTrial]) -> [Int: Int] {
    Dictionary(uniqueKeysWithValues: trials.map { ($0.index, rungOfConfiguration[$0.configuration]) })
  }

  /// A trial is through a rung of `epochs`: it has logged that many epochs (it may be training on
  /// already, as a promoted trial does), or it ended before (stopped early, diverged, failed: it
  /// takes no further part).
  static func isDone(_ record: SweepTrialRecord, epochs: Int) -> Bool {
    if record.epochs >= epochs { return true }
    switch record.status {
    case .early_stopped, .diverged, .failed: return true
    case .completed, .missing, .running, .dead, .interrupted: return false
    }
  }

  /// A trial's ranking value at a rung of `epochs` (over those epochs only); nil when it has none
  /// (diverged, failed, a NaN metric).
  static func value(_ record: SweepTrialRecord, epochs: Int, ranking: SweepRanking) -> Double? {
    guard record.status != .diverged, record.status != .failed,
      record.epochs >= epochs || record.status == .early_stopped,
      let v = ranking.value(of: record, epochs: epochs)?.value, v.isFinite
    else { return nil }
    return v
  }
}
