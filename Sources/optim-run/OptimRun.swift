import ArgumentParser

/// The `optim-run` command line: runs experiment files and checks them.
@main
struct OptimRun: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "optim-run",
    abstract: "Train and compare models and optimizers described by YAML experiment files.",
    subcommands: [Run.self, Validate.self, Summary.self],
    defaultSubcommand: Run.self
  )
}

extension OptimRun {
  /// `optim-run SPEC.yaml`: runs one experiment.
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run an experiment file.")

    @Argument(help: "The experiment file (YAML).")
    var spec: String

    func run() throws {
      FileHandleStderr.write("optim-run: training is not available yet in this build\n")
      throw ExitCode(1)
    }
  }
}
