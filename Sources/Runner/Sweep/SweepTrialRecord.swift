import Reporting
import Spec
import Training

/// What one trial of a sweep ended with: its values, its status, the ranking metric and what the
/// sweep's plot needs (the loss per epoch of a training trial, the path of an objective trial).
public struct SweepTrialRecord: Sendable, Equatable {
  /// 0-based position in the sweep (`trial-000` is 0).
  public var index: Int
  /// The swept paths and the one value each takes in this trial, in the order the sweep lists them.
  public var assignments: [SweepSpec.Parameter]
  /// The trial's run folder, relative to the sweep folder (`trial-000`).
  public var folderName: String
  /// `completed`, `diverged`, `interrupted` or `failed` (the run could not start or finish).
  public var status: RunStatus
  /// Why the run ended (`epochs_completed`, `early_stopping`, an error message, ...).
  public var exitReason: String
  /// The ranking metric from the final epoch's logs (training) or the final loss (objective);
  /// nil when the trial logged no such value.
  public var metric: Double?
  /// The last epoch's logs (training) or the last point's `loss`, `x`, `y` (objective).
  public var finalLogs: Logs
  /// Training loss per epoch, epoch 0 first (training trials).
  public var lossPerEpoch: [Double]
  /// The optimizer's path, step 0 first (objective trials).
  public var path: [ObjectivePathPoint]

  /// Creates a record.
  public init(
    index: Int, assignments: [SweepSpec.Parameter], status: RunStatus, exitReason: String, metric: Double?,
    finalLogs: Logs = [:], lossPerEpoch: [Double] = [], path: [ObjectivePathPoint] = []
  ) {
    self.index = index
    self.assignments = assignments
    self.folderName = SweepTrialRecord.folderName(index)
    self.status = status
    self.exitReason = exitReason
    self.metric = metric
    self.finalLogs = finalLogs
    self.lossPerEpoch = lossPerEpoch
    self.path = path
  }

  /// `trial-000`, `trial-001`, ...: the folder of trial `index` (at least three digits).
  public static func folderName(_ index: Int) -> String {
    let digits = String(index)
    return "trial-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
  }

  /// Whether the trial takes a place in the ranking: it completed and its metric is finite.
  /// Diverged, failed and interrupted trials, and NaN metrics, come last.
  public var isRanked: Bool { (status == .completed || status == .early_stopped) && (metric?.isFinite ?? false) }

  /// `optimizer.learning_rate=0.01 optimizer.beta_1=0.9`: every assignment with its full path.
  public var assignmentText: String {
    assignments.map { "\($0.path)=\(SweepTrialRecord.text($0.values[0]))" }.joined(separator: " ")
  }

  /// A value as the leaderboard writes it: scalars as written, subtrees in YAML flow style.
  public static func text(_ value: Value) -> String { value.description }
}
