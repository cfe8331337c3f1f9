import NN
import Tensors
import Testing
import _TestSupport

/// Forward values of the new layers against numpy formulas of Keras 3's definitions, computed in
/// the test through the project's venv.
@Suite struct MoreLayersReferenceTests {
  func run(_ layer: any Layer, _ inputs: [Tensor], training: Bool = false) throws -> [Float] {
    try layer.build(
      inputShapes: inputs.map(\.shape.unbatched), maxBatchSize: inputs[0].shape[0], context: LayerContext(seed: 5))
    return layer.forward(inputs, training: training, context: LayerContext(seed: 5)).toArray()
  }

  @Test func layerNormalization() throws {
    let layer = LayerNormalizationLayer(
      name: "ln",
      config: LayerNormalizationConfig(
        epsilon: 0.01, betaInitializer: .randomNormal(stddev: 0.5), gammaInitializer: .randomNormal(mean: 1)))
    let x = randomTensor([2, 3, 6], "ln-ref", scale: 3)
    let y = try run(layer, [x])
    let gamma = Tensor(shape: [6], values: layer.parameters[0].value.toArray())
    let beta = Tensor(shape: [6], values: layer.parameters[1].value.toArray())
    let expected = try numpyReference(
      """
      m = x.astype(np.float64).mean(-1, keepdims=True); v = x.astype(np.float64).var(-1, keepdims=True)
      out = g * (x - m) / np.sqrt(v + 0.01) + b
      """, ["x": x, "g": gamma, "b": beta])
    #expect(allClose(y, expected, relative: 1e-5, absolute: 1e-5))
  }

  @Test func globalPooling() throws {
    let x2 = randomTensor([2, 3, 4, 5], "gmp2")
    #expect(
      allClose(
        try run(GlobalPoolingLayer(name: "g", kind: .max, spatialRank: 2), [x2]),
        try numpyReference("out = x.max(axis=(1, 2))", ["x": x2])))
    let x1 = randomTensor([3, 7, 4], "gp1")
    #expect(
      allClose(
        try run(GlobalPoolingLayer(name: "g", kind: .average, spatialRank: 1), [x1]),
        try numpyReference("out = x.mean(axis=1)", ["x": x1])))
    #expect(
      allClose(
        try run(GlobalPoolingLayer(name: "g", kind: .max, spatialRank: 1), [x1]),
        try numpyReference("out = x.max(axis=1)", ["x": x1])))
  }

  @Test func zeroPadding() throws {
    let x = randomTensor([2, 3, 4, 2], "zp-ref")
    let y = try run(ZeroPadding2DLayer(name: "z", padding: (2, 1, 0, 3)), [x])
    let expected = try numpyReference("out = np.pad(x, ((0, 0), (2, 1), (0, 3), (0, 0)))", ["x": x])
    #expect(allClose(y, expected, relative: 1e-7, absolute: 1e-9), "\(y) \(expected)")
  }

  @Test func merges() throws {
    let a = randomTensor([2, 3, 4], "ma"), b = randomTensor([2, 3, 4], "mb"), c = randomTensor([2, 3, 4], "mc")
    let cases: [(ElementwiseMergeLayer.Operation, [Tensor], String)] = [
      (.multiply, [a, b, c], "out = a * b * c"),
      (.subtract, [a, b], "out = a - b"),
      (.average, [a, b, c], "out = (a + b + c) / 3"),
      (.maximum, [a, b, c], "out = np.maximum(np.maximum(a, b), c)"),
      (.minimum, [a, b, c], "out = np.minimum(np.minimum(a, b), c)"),
    ]
    for (op, inputs, code) in cases {
      let y = try run(ElementwiseMergeLayer(name: "m", operation: op), inputs)
      #expect(allClose(y, try numpyReference(code, ["a": a, "b": b, "c": c])), "\(op)")
    }
  }

  @Test func embedding() throws {
    let layer = EmbeddingLayer(name: "e", config: EmbeddingConfig(inputDim: 7, outputDim: 3))
    let ids = Tensor(shape: [2, 5], values: [0, 6, 2, 2, 5, 1, 3, 4, 0, 6])
    let y = try run(layer, [ids])
    let table = Tensor(shape: [7, 3], values: layer.parameters[0].value.toArray())
    let expected = try numpyReference("out = w[ids.astype(np.int64)]", ["ids": ids, "w": table])
    #expect(allClose(y, expected, relative: 1e-7, absolute: 1e-9), "\(y) \(expected)")
  }

  @Test func spatialDropoutScalesKeptChannels() throws {
    let x = randomTensor([3, 2, 2, 5], "sd-ref")
    let layer = SpatialDropout2DLayer(name: "sd", rate: 0.3)
    let y = try run(layer, [x], training: true)
    // The mask read back from the output, checked against numpy's broadcast of it.
    var mask: [Float] = []
    for n in 0..<3 { for c in 0..<5 { mask.append(y[n * 20 + c] == 0 && x.buffer[n * 20 + c] != 0 ? 0 : 1) } }
    let m = Tensor(shape: [3, 1, 1, 5], values: mask)
    #expect(allClose(y, try numpyReference("out = x * m / np.float32(0.7)", ["x": x, "m": m])))
  }
}
