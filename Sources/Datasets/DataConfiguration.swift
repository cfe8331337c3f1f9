import Tensors

/// Everything needed to load a data set: the source, preprocessing and the test split. The builder
/// maps the spec's `data:` keys onto it; `Dataset.load(_:)` does the work.
public struct DataConfiguration: Sendable {
  /// Where the samples come from (the spec's `type:`).
  public enum Source: Sendable {
    /// `npy`: two `.npy` files, inputs and targets.
    case npy(x: String, y: String)
    /// `npz`: one `.npz` archive with arrays named `xKey` and `yKey`.
    case npz(path: String, xKey: String = "x", yKey: String = "y")
    /// `csv`: a numeric table with a header and a target column.
    case csv(CSVReader.Options)
    /// `synthetic_regression`.
    case syntheticRegression(samples: Int, features: Int, targets: Int)
    /// `synthetic_classification`.
    case syntheticClassification(samples: Int, shape: Shape, classes: Int)
    /// `synthetic_segmentation`.
    case syntheticSegmentation(samples: Int, shape: Shape)
    /// `text`: labelled texts, vectorized.
    case text(TextSource)
    /// `mnist`, `fashion_mnist`: IDX files.
    case idx(IDXSource)
    /// `cifar10`: the binary version, local or downloaded.
    case cifar10(CIFAR10Source)
  }

  /// Where the samples come from.
  public var source: Source
  /// `rescale`: multiply every input by this factor (e.g. 1/255).
  public var rescale: Float?
  /// `standardize`: per feature, `(x - mean) / std` with statistics from the training part only.
  public var standardize: Bool
  /// `one_hot`: encode class labels as `[N, classes]`.
  public var oneHot: Bool
  /// `classes`: the number of classes, when the source cannot tell (CSV, npy) or to check labels.
  public var classes: Int?
  /// `test_split`: hold out this fraction (after a seeded shuffle) as the test split.
  public var testSplit: Double?
  /// The experiment seed; synthetic data and the test split derive their streams from it.
  public var seed: UInt64
  /// Preprocessing fitted by an earlier run, applied instead of fitting it to this data (statistics,
  /// vocabulary, classes): a trained model evaluated on other data sees it as it saw its own.
  public var fitted: FittedPreprocessing?

  /// A configuration for `source`, without preprocessing unless asked.
  public init(
    source: Source, rescale: Float? = nil, standardize: Bool = false, oneHot: Bool = false,
    classes: Int? = nil,
    testSplit: Double? = nil, seed: UInt64
  ) {
    self.source = source
    self.rescale = rescale
    self.standardize = standardize
    self.oneHot = oneHot
    self.classes = classes
    self.testSplit = testSplit
    self.seed = seed
  }

  /// The source's name as in the spec (`npy`, `cifar10`, …), for messages.
  public var sourceName: String {
    switch source {
    case .npy: "npy"
    case .npz: "npz"
    case .csv: "csv"
    case .syntheticRegression: "synthetic_regression"
    case .syntheticClassification: "synthetic_classification"
    case .syntheticSegmentation: "synthetic_segmentation"
    case .text: "text"
    case .idx(let s): s.name
    case .cifar10: "cifar10"
    }
  }
}
