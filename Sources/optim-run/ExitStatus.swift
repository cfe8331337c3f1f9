import ArgumentParser
import Foundation

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

extension OptimRun {
  /// Parses and runs the command, exiting with status 2 (not ArgumentParser's 64) on usage errors.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        FileHandleStderr.write(fullMessage(for: error) + "\n")
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }
}
