import ArgumentParser
import Foundation
import Tensors

extension OptimRun {
  /// Parses and runs the command, exiting with status 2 (not ArgumentParser's 64) on usage errors.
  static func main() {
    // Before anything else: OpenBLAS may have picked generic kernels for a CPU newer than it knows.
    BLASCoreChoice.reexecIfNeeded()
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        FileHandleStderr.write(fullMessage(for: error) + "\n")
        Foundation.exit(ExitStatus.specError.rawValue)
      }
      exit(withError: error)
    }
  }
}
