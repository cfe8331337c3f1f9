import Datasets
import NN
import Optimizers
import Tensors
import Testing
@testable import Training

/// Records every batch's running logs.
final class BatchLogRecorder: Callback {
  var batches: [Logs] = []
  var epochs: [Logs] = []
  func onBatchEnd(step: Int, epoch: Int, logs: Logs, _ control: TrainingControl) { batches.append(logs) }
  func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) { epochs.append(logs) }
}

@Suite struct TrainerTests {
  static func model(seed: UInt64, features: Int, classes: Int) throws -> Graph {
    try Graph(
      inputShape: [features],
      nodes: [
        GraphNode(.dense(DenseConfig(units: 16, activation: .relu))),
        GraphNode(.dense(DenseConfig(units: classes, activation: .softmax))),
      ], seed: seed)
  }

  static func metricFactories(_ loss: Loss, classes: Int) -> [() -> any Metric] {
    [{ Metrics.make(name: "accuracy", loss: loss, predictionShape: [classes], targetShape: [])! }]
  }

  @Test func learnsSeparableClasses() throws {
    let data = try SyntheticData.classification(samples: 600, shape: [8], classes: 3, seed: 5)
    let parts = try data.validationSplit(0.25)
    let loss = Loss(.sparseCategoricalCrossentropy)
    let trainer = Trainer(
      graph: try Self.model(seed: 1, features: 8, classes: 3), loss: loss,
      metrics: Self.metricFactories(loss, classes: 3), optimizer: try .adam(learningRate: 0.01),
      train: parts.train, validation: parts.validation,
      configuration: TrainingConfiguration(epochs: 8, batchSize: 32, seed: 1))
    let result = trainer.fit()
    #expect(result.outcome == .completed)
    #expect(result.history.count == 8)
    #expect(result.steps == 8 * 15)  // 450 training rows → 15 batches, the last one partial
    let last = result.history.last!
    #expect(last["val_accuracy"]! > 0.9)
    #expect(last["loss"]! < result.history[0]["loss"]!)
    #expect(Set(last.keys) == ["loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"])
  }

  /// With a zero learning rate the weights never move, so Keras's epoch loss (batch losses averaged
  /// with the batch sizes as weights) must equal the loss evaluated over the whole training set,
  /// and the last batch's running mean must equal the epoch value.
  @Test func epochLossIsTheBatchSizeWeightedMean() throws {
    let data = try SyntheticData.classification(samples: 100, shape: [4], classes: 2, seed: 9)
    let loss = Loss(.sparseCategoricalCrossentropy)
    let trainer = Trainer(
      graph: try Self.model(seed: 2, features: 4, classes: 2), loss: loss,
      metrics: Self.metricFactories(loss, classes: 2), optimizer: try .sgd(learningRate: .constant(1e-30)),
      train: data, validation: nil,
      configuration: TrainingConfiguration(epochs: 1, batchSize: 32, seed: 3))
    let recorder = BatchLogRecorder()
    let result = trainer.fit(callbacks: [recorder])
    #expect(recorder.batches.count == 4)  // 32, 32, 32, 4
    let whole = trainer.evaluate(data)
    let epochLoss = result.history[0]["loss"]!
    #expect(abs(epochLoss - whole["loss"]!) < 1e-6)
    #expect(abs(result.history[0]["accuracy"]! - whole["accuracy"]!) < 1e-9)
    #expect(recorder.batches.last!["loss"]! == epochLoss)
  }

  @Test func sameSeedSameRun() throws {
    func run() throws -> [Logs] {
      let data = try SyntheticData.classification(samples: 200, shape: [6], classes: 3, seed: 4)
      let loss = Loss(.sparseCategoricalCrossentropy)
      let trainer = Trainer(
        graph: try Self.model(seed: 8, features: 6, classes: 3), loss: loss,
        metrics: Self.metricFactories(loss, classes: 3), optimizer: try .adam(learningRate: 0.01), train: data,
        validation: nil, configuration: TrainingConfiguration(epochs: 3, batchSize: 16, seed: 8))
      return trainer.fit().history
    }
    #expect(try run() == run())
  }

  @Test func nanLossStopsAsDiverged() throws {
    let x = Tensor(shape: [4, 2], values: [1, 2, 3, 4, 5, 6, 7, 8])
    let y = Tensor(shape: [4, 1], values: [1, 2, 3, .nan])
    let graph = try Graph(inputShape: [2], nodes: [GraphNode(.dense(DenseConfig(units: 1)))], seed: 1)
    let trainer = Trainer(
      graph: graph, loss: Loss(.meanSquaredError), metrics: [], optimizer: try .sgd(), train: Split(x: x, y: y),
      validation: nil, configuration: TrainingConfiguration(epochs: 5, batchSize: 4, shuffle: false, seed: 1))
    let result = trainer.fit()
    #expect(result.outcome == .diverged)
    #expect(result.stopReason == "nan_loss")
    #expect(result.history.count == 1)
  }

