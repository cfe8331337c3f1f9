import Spec
import Training

/// The rule that turns a trial's logs into the value it is ranked by (`sweep.metric`, `mode`,
/// `rank_by`).
///
/// Training trials: `best` takes the best epoch's value of the metric (lowest for `min`, highest for
/// `max`; the first such epoch on ties), which is what `restore_best_weights` keeps; `last` takes the
/// final epoch's. Objective trials: the final loss. NaN epochs are passed over by `best`; a trial
/// whose every value is NaN keeps NaN (and is not ranked).
struct SweepRanking: Sendable {
  var metric: String
  var maximize: Bool
  var rankBy: SweepSpec.RankBy

  init(_ sweep: SweepSpec) {
    metric = sweep.metric
    maximize = sweep.mode == "max"
    rankBy = sweep.rankBy
  }

  /// Whether `a` ranks before `b`.
  func isBetter(_ a: Double, than b: Double) -> Bool { maximize ? a > b : a < b }

  /// The ranking value of `record` and its epoch, looking at its first `epochs` epochs only
  /// (all when nil); nil when it logged no such value.
  func value(of record: SweepTrialRecord, epochs: Int? = nil) -> (value: Double, epoch: Int?)? {
    if let last = record.path.last { return (last.loss, nil) }
    let rows = epochs.map { Array(record.history.prefix($0)) } ?? record.history
    switch rankBy {
    case .last:
      guard let value = rows.last?[metric] else { return nil }
      return (value, rows.count - 1)
    case .best:
      var best: (value: Double, epoch: Int?)?
      for (epoch, row) in rows.enumerated() {
        guard let value = row[metric] else { continue }
        guard let current = best else {
          best = (value, epoch)
          continue
        }
        if value.isFinite && (!current.value.isFinite || isBetter(value, than: current.value)) {
          best = (value, epoch)
        }
      }
      return best
    }
  }

  /// `records` with `metric` and `bestEpoch` filled in.
  func scored(_ records: [SweepTrialRecord]) -> [SweepTrialRecord] {
    records.map { r in
      var r = r
      let found = value(of: r)
      r.metric = found?.value
      r.bestEpoch = found?.epoch
      return r
    }
  }
}
