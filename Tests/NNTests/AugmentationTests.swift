import NN
import Tensors
import Testing
import _TestSupport

/// The augmentation layers: exact adjoints (finite differences at a fixed step), identity at
/// inference, reproducible draws that change with the training step, shapes and flips.
@Suite struct AugmentationTests {
  static let samplings: [WarpSampling] =
    ImageFillMode.allCases.map { WarpSampling(fillMode: $0, fillValue: 0.5) }
    + [
      WarpSampling(fillMode: .reflect, interpolation: .nearest),
      WarpSampling(fillMode: .constant, interpolation: .nearest),
    ]

  static let transforms: [AffineAugmentation] = [
    .translation(height: FactorRange(symmetric: 0.3), width: FactorRange(-0.2, 0.4)),
    .rotation(FactorRange(symmetric: 0.2)),
    .zoom(height: FactorRange(-0.3, 0.5), width: nil),
    .zoom(height: FactorRange(symmetric: 0.4), width: FactorRange(-0.5, 0.2)),
  ]

  @Test(arguments: transforms, samplings)
  func affineAdjoint(_ transform: AffineAugmentation, _ sampling: WarpSampling) throws {
    let layer = AffineAugmentationLayer(
      name: "aug", config: AffineAugmentationConfig(transform, sampling: sampling))
    let x = randomTensor([3, 5, 6, 2], "warp-x")
    // Linear in x for fixed draws: central differences are exact up to float32 rounding.
    let check = try GradientCheck.check(layer: layer, inputs: [x], maxElementsPerTensor: 180)
    #expect(check.passed, "\(transform) \(sampling): \(check)")
  }

  @Test(arguments: FlipMode.allCases)
  func flipAdjoint(_ mode: FlipMode) throws {
    let layer = RandomFlipLayer(name: "flip", mode: mode)
    let check = try GradientCheck.check(layer: layer, inputs: [randomTensor([4, 3, 5, 2], "flip-x")])
    #expect(check.passed, "\(mode): \(check)")
  }

  /// A random crop (larger input), a downscaling centre crop (input too small in one axis) and an
  /// upscaling one.
  @Test(arguments: [([7, 9, 2], 5, 6), ([5, 9, 2], 6, 4), ([4, 3, 1], 6, 5)])
  func cropAdjoint(_ input: [Int], _ height: Int, _ width: Int) throws {
    let layer = RandomCropLayer(name: "crop", height: height, width: width)
    let check = try GradientCheck.check(
      layer: layer, inputs: [randomTensor(Shape(input).batched(2), "crop-x")])
    #expect(check.passed, "\(input) → \(height)×\(width): \(check)")
    let inference = try GradientCheck.check(
      layer: RandomCropLayer(name: "crop", height: height, width: width),
      inputs: [randomTensor(Shape(input).batched(2), "crop-x")], training: false)
    #expect(inference.passed, "inference \(input): \(inference)")
  }

  /// Wide value range: nothing clipped. With clipping: outputs at least 0.05 from the bounds, so
  /// no finite-difference step crosses a kink.
  @Test func contrastAdjoint() throws {
    let wide = RandomContrastLayer(name: "contrast", lower: 0.8, upper: 0.6, valueRange: (-100, 100))
    let check = try GradientCheck.check(layer: wide, inputs: [randomTensor([3, 4, 5, 2], "contrast-x")])
    #expect(check.passed, "\(check)")
    let clipped = RandomContrastLayer(name: "contrast", lower: 0, upper: 1, valueRange: (-0.7, 0.9))
    let x = separatedTensor([2, 4, 5, 2], "contrast-clip", spacing: 0.04)
    let y = try {
      try clipped.build(inputShapes: [[4, 5, 2]], maxBatchSize: 2, context: LayerContext(seed: 7))
      return clipped.forward([x], training: true, context: LayerContext(seed: 7)).toArray()
    }()
    #expect(y.contains(0.9) && y.contains(-0.7))
    let inner = try GradientCheck.check(
      layer: RandomContrastLayer(name: "contrast", lower: 0, upper: 1, valueRange: (-0.7, 0.9)), inputs: [x],
      step: 1e-3,
      relative: 2e-2, absolute: 5e-3)
    #expect(inner.passed, "\(inner)")
  }

  static func graph(_ node: LayerConfig, seed: UInt64 = 11) throws -> Graph {
    let g = try Graph(inputShape: [6, 7, 3], nodes: [GraphNode(node)], seed: seed)
    g.build(maxBatchSize: 4)
    return g
  }

  static let layerConfigs: [LayerConfig] = [
    .randomFlip(.horizontalAndVertical),
    .randomAffine(
      AffineAugmentationConfig(
        .translation(height: FactorRange(symmetric: 0.2), width: FactorRange(symmetric: 0.2)))),
    .randomAffine(AffineAugmentationConfig(.rotation(FactorRange(symmetric: 0.1)))),
    .randomAffine(AffineAugmentationConfig(.zoom(height: FactorRange(symmetric: 0.2), width: nil))),
    .randomCrop(height: 2, width: 3),
    .randomContrast(lower: 0.5, upper: 0.5, valueRange: [-100, 100]),
  ]

