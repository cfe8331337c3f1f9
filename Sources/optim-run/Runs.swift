import ArgumentParser
import Foundation
import Reporting
import Runner

extension OptimRun {
  /// `optim-run runs [DIR ...]`: every run and sweep folder under some folders, newest first.
  struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the run and sweep folders under folders (default: runs), newest first.",
      discussion: """
        A run folder is one with run.json, a sweep folder one with sweep.yaml (listed once, with \
        its trials done and its best trial). Per entry: name, start time (UTC), status, spec hash, \
        epochs done, best metric (summary.json's monitor at the best epoch) and folder. A run whose \
        run.json says running but whose process is gone (killed) is shown as dead; a run.json that \
        cannot be read is listed as unreadable, with a warning on stderr. --json prints one JSON \
        object per line instead.

        --where KEY=VALUE keeps entries that match (repeatable, all must match): name, status, \
        hash (a prefix), or a spec path compared with the folder's spec.yaml (sweep.yaml for a \
        sweep), VALUE parsed as YAML: --where optimizer.type=adam --where optimizer.learning_rate=1e-3.

        Exit status: 0; 2 when a DIR is not a folder or a --where is malformed.
        """)

    @Argument(help: "Folders to search (recursively).", completion: .directory)
    var folders: [String] = ["runs"]

    @Flag(help: "Print one JSON object per line (JSON Lines).")
    var json = false

    @Option(
      name: .customLong("where"),
      help: ArgumentHelp(
        "Keep entries where KEY (name, status, hash, or a spec path) is VALUE (repeatable).",
        valueName: "key=value"))
    var conditions: [String] = []

    func run() throws {
      let catalog: RunCatalog
      do {
        catalog = try listRuns(in: folders, where: conditions.map(RunFilter.init))
      } catch {
        FileHandleStderr.write("optim-run: \(error.description)\n")
        throw ExitStatus.specError.exitCode
      }
      for warning in catalog.warnings { FileHandleStderr.write("optim-run: warning: \(warning)\n") }
      if json {
        Stdout.write(catalog.entries.map { $0.json.compact + "\n" }.joined())
      } else if !catalog.entries.isEmpty {
        Stdout.write(catalog.table())
      }
    }
  }
}
