import NN
import Spec
import Tensors
import Testing
import YAML

@testable import Runner

/// The augmentation layers through the spec: Keras's arguments and defaults, factors as one
/// number or a range, errors at the argument, and a built graph.
@Suite("ModelBuilder: augmentation layers")
struct ModelBuilderAugmentationTests {
  static let model = """
    input: [12, 10, 3]
    layers:
      - random_flip
      - {type: random_flip, mode: horizontal}
      - {type: random_translation, height_factor: 0.1, width_factor: [-0.2, 0.3], fill_mode: constant, fill_value: 0.5}
      - {type: random_rotation, factor: 0.05, interpolation: nearest}
      - {type: random_zoom, height_factor: [0.2, -0.1]}
      - {type: random_zoom, height_factor: 0.1, width_factor: 0.2, fill_mode: wrap}
      - {type: random_crop, height: 8, width: 8}
      - {type: random_contrast, factor: 0.2}
      - {type: random_contrast, factor: [0.1, 0.3], value_range: [0, 1]}
      - flatten
      - {type: dense, units: 1}
    """

  @Test func argumentsAndDefaults() throws {
    let loaded = try ModelBuilderFixtures.load(model: Self.model)
    let n = try ModelBuilder.graphNodes(loaded.spec.model!, source: loaded.source)
    #expect(n[0].layer == .randomFlip(.horizontalAndVertical))
    #expect(n[1].layer == .randomFlip(.horizontal))
    #expect(
      n[2].layer
        == .randomAffine(
          AffineAugmentationConfig(
            .translation(height: FactorRange(-0.1, 0.1), width: FactorRange(-0.2, 0.3)),
            sampling: WarpSampling(fillMode: .constant, interpolation: .bilinear, fillValue: 0.5))))
    #expect(
      n[3].layer
        == .randomAffine(
          AffineAugmentationConfig(
            .rotation(FactorRange(-0.05, 0.05)),
            sampling: WarpSampling(fillMode: .reflect, interpolation: .nearest))))
    #expect(
      n[4].layer == .randomAffine(AffineAugmentationConfig(.zoom(height: FactorRange(-0.1, 0.2), width: nil)))
    )
    #expect(
      n[5].layer
        == .randomAffine(
          AffineAugmentationConfig(
            .zoom(height: FactorRange(-0.1, 0.1), width: FactorRange(-0.2, 0.2)),
            sampling: WarpSampling(fillMode: .wrap))))
    #expect(n[6].layer == .randomCrop(height: 8, width: 8))
    #expect(n[7].layer == .randomContrast(lower: 0.2, upper: 0.2, valueRange: [0, 255]))
    #expect(n[8].layer == .randomContrast(lower: 0.1, upper: 0.3, valueRange: [0, 1]))
    let graph = try ModelBuilder.makeGraph(
      loaded.spec.model!, inputShape: [12, 10, 3], seed: 1, source: loaded.source)
    #expect(
      graph.layers.map(\.name).prefix(7) == [
        "random_flip", "random_flip_1", "random_translation", "random_rotation", "random_zoom",
        "random_zoom_1",
        "random_crop",
      ])
    let counts = (0..<graph.layers.count).map {
      graph.layers[$0].parameterCount(inputShapes: graph.inputShapes(ofLayer: $0)).trainable
    }
    #expect(counts == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8 * 8 * 3 + 1])
  }

  @Test func resolvedSpecKeepsKerasDefaults() throws {
    let loaded = try ModelBuilderFixtures.load(model: Self.model)
    let text = loaded.spec.resolvedYAML
    #expect(text.contains("mode: horizontal_and_vertical"), "\(text)")
    #expect(text.contains("fill_mode: reflect"))
    #expect(text.contains("interpolation: bilinear"))
  }

  @Test(arguments: [
    ("{type: random_rotation, factor: 1.5}", "model.layers.0.factor must be in [-1, 1], got 1.5"),
    (
      "{type: random_translation, height_factor: [0.1, 0.2, 0.3], width_factor: 0.1}",
      "a number or a list of two numbers"
    ),
    ("{type: random_zoom, height_factor: -1}", "model.layers.0.height_factor must be in (-1, 1], got -1"),
    ("{type: random_flip, mode: sideways}", "must be one of horizontal, vertical, horizontal_and_vertical"),
    ("{type: random_crop, height: 0, width: 4}", "model.layers.0.height must be >= 1, got 0"),
    ("{type: random_translation, height_factor: 0.1}", "width_factor"),
    ("{type: random_contrast, factor: -0.1}", "model.layers.0.factor must be in [0, 1], got -0.1"),
    (
      "{type: random_contrast, factor: 0.1, value_range: [1, 0]}",
      "value_range must be [low, high] with low < high"
    ),
  ])
  func badArgumentsAreSpecErrors(_ layer: String, _ message: String) throws {
    let error = #expect(throws: DiagnosticList.self) {
      try ModelBuilderFixtures.load(
        model: "input: [8, 8, 1]\nlayers:\n  - \(layer)\n  - flatten\n  - {type: dense, units: 1}")
    }
    let rendered = error?.rendered ?? ""
    #expect(rendered.contains(message), "\(rendered)")
    #expect(rendered.hasPrefix("specs/test.yaml:"), "\(rendered)")
  }

  @Test func imagesAreRequired() throws {
    let loaded = try ModelBuilderFixtures.load(
      model: """
        input: [8]
        layers:
          - {type: random_rotation, factor: 0.1}
          - {type: dense, units: 1}
        """)
    let error = #expect(throws: DiagnosticList.self) {
      try ModelBuilder.makeGraph(loaded.spec.model!, inputShape: [8], seed: 1, source: loaded.source)
    }
    let d = try #require(error?.diagnostics.first)
    #expect(d.mark == Mark(file: "specs/test.yaml", line: 6, column: 7))
    #expect(
      d.message
        == "random_rotation 'random_rotation': expected a rank-3 input (height, width, channels), got (8,)")
  }
}
