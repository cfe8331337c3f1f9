import NN
import Tensors
import Testing
import _TestSupport

/// Finite-difference checks of dilated and grouped conv2d, depthwise_conv2d, separable_conv2d
/// and conv1d over odd sizes, strides, both paddings (and causal), dilation 2 and groups 2 and 3.
@Suite struct ConvolutionGradientTests {
  struct Conv2DCase: Sendable, CustomStringConvertible {
    let input: Shape
    let filters: Int
    let kernel: (Int, Int)
    var strides = (1, 1)
    var padding = Padding.valid
    var dilation = (1, 1)
    var groups = 1
    var description: String {
      "\(input) f\(filters) k\(kernel) s\(strides) \(padding) d\(dilation) g\(groups)"
    }
  }

  static let conv2dCases: [Conv2DCase] = [
    Conv2DCase(input: [7, 6, 2], filters: 3, kernel: (3, 3), padding: .same, dilation: (2, 2)),
    Conv2DCase(input: [7, 6, 2], filters: 2, kernel: (3, 2), padding: .valid, dilation: (2, 3)),
    Conv2DCase(input: [5, 7, 4], filters: 6, kernel: (3, 3), padding: .same, groups: 2),
    Conv2DCase(input: [7, 5, 6], filters: 3, kernel: (2, 3), strides: (2, 2), padding: .same, groups: 3),
    Conv2DCase(input: [6, 5, 6], filters: 6, kernel: (3, 3), padding: .same, dilation: (2, 2), groups: 3),
    Conv2DCase(input: [4, 3, 4], filters: 4, kernel: (1, 1), groups: 2),
    // 16 input channels at stride 1: the shifted-GEMM path, with dilated shifts.
    Conv2DCase(input: [6, 5, 16], filters: 2, kernel: (3, 2), padding: .same, dilation: (2, 2)),
  ]

  @Test(arguments: conv2dCases)
  func conv2d(_ c: Conv2DCase) throws {
    let layer = Conv2DLayer(
      name: "conv2d",
      config: Conv2DConfig(
        filters: c.filters, kernelSize: c.kernel, strides: c.strides, padding: c.padding, activation: .tanh,
        dilationRate: c.dilation, groups: c.groups))
    let check = try GradientCheck.check(layer: layer, inputs: [randomTensor(c.input.batched(2), "conv-x")])
    #expect(check.passed, "\(c): \(check)")
  }

  struct DepthwiseCase: Sendable, CustomStringConvertible {
    let input: Shape
    let kernel: (Int, Int)
    var strides = (1, 1)
    var padding = Padding.valid
    var multiplier = 1
    var dilation = (1, 1)
    var description: String { "\(input) k\(kernel) s\(strides) \(padding) m\(multiplier) d\(dilation)" }
  }

  static let depthwiseCases: [DepthwiseCase] = [
    DepthwiseCase(input: [7, 5, 3], kernel: (3, 3), padding: .same),
    DepthwiseCase(input: [7, 5, 3], kernel: (3, 2), strides: (2, 2), padding: .same, multiplier: 2),
    DepthwiseCase(input: [6, 7, 2], kernel: (2, 3), strides: (2, 1), padding: .valid, multiplier: 3),
    DepthwiseCase(input: [7, 6, 2], kernel: (3, 3), padding: .same, multiplier: 2, dilation: (2, 2)),
    DepthwiseCase(input: [7, 6, 3], kernel: (2, 2), padding: .valid, dilation: (3, 2)),
    DepthwiseCase(input: [9, 8, 2], kernel: (3, 3), strides: (2, 2), padding: .same, dilation: (2, 2)),
  ]

  @Test(arguments: depthwiseCases)
  func depthwiseConv2d(_ c: DepthwiseCase) throws {
    let layer = DepthwiseConv2DLayer(
      name: "depthwise_conv2d",
      config: DepthwiseConv2DConfig(
        kernelSize: c.kernel, strides: c.strides, padding: c.padding, depthMultiplier: c.multiplier,
        dilationRate: c.dilation, activation: .tanh))
    let check = try GradientCheck.check(layer: layer, inputs: [randomTensor(c.input.batched(2), "dw-x")])
    #expect(check.passed, "\(c): \(check)")
    #expect(layer.parameters.map(\.name) == ["depthwise_conv2d/kernel", "depthwise_conv2d/bias"])
  }

  @Test(arguments: depthwiseCases)
  func separableConv2d(_ c: DepthwiseCase) throws {
    let layer = SeparableConv2DLayer(
      name: "separable_conv2d",
      config: SeparableConv2DConfig(
        filters: 3, kernelSize: c.kernel, strides: c.strides, padding: c.padding,
        depthMultiplier: c.multiplier,
        dilationRate: c.dilation, activation: .tanh))
    let check = try GradientCheck.check(layer: layer, inputs: [randomTensor(c.input.batched(2), "sep-x")])
    #expect(check.passed, "\(c): \(check)")
    #expect(
      layer.parameters.map(\.name) == [
        "separable_conv2d/depthwise_kernel", "separable_conv2d/pointwise_kernel", "separable_conv2d/bias",
      ])
  }

  struct Conv1DCase: Sendable, CustomStringConvertible {
    let input: Shape
    let filters: Int
    let kernel: Int
    var strides = 1
    var padding = Conv1DPadding.valid
    var dilation = 1
    var groups = 1
    var description: String {
      "\(input) f\(filters) k\(kernel) s\(strides) \(padding) d\(dilation) g\(groups)"
    }
  }

  static let conv1dCases: [Conv1DCase] = [
    Conv1DCase(input: [9, 3], filters: 4, kernel: 3),
    Conv1DCase(input: [9, 3], filters: 2, kernel: 4, strides: 2, padding: .same),
    Conv1DCase(input: [9, 2], filters: 3, kernel: 3, padding: .causal, dilation: 2),
    Conv1DCase(input: [8, 3], filters: 2, kernel: 2, strides: 3, padding: .causal),
    Conv1DCase(input: [7, 4], filters: 6, kernel: 3, padding: .same, dilation: 2, groups: 2),
    Conv1DCase(input: [20, 16], filters: 3, kernel: 3, padding: .causal, dilation: 2),
  ]

  @Test(arguments: conv1dCases)
  func conv1d(_ c: Conv1DCase) throws {
    let layer = Conv1DLayer(
      name: "conv1d",
      config: Conv1DConfig(
        filters: c.filters, kernelSize: c.kernel, strides: c.strides, padding: c.padding,
        dilationRate: c.dilation,
        groups: c.groups, activation: .tanh))
    let check = try GradientCheck.check(layer: layer, inputs: [randomTensor(c.input.batched(2), "c1-x")])
    #expect(check.passed, "\(c): \(check)")
  }
}
