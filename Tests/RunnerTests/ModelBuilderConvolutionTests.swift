import NN
import Spec
import Tensors
import Testing
import YAML

@testable import Runner

/// The convolution arguments and types of a spec (dilation_rate, groups, conv1d,
/// depthwise_conv2d, separable_conv2d) map to their NN configurations, with Keras's checks.
@Suite("ModelBuilder: convolutions")
struct ModelBuilderConvolutionTests {
  func nodes(_ model: String) throws -> [GraphNode] {
    let loaded = try ModelBuilderFixtures.load(model: model)
    return try ModelBuilder.graphNodes(loaded.spec.model!, source: loaded.source)
  }

  @Test func dilationAndGroups() throws {
    let n = try nodes(
      """
      input: [16, 16, 4]
      layers:
        - {type: conv2d, filters: 8, kernel_size: 3, dilation_rate: 2, groups: 2, padding: same}
        - {type: conv2d, filters: 4, kernel_size: 3, dilation_rate: [1, 3]}
      """)
    guard case .conv2d(let a) = n[0].layer, case .conv2d(let b) = n[1].layer else {
      Issue.record("expected two conv2d layers, got \(n.map(\.layer))")
      return
    }
    #expect(a.dilationRate == (2, 2))
    #expect(a.groups == 2)
    #expect(b.dilationRate == (1, 3))
    #expect(b.groups == 1)
  }

  @Test func newTypesAndDefaults() throws {
    let n = try nodes(
      """
      input: [12, 12, 3]
      layers:
        - {type: depthwise_conv2d, kernel_size: 3, depth_multiplier: 2, padding: same, activation: relu, depthwise_regularizer: {l2: 0.01}}
        - {type: separable_conv2d, filters: 8, kernel_size: [3, 2], strides: 2, pointwise_initializer: he_normal, use_bias: false}
        - {type: reshape, target_shape: [-1, 8]}
        - {type: conv1d, filters: 5, kernel_size: 3, padding: causal, dilation_rate: 2}
      """)
    guard case .depthwiseConv2d(let d) = n[0].layer, case .separableConv2d(let s) = n[1].layer,
      case .conv1d(let c) = n[3].layer
    else {
      Issue.record("unexpected layers \(n.map(\.layer))")
      return
    }
    #expect(d.kernelSize == (3, 3))
    #expect(d.depthMultiplier == 2)
    #expect(d.padding == .same)
    #expect(d.activation == .relu)
    #expect(d.useBias)
    #expect(d.depthwiseInitializer == .glorotUniform)
    #expect(d.depthwiseRegularizer == Regularizer(l1: 0, l2: 0.01))
    #expect(s.filters == 8)
    #expect(s.depthwise.kernelSize == (3, 2))
    #expect(s.depthwise.strides == (2, 2))
    #expect(s.depthwise.depthMultiplier == 1)
    #expect(s.pointwiseInitializer == .heNormal)
    #expect(s.depthwise.depthwiseInitializer == .glorotUniform)
    #expect(!s.useBias)
    #expect(c == Conv1DConfig(filters: 5, kernelSize: 3, padding: .causal, dilationRate: 2))
    let loaded = try ModelBuilderFixtures.load(
      model: """
        input: [12, 12, 3]
        layers:
          - {type: depthwise_conv2d, kernel_size: 3, depth_multiplier: 2, padding: same}
          - {type: separable_conv2d, filters: 8, kernel_size: [3, 2], strides: 2}
          - {type: reshape, target_shape: [-1, 8]}
          - {type: conv1d, filters: 5, kernel_size: 3, padding: causal, dilation_rate: 2}
        """)
    let graph = try ModelBuilder.makeGraph(
      loaded.spec.model!, inputShape: [12, 12, 3], seed: 1, source: loaded.source)
    #expect(graph.outputShape == [30, 5])
  }

  @Test func stridesWithDilationIsAnErrorAtTheArgument() throws {
    let error = #expect(throws: DiagnosticList.self) {
      try ModelBuilderFixtures.load(
        model: """
          input: [16, 16, 4]
          layers:
            - {type: conv2d, filters: 8, kernel_size: 3, strides: 2, dilation_rate: 2}
          """)
    }
    let d = try #require(error?.diagnostics.first)
    #expect(
      d.message.contains("strides > 1 are not supported together with dilation_rate > 1"), "\(d.message)")
    #expect(d.keyPath == "model.layers.0.dilation_rate")
    #expect(d.mark?.line == 6)
    #expect(throws: DiagnosticList.self) {
      try ModelBuilderFixtures.load(
        model: """
          input: [16, 4]
          layers:
            - {type: conv1d, filters: 2, kernel_size: 3, strides: 2, dilation_rate: 2}
          """)
    }
    // Keras's DepthwiseConv2D and SeparableConv2D take both (their own checks lack this one).
    let loaded = try ModelBuilderFixtures.load(
      model: """
        input: [9, 8, 2]
        layers:
          - {type: depthwise_conv2d, kernel_size: 3, strides: 2, dilation_rate: 2, padding: same}
          - {type: separable_conv2d, filters: 4, kernel_size: 2, strides: 2, dilation_rate: 2}
        """)
    let graph = try ModelBuilder.makeGraph(
      loaded.spec.model!, inputShape: [9, 8, 2], seed: 1, source: loaded.source)
    #expect(graph.outputShape == [2, 1, 4])  // as Keras 3: (5, 4, 2), then (2, 1, 4)
  }

  @Test func filtersNotDivisibleByGroupsIsASpecError() throws {
    let error = #expect(throws: DiagnosticList.self) {
      try ModelBuilderFixtures.load(
        model: """
          input: [16, 16, 4]
          layers:
            - {type: conv2d, filters: 6, kernel_size: 3, groups: 4}
          """)
    }
    let d = try #require(error?.diagnostics.first)
    #expect(d.message.contains("filters (6) must be divisible by groups (4)"), "\(d.message)")
    #expect(d.keyPath == "model.layers.0.groups")
  }

  @Test func channelsNotDivisibleByGroupsNamesTheLayer() throws {
    let loaded = try ModelBuilderFixtures.load(
      model: """
        input: [8, 8, 3]
        layers:
          - {type: conv2d, name: grouped, filters: 4, kernel_size: 3, groups: 2}
        """)
    let error = #expect(throws: DiagnosticList.self) {
      try ModelBuilder.makeGraph(loaded.spec.model!, inputShape: [8, 8, 3], seed: 1, source: loaded.source)
    }
    let d = try #require(error?.diagnostics.first)
    #expect(d.message.hasPrefix("conv2d 'grouped': "), "\(d.message)")
    #expect(d.message.contains("(8, 8, 3)"), "\(d.message)")
    #expect(d.message.contains("input channels (3) and filters (4) must both be divisible by groups (2)"))
    #expect(d.mark?.line == 6)
  }
}
