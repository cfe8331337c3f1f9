extension Schemas {
  static let samples = ArgumentSchema.int("samples", 1000, .atLeast(1), "Number of examples.")
  static let shape = ArgumentSchema.required("shape", .intList, .atLeast(1), "Shape of one example.")

  /// The data sets.
  public static let datasets = FamilySchema(
    family: .dataset,
    doc:
      "Data sources. Preprocessing and the test split are keys of the same mapping. Relative paths (`path`, `x`, `y`) are taken from the spec file's folder, as in a git repository of experiments (`--data-root DIR` takes them from DIR instead; a path given with `--set` is taken from the working directory); `~/` is the home folder. The run folder's spec.yaml records them absolute, and run.json each file's size and SHA-256.",
    common: [
      .optional("rescale", .double, "Multiply inputs by this (e.g. 0.00392156862745098 = 1/255)."),
      .bool(
        "standardize", false,
        "Scale each feature to zero mean and unit variance (statistics of the training part)."),
      .bool("one_hot", false, "Turn integer labels into one-hot vectors."),
      .optional(
        "test_split", .double, .range(0, 1, lowClosed: false, highClosed: false),
        "Hold out this fraction as the test set: the rows are shuffled with the seed first and the last ceil(N · fraction) of that order are held out (scikit-learn's train_test_split rounding); the rows of each split are saved in the run folder's splits.npz. With a validation fraction, the test set is scored once after training (summary.json test_metrics)."),
    ],
    types: [
      TypeSchema(
        "cifar10", "CIFAR-10 binary version (data_batch_1..5.bin, test_batch.bin).",
        [
          .string("path", "data/cifar-10-batches-bin", "Folder holding the .bin files."),
          .bool("download", false, "Download the archive when the folder is missing."),
        ]),
      TypeSchema(
        "mnist", "MNIST in IDX format.", [.required("path", .string, "Folder holding the IDX files.")]),
      TypeSchema(
        "fashion_mnist", "Fashion-MNIST in IDX format.",
        [.required("path", .string, "Folder holding the IDX files.")]),
      TypeSchema(
        "npy", "Two NumPy .npy files.",
        [.required("x", .string, "Path of the inputs."), .required("y", .string, "Path of the labels.")]),
      TypeSchema(
        "npz", "One NumPy .npz archive.",
        [
          .required("path", .string, "Path of the archive."),
          .string("x_key", "x", "Array name of the inputs."),
          .string("y_key", "y", "Array name of the labels."),
        ]),
      TypeSchema(
        "csv", "A CSV file with a header row.",
        [
          .required("path", .string, "Path of the file."),
          .string("target", "target", "Column holding the label."),
          ArgumentSchema(
            "features", .allOrStrings, default: .string("all"),
            doc: "Input columns; `all`: every other column."),
        ]),
      TypeSchema(
        "synthetic_regression", "Random linear regression data from the seed.",
        [
          samples, .int("features", 10, .atLeast(1), "Inputs per example."),
          .int("targets", 1, .atLeast(1), "Outputs per example."),
        ]),
      TypeSchema(
        "synthetic_classification", "Random class-clustered data from the seed.",
        [samples, shape, .int("classes", 2, .atLeast(2), "Number of classes.")],
        check: { c, check in
          if c.ints("shape")?.isEmpty == true { check.error(c, "shape", "shape must list at least one dimension, e.g. [10]") }
        }),
      TypeSchema(
        "synthetic_segmentation", "Random shapes and their masks from the seed.", [samples, shape],
        check: { c, check in
          if let dims = c.ints("shape"), dims.count != 3 {
            check.error(c, "shape", "shape must be [height, width, channels], got \(dims.count) dimension\(dims.count == 1 ? "" : "s")")
          }
        }),
      TypeSchema(
        "text",
        "Short texts with integer labels, turned into bag-of-words vectors or (`vectorizer: sequence`) token id sequences.",
        [
          .optional("texts", .stringList, "The texts (with labels)."),
          .optional("labels", .intList, .atLeast(0), "One label (a class, 0 or more) per text."),
          .optional("path", .string, "A tab-separated file with a header row naming its `text` and `label` columns, instead of texts/labels."),
          .choice(
            "vectorizer", ["count", "binary", "sequence"], "count",
            "Word counts, presence (0/1), or the sequence of token ids as Keras's `TextVectorization(output_mode=\"int\")` (lowercase, strip punctuation, split on whitespace; id 0 pads, 1 is out of vocabulary, then tokens by descending frequency)."),
          .optional(
            "max_tokens", .int, .atLeast(2),
            "`sequence`: the vocabulary's size, padding and [UNK] included (null: every training token)."),
          .optional(
            "output_sequence_length", .int, .atLeast(1),
            "`sequence` (required there): ids per text; shorter texts are padded with 0 at the end, longer ones cut."),
        ],
        example: "{type: text, texts: [\"I love this movie\", \"Terrible movie\"], labels: [1, 0]}",
        check: { c, check in
          let texts = c.strings("texts"), labels = c.ints("labels"), path = c.optionalString("path")
          if path != nil, texts != nil || labels != nil {
            check.error(c, "path", "give either path or texts and labels, not both")
          } else if path == nil, texts == nil || labels == nil {
            check.error(
              c, texts == nil ? "labels" : "texts", "text data needs path, or both texts and labels")
          } else if let texts, let labels, texts.count != labels.count {
            check.error(
              c, "labels", "labels must have one entry per text (\(texts.count)); got \(labels.count)")
          }
          let isSequence = c.string("vectorizer") == "sequence"
          if isSequence, c.optionalInt("output_sequence_length") == nil {
            check.error(c, "vectorizer", "vectorizer: sequence needs output_sequence_length (ids per text)")
          }
          for key in ["max_tokens", "output_sequence_length"] where !isSequence && c.optionalInt(key) != nil {
            check.error(c, key, "\(key) applies to vectorizer: sequence only")
          }
        }),
    ],
    hasName: false)
}
