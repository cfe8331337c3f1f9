import Datasets
import NN
import Optimizers
import Tensors

/// How `Trainer.fit` iterates: Keras's `fit` arguments.
public struct TrainingConfiguration: Sendable {
  public var epochs: Int
  public var batchSize: Int
  public var shuffle: Bool
  /// At most this many batches per epoch (the first ones of the epoch's order); nil: all.
  public var stepsPerEpoch: Int?
  /// Per-class weights for the training loss, as Keras's `class_weight` (sparse or one-hot labels).
  public var classWeight: [Int: Float]?
  /// The experiment seed; shuffling draws from `shuffle/epoch-<e>` under it.
  public var seed: UInt64

  /// Creates a configuration.
  public init(
    epochs: Int, batchSize: Int, shuffle: Bool = true, stepsPerEpoch: Int? = nil,
    classWeight: [Int: Float]? = nil, seed: UInt64
  ) {
    precondition(epochs >= 1 && batchSize >= 1)
    self.epochs = epochs
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.stepsPerEpoch = stepsPerEpoch
    self.classWeight = classWeight
    self.seed = seed
  }

  /// The batch size training uses: a batch larger than the data is the whole data, so every
  /// buffer is sized by what a batch can hold (the larger of the training and validation sets).
  public static func effectiveBatchSize(_ batchSize: Int, trainCount: Int, validationCount: Int) -> Int {
    max(1, min(batchSize, max(trainCount, validationCount)))
  }
}

/// Why `fit` returned.
public enum TrainingOutcome: String, Sendable {
  /// Every epoch ran, or a callback (early stopping) ended training normally.
  case completed
  /// The loss became NaN or infinite.
  case diverged
  /// SIGINT or SIGTERM arrived.
  case interrupted
}

/// What `fit` returns: Keras's `History` plus how training ended.
public struct TrainingResult: Sendable {
  /// One entry per epoch run: `loss`, metrics, `val_*`, `lr`.
  public var history: [Logs]
  public var outcome: TrainingOutcome
  /// `epochs_completed`, `early_stopping`, `nan_loss`, `interrupted`, ...
  public var stopReason: String
  /// Optimizer steps taken in this call.
  public var steps: Int
}

/// When the trainer hands its state to `Trainer.stateWriter`.
public enum StateSavePoint: Sendable, Equatable {
  /// At the end of an epoch, after its callbacks.
  case epochEnd
  /// Every `N` steps within an epoch (`train.save_state: N`).
  case steps
  /// After the step during which a stop was requested (SIGTERM, SIGINT, SIGHUP).
  case interruption
}

/// The training loop: epochs × batches of forward → loss → backward → optimizer step → callbacks,
/// with Keras's bookkeeping (running means weighted by batch size, validation at each epoch end).
public final class Trainer: TrainingControl {
  public let graph: Graph
  public let loss: Loss
  public let optimizer: Optimizer
  /// The configuration, with the batch size capped at the larger of the training and validation sets.
  public let configuration: TrainingConfiguration
  private let metrics: [any Metric]
  private let validationMetrics: [any Metric]
  private let train: BatchIterator
  private let validation: BatchIterator?
  private let trainable: [Parameter]
  private let sampleWeights: Tensor?
  private let checkpointWriter: ((String, [Parameter]) throws -> Void)?

  public var stopTraining = false
  public var stopReason: String?
  /// Why training stopped with an error (an invalid input batch), or nil; the run is then failed.
  public private(set) var failure: String?
  /// Set by the loop itself (not by callbacks, which may rewrite `stopReason`).
  private var diverged = false
  private var interrupted = false
  /// The pass over the training data in progress (each pass is one shuffle) and the next batch in
  /// it: with `steps_per_epoch` smaller than a pass, epochs continue where the last one stopped, as
  /// Keras's epoch iterator does.
  private var pass: Int
  private var nextBatch = 0
  /// Optimizer steps over the whole run (the `step` given to `onBatchEnd`).
  public private(set) var globalStep = 0
  /// The epoch in progress and the batches of it already done.
  private var epoch = 0
  private var stepInEpoch = 0
  private var lossSum = 0.0
  private var seen = 0
  /// Whether the parameters' gradient buffers hold the last step's gradient: `trainStep` zeroes
  /// them before its backward pass and nothing else writes them, so they do from this fit's first
  /// step on.
  private var gradientsAreFromLastStep = false

