import Tensors

/// A loaded data set: the training split, an optional test split, per-sample shapes and provenance.
///
/// Conventions (fixed, so the trainer and losses can rely on them):
/// - `x` is float32 with the samples along the first dimension; images are NHWC.
/// - Class labels are stored *sparse* as float class indices of shape `[N]` (`targetShape == []`),
///   as Keras's `sparse_categorical_crossentropy` takes them; with `one_hot` they become `[N, classes]`.
///   Losses treat `[N]` against predictions `[N, 1]` as Keras does (squeeze or expand to the same rank).
/// - Regression targets are `[N, targets]` (synthetic) or `[N]` (one CSV target column).
public struct Dataset: Sendable {
  /// What the model trains on (after the test split, if the source was split).
  public var train: Split
  /// The held-out part: the source's own test files, or the `test_split` fraction, or none.
  public var test: Split?
  /// The shape of one input sample, without the batch dimension.
  public var inputShape: Shape
  /// The shape of one target, without the batch dimension (`[]` for sparse labels).
  public var targetShape: Shape
  /// The number of classes for classification data, `nil` for regression.
  public var classes: Int?
  /// Every file read, with its size, for the run folder's provenance record.
  public var files: [DataFile]
  /// The vectorizer's vocabulary (text sources), in column order, so the run folder can save it.
  public var vocabulary: [String]?
  /// What loading fitted and applied (filled in by `load`), to apply the model to new data.
  public var preprocessing = FittedPreprocessing()
  /// Which source rows went to which split (filled in by `load`).
  public var rows = SplitRows(train: [])

  /// Creates a data set; shapes are taken from the training split.
  public init(
    train: Split, test: Split? = nil, classes: Int? = nil, files: [DataFile] = [],
    vocabulary: [String]? = nil
  ) {
    self.train = train
    self.test = test
    self.inputShape = train.x.shape.unbatched
    self.targetShape = train.y.shape.unbatched
    self.classes = classes
    self.files = files
    self.vocabulary = vocabulary
  }
}

/// Inputs and targets with the same number of samples along the first dimension.
public struct Split: Sendable {
  /// Inputs, `[N, ...]`.
  public var x: Tensor
  /// Targets, `[N]` or `[N, ...]`.
  public var y: Tensor

  /// Pairs `x` and `y`; both must have rank ≥ 1 and the same first dimension.
  public init(x: Tensor, y: Tensor) {
    precondition(
      x.shape.rank >= 1 && y.shape.rank >= 1, "x \(x.shape) and y \(y.shape) need a sample dimension")
    precondition(x.shape[0] == y.shape[0], "x has \(x.shape[0]) samples, y has \(y.shape[0])")
    self.x = x
    self.y = y
  }

  /// The number of samples.
  public var count: Int { x.shape[0] }
}

/// A file a data set was read from, with its size in bytes.
public struct DataFile: Sendable, Equatable {
  /// The path as given (or resolved into the cache folder).
  public var path: String
  /// The file's size in bytes.
  public var bytes: Int

  /// Records `path` of `bytes` bytes.
  public init(path: String, bytes: Int) {
    self.path = path
    self.bytes = bytes
  }
}
