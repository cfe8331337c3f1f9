@testable import NN
import Tensors
import Testing

/// Input gradients that are never alive at once share memory (`GradientBufferPool`): training with
/// shared buffers gives bit for bit the gradients and weights of training without, on graphs with
/// skip connections, several consumers and layers that pass their output gradient on unread.
@Suite("gradient buffer sharing")
struct GradientBufferSharingTests {
  /// Layers that share (convolutions, pooling, up-sampling, concatenation, dense) around ones
  /// that pass the gradient through (`flatten`, `add`, linear activations), with outputs read twice.
  static let models: [(name: String, input: Shape, nodes: [GraphNode], loss: Loss.Kind, classes: Int)] = [
    ("small U-Net", [8, 8, 1], [
      GraphNode(name: "c1", ModelFixtures.conv(3, padding: .same)),
      GraphNode(.maxPooling2d(Pooling2DConfig())),
      GraphNode(name: "c2", ModelFixtures.conv(4, padding: .same)),
      GraphNode(.averagePooling2d(Pooling2DConfig())),
      GraphNode(ModelFixtures.conv(5, padding: .same)),
      GraphNode(.upSampling2d(height: 2, width: 2)),
      GraphNode(.concatenate, inputs: ["previous", "c2"]),
      GraphNode(ModelFixtures.conv(4, padding: .same, activation: .linear)),
      GraphNode(.upSampling2d(height: 2, width: 2)),
      GraphNode(.concatenate, inputs: ["previous", "c1"]),
      GraphNode(ModelFixtures.conv(3, padding: .same)),
      GraphNode(ModelFixtures.conv(1, 1, activation: .sigmoid)),
    ], .binaryCrossentropy, 0),
    ("linear convolutions before flatten and dense", [6, 6, 2], [
      GraphNode(ModelFixtures.conv(3, activation: .linear)),
      GraphNode(ModelFixtures.conv(4, activation: .linear)),
      GraphNode(.flatten),
      GraphNode(.dense(DenseConfig(units: 6, activation: .linear))),
      GraphNode(.dense(DenseConfig(units: 3, activation: .softmax))),
    ], .sparseCategoricalCrossentropy, 3),
    ("residual adds", [6, 6, 2], [
      GraphNode(name: "c1", ModelFixtures.conv(4, padding: .same, activation: .linear)),
      GraphNode(name: "c2", ModelFixtures.conv(4, padding: .same, activation: .linear)),
      GraphNode(.add, inputs: ["previous", "c1"]),
      GraphNode(.flatten),
      GraphNode(name: "d1", .dense(DenseConfig(units: 5, activation: .linear))),
      GraphNode(.dense(DenseConfig(units: 5, activation: .linear))),
      GraphNode(.add, inputs: ["previous", "d1"]),
      GraphNode(.dense(DenseConfig(units: 3, activation: .softmax))),
    ], .sparseCategoricalCrossentropy, 3),
    ("transposed convolution, batch normalization and ReLU layers", [6, 6, 2], [
      GraphNode(name: "c1", ModelFixtures.conv(4, padding: .same, activation: .linear)),
      GraphNode(.batchNormalization(BatchNormalizationConfig())),
      GraphNode(.relu()),
      GraphNode(.maxPooling2d(Pooling2DConfig())),
      GraphNode(.conv2dTranspose(Conv2DTransposeConfig(filters: 3, kernelSize: (2, 2), strides: (2, 2)))),
      GraphNode(.concatenate, inputs: ["previous", "c1"]),
      GraphNode(.batchNormalization(BatchNormalizationConfig())),
      GraphNode(ModelFixtures.conv(1, 1, activation: .sigmoid)),
    ], .binaryCrossentropy, 0),
  ]

