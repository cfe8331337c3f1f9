import NN
import Tensors
import Testing
import _TestSupport

/// Finite differences, parameter counts and shape errors of the normalization, global pooling,
/// padding, spatial dropout, element-wise merge and embedding layers.
@Suite struct MoreLayersGradientTests {
  @Test(arguments: [(true, true), (false, true), (true, false), (false, false)])
  func layerNormalization(_ center: Bool, _ scale: Bool) throws {
    let layer = LayerNormalizationLayer(
      name: "ln", config: LayerNormalizationConfig(center: center, scale: scale, betaInitializer: .randomNormal(stddev: 0.3), gammaInitializer: .randomNormal(mean: 1, stddev: 0.3)))
    let check = try GradientCheck.check(layer: layer, inputs: [randomTensor([2, 3, 5], "ln-x", scale: 2)])
    #expect(check.passed, "center \(center) scale \(scale): \(check)")
    #expect(layer.parameters.map(\.name) == (scale ? ["ln/gamma"] : []) + (center ? ["ln/beta"] : []))
    #expect(layer.parameterCount(inputShapes: [[3, 5]]).trainable == 5 * ((center ? 1 : 0) + (scale ? 1 : 0)))
  }

  @Test func globalPooling() throws {
    for (kind, rank, shape) in [
      (GlobalPoolingLayer.Kind.max, 2, [2, 3, 4, 3] as Shape), (.average, 1, [2, 5, 3]), (.max, 1, [2, 5, 3]),
    ] {
      let layer = GlobalPoolingLayer(name: "g", kind: kind, spatialRank: rank)
      let check = try GradientCheck.check(layer: layer, inputs: [separatedTensor(shape, "gp\(rank)")])
      #expect(check.passed, "\(layer.typeName): \(check)")
      #expect(try layer.outputShape(for: [shape.unbatched]) == [3])
    }
    #expect(GlobalPoolingLayer(name: "g", kind: .max, spatialRank: 2).className == "GlobalMaxPooling2D")
    #expect(GlobalPoolingLayer(name: "g", kind: .average, spatialRank: 1).typeName == "global_average_pooling1d")
  }

  @Test func globalMaxPoolingSplitsTies() throws {
    let layer = GlobalPoolingLayer(name: "g", kind: .max, spatialRank: 1)
    try layer.build(inputShapes: [[3, 1]], maxBatchSize: 1, context: LayerContext(seed: 1))
    let y = layer.forward([Tensor(shape: [1, 3, 1], values: [2, 1, 2])], training: true, context: LayerContext(seed: 1))
    #expect(y.toArray() == [2])
    #expect(layer.backward(Tensor(shape: [1, 1], values: [1]))[0].toArray() == [0.5, 0, 0.5])
  }

  @Test func zeroPadding() throws {
    let layer = ZeroPadding2DLayer(name: "z", padding: (1, 2, 0, 3))
    #expect(try layer.outputShape(for: [[3, 2, 2]]) == [6, 5, 2])
    #expect(try GradientCheck.check(layer: layer, inputs: [randomTensor([2, 3, 2, 2], "zp")]).passed)
  }

  @Test func spatialDropout() throws {
    let layer = SpatialDropout2DLayer(name: "sd", rate: 0.5)
    let x = randomTensor([4, 3, 3, 4], "sd-x")
    #expect(try GradientCheck.check(layer: layer, inputs: [x]).passed)
    // Whole channels: every pixel of a channel of an example is kept or dropped together.
    let y = layer.forward([x], training: true, context: LayerContext(seed: 7, step: 3))
    var dropped = 0
    for n in 0..<4 {
      for c in 0..<4 {
        let kept = (0..<9).map { p in y.buffer[(n * 9 + p) * 4 + c] != 0 }
        #expect(Set(kept).count == 1)
        if !kept[0] { dropped += 1 }
        if kept[0] {
          #expect(abs(y.buffer[n * 36 + c] - 2 * x.buffer[n * 36 + c]) < 1e-6)
        }
      }
    }
    #expect(dropped > 0 && dropped < 16)
    #expect(layer.forward([x], training: false, context: LayerContext(seed: 7)).toArray() == x.toArray())
    #expect(throws: ShapeError.self) { try layer.outputShape(for: [[3, 4]]) }
  }

  @Test(arguments: ElementwiseMergeLayer.Operation.allCases)
  func elementwiseMerge(_ op: ElementwiseMergeLayer.Operation) throws {
    let layer = ElementwiseMergeLayer(name: "m", operation: op)
    let count = op == .subtract ? 2 : 3
    // Separated values: no ties for maximum and minimum within a step.
    let inputs = (0..<count).map { separatedTensor([2, 3, 4], "merge-\($0)", spacing: 0.11, offset: Float($0) * 0.031) }
    let check = try GradientCheck.check(layer: layer, inputs: inputs)
    #expect(check.passed, "\(op): \(check)")
    #expect(throws: ShapeError.self) { try layer.outputShape(for: [[3, 4], [3, 5]]) }
    #expect(throws: ShapeError.self) { try layer.outputShape(for: [[3, 4]]) }
  }

