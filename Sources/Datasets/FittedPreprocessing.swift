import Tensors

/// What loading learned from the training data and applied to every input: enough to apply a
/// trained model to new raw data (the run folder's `model.json` keeps it).
///
/// Given back through `DataConfiguration.fitted`, loading applies these values instead of fitting
/// them again (`optim-run evaluate` on other data, `optim-run predict`).
public struct FittedPreprocessing: Sendable, Equatable {
  /// `rescale`: every input multiplied by this factor, first.
  public var rescale: Float?
  /// `standardize`: per-feature statistics of the training part, applied after rescaling.
  public var statistics: Preprocessing.Statistics?
  /// `one_hot`: whether labels were one-hot encoded.
  public var oneHot: Bool
  /// The number of classes, for classification data.
  public var classes: Int?
  /// Text sources: the vectorizer's vocabulary, in column order, and its mode.
  public var vocabulary: [String]?
  public var vectorizer: TextVectorizer.Mode?
  /// CSV sources: the feature columns, in input order, and the target column.
  public var featureNames: [String]?
  public var targetName: String?

  /// Creates a record; nothing applied by default.
  public init(
    rescale: Float? = nil, statistics: Preprocessing.Statistics? = nil, oneHot: Bool = false, classes: Int? = nil,
    vocabulary: [String]? = nil, vectorizer: TextVectorizer.Mode? = nil, featureNames: [String]? = nil,
    targetName: String? = nil
  ) {
    self.rescale = rescale
    self.statistics = statistics
    self.oneHot = oneHot
    self.classes = classes
    self.vocabulary = vocabulary
    self.vectorizer = vectorizer
    self.featureNames = featureNames
    self.targetName = targetName
  }

  /// Applies rescaling, then standardization, to raw inputs `x` (`[N, ...]`) in place; throws when
  /// an example does not hold as many features as the statistics.
  public func applyToInputs(_ x: Tensor, path: String) throws {
    if let rescale { Preprocessing.rescale(x, by: rescale) }
    if let statistics {
      let perExample = x.shape.rank == 0 ? 0 : x.shape.unbatched.count
      guard perExample == statistics.mean.count else {
        throw DataError(
          path: path,
          "each example has \(perExample) values but the model was standardized with \(statistics.mean.count) features")
      }
      Preprocessing.standardize(x, with: statistics)
    }
  }
}

/// Which rows of the source data went where, so the run folder can record its splits.
///
/// `train` and `test` index the rows as the source gives them (for sources with their own test
/// files, `test` indexes those files). `validation` is filled in when training takes it from the
/// training part (`train.validation: 0.2`: the last fraction of `train`, before shuffling).
public struct SplitRows: Sendable, Equatable {
  /// Where the test rows come from.
  public enum TestOrigin: String, Sendable {
    /// `test_split`: held out of the source's rows after a seeded shuffle.
    case testSplit = "test_split"
    /// The source's own test files (MNIST, CIFAR-10).
    case sourceTestFiles = "source_test_files"
  }

  /// The training rows, in the order training sees them before shuffling.
  public var train: [Int]
  /// Validation rows (indices of the source's rows, as `train`).
  public var validation: [Int]?
  /// The test rows.
  public var test: [Int]?
  /// Where `test` came from; nil without a test split.
  public var testOrigin: TestOrigin?

  /// Creates a record.
  public init(train: [Int], validation: [Int]? = nil, test: [Int]? = nil, testOrigin: TestOrigin? = nil) {
    self.train = train
    self.validation = validation
    self.test = test
    self.testOrigin = testOrigin
  }
}
