extension Schemas {
  /// `conv2d_transpose` (Keras `Conv2DTranspose`).
  static let conv2dTranspose = TypeSchema(
    "conv2d_transpose",
    "2-D transposed convolution over NHWC input (the usual U-Net up-path); kernel `(kh, kw, filters, in)`.",
    [
      .required("filters", .int, .atLeast(1), "Number of output channels."),
      .required("kernel_size", .intOrPair, .atLeast(1), "Window height and width."),
      ArgumentSchema(
        "strides", .intOrPair, default: .list([.int(1), .int(1)]), .atLeast(1),
        doc: "Step of the window in the output: the up-sampling factor."),
      .choice(
        "padding", ["valid", "same"], "valid",
        "`valid`: output = input·stride + max(kernel − stride, 0); `same`: output = input·stride "
          + "(TensorFlow's pads; with `output_padding` p: (input − 1)·stride + kernel + p, minus 2·(kernel // 2) for `same`)."
      ),
      .optional(
        "output_padding", .intOrPair, .atLeast(0),
        "Rows and columns added to the output (each below its stride); null infers the size as Keras."),
      ArgumentSchema(
        "dilation_rate", .intOrPair, default: .list([.int(1), .int(1)]),
        .range(1, 1, lowClosed: true, highClosed: true),
        doc: "Only 1 is supported."),
      activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer,
    ],
    check: { c, check in
      // Keras raises for output_padding >= strides: the extra rows would be a whole stride.
      guard let p = c.intPair("output_padding"), let s = c.intPair("strides") else { return }
      if p.0 >= s.0 || p.1 >= s.1 {
        check.error(
          c, "output_padding",
          "output_padding (\(p.0), \(p.1)) must be smaller than strides (\(s.0), \(s.1)) along each axis")
      }
    })
}
