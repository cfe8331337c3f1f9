import NN
import Tensors
import Testing
import _TestSupport

/// `Graph.backward(loss:targets:)` computes crossentropies from the final softmax/sigmoid layer's
/// logits, as Keras's TensorFlow backend does.
@Suite struct LogitsLossTests {
  func graph(_ activation: Activation, units: Int, activationLayer: Bool) throws -> Graph {
    let nodes =
      activationLayer
      ? [GraphNode(.dense(DenseConfig(units: units))), GraphNode(.activation(activation))]
      : [GraphNode(.dense(DenseConfig(units: units, activation: activation)))]
    let g = try Graph(inputShape: [4], nodes: nodes, seed: 5)
    g.build(maxBatchSize: 3)
    return g
  }

  func gradients(_ g: Graph) -> [Float] { g.trainableParameters.flatMap { $0.gradient.toArray() } }

  /// Within the clip range the logits path equals the probability path (value and gradients).
  @Test(
    arguments: [
      (Loss.Kind.sparseCategoricalCrossentropy, Activation.softmax), (.categoricalCrossentropy, .softmax),
      (.binaryCrossentropy, .sigmoid), (.binaryFocalCrossentropy, .sigmoid),
    ], [false, true])
  func agreesWithProbabilityPath(_ pair: (Loss.Kind, Activation), activationLayer: Bool) throws {
    let (kind, activation) = pair
    let units = activation == .sigmoid ? 1 : 3
    let g = try graph(activation, units: units, activationLayer: activationLayer)
    let x = randomTensor([3, 4], "logits-x")
    let targets: Tensor =
      switch kind {
      case .sparseCategoricalCrossentropy: Tensor(shape: [3], values: [2, 0, 1])
      case .categoricalCrossentropy: Tensor(shape: [3, 3], values: [0, 0, 1, 1, 0, 0, 0, 1, 0])
      default: Tensor(shape: [3, 1], values: [1, 0, 1])
      }
    let loss = Loss(kind)
    let weights = Tensor(shape: [3], values: [1, 0.5, 2])
    g.zeroGradients()
    let y = g.forward(x, training: true)
    let viaLogits = g.backward(loss: loss, targets: targets, sampleWeights: weights)
    let logitsGradients = gradients(g)
    g.zeroGradients()
    let y2 = g.forward(x, training: true)
    #expect(y.toArray() == y2.toArray())
    let dy = Tensor(zeros: y2.shape)
    let viaProbabilities = loss.compute(
      predictions: y2, targets: targets, sampleWeights: weights, gradient: dy)
    g.backward(dy)
    #expect(isClose(Double(viaLogits), Double(viaProbabilities), relative: 1e-5))
    #expect(allClose(logitsGradients, gradients(g), relative: 1e-3, absolute: 1e-6))
  }

  /// Saturated: p(label) < 1e-7. Clipping would give the loss −ln(1e-7) and no gradient; the logits
  /// give logsumexp − x_y and a gradient pointing back towards the label.
  @Test func saturatedSoftmaxKeepsItsGradient() throws {
    let g = try graph(.softmax, units: 2, activationLayer: false)
    let kernel = g.parameter(named: "dense/kernel")!
    kernel.value.copy(from: Tensor(shape: [4, 2], values: [10, -10, 0, 0, 0, 0, 0, 0]))
    let x = Tensor(shape: [1, 4], values: [2, 0, 0, 0])  // logits (20, −20)
    _ = g.forward(x, training: false)
    g.zeroGradients()
    let value = g.backward(
      loss: Loss(.sparseCategoricalCrossentropy), targets: Tensor(shape: [1], values: [1]))
    #expect(isClose(Double(value), 40, relative: 1e-5))  // logsumexp(20, −20) − (−20) ≈ 40
    #expect(kernel.gradient.toArray()[0] > 1.9)  // d/dw00 = x0 · (p0 − 0) ≈ 2
  }
}
