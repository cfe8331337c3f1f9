import Foundation
import NN
import Tensors
import Testing
import _TestSupport

/// Forward values of the augmentation layers against numpy references written in the test from
/// Keras's definitions, given the same drawn transforms (not Keras's random numbers):
/// `affine_transform` reads the input padded by `np.pad` (`reflect` = numpy's `symmetric`,
/// `nearest` = `edge`, `wrap`, `constant`) at column `a0·j + a1·i + a2`, row `b0·j + b1·i + b2`,
/// bilinearly from the four surrounding pixels or from the nearest one; `random_crop`'s inference
/// path resizes with half-pixel centres clamped to the window (TensorFlow's `resize_bilinear`).
/// Tolerance 1e-5: float32 coordinates against float64.
@Suite struct AugmentationReferenceTests {
  static let warpReference = """
    import json, sys
    import numpy as np
    d = json.load(sys.stdin)
    x = np.array(d["x"], dtype=np.float64).reshape(d["shape"])
    t = np.array(d["transforms"], dtype=np.float64).reshape(-1, 6)
    n, h, w, c = x.shape
    pad = 2 * max(h, w) + 2
    modes = {"reflect": "symmetric", "wrap": "wrap", "nearest": "edge", "constant": "constant"}
    out = np.zeros_like(x)
    for s in range(n):
        kw = {"constant_values": d["fill_value"]} if d["fill_mode"] == "constant" else {}
        p = np.pad(x[s], ((pad, pad), (pad, pad), (0, 0)), mode=modes[d["fill_mode"]], **kw)
        a0, a1, a2, b0, b1, b2 = t[s]
        for i in range(h):
            for j in range(w):
                sx = a0 * j + a1 * i + a2
                sy = b0 * j + b1 * i + b2
                if d["interpolation"] == "nearest":
                    out[s, i, j] = p[int(np.round(sy)) + pad, int(np.round(sx)) + pad]
                    continue
                x0, y0 = int(np.floor(sx)), int(np.floor(sy))
                fx, fy = sx - x0, sy - y0
                r0, r1 = y0 + pad, y0 + 1 + pad
                c0, c1 = x0 + pad, x0 + 1 + pad
                out[s, i, j] = ((1 - fy) * ((1 - fx) * p[r0, c0] + fx * p[r0, c1])
                                + fy * ((1 - fx) * p[r1, c0] + fx * p[r1, c1]))
    print(json.dumps(out.ravel().tolist()))
    """

  static let cropReference = """
    import json, sys
    import numpy as np
    d = json.load(sys.stdin)
    x = np.array(d["x"], dtype=np.float64).reshape(d["shape"])
    n, h, w, c = x.shape
    th, tw = d["height"], d["width"]
    # Keras RandomCrop outside random cropping: the largest centred window of the target's aspect.
    ch = max(min(h, int(float(w * th) / tw)), 1)
    cw = max(min(w, int(float(h * tw) / th)), 1)
    top, left = int(float(h - ch) / 2), int(float(w - cw) / 2)
    win = x[:, top:top + ch, left:left + cw]
    def taps(size, count):
        scale = size / count
        out = []
        for o in range(count):
            src = (o + 0.5) * scale - 0.5
            lo = min(max(int(np.floor(src)), 0), size - 1)
            hi = min(max(int(np.ceil(src)), 0), size - 1)
            out.append((lo, hi, src - np.floor(src)))
        return out
    rows, cols = taps(ch, th), taps(cw, tw)
    y = np.zeros((n, th, tw, c))
    for i, (r0, r1, wy) in enumerate(rows):
        for j, (c0, c1, wx) in enumerate(cols):
            top_ = (1 - wx) * win[:, r0, c0] + wx * win[:, r0, c1]
            bottom = (1 - wx) * win[:, r1, c0] + wx * win[:, r1, c1]
            y[:, i, j] = (1 - wy) * top_ + wy * bottom
    print(json.dumps(y.ravel().tolist()))
    """

