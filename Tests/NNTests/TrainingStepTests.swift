import NN
import Tensors
import Testing

/// The calls a trainer makes, end to end: forward, loss + backward, a plain SGD update.
@Suite struct TrainingStepTests {
  @Test func sgdLearnsXor() throws {
    let nodes = [
      GraphNode(.dense(DenseConfig(units: 8, activation: .tanh))),
      GraphNode(.dense(DenseConfig(units: 2, activation: .softmax))),
    ]
    let graph = try Graph(inputShape: [2], nodes: nodes, seed: 1)
    graph.build(maxBatchSize: 4)
    let x = Tensor(shape: [4, 2], values: [0, 0, 0, 1, 1, 0, 1, 1])
    let y = Tensor(shape: [4], values: [0, 1, 1, 0])
    let loss = Loss(.sparseCategoricalCrossentropy)
    let accuracy = Metrics.make(name: "accuracy", loss: loss, predictionShape: [2], targetShape: [])!
    var first: Float = 0
    var last: Float = 0
    for step in 0..<500 {
      graph.zeroGradients()
      let p = graph.forward(x, training: true)
      last = graph.backward(loss: loss, targets: y)
      if step == 0 { first = last }
      if step == 499 { accuracy.update(predictions: p, targets: y) }
      for param in graph.trainableParameters {
        for i in 0..<param.value.count { param.value.buffer[i] -= 0.5 * param.gradient.buffer[i] }
      }
    }
    #expect(first > 0.6)  // ≈ ln 2 at the start
    #expect(last < 0.05)
    #expect(accuracy.result() == 1)
  }
}
