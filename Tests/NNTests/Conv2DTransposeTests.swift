import Foundation
import NN
import Tensors
import Testing
import _TestSupport

/// `conv2d_transpose`: finite-difference gradients, forward values against a numpy scatter written
/// from the definition (`y[i·s + a − pad_before] += x[i]·w[a]`, TensorFlow's pads), output shapes
/// and parameter counts as Keras 3's `Conv2DTranspose`.
@Suite struct Conv2DTransposeTests {
  struct Case: Sendable, CustomStringConvertible {
    let input: Shape
    let filters: Int
    let kernel: (Int, Int)
    let strides: (Int, Int)
    let padding: Padding
    var outputPadding: (Int, Int)? = nil
    var description: String {
      "\(input) f\(filters) k\(kernel) s\(strides) \(padding) op\(outputPadding.map { "\($0)" } ?? "None")"
    }

    func layer(activation: Activation = .linear, useBias: Bool = true) -> Conv2DTransposeLayer {
      Conv2DTransposeLayer(
        name: "conv2d_transpose",
        config: Conv2DTransposeConfig(
          filters: filters, kernelSize: kernel, strides: strides, padding: padding,
          outputPadding: outputPadding.map { (height: $0.0, width: $0.1) }, activation: activation,
          useBias: useBias))
    }
  }

  /// Odd and even kernels, strides 1–3, both paddings, with and without output padding, kernels
  /// smaller than, equal to and larger than the stride.
  static let cases: [Case] = [
    Case(input: [3, 4, 2], filters: 3, kernel: (3, 3), strides: (1, 1), padding: .valid),
    Case(input: [3, 4, 2], filters: 3, kernel: (3, 3), strides: (1, 1), padding: .same),
    Case(input: [3, 4, 2], filters: 2, kernel: (2, 2), strides: (2, 2), padding: .same),
    Case(input: [3, 4, 2], filters: 2, kernel: (2, 2), strides: (2, 2), padding: .valid),
    Case(input: [3, 3, 2], filters: 2, kernel: (3, 3), strides: (2, 2), padding: .same),
    Case(input: [3, 3, 2], filters: 2, kernel: (3, 2), strides: (2, 3), padding: .valid),
    Case(
      input: [3, 2, 3], filters: 2, kernel: (4, 4), strides: (2, 2), padding: .same, outputPadding: (1, 0)),
    Case(
      input: [2, 3, 2], filters: 2, kernel: (3, 3), strides: (3, 3), padding: .valid, outputPadding: (2, 1)),
    Case(input: [2, 3, 2], filters: 3, kernel: (1, 2), strides: (3, 3), padding: .valid),
    Case(
      input: [3, 2, 2], filters: 2, kernel: (5, 3), strides: (2, 1), padding: .same, outputPadding: (1, 0)),
    Case(input: [2, 2, 2], filters: 2, kernel: (2, 4), strides: (3, 2), padding: .same),
    Case(input: [3, 3, 4], filters: 2, kernel: (1, 1), strides: (1, 1), padding: .valid),
  ]

  @Test(arguments: cases)
  func gradients(_ c: Case) throws {
    let layer = c.layer(activation: .tanh)
    let x = randomTensor(c.input.batched(2), "convt-x")
    let check = try GradientCheck.check(layer: layer, inputs: [x])
    #expect(check.passed, "\(c): \(check)")
  }

  @Test func gradientsWithoutBias() throws {
    let c = Case(
      input: [3, 3, 2], filters: 2, kernel: (3, 3), strides: (2, 2), padding: .same, outputPadding: (1, 1))
    let layer = c.layer(useBias: false)
    #expect(try GradientCheck.check(layer: layer, inputs: [randomTensor([2, 3, 3, 2], "x")]).passed)
    #expect(layer.parameters.map(\.name) == ["conv2d_transpose/kernel"])
  }

