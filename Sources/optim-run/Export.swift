import ArgumentParser
import Foundation
import Runner

extension OptimRun {
  /// `optim-run export RUN_DIR --format onnx --output model.onnx`.
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a trained run's model as ONNX.",
      discussion: """
        The ONNX model (opset 17) takes raw examples as optim-run predict does: input "input" of \
        shape [batch] + the data's example shape (float32, images NHWC), output "output". The run's \
        rescale and standardize are folded into the graph; a text model takes bag-of-words vectors \
        over the run's vocabulary.txt (tokenizing is left to the caller). See docs/models.md.

        Exit status: 0; 1 for a run folder that cannot be used or a file that cannot be written.
        """)

    @Argument(help: "The run folder.", completion: .directory)
    var runFolder: String

    @Option(help: "The format to write.")
    var format: ExportFormat = .onnx

    @Option(help: "The file to write (replaced atomically).", completion: .file())
    var output: String

    @Option(
      help: "Which weights: final, best (the spec's model_checkpoint with save_best_only), or a safetensors file.",
      completion: .file(extensions: ["safetensors"]))
    var checkpoint = "final"

    @Flag(help: "Print nothing on success.")
    var quiet = false

    func run() throws {
      let report = try exitingOnFailure(json: false) { () throws(RunFailure) in
        try exportRun(at: runFolder, format: format, output: output, checkpoint: CheckpointChoice(checkpoint))
      }
      if !quiet {
        FileHandleStderr.write(
          "optim-run: wrote \(report.output.path) (\(report.bytes) bytes, \(report.checkpoint.lastPathComponent); "
            + "\(report.preprocessingNote))\n")
      }
    }
  }
}

extension ExportFormat: ExpressibleByArgument {}
