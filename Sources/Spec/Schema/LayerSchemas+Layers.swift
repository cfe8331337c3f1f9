extension Schemas {
  /// Normalization, global pooling, padding, spatial dropout, merge and embedding layers.
  static let normalizationPoolingMergeLayers: [TypeSchema] = [
    TypeSchema(
      "layer_normalization", "Normalizes each example over its last axis (same in training and inference).",
      [
        ArgumentSchema(
          "axis", .int, default: .int(-1), .range(-1, -1, lowClosed: true, highClosed: true),
          doc: "Only -1 (the last axis) is supported."),
        .double("epsilon", 0.001, .greaterThan(0), "Added to the variance."),
        .bool("center", true, "Whether to add a learned offset (beta)."),
        .bool("scale", true, "Whether to multiply by a learned scale (gamma)."),
        ArgumentSchema(
          "beta_initializer", .component(.initializer), default: .component(Component(type: "zeros")),
          doc: "Initializer of beta."),
        ArgumentSchema(
          "gamma_initializer", .component(.initializer), default: .component(Component(type: "ones")),
          doc: "Initializer of gamma."),
      ]),
    TypeSchema(
      "global_max_pooling2d",
      "Maximum over height and width: NHWC → NC (Keras's `keepdims=False`); tied maxima share the gradient."),
    TypeSchema("global_average_pooling1d", "Mean over the steps: (batch, steps, features) → (batch, features)."),
    TypeSchema("global_max_pooling1d", "Maximum over the steps: (batch, steps, features) → (batch, features)."),
    TypeSchema(
      "zero_padding2d", "Adds rows and columns of zeros around NHWC images.",
      [
        ArgumentSchema(
          "padding", .padding2d, default: .list([.list([.int(1), .int(1)]), .list([.int(1), .int(1)])]), .atLeast(0),
          doc: "Rows and columns to add: `p`, `[rows, columns]` or `[[top, bottom], [left, right]]`.")
      ]),
    TypeSchema(
      "spatial_dropout2d",
      "Zeroes whole channels of each example with probability `rate` in training, scaling the rest by 1/(1-rate).",
      [.required("rate", .double, .range(0, 1, lowClosed: true, highClosed: false), "Fraction of channels to drop.")]),
    TypeSchema(
      "multiply", "Element-wise product of its inputs.", example: "{type: multiply, inputs: [previous, gate]}"),
    TypeSchema(
      "subtract", "First input minus the second.", example: "{type: subtract, inputs: [a, b]}",
      check: { c, check in
        if let inputs = c.strings("inputs"), inputs.count != 2 {
          check.error(c, "inputs", "subtract takes exactly 2 inputs, got \(inputs.count)")
        }
      }),
    TypeSchema("average", "Element-wise mean of its inputs.", example: "{type: average, inputs: [a, b]}"),
    TypeSchema(
      "maximum", "Element-wise maximum of its inputs (a tie sends the gradient to the first).",
      example: "{type: maximum, inputs: [a, b]}"),
    TypeSchema(
      "minimum", "Element-wise minimum of its inputs (a tie sends the gradient to the first).",
      example: "{type: minimum, inputs: [a, b]}"),
    TypeSchema(
      "embedding",
      "Looks up a learned vector per token id: (batch, sequence_length) ids → (batch, sequence_length, output_dim). Ids are truncated to integers; one outside [0, input_dim) stops training, evaluation or prediction with an error naming it. No masking (`mask_zero`): padding id 0 is an ordinary token.",
      [
        .required("input_dim", .int, .atLeast(1), "Vocabulary size: ids must be in [0, input_dim)."),
        .required("output_dim", .int, .atLeast(1), "Size of each token's vector."),
        ArgumentSchema(
          "embeddings_initializer", .component(.initializer), default: .component(
            Component(type: "random_uniform", arguments: ["minval": .double(-0.05), "maxval": .double(0.05)])),
          doc: "Initializer of the table (Keras's default `uniform` is `random_uniform`, U(-0.05, 0.05))."),
        .optional("embeddings_regularizer", .regularizer, "Penalty on the table added to the loss."),
      ],
      example: "{type: embedding, input_dim: 1000, output_dim: 16}"),
  ]
}
