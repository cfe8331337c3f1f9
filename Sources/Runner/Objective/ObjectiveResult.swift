import Reporting

/// What an objective run ended with: its status, its `summary.json`, and the whole path.
public struct ObjectiveResult: Sendable {
  /// `completed`, `diverged` (a non-finite position or loss) or `interrupted`.
  public var status: RunStatus
  /// `run.json`'s `exit_reason`.
  public var exitReason: String
  /// The contents of `summary.json`.
  public var summary: ObjectiveSummary
  /// Every row of `path.csv`, step 0 first (for plotting several runs of a sweep together).
  public var path: [ObjectivePathPoint]
  /// The run folder written.
  public var folder: RunFolder

  /// Creates a result.
  public init(
    status: RunStatus, exitReason: String, summary: ObjectiveSummary, path: [ObjectivePathPoint], folder: RunFolder
  ) {
    self.status = status
    self.exitReason = exitReason
    self.summary = summary
    self.path = path
    self.folder = folder
  }
}

/// The distance to a known minimum below which `summary.json` counts the path as having reached
/// it (`first_step_within_tolerance`), when the spec's `objective.tolerance` is null.
///
/// 1e-3 is well above float32 resolution at the test functions' scale (an ulp of 4 is 4.8e-7) and
/// the 6-decimal precision of the known minima, and small enough to mean "at the minimum" on plots.
public let defaultObjectiveTolerance = 1e-3