  @Test func subtractTakesTwoInputs() {
    let layer = ElementwiseMergeLayer(name: "s", operation: .subtract)
    #expect(throws: ShapeError.self) { try layer.outputShape(for: [[2], [2], [2]]) }
    #expect(layer.className == "Subtract")
  }

  @Test func embeddingGradientScattersIntoRows() throws {
    let layer = EmbeddingLayer(name: "e", config: EmbeddingConfig(inputDim: 5, outputDim: 3))
    // Repeated ids: their gradients add into the same row. Ids + 0.5 (truncated to the id), so
    // that the check's steps on the input stay on one id: the ids' gradient is zero.
    let ids = Tensor(shape: [2, 4], values: [0, 3, 3, 4, 1, 3, 0, 2].map { $0 + 0.5 })
    let check = try GradientCheck.check(layer: layer, inputs: [ids])
    #expect(check.passed, "\(check)")
    #expect(layer.parameters.map(\.name) == ["e/embeddings"])
    #expect(layer.parameterCount(inputShapes: [[4]]).trainable == 15)
    #expect(try layer.outputShape(for: [[4]]) == [4, 3])
    // Keras's default initializer: U(-0.05, 0.05).
    #expect(layer.parameters[0].value.toArray().allSatisfy { abs($0) <= 0.05 })
  }

  @Test func embeddingReportsAnIdOutOfRange() throws {
    let layer = EmbeddingLayer(name: "tokens", config: EmbeddingConfig(inputDim: 4, outputDim: 2))
    try layer.build(inputShapes: [[3]], maxBatchSize: 2, context: LayerContext(seed: 1))
    _ = layer.forward([Tensor(shape: [2, 3], values: [0, 1, 3, 2, 4, 1])], training: true, context: LayerContext(seed: 1))
    let problem = try #require(layer.inputProblem)
    #expect(problem.contains("embedding 'tokens'") && problem.contains("token id 4") && problem.contains("[0, 4)"))
    _ = layer.forward([Tensor(shape: [1, 3], values: [0, 1, 3])], training: true, context: LayerContext(seed: 1))
    #expect(layer.inputProblem == nil)
    _ = layer.forward([Tensor(shape: [1, 3], values: [-1, 1, 3])], training: true, context: LayerContext(seed: 1))
    #expect(layer.inputProblem?.contains("token id -1") == true)
  }

  @Test func graphSurfacesTheInvalidIdAndSkipsTheIdGradient() throws {
    let graph = try Graph(
      inputShape: [3],
      nodes: [
        GraphNode(.embedding(EmbeddingConfig(inputDim: 6, outputDim: 4))), GraphNode(.globalAveragePooling1d),
        GraphNode(.dense(DenseConfig(units: 2))),
      ], seed: 3)
    graph.build(maxBatchSize: 2)
    let ok = Tensor(shape: [2, 3], values: [0, 5, 2, 1, 1, 4])
    let check = GradientCheck.check(graph: graph, input: ok)
    #expect(check.passed, "\(check)")
    #expect(graph.inputProblem == nil)
    _ = graph.forward(Tensor(shape: [2, 3], values: [0, 5, 2, 1, 6, 4]), training: false)
    #expect(graph.inputProblem?.contains("token id 6") == true)
    _ = graph.forward(ok, training: false)
    #expect(graph.inputProblem == nil)
  }
}

/// Shape errors name the layer type, the layer and the shape.
@Suite struct MoreLayersShapeErrorTests {
  func message(_ layer: any Layer, _ shapes: [Shape]) -> String {
    do {
      _ = try layer.outputShape(for: shapes)
      return ""
    } catch {
      return error.description
    }
  }

  @Test func messages() {
    #expect(
      message(ZeroPadding2DLayer(name: "zp", padding: (1, 1, 1, 1)), [[4, 3]])
        == "zero_padding2d 'zp': expected a rank-3 input (height, width, channels), got (4, 3)")
    #expect(
      message(GlobalPoolingLayer(name: "g", kind: .max, spatialRank: 2), [[4, 3]])
        == "global_max_pooling2d 'g': expected a rank-3 input (height, width, channels), got (4, 3)")
    #expect(
      message(GlobalPoolingLayer(name: "g1", kind: .max, spatialRank: 1), [[4, 3, 2]])
        == "global_max_pooling1d 'g1': expected a rank-2 input (steps, features), got (4, 3, 2)")
    #expect(
      message(SpatialDropout2DLayer(name: "sd", rate: 0.1), [[8]])
        == "spatial_dropout2d 'sd': expected a rank-3 input (height, width, channels), got (8,)")
    #expect(
      message(ElementwiseMergeLayer(name: "mul", operation: .multiply), [[2, 3], [3, 2]])
        == "multiply 'mul': inputs have shapes (2, 3) and (3, 2); all must match")
    #expect(message(LayerNormalizationLayer(name: "ln"), [[4], [4]]) == "layer_normalization 'ln': expected 1 input, got 2")
    #expect(
      message(EmbeddingLayer(name: "e", config: EmbeddingConfig(inputDim: 3, outputDim: 2)), [[]])
        == "embedding 'e': expected token ids of rank 1 or more (sequence_length), got ()")
  }
}
