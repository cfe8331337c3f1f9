import ArgumentParser
import Foundation
import Reporting
import Runner

extension OptimRun {
  /// `optim-run compare RUN_DIR RUN_DIR ...`: spec differences and metrics of runs side by side.
  struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare run folders: where their specs differ, and their final and best metrics.",
      discussion: """
        Prints the spec paths whose values differ between the runs' spec.yaml files (— where a run \
        has none), then every metric any run logged: final (the last row of metrics.csv) and best \
        (summary.json's best epoch), one column per run, named by its folder. --json prints one \
        JSON object instead; --plot FILE.svg draws each metric's curves of every run, one panel \
        per metric.

        Exit status: 0; 1 when the plot cannot be written; 2 when a folder is not a run folder \
        (run.json and spec.yaml) or fewer than two are given.
        """)

    @Argument(help: "The run folders (two or more).", completion: .directory)
    var runFolders: [String] = []

    @Flag(help: "Print one JSON object (runs, differences, metrics) instead of the tables.")
    var json = false

    @Option(
      help: ArgumentHelp("Also draw every run's metric curves into this SVG file.", valueName: "file.svg"),
      completion: .file(extensions: ["svg"]))
    var plot: String?

    func validate() throws {
      if runFolders.count < 2 {
        throw ValidationError("compare needs two or more run folders, got \(runFolders.count)")
      }
      if plot?.isEmpty == true { throw ValidationError("--plot needs a file path") }
    }

    func run() throws {
      let comparison: RunComparison
      do {
        comparison = try compareRuns(runFolders)
      } catch {
        FileHandleStderr.write("optim-run: \(error.description)\n")
        throw ExitStatus.specError.exitCode
      }
      Stdout.write(json ? comparison.json.compact + "\n" : comparison.text())
      if let plot {
        do {
          try comparison.writePlot(to: plot)
        } catch {
          FileHandleStderr.write("optim-run: \(error.description)\n")
          throw ExitStatus.failed.exitCode
        }
      }
    }
  }
}
