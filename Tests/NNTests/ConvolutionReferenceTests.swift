import Foundation
import NN
import Tensors
import Testing
import _TestSupport

/// Forward values of the convolution layers against a numpy reference written straight from the
/// definition (loops over output pixels, taps and channels, Keras's padding rules), run through
/// the tests' Python; parameter counts against what Keras 3 reports.
@Suite struct ConvolutionReferenceTests {
  /// Reads `{"kind", "x", "x_shape", "params": [[values, shape]...], ...}` from argv[1] and prints
  /// the layer's output as a JSON list.
  static let script = #"""
    import json, sys
    import numpy as np
    a = json.loads(sys.argv[1])
    x = np.array(a["x"], dtype=np.float64).reshape(a["x_shape"])
    P = [np.array(v, dtype=np.float64).reshape(s) for v, s in a["params"]]

    def pads(n, k, s, d, mode):
        eff = d * (k - 1) + 1
        if mode == "valid":
            return 0, 0, (n - eff) // s + 1
        if mode == "causal":
            return d * (k - 1), 0, (n - 1) // s + 1
        out = -(-n // s)
        total = max((out - 1) * s + eff - n, 0)
        return total // 2, total - total // 2, out

    def conv2d(x, w, b, s, d, modes, groups):
        N, H, W, C = x.shape
        kh, kw, cg, F = w.shape
        assert C == cg * groups
        fg = F // groups
        pt, pb, Ho = pads(H, kh, s[0], d[0], modes[0])
        pl, pr, Wo = pads(W, kw, s[1], d[1], modes[1])
        xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
        y = np.zeros((N, Ho, Wo, F))
        for n in range(N):
            for i in range(Ho):
                for j in range(Wo):
                    for f in range(F):
                        g = f // fg
                        acc = 0.0
                        for p in range(kh):
                            for q in range(kw):
                                for c in range(cg):
                                    acc += xp[n, i * s[0] + p * d[0], j * s[1] + q * d[1], g * cg + c] * w[p, q, c, f]
                        y[n, i, j, f] = acc + (b[f] if b is not None else 0.0)
        return y

    def depthwise(x, w, b, s, d, mode):
        N, H, W, C = x.shape
        kh, kw, _, M = w.shape
        pt, pb, Ho = pads(H, kh, s[0], d[0], mode)
        pl, pr, Wo = pads(W, kw, s[1], d[1], mode)
        xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
        y = np.zeros((N, Ho, Wo, C * M))
        for n in range(N):
            for i in range(Ho):
                for j in range(Wo):
                    for c in range(C):
                        for m in range(M):
                            acc = 0.0
                            for p in range(kh):
                                for q in range(kw):
                                    acc += xp[n, i * s[0] + p * d[0], j * s[1] + q * d[1], c] * w[p, q, c, m]
                            y[n, i, j, c * M + m] = acc + (b[c * M + m] if b is not None else 0.0)
        return y

    k = a["kind"]
    s, d, mode = a["strides"], a["dilation"], a["padding"]
    bias = P[-1] if a["use_bias"] else None
    if k == "conv2d":
        y = conv2d(x, P[0], bias, s, d, (mode, mode), a["groups"])
    elif k == "conv1d":
        y = conv2d(x[:, None], P[0][None], bias, (1, s[0]), (1, d[0]), ("valid", mode), a["groups"])[:, 0]
    elif k == "depthwise":
        y = depthwise(x, P[0], bias, s, d, mode)
    else:
        m = depthwise(x, P[0], None, s, d, mode)
        y = np.einsum("nhwc,cf->nhwf", m, P[1][0, 0]) + (bias if bias is not None else 0.0)
    print(json.dumps(y.reshape(-1).tolist()))
    """#

  struct Case: Sendable, CustomStringConvertible {
    let kind: String
    let input: Shape
    var filters = 3
    var kernel = (3, 3)
    var strides = (1, 1)
    var padding = "valid"
    var dilation = (1, 1)
    var groups = 1
    var multiplier = 1
    var useBias = true
    var description: String {
      "\(kind) \(input) f\(filters) k\(kernel) s\(strides) \(padding) d\(dilation) g\(groups) m\(multiplier)"
    }

    func layer() -> any Layer {
      let p = Padding(rawValue: padding) ?? .valid
      switch kind {
      case "conv2d":
        return Conv2DLayer(
          name: "c",
          config: Conv2DConfig(
            filters: filters, kernelSize: kernel, strides: strides, padding: p, useBias: useBias,
            dilationRate: dilation, groups: groups))
      case "conv1d":
        return Conv1DLayer(
          name: "c",
          config: Conv1DConfig(
            filters: filters, kernelSize: kernel.1, strides: strides.1,
            padding: Conv1DPadding(rawValue: padding)!,
            dilationRate: dilation.1, groups: groups, useBias: useBias))
      case "depthwise":
        return DepthwiseConv2DLayer(
          name: "c",
          config: DepthwiseConv2DConfig(
            kernelSize: kernel, strides: strides, padding: p, depthMultiplier: multiplier,
            dilationRate: dilation,
            useBias: useBias))
      default:
        return SeparableConv2DLayer(
          name: "c",
          config: SeparableConv2DConfig(
            filters: filters, kernelSize: kernel, strides: strides, padding: p, depthMultiplier: multiplier,
            dilationRate: dilation, useBias: useBias))
      }
    }
  }

  static let cases: [Case] = [
    Case(kind: "conv2d", input: [7, 6, 2], padding: "same", dilation: (2, 2)),
    Case(
      kind: "conv2d", input: [9, 8, 3], kernel: (3, 2), padding: "valid", dilation: (2, 3), useBias: false),
    Case(kind: "conv2d", input: [6, 7, 6], filters: 4, strides: (2, 2), padding: "same", groups: 2),
    Case(kind: "conv2d", input: [6, 5, 6], filters: 6, padding: "same", dilation: (2, 1), groups: 3),
    Case(kind: "conv2d", input: [7, 6, 16], filters: 5, padding: "same", dilation: (2, 2)),  // shifted path
    Case(kind: "conv2d", input: [5, 5, 16], filters: 8, kernel: (1, 1), groups: 4),
    Case(kind: "depthwise", input: [7, 6, 3], padding: "same"),
    Case(
      kind: "depthwise", input: [7, 6, 3], kernel: (3, 2), strides: (2, 2), padding: "same", multiplier: 2),
    Case(
      kind: "depthwise", input: [8, 7, 2], padding: "valid", dilation: (2, 2), multiplier: 3, useBias: false),
    Case(kind: "separable", input: [7, 6, 3], filters: 4, padding: "same", multiplier: 2),
    Case(kind: "separable", input: [8, 7, 2], filters: 3, strides: (2, 2), padding: "valid"),
    Case(
      kind: "separable", input: [9, 8, 2], filters: 4, strides: (2, 2), padding: "same", dilation: (2, 2)),
    Case(
      kind: "depthwise", input: [9, 8, 2], strides: (2, 2), padding: "valid", dilation: (2, 2), multiplier: 2),
    Case(kind: "conv1d", input: [10, 3], filters: 4, kernel: (1, 3)),
    Case(kind: "conv1d", input: [10, 3], filters: 2, kernel: (1, 4), strides: (1, 2), padding: "same"),
    Case(kind: "conv1d", input: [10, 2], filters: 3, kernel: (1, 3), padding: "causal", dilation: (1, 2)),
    Case(
      kind: "conv1d", input: [9, 4], filters: 6, kernel: (1, 2), strides: (1, 3), padding: "causal", groups: 2
    ),
  ]

  @Test(arguments: cases)
  func forwardMatchesNumPy(_ c: Case) throws {
    let layer = c.layer()
    let batch = 2
    try layer.build(inputShapes: [c.input], maxBatchSize: batch, context: LayerContext(seed: 4))
    for p in layer.parameters { p.value.copy(from: randomTensor(p.value.shape, "ref/\(p.name)", scale: 0.5)) }
    let x = randomTensor(c.input.batched(batch), "ref/x")
    let y = layer.forward([x], training: false, context: LayerContext(seed: 4))
    let message: [String: Any] = [
      "kind": c.kind, "x": x.toArray().map(Double.init), "x_shape": x.shape.dims,
      "params": layer.parameters.map { [$0.value.toArray().map(Double.init), $0.value.shape.dims] as [Any] },
      "strides": c.kind == "conv1d" ? [c.strides.1] : [c.strides.0, c.strides.1],
      "dilation": c.kind == "conv1d" ? [c.dilation.1] : [c.dilation.0, c.dilation.1],
      "padding": c.padding, "groups": c.groups, "use_bias": c.useBias,
    ]
    let json = String(decoding: try JSONSerialization.data(withJSONObject: message), as: UTF8.self)
    let out = try TestPython.run(code: Self.script, arguments: [json])
    try #require(out.status == 0, "\(out.stderr)")
    let expected = try #require(
      JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [Double], "\(out.stdout)")
    #expect(y.shape == (try layer.outputShape(for: [c.input])).batched(batch))
    #expect(y.count == expected.count, "\(c)")
    #expect(allClose(y.toArray(), expected, relative: 1e-4, absolute: 1e-5), "\(c)")
  }

  /// Keras 3 (`count_params()`, and `output_shape`) for the same layers printed these numbers.
  @Test func parameterCountsAndShapesAsKeras() throws {
    let grouped = Conv2DLayer(name: "c", config: Conv2DConfig(filters: 8, kernelSize: (3, 3), groups: 2))
    #expect(grouped.parameterCount(inputShapes: [[8, 8, 4]]).trainable == 152)
    #expect(try grouped.outputShape(for: [[8, 8, 4]]) == [6, 6, 8])
    let dilated = Conv2DLayer(
      name: "c", config: Conv2DConfig(filters: 2, kernelSize: (3, 3), dilationRate: (2, 2)))
    #expect(try dilated.outputShape(for: [[8, 9, 1]]) == [4, 5, 2])  // effective window 5
    let depthwise = DepthwiseConv2DLayer(
      name: "d", config: DepthwiseConv2DConfig(kernelSize: (3, 3), padding: .same, depthMultiplier: 2))
    #expect(depthwise.parameterCount(inputShapes: [[6, 6, 8]]).trainable == 160)
    #expect(try depthwise.outputShape(for: [[6, 6, 8]]) == [6, 6, 16])
    let separable = SeparableConv2DLayer(
      name: "s", config: SeparableConv2DConfig(filters: 5, kernelSize: (3, 3), depthMultiplier: 2))
    #expect(separable.parameterCount(inputShapes: [[6, 6, 16]]).trainable == 453)
    #expect(try separable.outputShape(for: [[6, 6, 16]]) == [4, 4, 5])
    let conv1d = Conv1DLayer(
      name: "c1",
      config: Conv1DConfig(filters: 6, kernelSize: 3, padding: .causal, dilationRate: 2, groups: 2))
    #expect(conv1d.parameterCount(inputShapes: [[9, 4]]).trainable == 42)
    #expect(try conv1d.outputShape(for: [[9, 4]]) == [9, 6])
    // Built parameters agree with the counts.
    let built: [(any Layer, Shape)] = [
      (grouped, Shape([8, 8, 4])), (depthwise, Shape([6, 6, 8])), (separable, Shape([6, 6, 16])),
      (conv1d, Shape([9, 4])),
    ]
    for (layer, shape) in built {
      try layer.build(inputShapes: [shape], maxBatchSize: 1, context: LayerContext(seed: 1))
      let total = layer.parameters.map { $0.value.count }.reduce(0, +)
      #expect(total == layer.parameterCount(inputShapes: [shape]).trainable)
    }
  }

  /// glorot_uniform with Keras's fans: depthwise (3, 3, 8, 2) has fan_in 72 and fan_out 18, the
  /// pointwise (1, 1, 16, 4) 16 and 4, conv1d (3, 4, 6) 12 and 18.
  @Test func glorotLimitsUseKerasFans() throws {
    let separable = SeparableConv2DLayer(
      name: "s", config: SeparableConv2DConfig(filters: 4, kernelSize: (3, 3), depthMultiplier: 2))
    try separable.build(inputShapes: [[5, 5, 8]], maxBatchSize: 1, context: LayerContext(seed: 2))
    let conv1d = Conv1DLayer(name: "c", config: Conv1DConfig(filters: 6, kernelSize: 3))
    try conv1d.build(inputShapes: [[7, 4]], maxBatchSize: 1, context: LayerContext(seed: 2))
    for (p, fans) in [
      (separable.parameters[0], 90.0), (separable.parameters[1], 20.0), (conv1d.parameters[0], 30.0),
    ] {
      let limit = Float((6 / fans).squareRoot())
      let largest = p.value.toArray().map(abs).max() ?? 0
      #expect(largest <= limit && largest > 0.8 * limit, "\(p.name): \(largest) vs \(limit)")
    }
  }

  @Test func shapeErrorsNameTheLayerAndShapes() {
    let grouped = Conv2DLayer(name: "g", config: Conv2DConfig(filters: 6, kernelSize: (3, 3), groups: 2))
    let e1 = #expect(throws: ShapeError.self) { try grouped.outputShape(for: [[8, 8, 3]]) }
    #expect(e1?.description.contains("conv2d 'g'") == true, "\(String(describing: e1))")
    #expect(e1?.description.contains("(8, 8, 3)") == true, "\(String(describing: e1))")
    #expect(e1?.description.contains("divisible by groups (2)") == true, "\(String(describing: e1))")
    let dilated = DepthwiseConv2DLayer(
      name: "d", config: DepthwiseConv2DConfig(kernelSize: (3, 3), dilationRate: (3, 3)))
    let e2 = #expect(throws: ShapeError.self) { try dilated.outputShape(for: [[6, 9, 2]]) }
    #expect(e2?.description.contains("depthwise_conv2d 'd'") == true, "\(String(describing: e2))")
    #expect(e2?.description.contains("window height 7") == true, "\(String(describing: e2))")
    let conv1d = Conv1DLayer(name: "t", config: Conv1DConfig(filters: 2, kernelSize: 3))
    let e3 = #expect(throws: ShapeError.self) { try conv1d.outputShape(for: [[8, 8, 3]]) }
    #expect(e3?.description.contains("conv1d 't'") == true, "\(String(describing: e3))")
    #expect(e3?.description.contains("steps, channels") == true, "\(String(describing: e3))")
  }
}
