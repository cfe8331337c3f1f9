import ArgumentParser
import Foundation
import Runner

extension OptimRun {
  /// `optim-run resume RUN_DIR`: continues a stopped training run from its saved state.
  struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Continue a stopped training run from its last saved state.",
      discussion: """
        A sweep folder (SWEEP_DIR, with sweep.yaml) runs its missing trials, resumes interrupted \
        or dead ones and leaves finished ones untouched (--jobs N: N at a time).

        Continues the run in RUN_DIR (interrupted, failed, or killed: run.json still says running \
        but its process is gone) from state.safetensors, exactly: the finished folder is the one an \
        uninterrupted run writes. --set train.epochs=N extends a finished run; no other key may \
        change. A run that already finished is left as it is (exit 0). A run whose process is \
        alive, or that diverged, is refused.

        \(ExitStatus.help)
        """)

    @Argument(help: "The run folder to continue.", completion: .directory)
    var runFolder: String

    @Option(
      name: .customLong("set"),
      help: ArgumentHelp("Only train.epochs=N: train to N epochs in all.", valueName: "train.epochs=N"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Sweeps: run this many trials at once, each in its own process.", valueName: "n"))
    var jobs: Int = 1

    @OptionGroup var output: RunOutputOptions

    func validate() throws {
      if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
      RunOutputOptions.installSignalHandlers()
      var options = try output.runOptions(commandLine: CommandLine.arguments, overrides: overrides)
      if SweepFolder.isSweep(URL(fileURLWithPath: runFolder)) {
        guard overrides.isEmpty else {
          throw ValidationError("a sweep resumes as its sweep.yaml says; --set is for single runs")
        }
        options.forwardsChildEvents = output.json
        let sweepOptions = try SweepArguments.options(trial: nil, jobs: jobs, isSweep: true)
        let outcome = try exitingOnFailure(json: output.json) { () throws(RunFailure) in
          try resumeSweep(at: runFolder, options: options, sweepOptions: sweepOptions)
        }
        if !output.quiet {
          FileHandleStderr.write("optim-run: \(outcome.status.rawValue) (\(outcome.exitReason))\n")
        }
        let code = ExitStatus(outcome.status)
        if code != ExitStatus.completed { throw code.exitCode }
        return
      }
      if jobs != 1 { throw ValidationError("--jobs is for sweeps; \(runFolder) is a single run") }
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
