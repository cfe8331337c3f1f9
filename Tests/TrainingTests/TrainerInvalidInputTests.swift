import Datasets
import NN
import Optimizers
import Tensors
import Testing
@testable import Training

/// A batch whose token ids do not fit the embedding stops training before its step, with the
/// layer's message, as Keras raises; a validation split with such ids does too.
@Suite struct TrainerInvalidInputTests {
  func trainer(train: Split, validation: Split?) throws -> Trainer {
    let graph = try Graph(
      inputShape: [3],
      nodes: [
        GraphNode(.embedding(EmbeddingConfig(inputDim: 5, outputDim: 2))), GraphNode(.globalAveragePooling1d),
        GraphNode(.dense(DenseConfig(units: 1))),
      ], seed: 1)
    return Trainer(
      graph: graph, loss: Loss(.meanSquaredError), metrics: [], optimizer: try .sgd(learningRate: .constant(0.1)),
      train: train, validation: validation, configuration: TrainingConfiguration(epochs: 2, batchSize: 2, seed: 1))
  }

  func split(_ ids: [Float]) -> Split {
    Split(x: Tensor(shape: [ids.count / 3, 3], values: ids), y: Tensor(zeros: [ids.count / 3, 1]))
  }

  @Test func anIdOutOfRangeStopsTrainingBeforeTheStep() throws {
    let t = try trainer(train: split([0, 1, 2, 3, 4, 0, 1, 7, 2, 0, 0, 0]), validation: nil)
    let before = t.graph.parameterValues()
    let result = t.fit()
    let failure = try #require(t.failure)
    #expect(failure.contains("embedding 'embedding': token id 7") && failure.contains("[0, 5)"), "\(failure)")
    #expect(result.stopReason == "invalid_input")
    #expect(result.history.isEmpty)
    // The first batch (valid) stepped; the second did not, whatever order the shuffle chose.
    #expect(result.steps <= 1)
    if result.steps == 0 { #expect(t.graph.parameterValues() == before) }
  }

  @Test func anIdOutOfRangeInValidationStopsAtTheEpochEnd() throws {
    let t = try trainer(train: split([0, 1, 2, 3, 4, 0]), validation: split([0, 1, 2, 3, 9, 0]))
    let result = t.fit()
    #expect(t.failure?.hasPrefix("validation after epoch 1: embedding 'embedding': token id 9") == true, "\(t.failure ?? "")")
    #expect(result.steps == 1)
  }
}
