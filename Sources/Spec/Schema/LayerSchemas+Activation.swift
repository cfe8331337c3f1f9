extension Schemas {
  /// Keras's activation layer classes `ReLU`, `LeakyReLU`, `PReLU` and `Softmax`, registered as
  /// `relu`, `leaky_relu`, `prelu` and `softmax` (Keras's own snake_case, `re_lu`, is hinted).
  static let activationLayerTypes: [TypeSchema] = [
    TypeSchema(
      "relu",
      """
      Keras's `ReLU` layer: min(x, max_value) for x > threshold, negative_slope · (x - threshold) \
      otherwise; max(x, 0) with the defaults.
      """,
      [
        .optional("max_value", .double, .atLeast(0), "Cap on the output; null: none."),
        .double("negative_slope", 0, .atLeast(0), "Slope below the threshold."),
        .double("threshold", 0, .atLeast(0), "Inputs at or below it are rectified."),
      ],
      example: "{type: relu, max_value: 6}"),
    TypeSchema(
      "leaky_relu",
      """
      Keras's `LeakyReLU` layer: x for x > 0, negative_slope · x otherwise. The layer's default slope \
      is 0.3; the `leaky_relu` activation's is 0.2.
      """,
      [.double("negative_slope", 0.3, .atLeast(0), "Slope for negative inputs.")]),
    TypeSchema(
      "prelu",
      """
      Keras's `PReLU` layer: x for x > 0, alpha · x otherwise, with a learned alpha of the input's \
      shape where each shared axis has size 1.
      """,
      [
        ArgumentSchema(
          "alpha_initializer", .component(.initializer), default: .component(Component(type: "zeros")),
          doc: "Initializer of alpha."),
        .optional("alpha_regularizer", .regularizer, "Penalty on alpha added to the loss."),
        .optional(
          "shared_axes", .intList, .atLeast(1),
          "Input axes (1 = the first after the batch) that share one alpha, e.g. [1, 2] on images."),
      ],
      example: "{type: prelu, shared_axes: [1, 2]}"),
    TypeSchema(
      "softmax", "Keras's `Softmax` layer: exp(x - max) / sum(exp(x - max)) over the last axis.",
      [.int("axis", -1, "The axis, counting the batch as 0; only the last axis (-1) is supported.")]),
  ]
}