  /// Runs `script` with `input` as JSON on stdin; returns the printed list.
  static func reference(_ script: String, _ input: [String: Any]) throws -> [Double] {
    let data = try JSONSerialization.data(withJSONObject: input)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("aug-\(UUID().uuidString).json")
      .path
    try data.write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let code =
      "import sys; sys.stdin = open(\(String(reflecting: path))); exec(\(String(reflecting: script)))"
    let out = try TestPython.run(code: code)
    guard out.status == 0 else { throw ReferenceFailure(message: out.stderr) }
    return try JSONDecoder().decode([Double].self, from: Data(out.stdout.utf8))
  }

  struct ReferenceFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  static let cases: [(AffineAugmentation, WarpSampling)] = [
    (.translation(height: FactorRange(symmetric: 0.4), width: FactorRange(symmetric: 0.4)), WarpSampling()),
    (
      .translation(height: FactorRange(-0.6, 0.6), width: FactorRange(0.2, 0.7)),
      WarpSampling(fillMode: .wrap)
    ),
    (.rotation(FactorRange(symmetric: 0.5)), WarpSampling(fillMode: .constant, fillValue: -0.75)),
    (.rotation(FactorRange(symmetric: 0.3)), WarpSampling(fillMode: .nearest)),
    (.rotation(FactorRange(symmetric: 0.3)), WarpSampling(fillMode: .reflect, interpolation: .nearest)),
    (.zoom(height: FactorRange(-0.5, 0.9), width: nil), WarpSampling(fillMode: .reflect)),
    (
      .zoom(height: FactorRange(symmetric: 0.5), width: FactorRange(-0.9, 0.9)),
      WarpSampling(fillMode: .constant)
    ),
  ]

  @Test(arguments: 0..<cases.count)
  func affineWarpMatchesNumPy(_ index: Int) throws {
    let (transform, sampling) = Self.cases[index]
    let layer = AffineAugmentationLayer(
      name: "aug", config: AffineAugmentationConfig(transform, sampling: sampling))
    let shape: Shape = [4, 6, 5, 2]
    try layer.build(inputShapes: [shape.unbatched], maxBatchSize: 4, context: LayerContext(seed: 9))
    let x = randomTensor(shape, "reference-x")
    let y = layer.forward([x], training: true, context: LayerContext(seed: 9, step: index)).toArray()
    let expected = try Self.reference(
      Self.warpReference,
      [
        "x": x.toArray().map(Double.init), "shape": shape.dims,
        "transforms": layer.lastTransforms.prefix(24).map(Double.init),
        "fill_mode": sampling.fillMode.rawValue, "interpolation": sampling.interpolation.rawValue,
        "fill_value": Double(sampling.fillValue),
      ])
    #expect(allClose(y, expected, relative: 1e-5, absolute: 1e-5), "\(transform) \(sampling)")
  }

