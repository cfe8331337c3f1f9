import ArgumentParser
import Foundation
import Reporting
import Runner

extension OptimRun {
  /// `optim-run predict RUN_DIR --input F --output F`: Keras's `model.predict` on a finished run.
  struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Apply a trained run's model to new raw inputs and write its outputs.",
      discussion: """
        Inputs are raw examples as the run's data gave them, before preprocessing (the run's \
        rescale and standardize statistics are applied): .npy, .npz (array x, or the only array), \
        .csv with the run's feature columns (other columns are ignored), or .txt with one text per \
        line for text runs.

        Outputs: .npy of shape [N] + the model's output shape (float32), or .csv: for a softmax \
        classifier the class, its name when the data set has names, and one p_<class> column per \
        class; for one sigmoid output the probability and the class (p >= 0.5); otherwise one \
        column per output value. Only the forward pass runs: no gradient buffers, no run folder.

        Exit status: 0; 1 for a run folder that cannot be used or an output that cannot be \
        written; 3 for inputs that do not fit the model.
        """)

    @Argument(help: "The run folder.", completion: .directory)
    var runFolder: String

    @Option(help: "The inputs: .npy, .npz, .csv or .txt.", completion: .file(extensions: ["npy", "npz", "csv", "txt"]))
    var input: String

    @Option(help: "Where to write the outputs: .npy or .csv (replaced atomically).", completion: .file())
    var output: String

    @Option(help: "Examples per forward pass (Keras's predict default: 32).")
    var batchSize = 32

    @Option(
      help: "Which weights: final, best (the spec's model_checkpoint with save_best_only), or a safetensors file.",
      completion: .file(extensions: ["safetensors"]))
    var checkpoint = "final"

    @Flag(help: "Print nothing on success.")
    var quiet = false

    func validate() throws {
      if batchSize < 1 || batchSize > Int(Int32.max) {
        throw ValidationError("--batch-size must be from 1 to \(Int32.max), got \(batchSize)")
      }
    }

    func run() throws {
      let report = try exitingOnFailure(json: false) { () throws(RunFailure) in
        try predictRun(
          at: runFolder, input: input, output: output, batchSize: batchSize, checkpoint: CheckpointChoice(checkpoint))
      }
      if !quiet {
        let rate = report.forwardSeconds > 0 ? Double(report.examples) / report.forwardSeconds : 0
        FileHandleStderr.write(
          "optim-run: \(report.examples) predictions in \(report.output.path) "
            + "(\(report.checkpoint.lastPathComponent), \(Int(rate.rounded())) examples/s)\n")
      }
    }
  }
}
