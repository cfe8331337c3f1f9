import Datasets
import NN
import Optimizers
import Tensors
import Testing

@testable import Training

/// Copies what `readParameters` shows at each hook: values after each step, and at epoch end the
/// gradients (nil-ness and contents).
private final class ParameterRecorder: Callback {
  var gradientAtTrainBegin: [String: Bool] = [:]
  var valuesAfterStep: [[String: [Float]]] = []
  var epochEnd: [(values: [String: [Float]], gradients: [String: [Float]])] = []

  func onTrainBegin(_ control: TrainingControl) {
    control.readParameters { ps in for p in ps { gradientAtTrainBegin[p.name] = p.gradient != nil } }
  }
  func onBatchEnd(step: Int, epoch: Int, logs: Logs, _ control: TrainingControl) {
    control.readParameters { ps in
      valuesAfterStep.append(Dictionary(uniqueKeysWithValues: ps.map { ($0.name, Array($0.values)) }))
    }
  }
  func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {
    control.readParameters { ps in
      epochEnd.append(
        (
          Dictionary(uniqueKeysWithValues: ps.map { ($0.name, Array($0.values)) }),
          Dictionary(uniqueKeysWithValues: ps.compactMap { p in p.gradient.map { (p.name, Array($0)) } })
        ))
    }
  }
}

@Suite struct ReadParametersTests {
  /// Plain SGD: w_after = w_before - lr * g, so the gradient a callback reads at epoch end must be
  /// (values before the epoch's last step - values after it) / lr: the last batch's, not the
  /// first's, not zeroed, not overwritten by validation.
  @Test func epochEndSeesTheLastBatchsGradient() throws {
    let data = try SyntheticData.classification(samples: 50, shape: [4], classes: 2, seed: 4)
    let parts = try data.validationSplit(0.2)
    let loss = Loss(.sparseCategoricalCrossentropy)
    let graph = try Graph(
      inputShape: [4],
      nodes: [
        GraphNode(.dense(DenseConfig(units: 3, activation: .tanh))),
        GraphNode(.batchNormalization(BatchNormalizationConfig())),
        GraphNode(.dense(DenseConfig(units: 2, activation: .softmax))),
      ], seed: 7)
    let lr: Float = 0.5
    let trainer = Trainer(
      graph: graph, loss: loss, metrics: [], optimizer: try .sgd(learningRate: .constant(Double(lr))),
      train: parts.train, validation: parts.validation,
      configuration: TrainingConfiguration(epochs: 2, batchSize: 16, seed: 2))
    let recorder = ParameterRecorder()
    _ = trainer.fit(callbacks: [recorder])
    #expect(recorder.gradientAtTrainBegin.count == graph.parameters.count)
    #expect(recorder.gradientAtTrainBegin.values.allSatisfy { !$0 }, "no gradient before the first step")
    #expect(recorder.valuesAfterStep.count == 2 * 3)  // 40 rows, batches of 16: 3 steps per epoch
    let trainable = Set(graph.trainableParameters.map(\.name))
    for (epoch, end) in recorder.epochEnd.enumerated() {
      #expect(Set(end.gradients.keys) == trainable, "gradients exactly for trainable parameters")
      #expect(Set(end.values.keys) == Set(graph.parameters.map(\.name)))
      let lastStep = 3 * epoch + 2
      let before = recorder.valuesAfterStep[lastStep - 1], after = recorder.valuesAfterStep[lastStep]
      for name in trainable {
        let implied = zip(before[name]!, after[name]!).map { ($0 - $1) / lr }
        let read = end.gradients[name]!
        let error = zip(implied, read).map { abs($0 - $1) }.max()!
        #expect(error < 1e-4, "\(name), epoch \(epoch): |implied - read| = \(error)")
        #expect(read.contains { $0 != 0 }, "\(name): not a zeroed buffer")
        // The second-to-last step's gradient differs: this is the last batch's.
        let previous = zip(recorder.valuesAfterStep[lastStep - 2][name]!, before[name]!).map {
          ($0 - $1) / lr
        }
        #expect(zip(previous, read).map { abs($0 - $1) }.max()! > 1e-3, "\(name): not an earlier batch's")
      }
    }
  }
}
