extension Schemas {
  static let fillMode = ArgumentSchema.choice(
    "fill_mode", ["reflect", "wrap", "constant", "nearest"], "reflect",
    "How points outside the image are filled: `reflect` (mirrored about the edge), `wrap` (periodic), "
      + "`constant` (`fill_value`) or `nearest` (the edge pixel).")
  static let warpInterpolation = ArgumentSchema.choice(
    "interpolation", ["bilinear", "nearest"], "bilinear", "How pixels are read between pixel centres.")
  static let fillValue = ArgumentSchema.double("fill_value", 0, "The value of `constant` fill.")
  static let unitFactor = Constraint.range(-1, 1, lowClosed: true, highClosed: true)

  /// Keras 3's image augmentation layers (`keras.layers.RandomFlip`, ...): random in training
  /// (drawn from the run's seed and training step), the identity at inference except `random_crop`.
  static let augmentationLayers: [TypeSchema] = [
    TypeSchema(
      "random_flip", "In training, flips each image with probability 1/2 per axis; identity at inference.",
      [
        .choice(
          "mode", ["horizontal", "vertical", "horizontal_and_vertical"], "horizontal_and_vertical",
          "Which axes may be flipped (each independently).")
      ]),
    TypeSchema(
      "random_translation",
      "In training, shifts each image by random fractions of its size; identity at inference.",
      [
        .required(
          "height_factor", .doubleOrPair, unitFactor,
          "Vertical shift as a fraction of the height: f means [-f, f], [a, b] that range; positive shifts down."
        ),
        .required(
          "width_factor", .doubleOrPair, unitFactor,
          "Horizontal shift as a fraction of the width: f means [-f, f]; positive shifts right."),
        fillMode, warpInterpolation, fillValue,
      ]),
    TypeSchema(
      "random_rotation",
      "In training, rotates each image about its centre by a random angle; identity at inference.",
      [
        .required(
          "factor", .doubleOrPair, unitFactor,
          "Angle as a fraction of a full turn: f means [-f, f], [a, b] that range; positive is counter-clockwise."
        ),
        fillMode, warpInterpolation, fillValue,
      ]),
    TypeSchema(
      "random_zoom",
      "In training, zooms each image about its centre by a random factor; identity at inference.",
      [
        .required(
          "height_factor", .doubleOrPair, .range(-1, 1, lowClosed: false, highClosed: true),
          "Vertical zoom: the scale is 1 + a draw from [-f, f] (or [a, b]); positive zooms out."),
        .optional(
          "width_factor", .doubleOrPair, .range(-1, 1, lowClosed: false, highClosed: true),
          "Horizontal zoom as `height_factor`; null keeps the aspect ratio (the height's draw)."),
        fillMode, warpInterpolation, fillValue,
      ]),
    TypeSchema(
      "random_crop",
      "Crops to height × width: a random window in training when the image is larger; otherwise, and at "
        + "inference, the largest centred window of that aspect ratio, resized bilinearly.",
      [
        .required("height", .int, .atLeast(1), "Output height."),
        .required("width", .int, .atLeast(1), "Output width."),
      ]),
    TypeSchema(
      "random_contrast",
      "In training, scales each image's deviation from its per-channel mean by a random factor, clipped to "
        + "`value_range`; identity at inference.",
      [
        .required(
          "factor", .doubleOrPair, .range(0, 1, lowClosed: true, highClosed: true),
          "The factor is drawn from [1 - f, 1 + f] (one number) or [1 - lower, 1 + upper] (two)."),
        ArgumentSchema(
          "value_range", .doubleList(count: 2), default: .list([.double(0), .double(255)]),
          doc: "The range outputs are clipped to (set [0, 1] for rescaled images)."),
      ],
      check: { c, check in
        if let r = c.doubles("value_range"), r.count == 2, !(r[0] < r[1]) {
          check.error(c, "value_range", "value_range must be [low, high] with low < high")
        }
      }),
  ]
}
