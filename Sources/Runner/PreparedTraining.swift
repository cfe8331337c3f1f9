import Datasets
import Foundation
import NN
import Optimizers
import Reporting
import Spec
import Tensors
import Training
import YAML

/// Everything a training run needs, built and checked from the spec before any file is written.
struct PreparedTraining {
  let dataset: Dataset
  let train: Split
  let validation: Split?
  let graph: Graph
  let loss: Loss
  let metrics: [() -> any Metric]
  let optimizer: Optimizer
  /// The source rows of each split, validation included.
  let rows: SplitRows
  /// `train_tail` or `test` (see `ModelFile.SplitsRecord`), nil without validation.
  let validationOrigin: String?
}

/// For an error about a file whose path was written relative: where it was looked for, and how to
/// change that (`--data-root`), since a path that works from one folder fails from another.
func relativePathNote(_ error: any Error, _ paths: [ResolvedDataPath]) -> String {
  guard let error = error as? DataError,
    let path = paths.first(where: { $0.folder != nil && error.path.hasPrefix($0.resolved) }),
    let folder = path.folder, let reason = path.folderReason
  else { return "" }
  return " (\(path.keyPath) '\(path.written)' is relative, so it was resolved against \(reason), \(folder); "
    + "write it relative to that folder, or give --data-root DIR)"
}

/// Loads the data and builds graph, loss, metrics and optimizer, checking that they fit together.
func prepareTraining(_ loaded: LoadedSpec, seed: UInt64, fitted: FittedPreprocessing? = nil) throws(RunFailure)
  -> PreparedTraining
{
  let spec = loaded.spec
  guard let dataSpec = spec.data, let model = spec.model, let lossSpec = spec.loss else {
    throw .runtime("a training spec needs data, model and loss")  // the spec layer checks this first
  }
  var dataset: Dataset
  do {
    var configuration = DataBuilder.configuration(dataSpec, seed: seed)
    configuration.fitted = fitted
    dataset = try Dataset.load(configuration)
  } catch {
    throw .data("\(error)" + relativePathNote(error, loaded.dataPaths))
  }

  // Errors about values name the files they came from (one or two, e.g. x.npy and y.npy).
  let paths = dataset.files.map(\.path)
  let fromFiles = paths.isEmpty ? "" : " (from \(paths.joined(separator: ", ")))"
  for (name, tensor) in [("inputs", dataset.train.x), ("targets", dataset.train.y)]
    + (dataset.test.map { [("test inputs", $0.x), ("test targets", $0.y)] } ?? [])
  {
    if let i = tensor.buffer.firstIndex(where: { !$0.isFinite }) {
      let row = i / max(1, tensor.count / max(1, tensor.shape[0]))
      throw .data(
        "the \(dataSpec.type) \(name)\(fromFiles) hold a non-finite value (\(tensor.buffer[i])) in example \(row); "
          + "clean the data first")
    }
  }
  let inputShape = model.input.map(Shape.init) ?? dataset.inputShape
  if inputShape != dataset.inputShape {
    throw .data(
      "the data's examples have shape \(dataset.inputShape) but model.input is \(inputShape); "
        + "give model.input the data's shape and add a reshape layer")
  }
  let graph: Graph
  let loss: Loss
  let metrics: [() -> any Metric]
  let optimizer: Optimizer
  do {
    graph = try ModelBuilder.makeGraph(model, inputShape: inputShape, seed: seed, source: loaded.source)
    loss = try ModelBuilder.makeLoss(lossSpec, source: loaded.source)
    optimizer = try OptimizerBuilder.make(optimizer: spec.optimizer, schedule: spec.schedule, source: loaded.source)
  } catch {
    throw .spec(error)
  }

  // Keras squeezes one-value targets: labels `[N]` against predictions `[N, 1]`.
  let output = graph.outputShape
  let targetShape = ModelBuilder.adaptedTargetShape(dataset.targetShape, predictionShape: output, loss: loss)
  var train = Split(x: dataset.train.x, y: ModelBuilder.adaptTargets(dataset.train.y, predictionShape: output, loss: loss))
  let test = dataset.test.map {
    Split(x: $0.x, y: ModelBuilder.adaptTargets($0.y, predictionShape: output, loss: loss))
  }
  do {
    try ModelBuilder.checkLoss(
      loss, at: lossSpec, predictionShape: output, targetShape: targetShape, source: loaded.source)
    metrics = try ModelBuilder.makeMetrics(
      spec.metrics, loss: loss, predictionShape: output, targetShape: targetShape, source: loaded.source)
  } catch {
    throw .spec(error)
  }
  if spec.train.classWeight != nil, targetShape.rank > 1 {
    // As Keras: "class_weight not supported for 3+ dimensional targets".
    throw .spec(
      DiagnosticList([
        Diagnostic(
          at: nil,
          "train.class_weight needs one class per example (integer labels or one-hot rows); these targets have shape \(targetShape) per example",
          keyPath: "train.class_weight")
      ]))
  }
  do {
    if loss.kind == .sparseCategoricalCrossentropy, let classes = output.dims.last {
      try Loss.checkSparseLabels(train.y, classes: classes)
      if let test { try Loss.checkSparseLabels(test.y, classes: classes) }
    }
  } catch {
    throw .data("\(dataSpec.type) labels\(fromFiles) do not fit the model's \(output.dims.last ?? 0) classes: \(error)")
  }
  dataset.train = train
  dataset.test = test

  let validation: Split?
  var rows = dataset.rows
  var validationOrigin: String?
  switch spec.train.validation {
  case .none:
    validation = nil
  case .test:
    guard let test else {
      throw .data("train.validation is `test` but the \(dataSpec.type) data has no test split; set data.test_split")
    }
    validation = test
    rows.validation = rows.test
    validationOrigin = "test"
  case .fraction(let f):
    do {
      let parts = try train.validationSplit(f)
      train = parts.train
      validation = parts.validation
      rows.validation = Array(rows.train[parts.train.count...])
      rows.train = Array(rows.train[..<parts.train.count])
      validationOrigin = "train_tail"
    } catch {
      throw .data("\(error)")
    }
  }
  try checkTrainingMemory(graph, batchSize: spec.train.batchSize, largestSplit: max(train.count, validation?.count ?? 0))
  return PreparedTraining(
    dataset: dataset, train: train, validation: validation, graph: graph, loss: loss, metrics: metrics,
    optimizer: optimizer, rows: rows, validationOrigin: validationOrigin)
}

/// Refuses a model whose buffers at this batch size cannot fit in memory, before allocating them.
///
/// Counts the layers' outputs for one batch, and the parameters with their gradients: training
/// allocates at least that (plus gradients of the outputs and optimizer slots), so a refusal is
/// certain and a run that fits is never refused.
func checkTrainingMemory(_ graph: Graph, batchSize: Int, largestSplit: Int) throws(RunFailure) {
  let batch = max(1, min(batchSize, largestSplit))
  let summary = ModelSummary(graph: graph)
  let total = saturatingSum(summary.activationBytes(batchSize: batch), saturatingProduct(summary.parameterBytes, 2))
  guard let shortfall = MemoryBudget.shortfall(total, lowerBound: true) else { return }
  throw .spec(
    DiagnosticList([
      Diagnostic(
        at: nil,
        "training this model at batch size \(batch) (its layer outputs, parameters and their gradients) "
          + "\(shortfall); lower train.batch_size or the model's size",
        keyPath: "train.batch_size")
    ]))
}
