import ArgumentParser
import Foundation
import Reporting
import Runner
import Spec
import YAML

extension OptimRun {
  /// `optim-run trials SPEC`: lists a sweep's trials, one line each, for scripts and schedulers.
  struct Trials: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List a sweep's trials: index, then path=value for every swept path (tab-separated).",
      discussion: """
        One line per trial on stdout: its 0-based index (what --trial takes), then path=value for \
        each swept path, values in YAML flow style (and seed=N when configurations repeat). \
        `optim-run trials SPEC | wc -l` is the trial count for a job array. --json prints one \
        object per line with the trial's configuration, seed, values and spec hash. Successive \
        halving sweeps also print their rungs on stderr; --rungs prints them alone on stdout, one \
        line each (rung, epochs, configurations): `optim-run trials SPEC --rungs | wc -l` is the \
        number of job arrays a scheduler runs one after the other.

        Exit status: 0; 2 on a spec error or a spec without a sweep.
        """)

    @Argument(help: "The experiment file (YAML) with a sweep section.", completion: .spec)
    var spec: String

    @Option(
      name: .customLong("set"),
      help: ArgumentHelp("Override a key first; the value is parsed as YAML (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @OptionGroup var dataRoot: DataRootOption

    @Flag(help: "Print JSON Lines: trial, configuration, seed, assignments, spec_hash.")
    var json = false

    @Flag(
      help: "Print the successive-halving rungs instead, one line each: rung, epochs, configurations (a sweep without halving has one).")
    var rungs = false

    func run() throws {
      let trials: [SweepTrial]
      let sweep: SweepSpec
      let loadedEpochs: Int
      do {
        let loaded = try loadSpec(path: spec, overrides: overrides, dataRoot: dataRoot.directory)
        loadedEpochs = loaded.spec.train.epochs
        guard let s = loaded.spec.sweep else {
          FileHandleStderr.write("optim-run: \(spec) has no sweep section: it is a single run\n")
          throw ExitStatus.specError.exitCode
        }
        sweep = s
        trials = try loaded.sweepTrials()
      } catch let error as DiagnosticList {
        FileHandleStderr.write(error.rendered + "\n")
        throw ExitStatus.specError.exitCode
      }
      let configurations = (trials.map(\.configuration).max() ?? -1) + 1
      if rungs {
        let plan =
          sweep.halving == nil
          ? [(epochs: loadedEpochs, survivors: configurations)] : sweep.halvingRungs(configurations: configurations)
        Stdout.write(plan.enumerated().map { "\($0.offset)\t\($0.element.epochs)\t\($0.element.survivors)\n" }.joined())
        return
      }
      var out = ""
      for trial in trials {
        if json {
          out += JSONValue.object([
            "trial": .int(trial.index), "configuration": .int(trial.configuration), "seed": .int(trial.seed),
            "assignments": SweepLeaderboard.jsonAssignments(trial.assignments), "spec_hash": .string(trial.hash),
          ]).compact + "\n"
        } else {
          var fields = [String(trial.index)] + trial.assignments.map { "\($0.path)=\($0.values[0].description)" }
          if sweep.repeats > 1 { fields.append("seed=\(trial.seed)") }
          out += fields.joined(separator: "\t") + "\n"
        }
        if out.utf8.count > 1 << 16 {
          Stdout.write(out)
          out = ""
        }
      }
      Stdout.write(out)
      if let halving = sweep.halving {
        let rungs = sweep.halvingRungs(configurations: configurations)
        let text = rungs.enumerated().map { "rung \($0.offset): \($0.element.survivors) × \($0.element.epochs) epochs" }
        FileHandleStderr.write(
          "optim-run: successive halving, eta \(halving.eta): " + text.joined(separator: "; ") + "\n")
      }
    }
  }
}
