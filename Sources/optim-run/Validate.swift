import ArgumentParser
import Runner
import Spec
import YAML

extension OptimRun {
  /// `optim-run validate SPEC...`: checks experiment files and reports every problem at once.
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check experiment files without running them.",
      discussion: """
        Every problem in a file is reported at once, sorted by position, as \
        FILE:LINE:COL: error: MESSAGE followed by the source line and a caret.

        Exit status: 0 when every file is valid, 1 when any is not, 2 on a usage error.
        """)

    /// How diagnostics are printed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
      case text, json
    }

    @Argument(help: "Experiment files (YAML) to check.", completion: .spec)
    var specs: [String] = []

    @Option(
      name: .customLong("set"),
      help: ArgumentHelp(
        "Override a key before validation; the value is parsed as YAML (repeatable). "
          + "Example: --set optimizer.learning_rate=0.01 --set 'optimizer={type: sgd, momentum: 0.9}'",
        valueName: "key.path=value"))
    var overrides: [String] = []

    @OptionGroup var dataRoot: DataRootOption

    @Option(help: "How to print diagnostics: text (to stderr) or json (one object per line, to stdout).")
    var format: Format = .text

    @Flag(
      name: .customLong("print"), help: "Print each resolved spec (every default filled, overrides applied).")
    var printResolved = false

    @Flag(help: "Print the SHA-256 of each spec's canonical form.")
    var printHash = false

    func validate() throws {
      if specs.isEmpty { throw ValidationError("give at least one experiment file") }
    }

    func run() throws {
      var allValid = true
      for path in specs {
        do {
          let loaded = try loadSpec(path: path, overrides: overrides, dataRoot: dataRoot.directory)
          try checkExperiment(loaded)
          for warning in experimentWarnings(loaded) {
            switch format {
            case .text: FileHandleStderr.write(warning.rendered + "\n")
            case .json: print(DiagnosticJSON.line(warning))
            }
          }
          if printResolved { print(loaded.resolvedYAML, terminator: "") }
          if printHash { print("\(loaded.hash)  \(path)") }
        } catch {
          allValid = false
          switch format {
          case .text: FileHandleStderr.write(error.rendered + "\n")
          case .json: for d in error.diagnostics { print(DiagnosticJSON.line(d)) }
          }
        }
      }
      if !allValid { throw ExitCode(1) }
    }
  }
}
