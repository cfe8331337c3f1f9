import NN
import Tensors
import Testing
import _TestSupport

/// Finite-difference checks of every layer's backward pass (see `GradientCheck` for the tolerance).
@Suite struct LayerGradientTests {
  @Test(arguments: Activation.allCases)
  func denseWithActivation(_ activation: Activation) throws {
    let layer = DenseLayer(name: "dense", config: DenseConfig(units: 4, activation: activation))
    let x = separatedTensor([3, 5], "dense-x", spacing: 0.07)
    let check = try GradientCheck.check(layer: layer, inputs: [x])
    #expect(check.passed, "\(activation): \(check)")
  }

  @Test func denseWithoutBias() throws {
    let layer = DenseLayer(name: "d", config: DenseConfig(units: 3, useBias: false))
    #expect(try GradientCheck.check(layer: layer, inputs: [randomTensor([2, 4], "x")]).passed)
    #expect(layer.parameters.map(\.name) == ["d/kernel"])
  }

  struct ConvCase: Sendable, CustomStringConvertible {
    let input: Shape
    let filters: Int
    let kernel: (Int, Int)
    let strides: (Int, Int)
    let padding: Padding
    var description: String { "\(input) k\(kernel) s\(strides) \(padding)" }
  }

  static let convCases: [ConvCase] = [
    ConvCase(input: [7, 5, 2], filters: 3, kernel: (3, 3), strides: (1, 1), padding: .valid),
    ConvCase(input: [7, 5, 2], filters: 3, kernel: (3, 3), strides: (1, 1), padding: .same),
    ConvCase(input: [7, 5, 2], filters: 2, kernel: (3, 3), strides: (2, 2), padding: .same),
    ConvCase(input: [7, 5, 2], filters: 2, kernel: (2, 3), strides: (2, 1), padding: .valid),
    ConvCase(input: [6, 6, 3], filters: 2, kernel: (4, 4), strides: (2, 2), padding: .same),
    ConvCase(input: [4, 3, 3], filters: 2, kernel: (1, 1), strides: (1, 1), padding: .valid),
  ]

  @Test(arguments: convCases)
  func conv2d(_ c: ConvCase) throws {
    let layer = Conv2DLayer(
      name: "conv2d",
      config: Conv2DConfig(
        filters: c.filters, kernelSize: c.kernel, strides: c.strides, padding: c.padding, activation: .tanh))
    let x = randomTensor(c.input.batched(2), "conv-x")
    let check = try GradientCheck.check(layer: layer, inputs: [x])
    #expect(check.passed, "\(c): \(check)")
  }

  @Test(arguments: [Padding.valid, .same], [(2, 2), (3, 2)])
  func maxPooling(_ padding: Padding, _ strides: (Int, Int)) throws {
    let layer = Pooling2DLayer(
      name: "max_pooling2d", kind: .max,
      config: Pooling2DConfig(poolSize: (3, 2), strides: strides, padding: padding))
    let check = try GradientCheck.check(layer: layer, inputs: [separatedTensor([2, 7, 5, 2], "pool-x")])
    #expect(check.passed, "\(padding) \(strides): \(check)")
  }

  @Test(arguments: [Padding.valid, .same])
  func averagePooling(_ padding: Padding) throws {
    let layer = Pooling2DLayer(
      name: "average_pooling2d", kind: .average, config: Pooling2DConfig(poolSize: (2, 2), padding: padding))
    let check = try GradientCheck.check(layer: layer, inputs: [randomTensor([2, 7, 5, 3], "avg-x")])
    #expect(check.passed, "\(padding): \(check)")
  }

  @Test func globalAveragePooling() throws {
    let layer = GlobalAveragePooling2DLayer(name: "g")
    #expect(try GradientCheck.check(layer: layer, inputs: [randomTensor([2, 7, 5, 3], "gap")]).passed)
  }

  @Test func upSampling() throws {
    let layer = UpSampling2DLayer(name: "u", size: (2, 3))
    #expect(try GradientCheck.check(layer: layer, inputs: [randomTensor([2, 3, 2, 2], "up")]).passed)
  }

  @Test func concatenateAndAdd() throws {
    let a = randomTensor([2, 3, 5, 2], "a")
    let b = randomTensor([2, 3, 5, 3], "b")
    let concat = ConcatenateLayer(name: "c")
    #expect(try GradientCheck.check(layer: concat, inputs: [a, b]).passed)
    let add = AddLayer(name: "add")
    let check = try GradientCheck.check(
      layer: add, inputs: [a, randomTensor([2, 3, 5, 2], "a2"), randomTensor([2, 3, 5, 2], "a3")])
    #expect(check.passed, "\(check)")
  }

  @Test func flattenAndReshape() throws {
    #expect(
      try GradientCheck.check(layer: FlattenLayer(name: "f"), inputs: [randomTensor([2, 3, 2, 2], "f")])
        .passed)
    let reshape = ReshapeLayer(name: "r", targetShape: [-1, 4])
    #expect(try reshape.outputShape(for: [[3, 2, 2]]) == [3, 4])
    #expect(try GradientCheck.check(layer: reshape, inputs: [randomTensor([2, 3, 2, 2], "r")]).passed)
  }

  @Test(arguments: [true, false])
  func batchNormalization(_ training: Bool) throws {
    let layer = BatchNormalizationLayer(name: "bn")
    let x = randomTensor([4, 3, 2, 3], "bn-x", scale: 2)
    let check = try GradientCheck.check(layer: layer, inputs: [x], training: training)
    #expect(check.passed, "training \(training): \(check)")
    #expect(layer.parameters.map(\.name) == ["bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance"])
    #expect(layer.parameters.map(\.trainable) == [true, true, false, false])
  }

  @Test func dropoutInTraining() throws {
    let layer = DropoutLayer(name: "dropout", rate: 0.4)
    let check = try GradientCheck.check(layer: layer, inputs: [randomTensor([3, 20], "drop")])
    #expect(check.passed, "\(check)")
  }

  @Test(arguments: Activation.allCases)
  func activationLayer(_ activation: Activation) throws {
    let layer = ActivationLayer(name: "activation", activation: activation)
    // Values at least 0.05 away from 0, the kink of relu, leaky_relu and elu.
    let x = separatedTensor([2, 3, 4], "act-\(activation.rawValue)", spacing: 0.13, offset: 0.05)
    let check = try GradientCheck.check(layer: layer, inputs: [x], step: 1e-2)
    #expect(check.passed, "\(activation): \(check)")
  }
}
