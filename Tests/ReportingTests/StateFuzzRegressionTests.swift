import Datasets
import Foundation
import NN
import Optimizers
import Testing
import Training
import _TestSupport

@testable import Reporting

/// Saved states the `state` fuzzer found (fuzz/regressions/state/), and the cases around them: a
/// state that does not fit the run is refused with an error, never a trap.
@Suite struct StateFuzzRegressionTests {
  /// The fuzz target's run (fuzz/Sources/FuzzState): dense 5→6 relu, dropout, dense 6→3 softmax,
  /// Adam, reduce-on-plateau and early stopping with best weights, 3 epochs of 4 batches.
  static func makeRun() throws -> (Trainer, [Callback]) {
    let data = try SyntheticData.classification(samples: 40, shape: [5], classes: 3, seed: 11)
    let parts = try data.validationSplit(0.2)
    let graph = try Graph(
      inputShape: [5],
      nodes: [
        GraphNode(.dense(DenseConfig(units: 6, activation: .relu))), GraphNode(.dropout(rate: 0.25)),
        GraphNode(.dense(DenseConfig(units: 3, activation: .softmax))),
      ], seed: 4)
    let loss = Loss(.sparseCategoricalCrossentropy)
    let trainer = Trainer(
      graph: graph, loss: loss,
      metrics: [{ Metrics.make(name: "accuracy", loss: loss, predictionShape: [3], targetShape: [])! }],
      optimizer: try .adam(learningRate: 0.05), train: parts.train, validation: parts.validation,
      configuration: TrainingConfiguration(epochs: 3, batchSize: 8, seed: 9))
    let callbacks: [Callback] = [
      ReduceLROnPlateau(monitor: "val_loss", factor: 0.5, patience: 1, minDelta: 0.01),
      EarlyStopping(monitor: try Monitor(name: "val_loss", mode: .min, minDelta: 0.001), patience: 2, restoreBestWeights: true),
    ]
    return (trainer, callbacks)
  }

  /// A state from the middle of the run, with early stopping's best weights in it.
  static func savedState() throws -> TrainingState {
    let (trainer, callbacks) = try makeRun()
    var states: [TrainingState] = []
    trainer.stateEverySteps = 1
    trainer.stateWriter = { state, _ in
      states.append(state)
      return true
    }
    _ = trainer.fit(callbacks: callbacks)
    return try #require(states.last { $0.callbacks["1/early_stopping"]?.weights != nil && $0.stopReason == nil })
  }

  static func resume(_ state: TrainingState) throws -> Result<TrainingResult, TrainingStateError> {
    let (trainer, callbacks) = try makeRun()
    do throws(TrainingStateError) {
      return .success(try trainer.fit(callbacks: callbacks, resumingFrom: state))
    } catch {
      return .failure(error)
    }
  }

  /// Early stopping's `best_epoch` was 1.0e308 in the file: `Int(_:)` trapped.
  @Test func aCallbackCounterThatIsNotACountIsRefused() throws {
    let bytes = try RepositoryPaths.fuzzRegression("state", "early-stopping-best-epoch-not-a-count.safetensors")
    let file = try TrainingStateFile(decoding: bytes, source: "state.safetensors")
    guard case .failure(let error) = try Self.resume(file.state) else {
      Issue.record("the state was accepted")
      return
    }
    #expect(error.description.contains("best_epoch"), "\(error)")
    #expect(error.description.contains("not a count"), "\(error)")

    for (key, value) in [("wait", -1.0), ("stopped_epoch", .nan), ("best_epoch", 2.5), ("wait", .infinity)] {
      var state = try Self.savedState()
      state.callbacks["1/early_stopping"]!.numbers[key] = value
      guard case .failure(let error) = try Self.resume(state) else {
        Issue.record("\(key) = \(value) was accepted")
        continue
      }
      #expect(error.description.contains(key), "\(error)")
    }
    var state = try Self.savedState()
    state.callbacks["0/reduce_lr_on_plateau"]!.numbers["cooldown_counter"] = 1e300
    guard case .failure = try Self.resume(state) else {
      Issue.record("cooldown_counter = 1e300 was accepted")
      return
    }
  }

  /// Best weights that do not fit the model were kept, and put back with `try!` when training
  /// ended: a trap at the end of the resumed run. Now the state is refused at once.
  @Test func bestWeightsThatDoNotFitTheModelAreRefused() throws {
    var state = try Self.savedState()
    #expect(throws: Never.self) { _ = try Self.resume(state).get() }
    state.callbacks["1/early_stopping"]!.weights!["dense/kernel"] = [1, 2, 3]
    guard case .failure(let error) = try Self.resume(state) else {
      Issue.record("wrong-sized best weights were accepted")
      return
    }
    #expect(error.description.contains("1/early_stopping"), "\(error)")
    #expect(error.description.contains("dense/kernel"), "\(error)")
  }
}
