import NN
import Spec
import Tensors
import Testing
import YAML

@testable import Runner

/// `conv2d_transpose` through the spec: arguments and defaults, the built graph's shapes and
/// parameters, and the schema's `output_padding < strides` check at the argument's position.
@Suite("ModelBuilder: conv2d_transpose")
struct ModelBuilderTransposeTests {
  @Test func argumentsAndDefaults() throws {
    let loaded = try ModelBuilderFixtures.load(
      model: """
        input: [5, 5, 3]
        layers:
          - {type: conv2d_transpose, filters: 4, kernel_size: [3, 4], strides: [2, 3], padding: same, output_padding: [1, 2], activation: relu, use_bias: false, kernel_regularizer: {l2: 0.01}}
          - {type: conv2d_transpose, filters: 2, kernel_size: 2}
        """)
    let n = try ModelBuilder.graphNodes(loaded.spec.model!, source: loaded.source)
    guard case .conv2dTranspose(let a) = n[0].layer, case .conv2dTranspose(let b) = n[1].layer else {
      Issue.record("expected two conv2d_transpose layers, got \(n.map(\.layer))")
      return
    }
    #expect(a.filters == 4 && a.kernelSize == (3, 4) && a.strides == (2, 3) && a.padding == .same)
    #expect(a.outputPadding?.height == 1 && a.outputPadding?.width == 2)
    #expect(a.activation == .relu && !a.useBias && a.kernelRegularizer == Regularizer(l1: 0, l2: 0.01))
    // Keras's defaults: strides 1, valid, output_padding None, linear, bias, glorot_uniform, zeros.
    #expect(b.strides == (1, 1) && b.padding == .valid && b.outputPadding == nil)
    #expect(b.activation == .linear && b.useBias && b.kernelInitializer == .glorotUniform)
    #expect(b.biasInitializer == .zeros && b.kernelRegularizer == nil)

    let graph = try ModelBuilder.makeGraph(
      loaded.spec.model!, inputShape: [5, 5, 3], seed: 1, source: loaded.source)
    // (5 − 1)·2 + 3 − 2·1 + 1 = 10 and (5 − 1)·3 + 4 − 2·2 + 2 = 14; then valid: 10 + 1, 14 + 1.
    #expect(graph.outputShape == [11, 15, 2])
    graph.build(maxBatchSize: 1)
    #expect(graph.layers[0].parameters.map(\.value.shape) == [[3, 4, 4, 3]])
    #expect(graph.layers[1].parameters.map(\.value.shape) == [[2, 2, 2, 4], [2]])
  }

  @Test func outputPaddingNotBelowStridesIsASpecErrorAtTheArgument() throws {
    let text = ModelBuilderFixtures.spec(
      model: """
        input: [5, 5, 3]
        layers:
          - {type: conv2d_transpose, filters: 4, kernel_size: 3, strides: 2, output_padding: [1, 2]}
        """)
    let error = #expect(throws: DiagnosticList.self) { try loadSpec(text: text, name: "specs/test.yaml") }
    let d = try #require(error?.diagnostics.first)
    #expect(d.keyPath == "model.layers.0.output_padding")
    #expect(d.mark?.line == 6)
    #expect(d.message.contains("output_padding (1, 2) must be smaller than strides (2, 2)"), "\(d.message)")
  }

  @Test func negativeOutputPaddingAndDilationAreRefused() throws {
    let negative = ModelBuilderFixtures.spec(
      model: """
        input: [5, 5, 3]
        layers:
          - {type: conv2d_transpose, filters: 4, kernel_size: 3, strides: 2, output_padding: -1}
        """)
    #expect(throws: DiagnosticList.self) { try loadSpec(text: negative, name: "specs/test.yaml") }
    let dilated = ModelBuilderFixtures.spec(
      model: """
        input: [5, 5, 3]
        layers:
          - {type: conv2d_transpose, filters: 4, kernel_size: 3, dilation_rate: 2}
        """)
    #expect(throws: DiagnosticList.self) { try loadSpec(text: dilated, name: "specs/test.yaml") }
  }

  @Test func emptyOutputIsAShapeErrorNamingTheLayer() throws {
    let loaded = try ModelBuilderFixtures.load(
      model: """
        input: [1, 4, 3]
        layers:
          - {type: conv2d_transpose, name: up, filters: 2, kernel_size: 2, strides: 2, padding: same, output_padding: 0}
        """)
    let error = #expect(throws: DiagnosticList.self) {
      try ModelBuilder.makeGraph(loaded.spec.model!, inputShape: [1, 4, 3], seed: 1, source: loaded.source)
    }
    let d = try #require(error?.diagnostics.first)
    #expect(d.mark?.line == 6)
    #expect(d.message.contains("conv2d_transpose 'up'"), "\(d.message)")
    #expect(d.message.contains("(1, 4, 3)"), "\(d.message)")
  }
}
