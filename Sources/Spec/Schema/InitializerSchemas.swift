extension Schemas {
  /// The initializers. Keras's per-initializer `seed` is not an argument: every initializer
  /// draws from the run's seed and the parameter's name.
  public static let initializers = FamilySchema(
    family: .initializer,
    doc: """
      Weight initializers, as Keras 3's `keras.initializers` (a name, or a mapping with `type`). Fans \
      are Keras's: a dense kernel (in, out) has fan_in = in, fan_out = out; a conv kernel (kh, kw, in, \
      out) has fan_in = kh·kw·in, fan_out = kh·kw·out. Truncated normals redraw values beyond 2 \
      standard deviations. Draws come from the run's `seed` and the parameter's name (Keras's `seed` \
      argument is not taken).
      """,
    common: [],
    types: [
      TypeSchema("glorot_uniform", "Uniform in ±sqrt(6 / (fan_in + fan_out)) (Keras's default kernel)."),
      TypeSchema("glorot_normal", "Truncated normal, stddev sqrt(2 / (fan_in + fan_out))."),
      TypeSchema("he_normal", "Truncated normal, stddev sqrt(2 / fan_in)."),
      TypeSchema("he_uniform", "Uniform in ±sqrt(6 / fan_in)."),
      TypeSchema("lecun_normal", "Truncated normal, stddev sqrt(1 / fan_in)."),
      TypeSchema("zeros", "All zeros (Keras's default bias)."),
      TypeSchema("ones", "All ones."),
      TypeSchema(
        "random_normal", "Normal with the given mean and standard deviation.",
        [
          .double("mean", 0, "Mean of the normal distribution."),
          .double("stddev", 0.05, .greaterThan(0), "Standard deviation."),
        ]),
      TypeSchema("lecun_uniform", "Uniform in ±sqrt(3 / fan_in)."),
      TypeSchema(
        "truncated_normal", "Normal with the given mean and standard deviation, redrawn beyond 2 stddev.",
        [
          .double("mean", 0, "Mean of the normal distribution."),
          .double("stddev", 0.05, .greaterThan(0), "Standard deviation before truncation."),
        ]),
      TypeSchema(
        "random_uniform", "Uniform in [minval, maxval).",
        [
          .double("minval", -0.05, "Lower bound."),
          .double("maxval", 0.05, "Upper bound (greater than minval)."),
        ],
        check: { c, check in
          if c.double("maxval") <= c.double("minval") {
            check.error(c, "maxval", "maxval must be greater than minval (\(c.double("minval")))")
          }
        }),
      TypeSchema(
        "variance_scaling",
        """
        Variance s = scale / n, n = fan_in, fan_out or (fan_in + fan_out) / 2: truncated normal with \
        stddev sqrt(s) / 0.8796 (so the variance is s), normal with stddev sqrt(s), or uniform in \
        ±sqrt(3 s). he_normal is {scale: 2, mode: fan_in, distribution: truncated_normal}.
        """,
        [
          .double("scale", 1, .greaterThan(0), "Scaling factor of the variance."),
          .choice("mode", ["fan_in", "fan_out", "fan_avg"], "fan_in", "Which fan n is."),
          .choice(
            "distribution", ["truncated_normal", "untruncated_normal", "uniform"], "truncated_normal",
            "What to draw from."),
        ],
        example: "{type: variance_scaling, scale: 2, mode: fan_in, distribution: truncated_normal}"),
      TypeSchema(
        "constant", "Every value equal to `value`.", [.double("value", 0, "The value.")],
        example: "{type: constant, value: 0.1}"),
      TypeSchema(
        "orthogonal",
        """
        gain · Q of the QR decomposition of a normal matrix (signs fixed by R's diagonal), the shape \
        flattened to (prod(shape[:-1]), shape[-1]): orthonormal columns, or rows when there are fewer \
        rows. Weights of rank 2 or more.
        """,
        [.double("gain", 1, "Multiplies the orthogonal matrix.")]),
      TypeSchema(
        "identity",
        "gain · the identity matrix (rectangular for non-square weights); 2-D weights only (dense kernels).",
        [.double("gain", 1, "Multiplies the identity.")]),
    ],
    hasName: false)
}
