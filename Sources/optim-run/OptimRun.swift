import ArgumentParser
import Runner

/// The `optim-run` command line: runs experiment files and checks them.
@main
struct OptimRun: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "optim-run",
    abstract: "Train and compare models and optimizers described by YAML experiment files.",
    discussion: """
      optim-run SPEC.yaml runs an experiment and writes a run folder (runs/<name>/<time>-<hash>/). \
      Every key of the format is described in docs/spec.md.

      optim-run resume RUN_DIR continues a stopped run or sweep; optim-run trials and collect \
      split a sweep across processes and schedulers (docs/sweeps.md, docs/cluster.md). \
      optim-run evaluate, predict and export RUN_DIR use a trained run's model (docs/models.md); \
      optim-run runs lists run folders; optim-run compare RUN_DIR RUN_DIR ... compares them. \
      Scripts: --quiet prints only the run folder, --json prints JSON Lines events \
      (docs/scripting.md).

      \(ExitStatus.help)
      """,
    version: toolVersion,
    subcommands: [
      Run.self, Resume.self, Trials.self, Collect.self, Validate.self, Summary.self, Evaluate.self, Predict.self,
      Export.self, Runs.self, Compare.self, Schema.self, Completion.self,
    ],
    defaultSubcommand: Run.self
  )

  /// Every command name, for "did you mean" on a mistyped one (taken from the subcommands, so a
  /// new command is suggested without another list to keep).
  static let commandNames = configuration.subcommands.map { $0._commandName }
}
