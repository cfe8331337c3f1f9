extension Schemas {
  static let activation = ArgumentSchema(
    "activation", .choice(activations), default: .string("linear"), doc: "Activation applied to the output.")
  static let useBias = ArgumentSchema.bool("use_bias", true, "Whether the layer adds a bias.")
  static let kernelInitializer = ArgumentSchema(
    "kernel_initializer", .component(.initializer), default: .component(Component(type: "glorot_uniform")),
    doc: "Initializer of the kernel.")
  static let biasInitializer = ArgumentSchema(
    "bias_initializer", .component(.initializer), default: .component(Component(type: "zeros")),
    doc: "Initializer of the bias.")
  static let kernelRegularizer = ArgumentSchema.optional(
    "kernel_regularizer", .regularizer, "Penalty on the kernel added to the loss.")
  static let padding = ArgumentSchema.choice(
    "padding", ["valid", "same"], "valid", "`valid`: no padding; `same`: output size = ceil(input / stride).")

  /// The layers.
  public static let layers = FamilySchema(
    family: .layer,
    doc: """
      Layers, as Keras 3's `keras.layers`, in NHWC order. A layer's input is the layer before it \
      (the model input for the first) unless `inputs` names others; `previous` names the layer before.
      """,
    common: [
      .optional("inputs", .stringList, "Names of the layers feeding this one (`previous` = the one before).")
    ],
    types: [
      TypeSchema(
        "dense", "Fully connected: `activation(x · kernel + bias)` over the last axis.",
        [
          .required("units", .int, .atLeast(1), "Output size."),
          activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer,
        ]),
      TypeSchema(
        "conv2d", "2-D convolution over NHWC input.",
        [
          .required("filters", .int, .atLeast(1), "Number of output channels."),
          .required("kernel_size", .intOrPair, .atLeast(1), "Window height and width."),
          ArgumentSchema(
            "strides", .intOrPair, default: .list([.int(1), .int(1)]), .atLeast(1), doc: "Step of the window."
          ),
          padding,
          dilationRate, convGroups,
          activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer,
        ], check: checkConvolution),
      TypeSchema("max_pooling2d", "Maximum over each window.", pooling),
      TypeSchema("average_pooling2d", "Mean over each window.", pooling),
      TypeSchema("global_average_pooling2d", "Mean over height and width: NHWC → NC."),
      TypeSchema("flatten", "Flattens all but the batch axis."),
      TypeSchema(
        "reshape", "Reshapes all but the batch axis.",
        [.required("target_shape", .intList, .atLeast(-1), "The new shape; one entry may be -1.")],
        check: { c, check in
          let shape = c.ints("target_shape") ?? []
          if shape.contains(0) || shape.filter({ $0 == -1 }).count > 1 {
            check.error(c, "target_shape", "target_shape entries must be >= 1, with at most one -1")
          }
        }),
      TypeSchema(
        "dropout", "Zeroes inputs with probability `rate` in training, scaling the rest by 1/(1-rate).",
        [.required("rate", .double, .range(0, 1, lowClosed: true, highClosed: false), "Fraction to drop.")]),
      TypeSchema(
        "batch_normalization", "Normalizes over the batch (last axis), with moving statistics for inference.",
        [
          .double(
            "momentum", 0.99, .range(0, 1, lowClosed: true, highClosed: true),
            "Momentum of the moving averages."),
          .double("epsilon", 0.001, .greaterThan(0), "Added to the variance."),
          .bool("center", true, "Whether to add a learned offset (beta)."),
          .bool("scale", true, "Whether to multiply by a learned scale (gamma)."),
        ]),
      TypeSchema(
        "up_sampling2d", "Repeats rows and columns.",
        [
          ArgumentSchema(
            "size", .intOrPair, default: .list([.int(2), .int(2)]), .atLeast(1),
            doc: "Factors for rows and columns."),
          .choice("interpolation", ["nearest", "bilinear"], "nearest", "How new pixels are filled."),
        ]),
      TypeSchema(
        "concatenate", "Joins its inputs along an axis.",
        [.int("axis", -1, "The axis (negative counts from the end).")],
        example: "{type: concatenate, inputs: [previous, c1]}"),
      TypeSchema("add", "Element-wise sum of its inputs.", example: "{type: add, inputs: [previous, c1]}"),
      TypeSchema(
        "activation", "Applies an activation.",
        [ArgumentSchema("activation", .choice(activations), default: nil, doc: "The activation.")]),
      conv2dTranspose,
    ] + normalizationPoolingMergeLayers + convolutionTypes + activationLayerTypes + augmentationLayers,
    hasName: true)

  static let pooling: [ArgumentSchema] = [
    ArgumentSchema(
      "pool_size", .intOrPair, default: .list([.int(2), .int(2)]), .atLeast(1), doc: "Window size."),
    .optional("strides", .intOrPair, .atLeast(1), "Step of the window; null means `pool_size`."),
    padding,
  ]
}
