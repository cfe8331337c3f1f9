import ArgumentParser

/// The process exit codes optim-run documents in its README.
enum ExitStatus: Int32 {
  /// The run completed (early stopping included) or every spec was valid.
  case completed = 0
  /// The run failed at run time, or `validate` found an invalid spec.
  case failed = 1
  /// A spec or usage error.
  case specError = 2
  /// A data error (missing, malformed or inconsistent data files).
  case dataError = 3
  /// NaN or Inf stopped the run.
  case diverged = 4
  /// Interrupted by SIGINT or SIGTERM, after the logs were flushed.
  case interrupted = 130

  var exitCode: ExitCode { ExitCode(rawValue) }
}
