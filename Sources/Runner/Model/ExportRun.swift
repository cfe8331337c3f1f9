import Foundation
import Reporting
import Tensors

/// The formats `optim-run export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
  /// ONNX (opset 17), for onnxruntime and the tools that read it.
  case onnx
}

/// What `optim-run export` wrote.
public struct ExportReport: Sendable {
  public var output: URL
  public var checkpoint: URL
  public var bytes: Int
  /// What the exported graph includes of the run's preprocessing, and what the caller must still do.
  public var preprocessingNote: String
}

/// Writes a run's model with the chosen weights as ONNX (`optim-run export RUN_DIR --format onnx`).
///
/// The graph's input is one raw example of the run's data (`input`, `[batch] + shape`, float32,
/// NHWC for images); `rescale` and `standardize` are folded in as Mul, Sub and Div nodes, so raw
/// values go in as they go into `optim-run predict`. Text vectorization is not an ONNX operator
/// set optim-run can rely on: text models take the count (or binary) vectors, built with the run's
/// `vocabulary.txt`.
public func exportRun(
  at path: String, format: ExportFormat = .onnx, output: String, checkpoint: CheckpointChoice = .final
) throws(RunFailure) -> ExportReport {
  let model = try TrainedModel.open(path: path, checkpoint: checkpoint, operation: "export")
  let graph = try model.makeGraph(maxBatchSize: 1)
  let statistics = model.fitted.statistics
  let preprocessing = ONNXPreprocessing(
    rescale: model.fitted.rescale, mean: statistics?.mean, std: statistics?.std)
  let bytes: [UInt8]
  do {
    bytes = try ONNXExport.encode(
      graph: graph, preprocessing: preprocessing, modelName: model.loaded.spec.name, producerVersion: toolVersion)
  } catch {
    throw .runtime("cannot export \(model.folder.url.path): \(error)")
  }
  let url = URL(fileURLWithPath: output)
  do {
    try AtomicFile.write(bytes, to: url)
  } catch {
    throw .runtime("cannot write \(output): \(error)")
  }
  var folded: [String] = []
  if model.fitted.rescale != nil { folded.append("rescale") }
  if statistics != nil { folded.append("standardize") }
  var note = folded.isEmpty ? "no preprocessing to fold in" : "folded in: " + folded.joined(separator: ", ")
  if let text = model.record.text {
    let vocabulary = model.folder.file("vocabulary.txt").path
    note +=
      text.vectorizer == "sequence"
      ? "; the input is the token ids (line numbers in \(vocabulary))"
      : "; the input is the bag-of-words vector over \(vocabulary)"
  }
  return ExportReport(output: url, checkpoint: model.checkpoint, bytes: bytes.count, preprocessingNote: note)
}