  /// Receives the training state at every epoch end, every `stateEverySteps` steps, and after an
  /// interrupted step; returns false when it could not keep it (training then stops). The state is
  /// never offered with non-finite weights, so the last one kept is always worth resuming.
  public var stateWriter: ((TrainingState, StateSavePoint) -> Bool)?
  /// Also offer the state every this many steps within an epoch (nil: only at epoch ends).
  public var stateEverySteps: Int?
  /// When set, each training step adds its wall time and the optimizer's to it (the graph's
  /// `layerTimes` has the layers' share).
  public var stepTimes: StepTimes?

  /// Prepares a run; `makeMetric` is called twice per metric name (training and validation copies).
  /// The graph is built for `configuration.batchSize` if it was not already.
  public init(
    graph: Graph, loss: Loss, metrics: [() -> any Metric], optimizer: Optimizer, train: Split,
    validation: Split?, configuration: TrainingConfiguration,
    checkpointWriter: ((String, [Parameter]) throws -> Void)? = nil
  ) {
    self.graph = graph
    self.loss = loss
    self.metrics = metrics.map { $0() }
    self.validationMetrics = metrics.map { $0() }
    self.optimizer = optimizer
    self.checkpointWriter = checkpointWriter
    var configuration = configuration
    configuration.batchSize = TrainingConfiguration.effectiveBatchSize(
      configuration.batchSize, trainCount: train.count, validationCount: validation?.count ?? 0)
    self.configuration = configuration
    if graph.maxBatchSize < configuration.batchSize { graph.build(maxBatchSize: configuration.batchSize) }
    self.train = BatchIterator(
      split: train, batchSize: configuration.batchSize, shuffle: configuration.shuffle, seed: configuration.seed)
    self.validation = validation.map {
      BatchIterator(split: $0, batchSize: configuration.batchSize, shuffle: false, seed: configuration.seed)
    }
    pass = -1
    nextBatch = self.train.batchCount
    trainable = graph.trainableParameters
    sampleWeights = configuration.classWeight == nil ? nil : Tensor(zeros: [configuration.batchSize])
    optimizer.build(trainable)
  }

  /// Batches per training epoch.
  public var stepsPerEpoch: Int {
    min(train.batchCount, configuration.stepsPerEpoch ?? train.batchCount)
  }

  // MARK: - TrainingControl

  public var learningRate: Double {
    get { optimizer.learningRate }
    set { try? optimizer.setLearningRate(newValue) }
  }

  public func snapshotWeights() -> WeightSnapshot { WeightSnapshot(values: graph.parameterValues()) }

  public func restoreWeights(_ snapshot: WeightSnapshot) {
    // The snapshot came from this graph, so names and sizes match.
    try! graph.setParameterValues(snapshot.values)
  }

  public func saveCheckpoint(named filename: String) throws {
    try checkpointWriter?(filename, graph.parameters)
  }

  public func readParameters(_ body: ([ParameterReading]) -> Void) {
    let withGradients = gradientsAreFromLastStep
    body(
      graph.parameters.map { p in
        ParameterReading(
          name: p.name, values: UnsafeBufferPointer(p.value.buffer),
          gradient: withGradients && p.trainable && p.gradient.count == p.value.count
            ? UnsafeBufferPointer(p.gradient.buffer) : nil)
      })
  }

  // MARK: - The loop

  /// Trains for the configured epochs from the start, calling `callbacks` at Keras's hook points.
  public func fit(callbacks: [Callback] = []) -> TrainingResult {
    // With nothing to restore, nothing can fail.
    try! fit(callbacks: callbacks, resumingFrom: nil)
  }

