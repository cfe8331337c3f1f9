import ArgumentParser

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
      Scripts: --quiet prints only the run folder, --json prints JSON Lines events \
      (docs/scripting.md).

      \(ExitStatus.help)
      """,
    subcommands: [
      Run.self, Resume.self, Trials.self, Collect.self, Validate.self, Summary.self, Evaluate.self, Predict.self, Export.self,
    ],
    defaultSubcommand: Run.self
  )
}