  /// Same seed and step: the same output, in another graph too (a resumed run repeats the
  /// epoch); another step: other draws; inference: the identity (random_crop: its centre window).
  @Test(arguments: layerConfigs)
  func reproducibleAndSteppedByTheTrainingStep(_ node: LayerConfig) throws {
    let x = randomTensor([4, 6, 7, 3], "graph-x")
    let a = try Self.graph(node), b = try Self.graph(node)
    let step0 = a.forward(x, training: true).toArray()
    let step1 = a.forward(x, training: true).toArray()
    b.trainingStep = 1
    #expect(b.forward(x, training: true).toArray() == step1)
    a.trainingStep = 0
    #expect(a.forward(x, training: true).toArray() == step0)
    #expect(step0 != step1)
    let other = try Self.graph(node, seed: 12)
    #expect(other.forward(x, training: true).toArray() != step0)
    let inference = a.forward(x, training: false).toArray()
    if case .randomCrop = node {
      // 6×7 → 2×3: the centre window of aspect 2:3 is 4×7 from row 1, resized.
      #expect(inference.count == 4 * 2 * 3 * 3)
      #expect(a.forward(x, training: false).toArray() == inference)
    } else {
      #expect(inference == x.toArray())
    }
  }

  @Test func randomCropWindowIsTheSameForTheBatchAndInsideTheImage() throws {
    let layer = RandomCropLayer(name: "crop", height: 3, width: 2)
    try layer.build(inputShapes: [[6, 5, 1]], maxBatchSize: 2, context: LayerContext(seed: 1))
    // Pixel values encode their position: 10 · row + column (+ 100 in the second image).
    func code(_ s: Int, _ row: Int, _ column: Int) -> Float { Float(s * 100 + row * 10 + column) }
    var values: [Float] = []
    for s in 0..<2 { for i in 0..<6 { for j in 0..<5 { values.append(code(s, i, j)) } } }
    let x = Tensor(shape: [2, 6, 5, 1], values: values)
    var tops = Set<Int>()
    for step in 0..<40 {
      let y = layer.forward([x], training: true, context: LayerContext(seed: 1, step: step)).toArray()
      let top = Int(y[0]) / 10, left = Int(y[0]) % 10
      tops.insert(top)
      var expected: [Float] = []
      for s in 0..<2 { for i in 0..<3 { for j in 0..<2 { expected.append(code(s, top + i, left + j)) } } }
      #expect(y == expected)
    }
    #expect(tops == Set(0...3))
  }

  @Test func flipsAreIndependentPerAxisWithProbabilityOneHalf() throws {
    let layer = RandomFlipLayer(name: "flip")
    let n = 2000
    try layer.build(inputShapes: [[2, 2, 1]], maxBatchSize: n, context: LayerContext(seed: 1))
    let x = Tensor(shape: [n, 2, 2, 1], values: (0..<(4 * n)).map { Float($0 % 4) })
    let y = layer.forward([x], training: true, context: LayerContext(seed: 1)).toArray()
    var counts = [String: Int]()
    for s in 0..<n {
      let image = Array(y[(4 * s)..<(4 * s + 4)])
      let kind: String
      switch image {
      case [0, 1, 2, 3]: kind = "none"
      case [1, 0, 3, 2]: kind = "horizontal"
      case [2, 3, 0, 1]: kind = "vertical"
      case [3, 2, 1, 0]: kind = "both"
      default: kind = "invalid"
      }
      counts[kind, default: 0] += 1
    }
    #expect(counts["invalid"] == nil)
    // Each of the four outcomes has probability 1/4: 500 ± 4 standard deviations (≈ 19 each).
    for kind in ["none", "horizontal", "vertical", "both"] {
      #expect(abs(counts[kind, default: 0] - n / 4) < 80, "\(counts)")
    }
    let horizontalOnly = RandomFlipLayer(name: "flip", mode: .horizontal)
    try horizontalOnly.build(inputShapes: [[2, 2, 1]], maxBatchSize: n, context: LayerContext(seed: 1))
    let h = horizontalOnly.forward([x], training: true, context: LayerContext(seed: 1)).toArray()
    for s in 0..<n {
      let image = Array(h[(4 * s)..<(4 * s + 4)])
      #expect(image == [0, 1, 2, 3] || image == [1, 0, 3, 2])
    }
  }

  @Test func shapeErrorsNameTheLayerAndTheShape() throws {
    let layers: [any Layer] = [
      RandomFlipLayer(name: "f"), RandomCropLayer(name: "c", height: 2, width: 2),
      RandomContrastLayer(name: "k", lower: 0.1, upper: 0.1),
      AffineAugmentationLayer(
        name: "r", config: AffineAugmentationConfig(.rotation(FactorRange(symmetric: 0.1)))),
    ]
    for layer in layers {
      let error = #expect(throws: ShapeError.self) { try layer.outputShape(for: [[8, 8]]) }
      #expect(
        error?.description
          == "\(layer.typeName) '\(layer.name)': expected a rank-3 input (height, width, channels), got (8, 8)"
      )
    }
  }

  @Test func summaryHasNoParametersAndKerasClassNames() throws {
    let g = try Graph(
      inputShape: [8, 8, 3],
      nodes: [
        GraphNode(.randomFlip(.horizontal)), GraphNode(Self.layerConfigs[1]), GraphNode(Self.layerConfigs[2]),
        GraphNode(Self.layerConfigs[3]), GraphNode(.randomCrop(height: 6, width: 6)),
        GraphNode(Self.layerConfigs[5]),
      ], seed: 1)
    #expect(
      g.layers.map(\.className) == [
        "RandomFlip", "RandomTranslation", "RandomRotation", "RandomZoom", "RandomCrop", "RandomContrast",
      ])
    #expect(
      g.layers.map(\.name) == [
        "random_flip", "random_translation", "random_rotation", "random_zoom", "random_crop",
        "random_contrast",
      ])
    #expect(g.layers.allSatisfy { $0.parameterCount(inputShapes: [[8, 8, 3]]) == (0, 0) })
    #expect(g.outputShape == [6, 6, 3])
  }
}
