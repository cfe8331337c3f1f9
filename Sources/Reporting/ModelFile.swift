import Foundation

/// `model.json`: what applying a run's model to new raw data needs, besides the spec and weights.
///
/// Written when a training run starts; read by `optim-run evaluate`, `predict` and `export`.
/// Floats are stored as the exact doubles of the float32 values, so reading gives the same bits.
public struct ModelFile: Codable, Sendable, Equatable {
  /// The shape and element type of one example.
  public struct TensorDescription: Codable, Sendable, Equatable {
    public var shape: [Int]
    public var dtype: String

    public init(shape: [Int], dtype: String = "float32") {
      self.shape = shape
      self.dtype = dtype
    }
  }

  /// Per-feature statistics of `standardize`.
  public struct Standardization: Codable, Sendable, Equatable {
    public var mean: [Double]
    public var std: [Double]

    public init(mean: [Double], std: [Double]) {
      self.mean = mean
      self.std = std
    }
  }

  /// The preprocessing applied to raw inputs, in this order: rescale, then standardize.
  public struct PreprocessingRecord: Codable, Sendable, Equatable {
    public var rescale: Double?
    public var standardize: Standardization?
    /// Whether labels were one-hot encoded (targets, not inputs).
    public var oneHot: Bool

    public init(rescale: Double? = nil, standardize: Standardization? = nil, oneHot: Bool = false) {
      self.rescale = rescale
      self.standardize = standardize
      self.oneHot = oneHot
    }
  }

  /// Text inputs: the vocabulary file (one word per line, column order) and how counts are made.
  public struct TextRecord: Codable, Sendable, Equatable {
    public var vocabularyFile: String
    public var vectorizer: String
    public var words: Int

    public init(vocabularyFile: String, vectorizer: String, words: Int) {
      self.vocabularyFile = vocabularyFile
      self.vectorizer = vectorizer
      self.words = words
    }
  }

  /// CSV inputs: the feature columns in input order, and the target column.
  public struct CSVRecord: Codable, Sendable, Equatable {
    public var features: [String]
    public var target: String

    public init(features: [String], target: String) {
      self.features = features
      self.target = target
    }
  }

  /// How the data was split, with the row counts; the rows are in `splits.npz`.
  public struct SplitsRecord: Codable, Sendable, Equatable {
    public var file: String
    public var train: Int
    public var validation: Int?
    public var test: Int?
    /// `test_split` (held out after a seeded shuffle) or `source_test_files`.
    public var testOrigin: String?
    /// `train_tail` (the last fraction of the training rows, before shuffling, as Keras's
    /// `validation_split`) or `test` (the test split serves as validation data).
    public var validationOrigin: String?

    public init(
      file: String, train: Int, validation: Int?, test: Int?, testOrigin: String?, validationOrigin: String?
    ) {
      self.file = file
      self.train = train
      self.validation = validation
      self.test = test
      self.testOrigin = testOrigin
      self.validationOrigin = validationOrigin
    }
  }

  /// `optim-run model`.
  public var format: String
  /// The format's version.
  public var version: Int
  /// One example as the data gives it (after preprocessing, before the model's first layer).
  public var input: TensorDescription
  /// One example of the model's output.
  public var output: TensorDescription
  /// The activation of the model's last layer (`softmax`, `sigmoid`, `linear`, ...).
  public var outputActivation: String
  /// The spec's data type (`npy`, `csv`, `text`, `cifar10`, ...).
  public var dataType: String
  /// The number of classes for classification data, nil for regression.
  public var classes: Int?
  /// Class names when the data set defines them (CIFAR-10, Fashion-MNIST, MNIST).
  public var classNames: [String]?
  public var preprocessing: PreprocessingRecord
  public var text: TextRecord?
  public var csv: CSVRecord?
  public var splits: SplitsRecord

  /// Creates a record.
  public init(
    input: TensorDescription, output: TensorDescription, outputActivation: String, dataType: String, classes: Int?,
    classNames: [String]?, preprocessing: PreprocessingRecord, text: TextRecord?, csv: CSVRecord?,
    splits: SplitsRecord
  ) {
    format = "optim-run model"
    version = 1
    self.input = input
    self.output = output
    self.outputActivation = outputActivation
    self.dataType = dataType
    self.classes = classes
    self.classNames = classNames
    self.preprocessing = preprocessing
    self.text = text
    self.csv = csv
    self.splits = splits
  }

  /// The JSON text (sorted keys, snake_case, pretty).
  public func encoded() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }

  /// Atomically writes `model.json` into `folder`.
  public func write(to folder: RunFolder, syncFolder: Bool = true) throws {
    try AtomicFile.write(encoded(), to: folder.file(RunFolder.FileName.model), syncFolder: syncFolder)
  }

  /// Reads `model.json` from `folder`; a missing or damaged file is an error naming it.
  public static func read(from folder: RunFolder) throws -> ModelFile {
    let url = folder.file(RunFolder.FileName.model)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw ReportingError.io(
        operation: "read", path: url.path,
        message: "no such file: this run folder has no model description (runs made before model.json existed cannot be applied); train it again")
    }
    return try decode([UInt8](data), path: url.path)
  }

  /// Decodes the bytes of a `model.json`; `path` names them in errors.
  public static func decode(_ bytes: [UInt8], path: String) throws -> ModelFile {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    do {
      let file = try decoder.decode(ModelFile.self, from: Data(bytes))
      guard file.format == "optim-run model", file.version == 1 else {
        throw ReportingError.io(
          operation: "read", path: path,
          message: "expected format 'optim-run model' version 1, found '\(file.format)' version \(file.version)")
      }
      return file
    } catch let error as ReportingError {
      throw error
    } catch {
      throw ReportingError.io(operation: "read", path: path, message: "not a model description: \(error)")
    }
  }
}