  /// The draws follow Keras's matrices: a translation moves content by +dx, +dy; a rotation keeps
  /// the centre; a zoom scales about the centre.
  @Test func transformsAreKerasMatrices() throws {
    let shape: Shape = [64, 6, 5, 1]
    let x = Tensor(zeros: shape)
    func transforms(_ t: AffineAugmentation) throws -> [Float] {
      let layer = AffineAugmentationLayer(name: "aug", config: AffineAugmentationConfig(t))
      try layer.build(inputShapes: [shape.unbatched], maxBatchSize: 64, context: LayerContext(seed: 2))
      _ = layer.forward([x], training: true, context: LayerContext(seed: 2))
      return Array(layer.lastTransforms.prefix(6 * 64))
    }
    let translation = try transforms(
      .translation(height: FactorRange(0.1, 0.2), width: FactorRange(-0.4, -0.2)))
    for s in 0..<64 {
      let t = translation[(6 * s)..<(6 * s + 6)].map { $0 }
      #expect(t[0] == 1 && t[1] == 0 && t[3] == 0 && t[4] == 1)
      #expect(-t[2] >= -0.4 * 5 && -t[2] <= -0.2 * 5)  // dx = width draw · width
      #expect(-t[5] >= 0.1 * 6 && -t[5] <= 0.2 * 6)
    }
    let rotation = try transforms(.rotation(FactorRange(symmetric: 0.25)))
    for s in 0..<64 {
      let t = rotation[(6 * s)..<(6 * s + 6)].map { $0 }
      // The centre ((w − 1) / 2, (h − 1) / 2) = (2, 2.5) maps to itself; a0 = cos, b0 = sin.
      #expect(abs(t[0] * 2 + t[1] * 2.5 + t[2] - 2) < 1e-5 && abs(t[3] * 2 + t[4] * 2.5 + t[5] - 2.5) < 1e-5)
      #expect(abs(t[0] - t[4]) < 1e-6 && abs(t[1] + t[3]) < 1e-6 && abs(t[0] * t[0] + t[3] * t[3] - 1) < 1e-5)
    }
    let zoom = try transforms(.zoom(height: FactorRange(0.1, 0.3), width: nil))
    for s in 0..<64 {
      let t = zoom[(6 * s)..<(6 * s + 6)].map { $0 }
      #expect(t[0] == t[4] && t[0] >= 1.1 && t[0] <= 1.3)
      #expect(abs(t[0] * 2 + t[2] - 2) < 1e-5 && abs(t[4] * 2.5 + t[5] - 2.5) < 1e-5)
    }
  }

  @Test func contrastMatchesNumPy() throws {
    let layer = RandomContrastLayer(name: "contrast", lower: 0.9, upper: 0.9, valueRange: (-1, 1.5))
    let shape: Shape = [5, 4, 3, 2]
    try layer.build(inputShapes: [shape.unbatched], maxBatchSize: 5, context: LayerContext(seed: 4))
    let x = randomTensor(shape, "contrast-reference")
    let y = layer.forward([x], training: true, context: LayerContext(seed: 4)).toArray()
    let factors = layer.lastFactors.prefix(5).map(Double.init)
    #expect(factors.allSatisfy { $0 >= 0.1 && $0 <= 1.9 })
    let script = """
      import json, sys
      import numpy as np
      d = json.load(sys.stdin)
      x = np.array(d["x"]).reshape(d["shape"])
      a = np.array(d["factors"]).reshape(-1, 1, 1, 1)
      m = x.mean(axis=(1, 2), keepdims=True)
      print(json.dumps(np.clip((x - m) * a + m, -1, 1.5).ravel().tolist()))
      """
    let expected = try Self.reference(
      script, ["x": x.toArray().map(Double.init), "shape": shape.dims, "factors": factors])
    #expect(allClose(y, expected, relative: 1e-5, absolute: 1e-5))
    #expect(y.contains(-1) && y.contains(1.5))  // some outputs were clipped
  }

  @Test(arguments: [
    ([9, 7, 2], 4, 4), ([5, 9, 3], 6, 4), ([4, 3, 1], 6, 5), ([8, 8, 2], 6, 6), ([6, 6, 1], 6, 6),
  ])
  func cropInferenceMatchesNumPy(_ input: [Int], _ height: Int, _ width: Int) throws {
    let layer = RandomCropLayer(name: "crop", height: height, width: width)
    let shape = Shape(input).batched(2)
    try layer.build(inputShapes: [Shape(input)], maxBatchSize: 2, context: LayerContext(seed: 1))
    let x = randomTensor(shape, "crop-reference")
    let y = layer.forward([x], training: false, context: LayerContext(seed: 1)).toArray()
    let expected = try Self.reference(
      Self.cropReference,
      ["x": x.toArray().map(Double.init), "shape": shape.dims, "height": height, "width": width])
    #expect(allClose(y, expected, relative: 1e-5, absolute: 1e-5))
  }
}
