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

      Exit status: 0 completed (early stopping included), 1 failed at run time, 2 spec or usage \
      error, 3 data error, 4 diverged (NaN/Inf stopped the run), 130 interrupted (SIGINT/SIGTERM).
      """,
    subcommands: [Run.self, Validate.self, Summary.self],
    defaultSubcommand: Run.self
  )
}
