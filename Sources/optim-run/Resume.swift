import ArgumentParser
import Foundation
import Runner

extension OptimRun {
  /// `optim-run resume RUN_DIR`: continues a stopped training run from its saved state.
  struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Continue a stopped training run from its last saved state.",
      discussion: """
        Continues the run in RUN_DIR (interrupted, failed, or killed: run.json still says running \
        but its process is gone) from state.safetensors, exactly: the finished folder is the one an \
        uninterrupted run writes. --set train.epochs=N extends a finished run; no other key may \
        change. A run that already finished is left as it is (exit 0). A run whose process is \
        alive, or that diverged, is refused.

        \(ExitStatus.help)
        """)

    @Argument(help: "The run folder to continue.")
    var runFolder: String

    @Option(
      name: .customLong("set"),
      help: ArgumentHelp("Only train.epochs=N: train to N epochs in all.", valueName: "train.epochs=N"))
    var overrides: [String] = []

    @OptionGroup var output: RunOutputOptions

    func run() throws {
      RunOutputOptions.installSignalHandlers()
      let options = try output.runOptions(commandLine: CommandLine.arguments, overrides: overrides)
      var finished: (status: String, message: String)?
      let outcome = try exitingOnFailure(json: output.json) { () throws(RunFailure) in
        switch try resumeRun(at: runFolder, overrides: overrides, options: options) {
        case .resumed(let outcome):
          return outcome
        case .alreadyFinished(let folder, let status, let message):
          finished = (status.rawValue, message)
          return RunOutcome(folder: folder, status: status, exitReason: message, finalLogs: [:])
        }
      }
      if let finished {
        if output.quiet { Stdout.write(outcome.folder.path + "\n") }
        if output.json {
          Stdout.write(EventOutput.json(.runFinished(outcome, bestMetrics: [:], trial: nil)).compact + "\n")
        }
        if !output.quiet { FileHandleStderr.write("optim-run: \(outcome.folder.path): \(finished.message)\n") }
        return
      }
      if !output.quiet {
        FileHandleStderr.write("optim-run: \(outcome.status.rawValue) (\(outcome.exitReason))\n")
      }
      let code = ExitStatus(outcome.status)
      if code != ExitStatus.completed { throw code.exitCode }
    }
  }
}