  /// The numpy scatter, written independently of our kernels (including the output length).
  static let numpyReference = """
    import json, sys, numpy as np
    def outlen(n, k, s, pad, op):
        if op is None:
            return n * s + max(k - s, 0) if pad == 'valid' else n * s
        return (n - 1) * s + k + op if pad == 'valid' else (n - 1) * s + k - 2 * (k // 2) + op
    a = json.loads(sys.stdin.read())
    x = np.array(a['x'], dtype=np.float64).reshape(a['xshape'])
    w = np.array(a['w'], dtype=np.float64).reshape(a['wshape'])
    b = np.array(a['b'], dtype=np.float64)
    s, pad, op = a['strides'], a['padding'], a['op']
    N, H, W, C = x.shape
    kh, kw, F, _ = w.shape
    Ho = outlen(H, kh, s[0], pad, op[0] if op else None)
    Wo = outlen(W, kw, s[1], pad, op[1] if op else None)
    ph = max((H - 1) * s[0] + kh - Ho, 0) // 2
    pw = max((W - 1) * s[1] + kw - Wo, 0) // 2
    y = np.zeros((N, Ho, Wo, F)) + b
    for n in range(N):
        for i in range(H):
            for j in range(W):
                for p in range(kh):
                    for q in range(kw):
                        oi, oj = i * s[0] + p - ph, j * s[1] + q - pw
                        if 0 <= oi < Ho and 0 <= oj < Wo:
                            y[n, oi, oj] += w[p, q] @ x[n, i, j]
    print(json.dumps({'shape': list(y.shape), 'y': y.ravel().tolist()}))
    """

  @Test(arguments: cases)
  func forwardMatchesNumPy(_ c: Case) throws {
    let layer = c.layer()
    let x = randomTensor(c.input.batched(2), "convt-fx")
    try layer.build(inputShapes: [c.input], maxBatchSize: 2, context: LayerContext(seed: 4))
    let bias = randomTensor([c.filters], "convt-b")
    layer.parameters[1].value.copy(from: bias)
    let y = layer.forward([x], training: false, context: LayerContext(seed: 4))
    let w = layer.parameters[0].value
    let arguments: [String: Any] = [
      "x": x.toArray().map(Double.init), "xshape": x.shape.dims, "w": w.toArray().map(Double.init),
      "wshape": w.shape.dims, "b": bias.toArray().map(Double.init),
      "strides": [c.strides.0, c.strides.1], "padding": c.padding.rawValue,
      "op": c.outputPadding.map { [$0.0, $0.1] } ?? NSNull(),
    ]
    let reference = try Self.runNumPy(arguments)
    #expect(reference.shape == y.shape.dims, "\(c)")
    #expect(allClose(y.toArray(), reference.values, relative: 1e-5, absolute: 1e-5), "\(c)")
  }

