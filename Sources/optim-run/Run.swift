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
        lr_history.csv, summary.json, plots and checkpoints/. Objective specs minimize a test \
        function and write path.csv, lr_history.csv, summary.json and path.svg. Specs with a sweep \
        run every trial into one folder with a leaderboard (docs/sweeps.md).
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

    @Option(help: "Progress display on stderr: auto (a bar on a terminal, lines otherwise), bar, lines, none.")
    var progress: ProgressStyleArgument = .auto

    @Flag(help: "Print nothing but errors on stderr.")
    var quiet = false

    @Flag(help: "Print one JSON object per epoch on stdout.")
    var json = false

    func validate() throws {
      if out?.isEmpty == true { throw ValidationError("--out needs a folder path") }
    }

    func run() throws {
      let loaded: LoadedSpec
      do {
        loaded = try loadSpec(path: spec, overrides: overrides)
      } catch {
        FileHandleStderr.write(error.rendered + "\n")
        throw ExitStatus.specError.exitCode
      }
      Interruption.install()
      let style: ProgressStyle = quiet ? .none : progress.style
      let quiet = self.quiet
      let json = self.json
      let options = RunOptions(
        outDirectory: out, commandLine: CommandLine.arguments, overrides: overrides,
        extraCallbacks: { epochs, steps in
          [ProgressDisplay(style: style, json: json, epochs: epochs, stepsPerEpoch: steps)]
        },
        note: { message in if !quiet { FileHandleStderr.write("optim-run: \(message)\n") } })
      do {
        let outcome = try runExperiment(loaded, options: options)
        if !quiet { FileHandleStderr.write("optim-run: \(outcome.status.rawValue) (\(outcome.exitReason))\n") }
        switch outcome.status {
        case .completed: return
        case .diverged: throw ExitStatus.diverged.exitCode
        case .interrupted: throw ExitStatus.interrupted.exitCode
        case .failed, .running: throw ExitStatus.failed.exitCode
        }
      } catch let failure as RunFailure {
        FileHandleStderr.write(failure.description + "\n")
        switch failure {
        case .spec: throw ExitStatus.specError.exitCode
        case .data: throw ExitStatus.dataError.exitCode
        case .runtime: throw ExitStatus.failed.exitCode
        }
      }
    }
  }
}

/// `--progress` values.
enum ProgressStyleArgument: String, ExpressibleByArgument, CaseIterable {
  case auto, bar, lines, none
  var style: ProgressStyle { ProgressStyle(rawValue: rawValue)! }
}
