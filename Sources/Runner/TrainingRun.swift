import Datasets
import Foundation
import NN
import Optimizers
import Reporting
import Spec
import Tensors
import Training
import YAML

/// The version written into `run.json`.
public let toolVersion = "0.1.0"

/// How a training or objective run ended.
public struct RunOutcome: Sendable {
  /// The run folder.
  public var folder: URL
  public var status: RunStatus
  /// `epochs_completed`, `early_stopping`, `nan_loss`, `interrupted`, ...
  public var exitReason: String
  /// The last epoch's logs (training runs).
  public var finalLogs: Logs
}

/// Everything a training run needs, built and checked from the spec before any file is written.
struct PreparedTraining {
  let dataset: Dataset
  let train: Split
  let validation: Split?
  let graph: Graph
  let loss: Loss
  let metrics: [() -> any Metric]
  let optimizer: Optimizer
}

/// Runs a training spec end to end: builds everything (checking every shape first), creates the
/// run folder, trains with the spec's callbacks, and records each epoch.
public func runTraining(_ loaded: LoadedSpec, options: RunOptions) throws(RunFailure) -> RunOutcome {
  let spec = loaded.spec
  let seed = UInt64(bitPattern: Int64(spec.seed))
  let prepared = try prepareTraining(loaded, seed: seed)
  let logged = SweepTrialCheck.loggedNames(spec)
  // Check the callbacks before anything is written: a bad one must not leave a folder saying `running`.
  do {
    _ = try CallbackBuilder.make(
      spec.callbacks, optimizer: prepared.optimizer, runFolder: URL(fileURLWithPath: "/nonexistent"),
      logged: logged, source: loaded.source)
  } catch {
    throw .spec(error)
  }

  let start = Date()
  let folder = try makeRunFolder(loaded, options: options, start: start)
  options.note("run folder: \(folder.url.path)")

  let callbackSpecs = spec.callbacks
  let history = callbackSpecs.first { $0.type == "lr_history" }
  let everyStep = history.map { $0.string("every") == "step" } ?? false
  let perParameter = history?.bool("per_parameter") ?? false
  let manifest = RunManifest(
    name: spec.name, specHash: loaded.hash, seed: seed, toolVersion: toolVersion,
    commandLine: options.commandLine, overrides: options.overrides, startTime: start, threads: parallelWorkerCount, blasCore: BLASThreads.coreName,
    datasets: prepared.dataset.files.map { DatasetFile(path: $0.path, sizeBytes: $0.bytes) })
  let recorder: TrainingRunRecorder
  do {
    let expected = prepared.validation == nil ? [] : (["loss"] + spec.metrics.map(\.type)).map { "val_" + $0 }
    recorder = try TrainingRunRecorder(
      folder: folder, manifest: manifest, resolvedSpec: loaded.resolvedYAML, expectedMetrics: expected,
      perParameterLearningRates: perParameter)
    if let vocabulary = prepared.dataset.vocabulary {
      try AtomicFile.write(vocabulary.joined(separator: "\n") + "\n", to: folder.file("vocabulary.txt"))
    }
  } catch {
    throw .runtime("cannot write the run folder \(folder.url.path): \(error)")
  }

  let configuration = TrainingConfiguration(
    epochs: spec.train.epochs, batchSize: spec.train.batchSize, shuffle: spec.train.shuffle,
    stepsPerEpoch: spec.train.stepsPerEpoch, initialEpoch: spec.train.initialEpoch,
    classWeight: spec.train.classWeight.map { $0.mapValues(Float.init) }, seed: seed)
  let trainer = Trainer(
    graph: prepared.graph, loss: prepared.loss, metrics: prepared.metrics, optimizer: prepared.optimizer,
    train: prepared.train, validation: prepared.validation, configuration: configuration,
    checkpointWriter: { name, parameters in
      try recorder.saveCheckpoint(named: name, parameters: parameters, metadata: ["spec_hash": loaded.hash])
    })
  let recording = RecordingCallback(
    recorder: recorder, optimizer: prepared.optimizer, parameters: prepared.graph.trainableParameters,
    learningRateEveryStep: everyStep, perParameter: perParameter)
  let specCallbacks: [Callback]
  do {
    specCallbacks = try CallbackBuilder.make(
      callbackSpecs, optimizer: prepared.optimizer, runFolder: folder.url, logged: logged, source: loaded.source)
  } catch {
    throw .spec(error)
  }
  let callbacks =
    specCallbacks + [recording] + options.extraCallbacks(configuration.epochs, trainer.stepsPerEpoch)

  let result = trainer.fit(callbacks: callbacks)

  var status: RunStatus
  switch result.outcome {
  case .completed: status = .completed
  case .diverged: status = .diverged
  case .interrupted: status = .interrupted
  }
  var reason = result.stopReason
  let callbackFailure = specCallbacks.lazy.compactMap {
    ($0 as? TensorBoardCallback)?.failure ?? ($0 as? ModelCheckpoint)?.failure
  }.first
  if let failure = recording.failure ?? callbackFailure {
    status = .failed
    reason = "write failed: \(failure)"
  }
  do {
    try recorder.saveCheckpoint(
      named: "final.safetensors", parameters: prepared.graph.parameters, metadata: ["spec_hash": loaded.hash])
    let monitor = prepared.validation == nil ? "loss" : "val_loss"
    var summary = TrainingSummary(
      history: result.history, monitor: monitor, rule: .min, stopReason: reason,
      wallTimeSeconds: Date().timeIntervalSince(start), steps: result.steps)
    // The history starts at `initial_epoch`; summary.json names epochs as metrics.csv does.
    summary.bestEpoch = summary.bestEpoch.map { $0 + spec.train.initialEpoch }
    try recorder.finish(status: status, exitReason: reason, summary: summary, endTime: Date())
  } catch {
    throw .runtime("cannot finish the run folder \(folder.url.path): \(error)")
  }
  return RunOutcome(folder: folder.url, status: status, exitReason: reason, finalLogs: result.history.last ?? [:])
}

/// Loads the data and builds graph, loss, metrics and optimizer, checking that they fit together.
func prepareTraining(_ loaded: LoadedSpec, seed: UInt64) throws(RunFailure) -> PreparedTraining {
  let spec = loaded.spec
  guard let dataSpec = spec.data, let model = spec.model, let lossSpec = spec.loss else {
    throw .runtime("a training spec needs data, model and loss")  // the spec layer checks this first
  }
  var dataset: Dataset
  do {
    dataset = try Dataset.load(DataBuilder.configuration(dataSpec, seed: seed))
  } catch {
    throw .data("\(error)")
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
  switch spec.train.validation {
  case .none:
    validation = nil
  case .test:
    guard let test else {
      throw .data("train.validation is `test` but the \(dataSpec.type) data has no test split; set data.test_split")
    }
    validation = test
  case .fraction(let f):
    do {
      let parts = try train.validationSplit(f)
      train = parts.train
      validation = parts.validation
    } catch {
      throw .data("\(error)")
    }
  }
  try checkTrainingMemory(graph, batchSize: spec.train.batchSize, largestSplit: max(train.count, validation?.count ?? 0))
  return PreparedTraining(
    dataset: dataset, train: train, validation: validation, graph: graph, loss: loss, metrics: metrics,
    optimizer: optimizer)
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
        "training this model at batch size \(batch) \(shortfall) (layer outputs, parameters and their "
          + "gradients); lower train.batch_size or the model's size",
        keyPath: "train.batch_size")
    ]))
}
