import Reporting
import Spec
import Training

/// One trial of a sweep as its folder shows it: its values, where it stands, its per-epoch logs
/// (training) or path (objective), and the value that ranks it.
public struct SweepTrialRecord: Sendable, Equatable {
  /// 0-based position in the sweep (`trial-000` is 0).
  public var index: Int
  /// The configuration (one set of swept values) it runs; trials of one configuration differ in seed.
  public var configuration: Int
  /// The seed its spec runs with.
  public var seed: Int
  /// The swept paths and the one value each takes in this trial, in the order the sweep lists them.
  public var assignments: [SweepSpec.Parameter]
  /// The trial's run folder, relative to the sweep folder (`trial-000`); empty when it has none.
  public var folderName: String
  /// Where the trial stands.
  public var status: TrialStatus
  /// Why the run ended (`epochs_completed`, `early_stopping`, an error message, ...), or what it is doing.
  public var exitReason: String
  /// Each finished epoch's logs, from `metrics.csv` (training trials).
  public var history: [Logs]
  /// The optimizer's path, step 0 first (objective trials).
  public var path: [ObjectivePathPoint]
  /// The distance from the final point to the nearest known minimum (objective trials).
  public var distanceToMinimum: Double?
  /// The value that ranks the trial (see `SweepRanking`); nil when it has none yet.
  public var metric: Double?
  /// The epoch (0-based, as in metrics.csv) `metric` comes from (training trials).
  public var bestEpoch: Int?
  /// Whether the trial's folder holds a run that recorded its start (a `run.json`): what
  /// `optim-run resume` continues.
  public var hasRunRecord = false

  /// Creates a record.
  public init(
    index: Int, configuration: Int? = nil, seed: Int = 0, assignments: [SweepSpec.Parameter], status: TrialStatus,
    exitReason: String, history: [Logs] = [], path: [ObjectivePathPoint] = [], metric: Double? = nil
  ) {
    self.index = index
    self.configuration = configuration ?? index
    self.seed = seed
    self.assignments = assignments
    self.folderName = SweepTrialRecord.folderName(index)
    self.status = status
    self.exitReason = exitReason
    self.history = history
    self.path = path
    self.metric = metric
  }

  /// `trial-000`, `trial-001`, ...: the folder of trial `index` (at least three digits).
  public static func folderName(_ index: Int) -> String { "trial-" + threeDigits(index) }

  /// `n` with leading zeros to three digits (`007`, `042`, `1234`).
  static func threeDigits(_ n: Int) -> String {
    let digits = String(n)
    return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
  }

  /// Epochs trained so far (training trials).
  public var epochs: Int { history.count }

  /// The last epoch's logs (training) or the last point's `loss`, `x`, `y` (objective).
  public var finalLogs: Logs {
    if let last = path.last { return ["loss": last.loss, "x": last.x, "y": last.y] }
    return history.last ?? [:]
  }

  /// Whether the trial takes a place in the ranking: it finished (completed or stopped early) with
  /// a finite metric. Diverged, failed, interrupted and unfinished trials, and NaN metrics, come last.
  public var isRanked: Bool {
    (status == .completed || status == .early_stopped) && (metric?.isFinite ?? false)
  }

  /// `optimizer.learning_rate=0.01 optimizer.beta_1=0.9`: every assignment with its full path.
  public var assignmentText: String {
    assignments.map { "\($0.path)=\(SweepTrialRecord.text($0.values[0]))" }.joined(separator: " ")
  }

  /// A value as the leaderboard writes it: scalars as written, subtrees in YAML flow style.
  public static func text(_ value: Value) -> String { value.description }
}
