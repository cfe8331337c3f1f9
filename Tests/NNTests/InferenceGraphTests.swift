import NN
import Tensors
import Testing

/// A graph built for inference (`optim-run predict`, `evaluate`): the same outputs as a graph
/// built for training, without the gradient buffers.
@Suite("inference graphs")
struct InferenceGraphTests {
  /// A model with every kind of buffer: convolutions, pooling, a skip (`add`), batch
  /// normalization, dropout, dense layers and a softmax head.
  static let nodes: [GraphNode] = [
    GraphNode(name: "c1", ModelFixtures.conv(4, padding: .same)),
    GraphNode(.batchNormalization(BatchNormalizationConfig())),
    GraphNode(name: "c2", ModelFixtures.conv(4, padding: .same)),
    GraphNode(.add, inputs: ["previous", "c1"]),
    GraphNode(.maxPooling2d(Pooling2DConfig())),
    GraphNode(.flatten),
    GraphNode(.dropout(rate: 0.3)),
    GraphNode(.dense(DenseConfig(units: 8, activation: .gelu))),
    GraphNode(.dense(DenseConfig(units: 3, activation: .softmax))),
  ]

  @Test func forwardMatchesATrainingGraphWithoutGradientBuffers() throws {
    let training = try Graph(inputShape: [6, 6, 2], nodes: Self.nodes, seed: 9)
    training.build(maxBatchSize: 5)
    let inference = try Graph(inputShape: [6, 6, 2], nodes: Self.nodes, seed: 9)
    inference.build(maxBatchSize: 5, forInference: true)
    #expect(inference.isBuiltForInference && !training.isBuiltForInference)
    // Moving statistics away from their initial values, so inference-mode batch norm matters.
    var values = training.parameterValues()
    for (name, v) in values where name.hasSuffix("moving_mean") || name.hasSuffix("moving_variance") {
      values[name] = v.enumerated().map { i, _ in 0.5 + Float(i) * 0.25 }
    }
    try training.setParameterValues(values)
    try inference.setParameterValues(values)

    let x = randomTensor([5, 6, 6, 2], "inference-x")
    let expected = training.forward(x, training: false).toArray()
    let got = inference.forward(x, training: false).toArray()
    #expect(got == expected)
    // A smaller last batch, as predict's final one.
    let tail = x.batchView(start: 0, length: 2)
    #expect(inference.forward(tail, training: false).toArray() == training.forward(tail, training: false).toArray())

    #expect(inference.parameters.allSatisfy { $0.gradient.count == 0 })
    #expect(training.parameters.allSatisfy { $0.gradient.count == $0.value.count })
  }
}