  static func runNumPy(_ arguments: [String: Any]) throws -> (shape: [Int], values: [Double]) {
    let input = String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "convt-\(UUID().uuidString).json")
    try input.write(to: scratch, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let out = try TestPython.run(
      code: "import sys; sys.stdin = open(sys.argv[1]); exec(sys.argv[2])",
      arguments: [scratch.path, numpyReference])
    guard out.status == 0,
      let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any],
      let shape = json["shape"] as? [Int], let values = json["y"] as? [Double]
    else { throw NumPyFailure(stderr: out.stderr) }
    return (shape, values)
  }

  struct NumPyFailure: Error { let stderr: String }

  /// Output shapes and parameter counts as Keras 3 gives them (`Conv2DTranspose(2, k, ...)` on a
  /// `(1, 5, 5, 3)` input, printed with keras 3.15 on JAX).
  @Test(arguments: [
    (3, 2, Padding.same, Int?.none, 10, 56), (2, 2, .same, nil, 10, 26), (4, 2, .same, 1, 9, 98),
    (3, 3, .valid, 2, 17, 56), (1, 3, .valid, nil, 15, 8), (2, 2, .valid, nil, 10, 26),
    (5, 2, .valid, nil, 13, 152), (3, 1, .same, nil, 5, 56), (3, 2, .valid, 0, 11, 56),
    (4, 2, .same, 0, 8, 98),
  ])
  func outputShapeAndParameters(
    _ k: Int, _ s: Int, _ padding: Padding, _ op: Int?, _ out: Int, _ parameters: Int
  ) throws {
    let layer = Conv2DTransposeLayer(
      name: "t",
      config: Conv2DTransposeConfig(
        filters: 2, kernelSize: (k, k), strides: (s, s), padding: padding,
        outputPadding: op.map { (height: $0, width: $0) }))
    #expect(try layer.outputShape(for: [[5, 5, 3]]) == [out, out, 2])
    #expect(layer.parameterCount(inputShapes: [[5, 5, 3]]).trainable == parameters)
    try layer.build(inputShapes: [[5, 5, 3]], maxBatchSize: 1, context: LayerContext(seed: 1))
    #expect(layer.parameters.map(\.value.shape) == [[k, k, 2, 3], [2]])
  }

  @Test func badInputsAreShapeErrors() {
    let layer = Conv2DTransposeLayer(
      name: "up",
      config: Conv2DTransposeConfig(
        filters: 2, kernelSize: (2, 2), strides: (2, 2), padding: .same,
        outputPadding: (0, 0)))
    #expect(throws: ShapeError.self) { try layer.outputShape(for: [[4, 4]]) }
    // An even kernel with `same` and output_padding 0 gives Keras's (in - 1)·s: empty for in = 1.
    do {
      _ = try layer.outputShape(for: [[1, 4, 3]])
      Issue.record("expected a ShapeError")
    } catch {
      #expect("\(error)".contains("up"), "\(error)")
      #expect("\(error)".contains("output height must be positive, got 0"), "\(error)")
    }
  }

  /// The summary row: Keras's class name, output shape, parameters, and FLOPs by hand (2 per
  /// multiply-add: 4·4 input pixels × 2·2·8 window × 3 inputs; + 1 per bias and relu output).
  @Test func summaryRow() throws {
    let graph = try Graph(
      inputShape: [4, 4, 3],
      nodes: [
        GraphNode(
          .conv2dTranspose(
            Conv2DTransposeConfig(
              filters: 8, kernelSize: (2, 2), strides: (2, 2), padding: .same, activation: .relu)))
      ], seed: 0)
    let summary = ModelSummary(graph: graph)
    let row = summary.rows[0]
    #expect(row.name == "conv2d_transpose")
    #expect(row.className == "Conv2DTranspose")
    #expect(row.outputShape == [8, 8, 8])
    #expect(row.trainableParameters == 2 * 2 * 8 * 3 + 8)
    #expect(row.flops == 16 * 2 * (2 * 2 * 8 * 3) + 8 * 8 * 8 * 2)
    #expect(summary.renderText(modelName: "m", batchSize: 1).contains("Conv2DTranspose"))
  }

  /// A workspace too small for the batch splits it into one-sample chunks; forward and every
  /// gradient are the same as with one chunk (the chunk offsets are right).
  @Test func chunkedBatchMatchesOneChunk() throws {
    let g = try Conv2DTransposeGeometry(
      inputHeight: 3, inputWidth: 4, inputChannels: 2, filters: 3, kernelHeight: 3, kernelWidth: 2,
      strideHeight: 2, strideWidth: 2, padding: .same, outputPadding: (1, 1))
    let small = Conv2DWorkspace(byteLimit: 4 * g.height.output * g.width.output * g.patchSize)
    #expect(small.samplesPerChunk(g, batch: 3) == 1)
    #expect(Conv2DWorkspace().samplesPerChunk(g, batch: 3) == 3)
    let x = randomTensor(g.inputShape(batch: 3), "chunk-x")
    let w = randomTensor(g.kernelShape, "chunk-w")
    let b = randomTensor(g.biasShape, "chunk-b")
    let dy = randomTensor(g.outputShape(batch: 3), "chunk-dy")
    var results: [[[Float]]] = []
    for workspace in [Conv2DWorkspace(), small] {
      let y = Tensor(zeros: g.outputShape(batch: 3))
      conv2dTransposeForward(input: x, kernel: w, bias: b, output: y, geometry: g, workspace: workspace)
      let dx = Tensor(zeros: x.shape), dw = Tensor(zeros: w.shape), db = Tensor(zeros: b.shape)
      conv2dTransposeBackward(
        input: x, kernel: w, outputGradient: dy, inputGradient: dx, kernelGradient: dw, biasGradient: db,
        geometry: g, workspace: workspace)
      results.append([y.toArray(), dx.toArray(), dw.toArray(), db.toArray()])
    }
    for (one, chunked) in zip(results[0], results[1]) {
      #expect(allClose(chunked, one, relative: 1e-6, absolute: 1e-6))
    }
  }

  /// Keras itself (3.15 on JAX, whose conv_transpose pads as TensorFlow's) with our weights gives
  /// our outputs, for every case at once.
  @Test func forwardMatchesKeras() throws {
    var requests: [[String: Any]] = []
    var outputs: [[Float]] = []
    for (n, c) in Self.cases.enumerated() {
      let layer = c.layer(activation: .relu)
      let x = randomTensor(c.input.batched(2), "convt-keras-x-\(n)")
      try layer.build(inputShapes: [c.input], maxBatchSize: 2, context: LayerContext(seed: 9))
      layer.parameters[1].value.copy(from: randomTensor([c.filters], "convt-keras-b-\(n)"))
      outputs.append(layer.forward([x], training: false, context: LayerContext(seed: 9)).toArray())
      requests.append([
        "x": x.toArray().map(Double.init), "xshape": x.shape.dims,
        "w": layer.parameters[0].value.toArray().map(Double.init), "wshape": layer.parameters[0].shape.dims,
        "b": layer.parameters[1].value.toArray().map(Double.init), "filters": c.filters,
        "kernel": [c.kernel.0, c.kernel.1], "strides": [c.strides.0, c.strides.1],
        "padding": c.padding.rawValue,
        "op": c.outputPadding.map { [$0.0, $0.1] } ?? NSNull(),
      ])
    }
    let script = """
      import json, sys, numpy as np, keras
      out = []
      for a in json.load(open(sys.argv[1])):
          layer = keras.layers.Conv2DTranspose(
              a['filters'], tuple(a['kernel']), strides=tuple(a['strides']), padding=a['padding'],
              output_padding=None if a['op'] is None else tuple(a['op']), activation='relu')
          x = np.array(a['x'], np.float32).reshape(a['xshape'])
          layer.build(x.shape)
          layer.set_weights([np.array(a['w'], np.float32).reshape(a['wshape']), np.array(a['b'], np.float32)])
          y = np.asarray(layer(x))
          out.append({'shape': list(y.shape), 'y': y.ravel().astype(float).tolist()})
      print(json.dumps(out))
      """
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "convt-keras-\(UUID().uuidString).json")
    try JSONSerialization.data(withJSONObject: requests).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let run = try TestPython.run(code: script, arguments: [file.path])
    try #require(run.status == 0, "\(run.stderr)")
    let results = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
    for (n, c) in Self.cases.enumerated() {
      let shape = results[n]["shape"] as? [Int]
      #expect(shape == [2] + (try c.layer().outputShape(for: [c.input])).dims, "\(c)")
      #expect(
        allClose(outputs[n], results[n]["y"] as? [Double] ?? [], relative: 1e-5, absolute: 1e-5), "\(c)")
    }
  }

  /// As a graph's first layer (no input gradient) and last layer with sigmoid (the loss from its
  /// logits): binary crossentropy through the logits equals the probability path.
  @Test func firstAndLogitsLayerOfAGraph() throws {
    let g = try Graph(
      inputShape: [3, 3, 2],
      nodes: [
        GraphNode(
          .conv2dTranspose(
            Conv2DTransposeConfig(
              filters: 1, kernelSize: (3, 3), strides: (2, 2), padding: .same, activation: .sigmoid)))
      ], seed: 5)
    g.build(maxBatchSize: 2)
    #expect((g.layers[0] as? Conv2DTransposeLayer)?.computesInputGradient == false)
    let x = randomTensor([2, 3, 3, 2], "graph-x")
    let targets = Tensor(shape: [2, 6, 6, 1], values: (0..<72).map { Float($0 % 3 == 0 ? 1 : 0) })
    let loss = Loss(.binaryCrossentropy)
    g.zeroGradients()
    _ = g.forward(x, training: true)
    let viaLogits = g.backward(loss: loss, targets: targets, sampleWeights: nil)
    let logitsGradients = g.trainableParameters.flatMap { $0.gradient.toArray() }
    g.zeroGradients()
    let y = g.forward(x, training: true)
    let dy = Tensor(zeros: y.shape)
    let viaProbabilities = loss.compute(predictions: y, targets: targets, sampleWeights: nil, gradient: dy)
    g.backward(dy)
    #expect(isClose(Double(viaLogits), Double(viaProbabilities), relative: 1e-5))
    let probabilityGradients = g.trainableParameters.flatMap { $0.gradient.toArray() }
    #expect(allClose(logitsGradients, probabilityGradients, relative: 1e-3, absolute: 1e-6))
  }
}
