import ArgumentParser
import Spec

extension OptimRun {
  /// `optim-run schema`: prints the JSON Schema of experiment files, for editors.
  struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the JSON Schema of experiment files (for editor completion and checking).",
      discussion: """
        Prints a JSON Schema (draft 2020-12) of the experiment file format, generated from the same \
        tables that validate specs: every key with its kind, range, default and description, and \
        each type of layer, optimizer, schedule, callback, data set, loss, metric and initializer. \
        docs/optim-run.schema.json is this output.

        Save it with optim-run schema > optim-run.schema.json and point the editor's YAML language \
        server at it, e.g. with a first line # yaml-language-server: $schema=optim-run.schema.json. \
        Checks across several keys (layer inputs, sweep settings) are made by optim-run validate only.
        """)

    func run() throws {
      print(JSONSchemaGenerator.text(), terminator: "")
    }
  }
}
