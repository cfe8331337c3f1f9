import NN
import Spec
import Tensors
import Testing

@testable import Runner

/// Each layer type of the spec maps to the NN configuration with its arguments.
@Suite("ModelBuilder: layers")
struct ModelBuilderLayerTests {
  /// The graph nodes of a model given as YAML lines.
  func nodes(_ model: String) throws -> [GraphNode] {
    let loaded = try ModelBuilderFixtures.load(model: model)
    return try ModelBuilder.graphNodes(loaded.spec.model!, source: loaded.source)
  }

  @Test func denseArguments() throws {
    let n = try nodes(
      """
      input: [4]
      layers:
        - {type: dense, units: 7, activation: tanh, use_bias: false, kernel_initializer: he_normal, bias_initializer: ones, kernel_regularizer: {l1: 0.001, l2: 0.02}}
        - {type: dense, units: 3, kernel_initializer: {type: random_normal, mean: 0.5, stddev: 0.1}}
      """)
    guard case .dense(let a) = n[0].layer, case .dense(let b) = n[1].layer else {
      Issue.record("expected two dense layers, got \(n.map(\.layer))")
      return
    }
    #expect(a.units == 7)
    #expect(a.activation == .tanh)
    #expect(a.useBias == false)
    #expect(a.kernelInitializer == .heNormal)
    #expect(a.biasInitializer == .ones)
    #expect(a.kernelRegularizer == Regularizer(l1: 0.001, l2: 0.02))
    #expect(b.kernelInitializer == .randomNormal(mean: 0.5, stddev: 0.1))
    // Keras's defaults: linear activation, bias, glorot_uniform kernel, zeros bias, no regularizer.
    #expect(b.activation == .linear)
    #expect(b.useBias == true)
    #expect(b.biasInitializer == .zeros)
    #expect(b.kernelRegularizer == nil)
  }

  @Test func conv2dArguments() throws {
    let n = try nodes(
      """
      input: [16, 16, 3]
      layers:
        - {type: conv2d, filters: 8, kernel_size: [3, 5], strides: 2, padding: same, activation: relu, kernel_regularizer: {l2: 0.01}}
        - {type: conv2d, filters: 4, kernel_size: 3}
      """)
    guard case .conv2d(let a) = n[0].layer, case .conv2d(let b) = n[1].layer else {
      Issue.record("expected two conv2d layers, got \(n.map(\.layer))")
      return
    }
    #expect(a.filters == 8)
    #expect(a.kernelSize == (3, 5))
    #expect(a.strides == (2, 2))
    #expect(a.padding == .same)
    #expect(a.activation == .relu)
    #expect(a.kernelRegularizer == Regularizer(l1: 0, l2: 0.01))
    #expect(b.kernelSize == (3, 3))
    #expect(b.strides == (1, 1))
    #expect(b.padding == .valid)
    #expect(b.kernelInitializer == .glorotUniform)
  }

  @Test func poolingArguments() throws {
    let n = try nodes(
      """
      input: [16, 16, 3]
      layers:
        - {type: max_pooling2d, pool_size: 3}
        - {type: average_pooling2d, pool_size: [2, 1], strides: 1, padding: same}
        - global_average_pooling2d
      """)
    guard case .maxPooling2d(let a) = n[0].layer, case .averagePooling2d(let b) = n[1].layer else {
      Issue.record("expected max then average pooling, got \(n.map(\.layer))")
      return
    }
    #expect(a.poolSize == (3, 3))
    #expect(a.strides == nil)  // `strides: null` is Keras's None …
    #expect(a.effectiveStrides == (3, 3))  // … which means pool_size
    #expect(a.padding == .valid)
    #expect(b.poolSize == (2, 1))
    #expect(b.effectiveStrides == (1, 1))
    #expect(b.padding == .same)
    #expect(n[2].layer == .globalAveragePooling2d)
  }

  @Test func reshapingAndElementwiseLayers() throws {
    let n = try nodes(
      """
      input: [4, 4, 2]
      layers:
        - {type: up_sampling2d, size: [2, 3]}
        - up_sampling2d
        - {type: reshape, target_shape: [8, -1]}
        - {type: dropout, rate: 0.25}
        - {type: batch_normalization, momentum: 0.9, epsilon: 0.01, center: false, scale: false}
        - batch_normalization
        - {type: activation, activation: gelu}
        - flatten
      """)
    #expect(n[0].layer == .upSampling2d(height: 2, width: 3))
    #expect(n[1].layer == .upSampling2d(height: 2, width: 2))
    #expect(n[2].layer == .reshape(targetShape: [8, -1]))
    #expect(n[3].layer == .dropout(rate: 0.25))
    #expect(
      n[4].layer
        == .batchNormalization(
          BatchNormalizationConfig(momentum: 0.9, epsilon: 0.01, center: false, scale: false)))
    #expect(n[5].layer == .batchNormalization(BatchNormalizationConfig(momentum: 0.99, epsilon: 0.001)))
    #expect(n[6].layer == .activation(.gelu))
    #expect(n[7].layer == .flatten)
  }

  @Test func namesAndInputsMakeAGraph() throws {
    let loaded = try ModelBuilderFixtures.load(
      model: """
        input: [8, 8, 3]
        layers:
          - {type: conv2d, name: stem, filters: 4, kernel_size: 3, padding: same}
          - {type: conv2d, filters: 4, kernel_size: 3, padding: same}
          - {type: add, name: sum, inputs: [previous, stem]}
          - {type: conv2d, filters: 2, kernel_size: 1, inputs: [stem]}
          - {type: concatenate, inputs: [sum, previous]}
        """)
    let graph = try ModelBuilder.makeGraph(
      loaded.spec.model!, inputShape: [8, 8, 3], seed: 7, source: loaded.source)
    #expect(graph.layers.map(\.name) == ["stem", "conv2d", "sum", "conv2d_1", "concatenate"])
    #expect(graph.inputIndices == [[-1], [0], [1, 0], [0], [2, 3]])
    #expect(graph.outputShape == [8, 8, 6])
    #expect(graph.seed == 7)
  }
}
