/// Convolution layer schemas beyond `conv2d`'s basics: dilation and groups, `conv1d`,
/// `depthwise_conv2d` and `separable_conv2d` (Keras 3's arguments and defaults).
extension Schemas {
  static let dilationRate = ArgumentSchema(
    "dilation_rate", .intOrPair, default: .list([.int(1), .int(1)]), .atLeast(1),
    doc: "Spacing of the kernel taps; a window spans `d·(k−1)+1` inputs. Not with strides > 1.")
  /// Keras's depthwise and separable layers, unlike Conv1D/Conv2D, accept strides with dilation.
  static let depthwiseDilationRate = ArgumentSchema(
    "dilation_rate", .intOrPair, default: .list([.int(1), .int(1)]), .atLeast(1),
    doc: "Spacing of the kernel taps; a window spans `d·(k−1)+1` inputs.")
  static let convGroups = ArgumentSchema.int(
    "groups", 1, .atLeast(1),
    "Channel groups: each `filters/groups` block sees only its `channels/groups` inputs; divides both.")
  static let depthMultiplier = ArgumentSchema.int(
    "depth_multiplier", 1, .atLeast(1), "Output channels per input channel of the depthwise step.")
  static let depthwiseInitializer = ArgumentSchema(
    "depthwise_initializer", .component(.initializer), default: .component(Component(type: "glorot_uniform")),
    doc: "Initializer of the depthwise kernel.")
  static let depthwiseRegularizer = ArgumentSchema.optional(
    "depthwise_regularizer", .regularizer, "Penalty on the depthwise kernel added to the loss.")
  static let convStrides = ArgumentSchema(
    "strides", .intOrPair, default: .list([.int(1), .int(1)]), .atLeast(1), doc: "Step of the window.")

  /// Keras's BaseConv checks (Conv1D, Conv2D): strides > 1 with dilation > 1 is an error, as is
  /// `filters` not divisible by `groups` (input channels are checked once shapes are known).
  @Sendable static func checkConvolution(_ c: Component, _ check: inout CrossCheck) {
    func largest(_ key: String) -> Int {
      if let p = c.intPair(key) { return max(p.0, p.1) }
      return c.optionalInt(key) ?? 1
    }
    if largest("strides") > 1 && largest("dilation_rate") > 1 {
      check.error(
        c, "dilation_rate",
        "\(c.type): strides > 1 are not supported together with dilation_rate > 1 (as in Keras)")
    }
    if let filters = c.optionalInt("filters"), let groups = c.optionalInt("groups"), groups > 0,
      filters % groups != 0
    {
      check.error(
        c, "groups", "\(c.type): filters (\(filters)) must be divisible by groups (\(groups))")
    }
  }

  static let convolutionTypes: [TypeSchema] = [
    TypeSchema(
      "conv1d", "1-D convolution over `(steps, channels)` input; kernel `(k, channels/groups, filters)`.",
      [
        .required("filters", .int, .atLeast(1), "Number of output channels."),
        .required("kernel_size", .int, .atLeast(1), "Window length."),
        .int("strides", 1, .atLeast(1), "Step of the window."),
        .choice(
          "padding", ["valid", "same", "causal"], "valid",
          "`valid`: none; `same`: output = ceil(steps / stride); `causal`: `d·(k−1)` zeros on the left only."),
        .int("dilation_rate", 1, .atLeast(1), "Spacing of the kernel taps. Not with strides > 1."),
        convGroups, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer,
      ],
      check: checkConvolution),
    TypeSchema(
      "depthwise_conv2d",
      "Depthwise 2-D convolution: each channel c gets its own `depth_multiplier` filters (outputs `c·m + j`).",
      [
        .required("kernel_size", .intOrPair, .atLeast(1), "Window height and width."),
        convStrides, padding, depthMultiplier, depthwiseDilationRate, activation, useBias,
        depthwiseInitializer,
        biasInitializer, depthwiseRegularizer,
      ]),
    TypeSchema(
      "separable_conv2d", "Depthwise convolution, then a pointwise (1×1) convolution to `filters` channels.",
      [
        .required("filters", .int, .atLeast(1), "Number of output channels."),
        .required("kernel_size", .intOrPair, .atLeast(1), "Window height and width."),
        convStrides, padding, depthMultiplier, depthwiseDilationRate, activation, useBias,
        depthwiseInitializer,
        ArgumentSchema(
          "pointwise_initializer", .component(.initializer),
          default: .component(Component(type: "glorot_uniform")), doc: "Initializer of the pointwise kernel."),
        biasInitializer, depthwiseRegularizer,
        .optional(
          "pointwise_regularizer", .regularizer, "Penalty on the pointwise kernel added to the loss."),
      ]),
  ]
}