  @Test(arguments: models.indices)
  func sharedBuffersTrainBitForBitAsSeparateOnes(_ index: Int) throws {
    let model = Self.models[index]
    let batch = 4
    let shared = try Graph(inputShape: model.input, nodes: model.nodes, seed: 5)
    shared.build(maxBatchSize: batch)
    let separate = try Graph(inputShape: model.input, nodes: model.nodes, seed: 5)
    separate.build(maxBatchSize: batch, sharesGradientBuffers: false)
    let pool = try #require(shared.gradientPool, "\(model.name): no pool")
    #expect(separate.gradientPool == nil)
    #expect(pool.plannedElementCount < pool.unsharedElementCount, "\(model.name): nothing shared")

    let loss = Loss(model.loss)
    for step in 0..<3 {
      // A smaller last batch too: views of the shared slabs at another batch size.
      let n = step == 2 ? 3 : batch
      let x = randomTensor(model.input.batched(n), "sharing-x-\(step)", seed: UInt64(index))
      let targets: Tensor
      if model.classes > 0 {
        targets = Tensor(shape: [n], values: (0..<n).map { Float(($0 + step) % model.classes) })
      } else {
        let shape = shared.outputShape.batched(n)
        targets = Tensor(shape: shape, values: (0..<shape.count).map { Float(($0 * 7 + step) % 3 == 0 ? 1 : 0) })
      }
      var values: [Float] = []
      for graph in [shared, separate] {
        graph.zeroGradients()
        _ = graph.forward(x, training: true)
        values.append(graph.backward(loss: loss, targets: targets))
      }
      #expect(values[0].bitPattern == values[1].bitPattern, "\(model.name) step \(step): loss")
      for (a, b) in zip(shared.parameters, separate.parameters) {
        #expect(a.gradient.toArray() == b.gradient.toArray(), "\(model.name) step \(step): \(a.name) gradient")
        // A plain gradient step, so the next step runs on new weights.
        for graph in [a, b] {
          let w = graph.value.buffer, g = graph.gradient.buffer
          for i in w.indices { w[i] -= 0.1 * g[i] }
        }
      }
    }
  }

  /// The U-Net of `specs/unet_segmentation.yaml` at batch 16: 809 MiB of input gradients, 384 MiB
  /// shared, the least any sharing can reach (the second concatenation writes its two input
  /// gradients, 128 + 64 MiB, while it reads the last 3×3 convolution's, 192 MiB).
  @Test func theUNetsInputGradientsTakeLessThanHalfTheMemory() throws {
    let graph = try Graph(inputShape: [128, 128, 1], nodes: ModelFixtures.unet, seed: 1)
    let pool = GradientBufferPool(
      layers: graph.layers, inputIndices: graph.inputIndices, inputShapes: graph.inputShapes(ofLayer:),
      consumerCounts: graph.consumerCounts,
      maxBatchSize: 16)
    let megabytes = { (elements: Int) in elements * 4 / 1_048_576 }
    #expect(megabytes(pool.unsharedElementCount) == 809)
    #expect(megabytes(pool.plannedElementCount) == 384)
  }

  /// A gradient a layer passes on unread (`flatten`) stays alive until the layer that reads it:
  /// the dense layer's input gradient, read by the convolution two nodes back, is not shared with
  /// that convolution's own input gradient.
  @Test func passThroughLayersExtendALifetime() throws {
    let nodes = Self.models[1].nodes
    let graph = try Graph(inputShape: [6, 6, 2], nodes: nodes, seed: 1)
    graph.build(maxBatchSize: 2)
    let pool = try #require(graph.gradientPool)
    let conv = try #require(pool.buffer(layer: 1, slot: 0, shape: [2, 4, 4, 3]))
    let dense = try #require(pool.buffer(layer: 3, slot: 0, shape: [2, 16]))
    #expect(conv.buffer.baseAddress != dense.buffer.baseAddress)
    // The first convolution's input gradient (node 0) overlaps the second's (nodes 0–1).
    let first = try #require(pool.buffer(layer: 0, slot: 0, shape: [2, 6, 6, 2]))
    #expect(first.buffer.baseAddress != conv.buffer.baseAddress)
  }
}
