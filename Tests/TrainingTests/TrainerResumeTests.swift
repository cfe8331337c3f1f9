import Datasets
import NN
import Optimizers
import Tensors
import Testing

@testable import Training

/// The trainer's state, captured at every step and handed to a fresh trainer, continues the run
/// exactly: same epoch logs, same batch logs, same final weights as the run that never stopped.
@Suite struct TrainerResumeTests {
  /// A fresh trainer, callbacks and batch recorder for the same experiment (dropout, Adam,
  /// reduce-on-plateau, early stopping with best weights, validation, shuffling).
  static func make() throws -> (Trainer, [Callback], BatchLogRecorder) {
    let data = try SyntheticData.classification(samples: 150, shape: [6], classes: 3, seed: 11)
    let parts = try data.validationSplit(0.2)
    let graph = try Graph(
      inputShape: [6],
      nodes: [
        GraphNode(.dense(DenseConfig(units: 12, activation: .relu))),
        GraphNode(.dropout(rate: 0.25)),
        GraphNode(.dense(DenseConfig(units: 3, activation: .softmax))),
      ], seed: 4)
    let loss = Loss(.sparseCategoricalCrossentropy)
    let trainer = Trainer(
      graph: graph, loss: loss, metrics: TrainerTests.metricFactories(loss, classes: 3),
      optimizer: try .adam(learningRate: 0.05), train: parts.train, validation: parts.validation,
      configuration: TrainingConfiguration(epochs: 7, batchSize: 16, seed: 9))
    let monitor = try Monitor(name: "val_loss", mode: .min, minDelta: 0.001)
    let recorder = BatchLogRecorder()
    let callbacks: [Callback] = [
      ReduceLROnPlateau(monitor: "val_loss", factor: 0.5, patience: 1, minDelta: 0.01),
      EarlyStopping(monitor: monitor, patience: 2, restoreBestWeights: true),
      recorder,
    ]
    return (trainer, callbacks, recorder)
  }

  @Test func resumingFromEveryStepReproducesTheRun() throws {
    let (reference, referenceCallbacks, referenceLogs) = try Self.make()
    var states: [TrainingState] = []
    reference.stateEverySteps = 1
    reference.stateWriter = { state, _ in
      states.append(state)
      return true
    }
    let full = reference.fit(callbacks: referenceCallbacks)
    let finalWeights = reference.graph.parameterValues()
    #expect(full.stopReason == "early_stopping", "the run should exercise a stop by a callback")
    #expect(states.count > 25)
    #expect(Set(states.map(\.stepInEpoch)).count > 3, "states at epoch ends and within epochs")

    for state in states {
      let (trainer, callbacks, logs) = try Self.make()
      let resumed = try trainer.fit(callbacks: callbacks, resumingFrom: state)
      let label = "from epoch \(state.epoch) step \(state.stepInEpoch)"
      // The resumed run reports the epochs it finished; they are the reference's last ones.
      #expect(resumed.history == Array(full.history.suffix(resumed.history.count)), "\(label)")
      #expect(logs.batches == Array(referenceLogs.batches.suffix(logs.batches.count)), "\(label)")
      #expect(trainer.graph.parameterValues() == finalWeights, "\(label)")
      #expect(trainer.globalStep == reference.globalStep, "\(label)")
    }
  }

  /// A state from another model is refused with a message naming the problem.
  @Test func aStateThatDoesNotFitIsRefused() throws {
    let (reference, callbacks, _) = try Self.make()
    var state = reference.captureState(callbacks: callbacks)
    state.weights["dense/kernel"] = [1, 2, 3]
    let (trainer, fresh, _) = try Self.make()
    #expect(throws: TrainingStateError.self) { try trainer.fit(callbacks: fresh, resumingFrom: state) }
    state = reference.captureState(callbacks: callbacks)
    #expect(throws: TrainingStateError.self) { try trainer.fit(callbacks: Array(fresh.dropFirst()), resumingFrom: state) }
  }
}
