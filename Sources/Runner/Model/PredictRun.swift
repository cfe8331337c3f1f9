import Datasets
import Foundation
import NN
import Reporting
import Tensors

/// What `optim-run predict` wrote.
public struct PredictionReport: Sendable {
  /// Examples predicted.
  public var examples: Int
  /// The file written.
  public var output: URL
  /// The weights used.
  public var checkpoint: URL
  /// Wall time of the forward passes alone (reading, preprocessing and writing excluded).
  public var forwardSeconds: Double
}

/// Keras's `model.predict` on a run folder (`optim-run predict RUN_DIR --input F --output F`):
/// reads raw inputs, applies the run's fitted preprocessing, runs the forward pass in inference
/// mode (no gradient buffers, no run folder) in batches, and writes the outputs as `.npy` (shape
/// `[N] + output shape`) or `.csv`. Memory is checked first, as for training.
public func predictRun(
  at path: String, input: String, output: String, batchSize: Int = 32, checkpoint: CheckpointChoice = .final
) throws(RunFailure) -> PredictionReport {
  let format = URL(fileURLWithPath: output).pathExtension.lowercased()
  guard format == "npy" || format == "csv" else {
    throw .runtime("\(output): expected an output file ending in .npy or .csv")
  }
  let model = try TrainedModel.open(path: path, checkpoint: checkpoint, operation: "predict")
  let x = try PredictionInput.open(input, record: model.record, fitted: model.fitted)
  let n = x.count
  let batch = max(1, min(batchSize, n))
  let outputShape = Shape(model.record.output.shape)
  if let shortfall = MemoryBudget.shortfall(MemoryBudget.float32Bytes(n, outputShape)) {
    throw .runtime("the predictions for \(n) examples \(shortfall)")
  }
  let graph = try model.makeGraph(maxBatchSize: batch)
  let predictions = Tensor(zeros: outputShape.batched(n))
  // One batch of inputs at a time: read, checked, preprocessed in place, then forward.
  let inputs = Tensor(zeros: Shape(model.record.input.shape).batched(batch))
  var seconds = 0.0
  var row = 0
  while row < n {
    let length = min(batch, n - row)
    let xb = length == batch ? inputs : inputs.batchView(start: 0, length: length)
    try x.read(rows: row..<(row + length), into: xb)
    do {
      try model.fitted.applyToInputs(xb, path: input)
    } catch {
      throw .data("\(error)")
    }
    let start = Date()
    let y = graph.forward(xb, training: false)
    if let problem = graph.inputProblem { throw .data("\(input): \(problem) (rows from \(row))") }
    predictions.batchView(start: row, length: length).copy(from: y)
    seconds += Date().timeIntervalSince(start)
    row += length
  }
  let url = URL(fileURLWithPath: output)
  do {
    if format == "npy" {
      try AtomicFile.write(NumPyWriter.npy(predictions), to: url)
    } else {
      try AtomicFile.write(try PredictionCSV.render(predictions, record: model.record), to: url)
    }
  } catch let failure as RunFailure {
    throw failure
  } catch {
    throw .runtime("cannot write \(output): \(error)")
  }
  return PredictionReport(examples: n, output: url, checkpoint: model.checkpoint, forwardSeconds: seconds)
}

/// Predictions as a CSV table: for classifiers the class and one probability column per class, for
/// one sigmoid output the probability and the class, otherwise one column per output value.
enum PredictionCSV {
  static func render(_ predictions: Tensor, record: ModelFile) throws(RunFailure) -> String {
    let shape = Shape(record.output.shape)
    guard shape.rank == 1 else {
      throw .runtime("outputs of shape \(shape) per example do not fit in CSV columns; write .npy instead")
    }
    let width = shape[0]
    let n = predictions.shape[0]
    let p = predictions.buffer
    func number(_ v: Float) -> String { String(format: "%.9g", Double(v)) }
    var lines: [String] = []
    lines.reserveCapacity(n + 1)
    if let classes = record.classes, classes == width, width > 1, record.outputActivation == "softmax" {
      let names = record.classNames ?? (0..<classes).map(String.init)
      lines.append((["class"] + (record.classNames == nil ? [] : ["class_name"]) + names.map { "p_" + $0 }).map(csvField).joined(separator: ","))
      for i in 0..<n {
        var best = 0
        for j in 1..<width where p[i * width + j] > p[i * width + best] { best = j }
        var fields = [String(best)]
        if let classNames = record.classNames { fields.append(csvField(classNames[best])) }
        for j in 0..<width { fields.append(number(p[i * width + j])) }
        lines.append(fields.joined(separator: ","))
      }
    } else if width == 1, record.outputActivation == "sigmoid" {
      lines.append("probability,class")
      for i in 0..<n { lines.append("\(number(p[i])),\(p[i] >= 0.5 ? 1 : 0)") }
    } else {
      let names =
        width == 1 ? [record.csv?.target ?? "prediction"] : (0..<width).map { "output_\($0)" }
      lines.append(names.map(csvField).joined(separator: ","))
      for i in 0..<n { lines.append((0..<width).map { number(p[i * width + $0]) }.joined(separator: ",")) }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// RFC 4180 quoting for fields with separators, quotes or line breaks.
  static func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
