import Testing

@testable import Spec

/// Decoding fills Keras's defaults, normalizes shorthands and builds the IR.
@Suite struct SpecDecodingTests {
  @Test func bareNameIsTypeWithKerasDefaults() throws {
    let spec = try load(mlpSpec).spec
    let adam = spec.optimizer
    // Keras 3 Adam defaults: learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False.
    #expect(adam.type == "adam")
    #expect(adam.double("learning_rate") == 0.001)
    #expect(adam.double("beta_1") == 0.9)
    #expect(adam.double("beta_2") == 0.999)
    #expect(adam.double("epsilon") == 1e-7)
    #expect(adam.bool("amsgrad") == false)
    #expect(adam.value("clipnorm") == .null)
    #expect(adam.string("formula") == "keras")
    #expect(spec.loss?.type == "mse")
  }

  @Test func denseDefaultsAreKeras() throws {
    let dense = try #require(try load(mlpSpec).spec.model?.layers[1])
    #expect(dense.int("units") == 1)
    #expect(dense.string("activation") == "linear")
    #expect(dense.bool("use_bias"))
    #expect(dense.component("kernel_initializer") == Component(type: "glorot_uniform"))
    #expect(dense.component("bias_initializer") == Component(type: "zeros"))
    #expect(dense.value("kernel_regularizer") == .null)
    #expect(dense.value("inputs") == .null)
  }

  @Test func integerAcceptedWhereNumberBelongs() throws {
    let text = mlpSpec.replacingOccurrences(
      of: "optimizer: adam", with: "optimizer: {type: sgd, learning_rate: 1}")
    let sgd = try load(text).spec.optimizer
    #expect(sgd.value("learning_rate") == .double(1))
    #expect(sgd.double("momentum") == 0)
    #expect(sgd.bool("nesterov") == false)
  }

  @Test func intOrPairIsNormalizedToAPair() throws {
    let text = """
      name: cnn
      data: {type: synthetic_classification, samples: 10, shape: [8, 8, 1], classes: 3}
      model:
        input: [8, 8, 1]
        layers:
          - {type: conv2d, filters: 4, kernel_size: 3, kernel_initializer: {type: random_normal, stddev: 0.1}, kernel_regularizer: {l2: 0.01}}
          - {type: max_pooling2d, pool_size: [2, 1]}
          - flatten
          - {type: dense, units: 3, activation: softmax}
      loss: sparse_categorical_crossentropy
      optimizer: adam

      """
    let layers = try #require(try load(text).spec.model?.layers)
    #expect(layers[0].intPair("kernel_size")! == (3, 3))
    #expect(layers[0].intPair("strides")! == (1, 1))
    #expect(layers[0].string("padding") == "valid")
    #expect(
      layers[0].component("kernel_initializer")
        == Component(type: "random_normal", arguments: ["mean": .double(0), "stddev": .double(0.1)]))
    #expect(
      layers[0].value("kernel_regularizer") == .map([.init("l1", .double(0)), .init("l2", .double(0.01))]))
    #expect(layers[1].intPair("pool_size")! == (2, 1))
    #expect(layers[1].intPair("strides") == nil)
  }

  @Test func sectionsAndTrainDefaults() throws {
    let spec = try load(mlpSpec + "train: {validation: 0.2, class_weight: {0: 1, 1: 2.5}}\n").spec
    #expect(
      spec.train
        == TrainSpec(
          epochs: 1, batchSize: 32, validation: .fraction(0.2), shuffle: true, stepsPerEpoch: nil,
          classWeight: [0: 1, 1: 2.5], saveState: .epoch))
    #expect(spec.output == OutputSpec(dir: "runs"))
    #expect(spec.seed == 0)
    #expect(spec.metrics.isEmpty)
    #expect(spec.model?.input == [4])
  }

  @Test func objectiveExperiment() throws {
    let spec = try load(
      "name: r\nobjective: {function: quadratic, start: [1, -2], steps: 5, scales: [2, 3]}\noptimizer: sgd\n"
    ).spec
    #expect(
      spec.objective
        == ObjectiveSpec(
          function: "quadratic", start: [1, -2], steps: 5, scales: [2, 3], dtype: "float32", tolerance: nil))
    #expect(spec.model == nil && spec.data == nil && spec.loss == nil)
  }

  @Test func everyShippedSpecValidates() throws {
    for name in shippedSpecs {
      let path = repositoryRoot.appendingPathComponent("specs/\(name).yaml").path
      #expect(throws: Never.self, "\(name)") { _ = try loadSpec(path: path) }
    }
  }

  @Test func cifarCNNMatchesTheDesign() throws {
    let spec = try loadSpec(path: repositoryRoot.appendingPathComponent("specs/cifar_cnn.yaml").path).spec
    #expect(spec.model?.input == [32, 32, 3])
    #expect(
      spec.model?.layers.map(\.type) == [
        "conv2d", "max_pooling2d", "conv2d", "max_pooling2d", "conv2d", "flatten", "dense", "dense",
      ])
    // Parameters: conv 3·3·3·32+32, 3·3·32·64+64, 3·3·64·64+64 on 4×4 → 1024 inputs, dense 1024·64+64, 64·10+10.
    var count = 0
    var channels = 3
    var flat = 4 * 4 * 64
    for layer in spec.model!.layers {
      switch layer.type {
      case "conv2d":
        let (kh, kw) = layer.intPair("kernel_size")!
        count += kh * kw * channels * layer.int("filters") + layer.int("filters")
        channels = layer.int("filters")
      case "dense":
        count += flat * layer.int("units") + layer.int("units")
        flat = layer.int("units")
      default: break
      }
    }
    #expect(count == 122_570)
    #expect(spec.train.epochs == 10 && spec.train.batchSize == 32 && spec.train.validation == .test)
    #expect(spec.optimizer.type == "adam" && spec.optimizer.double("learning_rate") == 0.001)
  }
}

/// The specs the project ships (spec-format.md's table).
let shippedSpecs = [
  "digits_cnn", "cifar_cnn", "mlp_regression", "diabetes_mlp", "text_bow", "lr_decay", "grid_search",
  "rosenbrock_compare", "himmelblau_adam", "unet_segmentation", "bias_correction",
]