  /// Trains for the configured epochs, calling `callbacks` at Keras's hook points; with
  /// `resumingFrom`, continues a run from a saved state instead of starting it.
  public func fit(callbacks: [Callback] = [], resumingFrom state: TrainingState?) throws(TrainingStateError)
    -> TrainingResult
  {
    let hooks = CallbackList(callbacks)
    var history: [Logs] = []
    var outcome = TrainingOutcome.completed
    stopTraining = false
    stopReason = nil
    failure = nil
    diverged = false
    interrupted = false
    gradientsAreFromLastStep = false
    hooks.onTrainBegin(self)
    if let state { try restore(state, callbacks: callbacks) }
    let firstStep = globalStep
    if Interruption.requested != nil { interrupted = true }
    epochs: while !interrupted && !stopTraining && epoch < configuration.epochs {
      if stepInEpoch == 0 {
        optimizer.beginEpoch(epoch)
        hooks.onEpochBegin(epoch, self)
        lossSum = 0
        seen = 0
        for m in metrics { m.reset() }
      }
      while stepInEpoch < stepsPerEpoch {
        let (x, y) = takeBatch()
        let n = x.shape[0]
        let (value, output) = trainStep(x: x, y: y)
        if let problem = graph.inputProblem {
          failure = "training batch \(stepInEpoch + 1) of epoch \(epoch + 1): \(problem)"
          stopTraining = true
          stopReason = "invalid_input"
          break epochs
        }
        gradientsAreFromLastStep = true
        lossSum += Double(value) * Double(n)
        seen += n
        for m in metrics { m.update(predictions: output, targets: y) }
        var logs: Logs = ["loss": lossSum / Double(seen)]
        for m in metrics { logs[m.name] = Double(m.result()) }
        hooks.onBatchEnd(step: globalStep, epoch: epoch, logs: logs, self)
        globalStep += 1
        stepInEpoch += 1
        if !value.isFinite {
          diverged = true
          stopTraining = true
        } else if Interruption.requested != nil {
          interrupted = true
          stopTraining = true
          // The step is done: keep it, so that resuming continues with the next one.
          offerState(.interruption, callbacks: callbacks)
        } else if let every = stateEverySteps, stepInEpoch < stepsPerEpoch, globalStep % every == 0 {
          offerState(.steps, callbacks: callbacks)
        }
        if stopTraining { break }
      }
      // An interrupted epoch is not an epoch (Keras's fit ends without on_epoch_end on Ctrl-C); a
      // diverged one is, with its NaN loss (Keras's TerminateOnNaN still ends the epoch).
      if interrupted { break epochs }
      var logs: Logs = ["loss": seen > 0 ? lossSum / Double(seen) : .nan]
      for m in metrics { logs[m.name] = Double(m.result()) }
      if let validation {
        for (k, v) in evaluate(validation, metrics: validationMetrics) { logs["val_" + k] = v }
        if let problem = graph.inputProblem {
          failure = "validation after epoch \(epoch + 1): \(problem)"
          stopTraining = true
          stopReason = "invalid_input"
          break epochs
        }
      }
      logs["learning_rate"] = optimizer.learningRate
      hooks.onEpochEnd(epoch, logs: &logs, self)
      history.append(logs)
      epoch += 1
      stepInEpoch = 0
      offerState(.epochEnd, callbacks: callbacks)
      if stopTraining { break epochs }
    }
    hooks.onTrainEnd(self)
    if diverged {
      outcome = .diverged
      stopReason = "nan_loss"
    } else if interrupted {
      outcome = .interrupted
      stopReason = "interrupted"
    }
    return TrainingResult(
      history: history, outcome: outcome, stopReason: stopReason ?? "epochs_completed",
      steps: globalStep - firstStep)
  }

  /// Hands the state to `stateWriter`, unless the weights are not finite; a writer that fails stops
  /// training (it keeps its own error).
  private func offerState(_ point: StateSavePoint, callbacks: [Callback]) {
    guard let stateWriter else { return }
    let state = captureState(callbacks: callbacks)
    guard state.weightsAreFinite else { return }
    if !stateWriter(state, point) {
      stopTraining = true
      if stopReason == nil { stopReason = "write_failed" }
    }
  }

  /// The trainer's, optimizer's and stateful callbacks' state now.
  public func captureState(callbacks: [Callback]) -> TrainingState {
    var states: [String: CallbackState] = [:]
    for (i, c) in callbacks.enumerated() {
      if let c = c as? any StatefulCallback { states["\(i)/\(c.stateKey)"] = c.saveState() }
    }
    return TrainingState(
      epoch: epoch, stepInEpoch: stepInEpoch, globalStep: globalStep, pass: pass, nextBatch: nextBatch,
      graphTrainingStep: graph.trainingStep, lossSum: lossSum, seen: seen,
      metricAccumulators: metrics.map(\.accumulators), weights: graph.parameterValues(),
      optimizer: optimizer.saveState(), callbacks: states,
      stopReason: stopTraining && !interrupted && !diverged ? (stopReason ?? "stopped") : nil)
  }

