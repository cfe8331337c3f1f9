import Reporting

/// Where a sweep's trial stands, as read from the sweep folder by any process.
public enum TrialStatus: String, Sendable, CaseIterable {
  /// Never started: no folder and no claim.
  case missing
  /// A live process works on it.
  case running
  /// Its process is gone without recording an end (killed, or the machine went down).
  case dead
  /// Trained all its epochs (or steps).
  case completed
  /// Early stopping ended it.
  case early_stopped
  /// NaN or Inf ended it: a result, ranked last.
  case diverged
  /// A signal stopped it; resume continues it from its state.
  case interrupted
  /// An error ended it (cause in its run.json), or it could not start.
  case failed

  /// The trial has its result and is not run again.
  public var isFinished: Bool { self == .completed || self == .early_stopped || self == .diverged }

  /// A process may (re)start or continue it.
  public var isRunnable: Bool { self == .missing || self == .dead || self == .interrupted || self == .failed }

  /// The status of a run that recorded how it ended.
  init(_ status: RunStatus) {
    switch status {
    case .running: self = .dead
    case .completed: self = .completed
    case .early_stopped: self = .early_stopped
    case .diverged: self = .diverged
    case .interrupted: self = .interrupted
    case .failed: self = .failed
    }
  }
}
