import ArgumentParser
import Reporting

/// The process exit codes optim-run documents in its README and `--help`.
enum ExitStatus: Int32 {
  /// The run completed, or early stopping ended it; `validate`: every spec was valid; `resume`:
  /// also when the run had already finished.
  case completed = 0
  /// The run failed at run time (a file could not be written: the cause is in run.json's
  /// exit_reason), or `validate` found an invalid spec.
  case failed = 1
  /// A spec or usage error.
  case specError = 2
  /// A data error (missing, malformed or inconsistent data files).
  case dataError = 3
  /// NaN or Inf stopped the run.
  case diverged = 4
  /// A second signal stopped the run at once (run.json says `interrupted`; resume continues from
  /// the state saved last).
  case forced = 5
  /// A signal (SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2) stopped the run after its current step;
  /// the state was saved and the logs flushed; `optim-run resume` continues it.
  case interrupted = 130

  var exitCode: ExitCode { ExitCode(rawValue) }

  /// The code for a run that ended with `status`.
  init(_ status: RunStatus) {
    switch status {
    case .completed, .early_stopped: self = .completed
    case .diverged: self = .diverged
    case .interrupted: self = .interrupted
    case .failed, .running: self = .failed
    }
  }

  /// The exit status table for `--help`.
  static let help = """
    Exit status: 0 completed (early stopping included), 1 failed at run time (cause in run.json's \
    exit_reason), 2 spec or usage error, 3 data error, 4 diverged (NaN/Inf stopped the run), \
    5 a second signal stopped it at once, 130 interrupted by SIGINT, SIGTERM, SIGHUP, SIGUSR1 or \
    SIGUSR2 (state saved: optim-run resume continues it).
    """
}