  /// Puts a saved state back into the graph, optimizer, callbacks and counters.
  private func restore(_ state: TrainingState, callbacks: [Callback]) throws(TrainingStateError) {
    guard state.metricAccumulators.count == metrics.count,
      zip(state.metricAccumulators, metrics).allSatisfy({ $0.count == $1.accumulators.count })
    else {
      throw TrainingStateError("the saved state has \(state.metricAccumulators.count) metrics; this run has \(metrics.count)")
    }
    guard state.pass >= -1, state.nextBatch >= 0, state.nextBatch <= train.batchCount, state.stepInEpoch >= 0,
      state.stepInEpoch <= stepsPerEpoch, state.epoch >= 0, state.globalStep >= 0, state.seen >= 0
    else {
      throw TrainingStateError(
        "the saved position (epoch \(state.epoch), step \(state.stepInEpoch), batch \(state.nextBatch)) does not fit this run's \(train.batchCount) batches per pass")
    }
    do {
      try graph.setParameterValues(state.weights)
    } catch {
      throw TrainingStateError("the saved weights do not fit the model: \(error.message)")
    }
    do {
      try optimizer.restoreState(state.optimizer, parameters: trainable)
    } catch {
      throw TrainingStateError("the saved optimizer state does not fit: \(error)")
    }
    var expected = Set<String>()
    for (i, c) in callbacks.enumerated() {
      guard let c = c as? any StatefulCallback else { continue }
      let key = "\(i)/\(c.stateKey)"
      expected.insert(key)
      guard let saved = state.callbacks[key] else { throw TrainingStateError("the saved state has nothing for callback \(key)") }
      // Weights a callback keeps (early stopping's best) are put back into the graph later, as
      // they are: check them now.
      if let weights = saved.weights {
        do { try graph.checkParameterValues(weights) } catch {
          throw TrainingStateError("the weights saved for callback \(key) do not fit the model: \(error.message)")
        }
      }
      try c.restoreState(saved)
    }
    if let extra = state.callbacks.keys.sorted().first(where: { !expected.contains($0) }) {
      throw TrainingStateError("the saved state has a callback this run does not: \(extra)")
    }
    for (m, values) in zip(metrics, state.metricAccumulators) { m.accumulators = values }
    epoch = state.epoch
    stepInEpoch = state.stepInEpoch
    globalStep = state.globalStep
    graph.trainingStep = state.graphTrainingStep
    lossSum = state.lossSum
    seen = state.seen
    pass = state.pass
    nextBatch = state.nextBatch
    if let reason = state.stopReason {
      stopTraining = true
      stopReason = reason
    }
    // The order of the pass in progress is a function of its number.
    if pass >= 0 { train.startEpoch(pass) }
  }

  /// The next training batch, starting a new shuffled pass when the current one is used up.
  private func takeBatch() -> (x: Tensor, y: Tensor) {
    if nextBatch >= train.batchCount {
      pass += 1
      train.startEpoch(pass)
      nextBatch = 0
    }
    defer { nextBatch += 1 }
    return train.batch(nextBatch)
  }

  /// One optimizer step on a batch; returns the batch loss including regularization, and the
  /// predictions of the forward pass (before the step), which the metrics read.
  private func trainStep(x: Tensor, y: Tensor) -> (Float, Tensor) {
    let start = stepTimes == nil ? 0 : LayerTimes.now()
    defer { stepTimes?.addStep(since: start) }
    let n = x.shape[0]
    graph.zeroGradients()
    let output = graph.forward(x, training: true)
    // An invalid input (an embedding id out of range) ends training before the step, as Keras raises.
    if graph.inputProblem != nil { return (.nan, output) }
    var weights: Tensor?
    if let classWeight = configuration.classWeight, let sampleWeights {
      let w = n == configuration.batchSize ? sampleWeights : sampleWeights.batchView(start: 0, length: n)
      fillClassWeights(classWeight, labels: y, into: w)
      weights = w
    }
    // Regularizer gradients are added by the graph's backward pass; the penalty joins the loss here.
    let value = graph.backward(loss: loss, targets: y, sampleWeights: weights) + graph.regularizationLoss()
    let optimizerStart = stepTimes == nil ? 0 : LayerTimes.now()
    optimizer.apply(to: trainable)
    stepTimes?.addOptimizer(since: optimizerStart)
    return (value, output)
  }

  /// Per-sample weights from the class of each label (index for sparse labels, arg-max for one-hot).
  private func fillClassWeights(_ classWeight: [Int: Float], labels: Tensor, into w: Tensor) {
    let n = w.count
    let perRow = labels.count / max(n, 1)
    let l = labels.buffer
    for i in 0..<n {
      var cls = 0
      if perRow <= 1 {
        cls = Int(l[i].rounded())
      } else {
        var best = l[i * perRow]
        for j in 1..<perRow where l[i * perRow + j] > best {
          best = l[i * perRow + j]
          cls = j
        }
      }
      w.buffer[i] = classWeight[cls] ?? 1
    }
  }

  /// Loss (with regularization, as Keras's `evaluate`) and metrics over `data` in inference mode.
  public func evaluate(_ data: Split) -> Logs {
    let iterator = BatchIterator(split: data, batchSize: configuration.batchSize, shuffle: false, seed: 0)
    return evaluate(iterator, metrics: validationMetrics)
  }

  private func evaluate(_ iterator: BatchIterator, metrics: [any Metric]) -> Logs {
    Evaluation.run(graph: graph, loss: loss, metrics: metrics, iterator: iterator)
  }
}
