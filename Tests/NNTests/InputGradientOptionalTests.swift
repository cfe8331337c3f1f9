import NN
import Tensors
import Testing

/// A convolution fed by the model input leaves out its input gradient (nothing before it needs
/// one); a later one keeps it; the parameter gradients are the same either way.
@Suite struct InputGradientOptionalTests {
  func graph(_ nodes: [GraphNode], input: Shape) throws -> Graph {
    let g = try Graph(inputShape: input, nodes: nodes, seed: 4)
    g.build(maxBatchSize: 2)
    return g
  }

  func kernelGradients(_ g: Graph, _ x: Tensor) -> [Float] {
    g.zeroGradients()
    let y = g.forward(x, training: true)
    g.backward(Tensor(repeating: 1, shape: y.shape))
    return g.trainableParameters.flatMap { $0.gradient.toArray() }
  }

  @Test func conv1dAndDepthwiseFirstSkipTheirInputGradient() throws {
    let conv1d = LayerConfig.conv1d(Conv1DConfig(filters: 2, kernelSize: 3, padding: .same, activation: .tanh))
    let sequence = try graph([GraphNode(conv1d), GraphNode(conv1d)], input: [6, 3])
    #expect((sequence.layers[0] as? Conv1DLayer)?.computesInputGradient == false)
    #expect((sequence.layers[1] as? Conv1DLayer)?.computesInputGradient == true)

    let depthwise = LayerConfig.depthwiseConv2d(
      DepthwiseConv2DConfig(kernelSize: (3, 3), padding: .same, activation: .tanh))
    let image = try graph([GraphNode(depthwise), GraphNode(depthwise)], input: [5, 4, 2])
    #expect((image.layers[0] as? DepthwiseConv2DLayer)?.computesInputGradient == false)
    #expect((image.layers[1] as? DepthwiseConv2DLayer)?.computesInputGradient == true)

    // The same weights with the input gradient computed give the same parameter gradients.
    for (g, x) in [(sequence, randomTensor([2, 6, 3], "x1")), (image, randomTensor([2, 5, 4, 2], "x2"))] {
      let skipped = kernelGradients(g, x)
      (g.layers[0] as! any InputGradientOptional).computesInputGradient = true
      #expect(kernelGradients(g, x) == skipped)
    }
  }
}
