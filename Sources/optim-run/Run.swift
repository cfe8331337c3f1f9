import ArgumentParser
import Foundation
import Runner
import Spec
import Training

extension OptimRun {
  /// `optim-run [run] SPEC.yaml`: runs one experiment and writes its run folder.
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run an experiment file (the default command).",
      discussion: """
        Training specs train the model and write spec.yaml, run.json, metrics.csv, metrics.jsonl, \
        lr_history.csv, summary.json, plots, checkpoints/ and state.safetensors (what \
        `optim-run resume` continues from). Objective specs minimize a test function and write \
        path.csv, lr_history.csv, summary.json and path.svg. Specs with a sweep run every trial \
        into one folder with a leaderboard (docs/sweeps.md).

        \(ExitStatus.help)
        """)

    @Argument(help: "The experiment file (YAML).")
    var spec: String

    @Option(
      name: .customLong("set"),
      help: ArgumentHelp(
        "Override a key before running; the value is parsed as YAML (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Write the run folder here instead of output.dir/<name>/<time>-<hash>.", valueName: "dir"))
    var out: String?

    @OptionGroup var output: RunOutputOptions

    func validate() throws {
      if out?.isEmpty == true { throw ValidationError("--out needs a folder path") }
    }

    func run() throws {
      // First thing: a signal from now on stops the run cleanly (before, it ends the process,
      // which has written nothing yet).
      RunOutputOptions.installSignalHandlers()
      let loaded: LoadedSpec
      do {
        loaded = try loadSpec(path: spec, overrides: overrides)
      } catch {
        FileHandleStderr.write(error.rendered + "\n")
        if output.json { Stdout.write(EventOutput.failure(error.rendered, exitCode: .specError).compact + "\n") }
        throw ExitStatus.specError.exitCode
      }
      let options = try output.runOptions(commandLine: CommandLine.arguments, overrides: overrides, out: out)
      let outcome = try exitingOnFailure(json: output.json) { () throws(RunFailure) in
        try runExperiment(loaded, options: options)
      }
      if !output.quiet {
        FileHandleStderr.write("optim-run: \(outcome.status.rawValue) (\(outcome.exitReason))\n")
      }
      let code = ExitStatus(outcome.status)
      if code != ExitStatus.completed { throw code.exitCode }
    }
  }
}
