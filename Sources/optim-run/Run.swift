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

    @Argument(help: "The experiment file (YAML).", completion: .spec)
    var spec: String

    @Option(
      name: .customLong("set"),
      help: ArgumentHelp(
        "Override a key before running; the value is parsed as YAML (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @OptionGroup var dataRoot: DataRootOption

    @Option(
      help: ArgumentHelp("Write the run folder here instead of output.dir/<name>/<time>-<hash>.", valueName: "dir"),
      completion: .directory)
    var out: String?

    @Option(
      help: ArgumentHelp(
        "Sweeps: run only these trials (3, 3,5,8-11, or auto: from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or PARALLEL_SEQ) into the sweep folder --out.",
        valueName: "k"))
    var trial: String?

    @Option(help: ArgumentHelp("Sweeps: run this many trials at once, each in its own process.", valueName: "n"))
    var jobs: Int = 1

    @Flag(help: .hidden)
    var noSweepFiles = false

    @OptionGroup var output: RunOutputOptions

    func validate() throws {
      if out?.isEmpty == true { throw ValidationError("--out needs a folder path") }
      if trial != nil, out == nil {
        throw ValidationError("--trial needs --out SWEEP_DIR: the sweep folder every process shares")
      }
      if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
      // First thing: a signal from now on stops the run cleanly (before, it ends the process,
      // which has written nothing yet).
      RunOutputOptions.installSignalHandlers()
      let loaded: LoadedSpec
      do {
        loaded = try loadSpec(path: spec, overrides: overrides, dataRoot: dataRoot.directory)
      } catch {
        FileHandleStderr.write(error.rendered + "\n")
        if output.json { Stdout.write(EventOutput.failure(error.rendered, exitCode: .specError).compact + "\n") }
        throw ExitStatus.specError.exitCode
      }
      if !noSweepFiles {  // a sweep's worker processes leave warnings to the process that started them
        for warning in experimentWarnings(loaded) { FileHandleStderr.write(warning.rendered + "\n") }
      }
      let options = try output.runOptions(commandLine: CommandLine.arguments, overrides: overrides, out: out)
      var sweepOptions = try SweepArguments.options(trial: trial, jobs: jobs, isSweep: loaded.spec.sweep != nil)
      sweepOptions.writesSweepFiles = !noSweepFiles
      let outcome = try exitingOnFailure(json: output.json) { () throws(RunFailure) in
        try runExperiment(loaded, options: options, sweepOptions: sweepOptions)
      }
      if !output.quiet {
        FileHandleStderr.write("optim-run: \(outcome.status.rawValue) (\(outcome.exitReason))\n")
        if let test = outcome.testMetrics {
          let scores = ProgressDisplay.metrics(Dictionary(uniqueKeysWithValues: test.map { ("test_" + $0.key, $0.value) }), separator: " ").dropFirst(3)
          FileHandleStderr.write("optim-run: held-out test split: \(scores)\n")
        }
      }
      let code = ExitStatus(outcome.status)
      if code != ExitStatus.completed { throw code.exitCode }
    }
  }
}
