import ArgumentParser
import Foundation
import Reporting
import Runner

extension OptimRun {
  /// `optim-run evaluate RUN_DIR`: Keras's `model.evaluate` on a finished run.
  struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Score a trained run's weights on a split of its data, or on other data.",
      discussion: """
        Loads the run folder's spec.yaml, model.json and a checkpoint, reads the data as the run \
        did (same seed, same splits, the preprocessing the run fitted) and prints the loss and \
        metrics on one split, in inference mode with the run's batch size: with the final \
        weights, --split validation reproduces metrics.csv's last val_ row.

        --set data.KEY=VALUE points at other data (e.g. --set data.x=new_x.npy --set data.y=new_y.npy); \
        it is preprocessed with the run's fitted values (rescale, standardize statistics, \
        vocabulary), and the whole of it is scored unless --split says otherwise.

        Default split: all with --set, else test when the run has a test split, else validation, \
        else train. Exit status: 0; 1 for a run folder that cannot be used (no model.json, no such \
        checkpoint); 2 for a bad --set; 3 for a data error.
        """)

    @Argument(help: "The run folder.", completion: .directory)
    var runFolder: String

    @Option(
      help: "Which weights: final, best (the spec's model_checkpoint with save_best_only), or a safetensors file.",
      completion: .file(extensions: ["safetensors"]))
    var checkpoint = "final"

    @Option(help: "Which examples: test, validation, train or all.")
    var split: EvaluationSplit?

    @Option(
      name: .customLong("set"),
      help: ArgumentHelp("Override a data key (repeatable), e.g. --set data.path=other.csv", valueName: "data.key=value"))
    var overrides: [String] = []

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
      let report = try exitingOnFailure(json: false) { () throws(RunFailure) in
        try evaluateRun(
          at: runFolder, checkpoint: CheckpointChoice(checkpoint), split: split, overrides: overrides)
      }
      if json {
        let object: JSONValue = .object([
          "run_folder": .string(report.folder.path), "checkpoint": .string(report.checkpoint.path),
          "split": .string(report.split.rawValue), "examples": .int(report.examples),
          "batch_size": .int(report.batchSize), "metrics": .numbers(report.metrics),
        ])
        Stdout.write(object.compact + "\n")
      } else {
        let scores = report.metrics.keys.sorted { ($0 == "loss" ? 0 : 1, $0) < ($1 == "loss" ? 0 : 1, $1) }
          .map { "\($0) \(PythonFloat.repr(report.metrics[$0]!))" }
        Stdout.write(
          "\(report.split.rawValue) (\(report.examples) examples, \(report.checkpoint.lastPathComponent)): "
            + scores.joined(separator: " - ") + "\n")
      }
    }
  }
}

extension EvaluationSplit: ExpressibleByArgument {}