  @Test func earlyStoppingRestoresBestWeightsIntoTheGraph() throws {
    let data = try SyntheticData.classification(samples: 120, shape: [4], classes: 2, seed: 2)
    let parts = try data.validationSplit(0.5)
    let loss = Loss(.sparseCategoricalCrossentropy)
    let graph = try Self.model(seed: 3, features: 4, classes: 2)
    // A huge learning rate makes validation loss jump around, so the best epoch is not the last.
    let trainer = Trainer(
      graph: graph, loss: loss, metrics: [], optimizer: try .sgd(learningRate: .constant(5)), train: parts.train,
      validation: parts.validation, configuration: TrainingConfiguration(epochs: 12, batchSize: 8, seed: 3))
    let es = EarlyStopping(
      monitor: try Monitor(name: "val_loss", mode: .auto, minDelta: 0), patience: 2, restoreBestWeights: true)
    let result = trainer.fit(callbacks: [es])
    let best = result.history.map { $0["val_loss"]! }.enumerated().min { $0.element < $1.element }!
    #expect(es.bestEpoch == best.offset)
    // After restoring, evaluating gives the best epoch's validation loss again.
    #expect(abs(trainer.evaluate(parts.validation)["loss"]! - best.element) < 1e-5)
  }
}

/// Rewrites the stop reason at every epoch end, as early stopping or a checkpoint failure would.
final class ReasonOverwriter: Callback {
  func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {
    control.stopTraining = true
    control.stopReason = "early_stopping"
  }
}

@Suite struct TrainerOutcomeAndIterationTests {
  @Test func divergenceIsNotHiddenByACallbacksStopReason() throws {
    let x = Tensor(shape: [4, 2], values: [1, 2, 3, 4, 5, 6, 7, 8])
    let y = Tensor(shape: [4, 1], values: [1, 2, 3, .infinity])
    let graph = try Graph(inputShape: [2], nodes: [GraphNode(.dense(DenseConfig(units: 1)))], seed: 1)
    let trainer = Trainer(
      graph: graph, loss: Loss(.meanSquaredError), metrics: [], optimizer: try .sgd(), train: Split(x: x, y: y),
      validation: nil, configuration: TrainingConfiguration(epochs: 3, batchSize: 4, shuffle: false, seed: 1))
    let result = trainer.fit(callbacks: [ReasonOverwriter()])
    #expect(result.outcome == .diverged)
    #expect(result.stopReason == "nan_loss")
  }

  /// Keras's epoch iterator continues where the last epoch stopped when `steps_per_epoch` is less
  /// than a pass: 10 rows in batches of 2 (5 batches), 2 steps per epoch → epoch 0 sees rows 0–3,
  /// epoch 1 rows 4–7, epoch 2 rows 8–9 and then (a new pass) rows 0–1. With a vanishing learning
  /// rate the weights do not move, so each epoch's loss is the loss of exactly those rows.
  @Test func stepsPerEpochContinuesThroughTheData() throws {
    let data = try SyntheticData.classification(samples: 10, shape: [3], classes: 2, seed: 6)
    let loss = Loss(.sparseCategoricalCrossentropy)
    let trainer = Trainer(
      graph: try TrainerTests.model(seed: 4, features: 3, classes: 2), loss: loss, metrics: [],
      optimizer: try .sgd(learningRate: .constant(1e-30)), train: data, validation: nil,
      configuration: TrainingConfiguration(epochs: 3, batchSize: 2, shuffle: false, stepsPerEpoch: 2, seed: 1))
    let history = trainer.fit().history
    let expected = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 0, 1]].map { trainer.evaluate(data.gathering($0))["loss"]! }
    for (epoch, value) in expected.enumerated() {
      #expect(abs(history[epoch]["loss"]! - value) < 1e-6, "epoch \(epoch)")
    }
  }

  @Test func aBatchLargerThanTheDataIsTheWholeData() throws {
    let data = try SyntheticData.classification(samples: 20, shape: [3], classes: 2, seed: 6)
    let loss = Loss(.sparseCategoricalCrossentropy)
    let trainer = Trainer(
      graph: try TrainerTests.model(seed: 4, features: 3, classes: 2), loss: loss, metrics: [],
      optimizer: try .adam(), train: data, validation: nil,
      configuration: TrainingConfiguration(epochs: 1, batchSize: 100_000_000, seed: 1))
    #expect(trainer.configuration.batchSize == 20)
    #expect(trainer.fit().steps == 1)
  }
}
