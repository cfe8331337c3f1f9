import NN
import Spec
import Tensors
import Testing
import YAML

@testable import Runner

/// The normalization, global pooling, padding, spatial dropout, merge and embedding layers through
/// the spec: arguments, Keras's parameter counts in the summary, and errors at their positions.
@Suite("ModelBuilder: more layers")
struct ModelBuilderMoreLayersTests {
  func graph(_ model: String, input: Shape) throws -> Graph {
    let loaded = try ModelBuilderFixtures.load(model: model)
    return try ModelBuilder.makeGraph(loaded.spec.model!, inputShape: input, seed: 1, source: loaded.source)
  }

  func errors(_ model: String, input: Shape) -> [Diagnostic] {
    do {
      _ = try graph(model, input: input)
      return []
    } catch let list as DiagnosticList {
      return list.diagnostics
    } catch {
      return [Diagnostic(at: nil, "\(error)")]
    }
  }

  @Test func textModelHasKerasParameterCounts() throws {
    let g = try graph(
      """
      input: [10]
      layers:
        - {type: embedding, input_dim: 50, output_dim: 8, embeddings_regularizer: {l2: 0.001}}
        - {type: layer_normalization, epsilon: 0.01, name: ln}
        - {type: global_max_pooling1d, name: mx}
        - {type: global_average_pooling1d, inputs: [ln]}
        - {type: maximum, inputs: [mx, previous]}
        - {type: dense, units: 2}
      """, input: [10])
    let s = ModelSummary(graph: g)
    #expect(s.rows.map(\.className) == [
      "Embedding", "LayerNormalization", "GlobalMaxPooling1D", "GlobalAveragePooling1D", "Maximum", "Dense",
    ])
    #expect(s.rows.map(\.outputShape) == [[10, 8], [10, 8], [8], [8], [8], [2]])
    // Keras: Embedding 50·8, LayerNormalization 2·8, Dense 8·2 + 2.
    #expect(s.rows.map(\.trainableParameters) == [400, 16, 0, 0, 0, 18])
    let e = try #require(g.layers[0] as? EmbeddingLayer).config
    #expect(e.regularizer == Regularizer(l2: 0.001))
    #expect(e.initializer == .randomUniform(minval: -0.05, maxval: 0.05))  // Keras's `uniform`
    #expect((g.layers[1] as? LayerNormalizationLayer)?.config.epsilon == 0.01)
    g.build(maxBatchSize: 1)
    #expect(g.regularizedParameters.map { $0.0.name } == ["embedding/embeddings"])
  }

  @Test func imageModelWithPaddingDropoutAndMerges() throws {
    let g = try graph(
      """
      input: [6, 6, 3]
      layers:
        - {type: zero_padding2d, padding: [[1, 0], [2, 1]]}
        - {type: conv2d, filters: 4, kernel_size: 3, name: c}
        - {type: spatial_dropout2d, rate: 0.25, name: sd}
        - {type: zero_padding2d, padding: 0, inputs: [c]}
        - {type: multiply, inputs: [sd, previous, c]}
        - {type: subtract, inputs: [previous, c]}
        - {type: average, inputs: [previous, c]}
        - {type: minimum, inputs: [previous, c]}
        - {type: zero_padding2d, padding: [1, 2]}
        - {type: global_max_pooling2d}
        - {type: dense, units: 3}
      """, input: [6, 6, 3])
    let s = ModelSummary(graph: g)
    #expect(s.rows[0].outputShape == [7, 9, 3])
    #expect((g.layers[0] as? ZeroPadding2DLayer).map { [$0.padding.top, $0.padding.bottom, $0.padding.left, $0.padding.right] } == [1, 0, 2, 1])
    #expect(s.rows[8].outputShape == [7, 11, 4])
    #expect(s.rows.map(\.typeName).suffix(9) == [
      "spatial_dropout2d", "zero_padding2d", "multiply", "subtract", "average", "minimum", "zero_padding2d",
      "global_max_pooling2d", "dense",
    ])
    #expect(s.rows.last?.trainableParameters == 15)
    #expect((g.layers[2] as? SpatialDropout2DLayer)?.rate == 0.25)
    g.build(maxBatchSize: 2)
    let y = g.forward(Tensor(zeros: [2, 6, 6, 3]), training: true)
    #expect(y.shape == [2, 3])
  }

  @Test func badArgumentsAreReportedAtTheirPositions() throws {
    let cases: [(String, Shape, String)] = [
      ("- {type: layer_normalization, axis: 1}", [4], "axis"),
      ("- {type: zero_padding2d, padding: [1, 2, 3]}", [4, 4, 1], "padding"),
      ("- {type: zero_padding2d, padding: [[1, 2], 3]}", [4, 4, 1], "padding"),
      ("- {type: zero_padding2d, padding: -1}", [4, 4, 1], "padding"),
      ("- {type: spatial_dropout2d, rate: 1}", [4, 4, 1], "rate"),
      ("- {type: embedding, input_dim: 0, output_dim: 2}", [4], "input_dim"),
      ("- {type: embedding, input_dim: 3}", [4], "output_dim"),
    ]
    for (layer, input, key) in cases {
      let loaded = Result { try ModelBuilderFixtures.load(model: "input: \(input.dims)\nlayers:\n  \(layer)") }
      guard case .failure(let error as DiagnosticList) = loaded else {
        Issue.record("\(layer): accepted")
        continue
      }
      #expect(error.diagnostics.first?.keyPath?.hasSuffix(key) == true, "\(layer): \(error.diagnostics)")
      #expect(error.diagnostics.first?.mark?.line == 6, "\(layer)")
    }
  }

  @Test func mergesNeedTheirInputs() throws {
    let one = Result {
      try ModelBuilderFixtures.load(model: "input: [4]\nlayers:\n  - {type: dense, units: 2}\n  - {type: multiply}")
    }
    guard case .failure(let list as DiagnosticList) = one else {
      Issue.record("multiply with one input accepted")
      return
    }
    #expect(list.diagnostics.first?.message.contains("multiply needs at least two inputs") == true)
    let three = errors(
      """
      input: [4]
      layers:
        - {type: dense, units: 2, name: a}
        - {type: subtract, inputs: [a, a, a]}
      """, input: [4])
    #expect(three.first?.message.contains("subtract") == true, "\(three)")
  }

  @Test func shapeErrorsNameTheLayerAndShape() throws {
    let d = errors(
      """
      input: [8, 8, 1]
      layers:
        - {type: global_average_pooling1d}
      """, input: [8, 8, 1])
    #expect(d.first?.message.hasPrefix("global_average_pooling1d 'global_average_pooling1d': ") == true, "\(d)")
    #expect(d.first?.message.contains("(8, 8, 1)") == true)
    let m = errors(
      """
      input: [4]
      layers:
        - {type: dense, units: 3, name: a}
        - {type: dense, units: 2, name: b}
        - {type: multiply, inputs: [a, b]}
      """, input: [4])
    #expect(m.first?.message.contains("(3,) and (2,)") == true, "\(m)")
  }
}
