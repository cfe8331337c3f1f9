import ArgumentParser
import Foundation
import Spec
import Tensors

extension OptimRun {
  /// Parses and runs the command, exiting with status 2 (not ArgumentParser's 64) on usage errors.
  static func main() {
    // Before anything else: OpenBLAS may have picked generic kernels for a CPU newer than it knows.
    BLASCoreChoice.reexecIfNeeded()
    BLASCoreChoice.stopIdleWorkerThreads()
    if let message = unknownCommandMessage(Array(CommandLine.arguments.dropFirst())) {
      FileHandleStderr.write("optim-run: \(message)\n")
      Foundation.exit(ExitStatus.specError.rawValue)
    }
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

  /// The error for a first argument that is a bare word (no `/`, no .yaml/.yml, not a file) and no
  /// command: `run` is the default command, so ArgumentParser would take it for a spec path and
  /// complain about the next argument instead. Nil when the arguments are not such a case.
  static func unknownCommandMessage(_ arguments: [String]) -> String? {
    guard let word = arguments.first, !word.hasPrefix("-"), !word.contains("/"), !word.hasSuffix(".yaml"),
      !word.hasSuffix(".yml"), word != "help", !commandNames.contains(word),
      !FileManager.default.fileExists(atPath: word)
    else { return nil }
    if let near = NameSuggestion.closest(to: word, among: commandNames) {
      return "'\(word)' is not a command or a spec file; did you mean '\(near)'?"
    }
    return
      "'\(word)' is neither a spec file nor a command (commands: \(commandNames.joined(separator: ", ")))"
  }
}
