import NN
import Spec
import Tensors
import Testing
import YAML
import _TestSupport

@testable import Runner

/// Whole models from the shipped specs, and shape errors reported at the spec position.
@Suite("ModelBuilder: graphs and errors")
struct ModelBuilderGraphTests {
  /// The summary of a shipped spec's model, built from its `model.input`.
  func summary(ofSpec name: String) throws -> ModelSummary {
    let loaded = try loadSpec(path: RepositoryPaths.path("specs/\(name)"))
    let model = try #require(loaded.spec.model)
    let input = try #require(model.input)
    let graph = try ModelBuilder.makeGraph(model, inputShape: Shape(input), seed: 42, source: loaded.source)
    return ModelSummary(graph: graph)
  }

  /// The Keras CIFAR-10 CNN: Keras's `model.summary()` reports 122,570 parameters (TensorFlow's
  /// "Convolutional Neural Network (CNN)" tutorial, tensorflow.org/tutorials/images/cnn).
  @Test func cifarCNNHasKerasParameterCount() throws {
    let s = try summary(ofSpec: "cifar_cnn.yaml")
    #expect(s.totalParameters == 122_570)
    #expect(s.trainableParameters == 122_570)
    // The tutorial's output shapes: (30,30,32) (15,15,32) (13,13,64) (6,6,64) (4,4,64) 1024 64 10.
    #expect(
      s.rows.map(\.outputShape) == [
        [30, 30, 32], [15, 15, 32], [13, 13, 64], [6, 6, 64], [4, 4, 64], [1024], [64], [10],
      ])
  }

  /// The U-Net of `specs/unet_segmentation.yaml`, counted by hand as Keras counts Conv2D weights
  /// (kh·kw·in·out kernel + out bias; pooling, up-sampling and concatenation have none):
  ///   c1        3·3·1·64    + 64  =     640
  ///   c2        3·3·64·128  + 128 =  73,856
  ///   conv2d    3·3·128·256 + 256 = 295,168
  ///   concat → 256 + 128 = 384 channels
  ///   conv2d_1  3·3·384·128 + 128 = 442,496
  ///   concat → 128 + 64 = 192 channels
  ///   conv2d_2  3·3·192·64  + 64  = 110,656
  ///   conv2d_3  1·1·64·1    + 1   =      65
  ///   total                         922,881
  @Test func unetHasHandCountedParameterCount() throws {
    let s = try summary(ofSpec: "unet_segmentation.yaml")
    #expect(s.totalParameters == 922_881)
    #expect(s.rows.map(\.parameters) == [640, 0, 73_856, 0, 295_168, 0, 0, 442_496, 0, 0, 110_656, 65])
    #expect(s.rows[6].inputs == ["up_sampling2d", "c2"])
    #expect(s.rows[6].outputShape == [64, 64, 384])
    #expect(s.rows.last?.outputShape == [128, 128, 1])
  }

  /// Every shipped spec with `model.input` builds.
  @Test(arguments: [
    "cifar_cnn", "diabetes_mlp", "digits_cnn", "grid_search", "lr_decay", "mlp_regression",
    "unet_segmentation",
  ])
  func shippedSpecBuilds(_ name: String) throws {
    let s = try summary(ofSpec: name + ".yaml")
    #expect(s.totalParameters > 0)
  }

  @Test func shapeErrorIsRenderedAtTheLayer() throws {
    let loaded = try ModelBuilderFixtures.load(
      model: """
        input: [63, 63, 1]
        layers:
          - {type: conv2d, name: c1, filters: 4, kernel_size: 3, padding: same}
          - {type: max_pooling2d, pool_size: 2}
          - {type: up_sampling2d}
          - {type: concatenate, name: m4, inputs: [previous, c1]}
        """)
    let error = #expect(throws: DiagnosticList.self) {
      try ModelBuilder.makeGraph(loaded.spec.model!, inputShape: [63, 63, 1], seed: 1, source: loaded.source)
    }
    #expect(
      error?.rendered == """
        specs/test.yaml:9:7: error: concatenate 'm4': inputs have heights 62 and 63 \
        (shapes (62, 62, 4) and (63, 63, 4)); all but the channel axis must match
            - {type: concatenate, name: m4, inputs: [previous, c1]}
              ^
        """)
    #expect(error?.diagnostics.first?.keyPath == "model.layers.3")
  }

  @Test func denseOnImagesNamesTheLayerAndShape() throws {
    let loaded = try ModelBuilderFixtures.load(
      model: """
        input: [8, 8, 1]
        layers:
          - {type: dense, units: 3}
        """)
    let error = #expect(throws: DiagnosticList.self) {
      try ModelBuilder.makeGraph(loaded.spec.model!, inputShape: [8, 8, 1], seed: 1, source: loaded.source)
    }
    let d = try #require(error?.diagnostics.first)
    #expect(d.mark == Mark(file: "specs/test.yaml", line: 6, column: 7))
    #expect(d.message.hasPrefix("dense 'dense': "))
    #expect(d.message.contains("(8, 8, 1)"))
  }

  @Test func unsupportedArgumentsAreReportedAtTheArgument() throws {
    let loaded = try ModelBuilderFixtures.load(
      model: """
        input: [8, 8, 2]
        layers:
          - {type: up_sampling2d, interpolation: bilinear}
          - {type: conv2d, name: a, filters: 2, kernel_size: 1}
          - {type: concatenate, axis: 1, inputs: [previous, a]}
        """)
    let model = loaded.spec.model!
    let first = #expect(throws: DiagnosticList.self) {
      try ModelBuilder.makeGraph(model, inputShape: [8, 8, 2], seed: 1, source: loaded.source)
    }
    #expect(first?.diagnostics.map(\.mark) == [Mark(file: "specs/test.yaml", line: 6, column: 44)])
    #expect(first?.diagnostics.first?.message.contains("interpolation 'bilinear' is not supported") == true)

    var nearest = model
    nearest.layers[0].arguments["interpolation"] = .string("nearest")
    let second = #expect(throws: DiagnosticList.self) {
      try ModelBuilder.makeGraph(nearest, inputShape: [8, 8, 2], seed: 1, source: loaded.source)
    }
    #expect(second?.diagnostics.first?.keyPath == "model.layers.2.axis")
    #expect(second?.diagnostics.first?.mark?.line == 8)
    #expect(second?.diagnostics.first?.message.contains("axis -1 or 3") == true)

    var channelAxis = nearest
    channelAxis.layers[2].arguments["axis"] = .int(3)  // Keras counts the batch axis: 3 is channels
    let graph = try ModelBuilder.makeGraph(
      channelAxis, inputShape: [8, 8, 2], seed: 1, source: loaded.source)
    #expect(graph.outputShape == [16, 16, 4])
  }

  @Test func layerFromCommandLineDoesNotQuoteTheFile() throws {
    let text = ModelBuilderFixtures.spec(model: "input: [8, 8, 1]\nlayers: [flatten]")
    let loaded = try loadSpec(
      text: text, name: "specs/test.yaml", overrides: ["model.layers.0={type: dense, units: 2}"])
    let error = #expect(throws: DiagnosticList.self) {
      try ModelBuilder.makeGraph(loaded.spec.model!, inputShape: [8, 8, 1], seed: 1, source: loaded.source)
    }
    #expect(error?.diagnostics.first?.mark?.file == SpecLoader.commandLine)
    #expect(error?.diagnostics.first?.sourceLine == nil)
  }
}
