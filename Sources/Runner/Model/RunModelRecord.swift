import Datasets
import Foundation
import NN
import Reporting
import Spec
import Tensors

/// Class names of the data sets that define them, in label order.
enum KnownClassNames {
  static func forDataType(_ type: String) -> [String]? {
    switch type {
    case "cifar10":
      ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    case "mnist":
      (0..<10).map(String.init)
    case "fashion_mnist":
      ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    default:
      nil
    }
  }
}

extension Graph {
  /// The activation the model ends in (`linear` when the last layer has none).
  var finalActivation: Activation {
    (layers[layers.count - 1] as? any ActivatedLayer)?.outputActivation ?? .linear
  }
}

/// `model.json` for a prepared training run: what the data's preprocessing fitted, the shapes, the
/// classes and how the data was split.
func modelRecord(_ loaded: LoadedSpec, _ prepared: PreparedTraining) -> ModelFile {
  let dataset = prepared.dataset
  let fitted = dataset.preprocessing
  let dataType = loaded.spec.data?.type ?? ""
  let standardize = fitted.statistics.map {
    ModelFile.Standardization(mean: $0.mean.map(Double.init), std: $0.std.map(Double.init))
  }
  let text = fitted.vocabulary.map {
    ModelFile.TextRecord(
      vocabularyFile: "vocabulary.txt", vectorizer: (fitted.vectorizer ?? .count).rawValue, words: $0.count)
  }
  let csv = fitted.featureNames.map { ModelFile.CSVRecord(features: $0, target: fitted.targetName ?? "target") }
  let rows = prepared.rows
  return ModelFile(
    input: .init(shape: dataset.inputShape.dims), output: .init(shape: prepared.graph.outputShape.dims),
    outputActivation: prepared.graph.finalActivation.rawValue, dataType: dataType, classes: dataset.classes,
    classNames: KnownClassNames.forDataType(dataType),
    preprocessing: .init(rescale: fitted.rescale.map(Double.init), standardize: standardize, oneHot: fitted.oneHot),
    text: text, csv: csv,
    splits: .init(
      file: RunFolder.FileName.splits, train: rows.train.count, validation: rows.validation?.count,
      test: rows.test?.count, testOrigin: rows.testOrigin?.rawValue, validationOrigin: prepared.validationOrigin))
}

/// `splits.npz`: the source rows of each split as int64 arrays (`np.load(path)["test"]`).
func splitsArchive(_ rows: SplitRows) -> [UInt8] {
  var arrays: [(name: String, shape: [Int], values: NumPyWriter.Values)] = [
    ("train", [rows.train.count], .int64(rows.train))
  ]
  if let v = rows.validation { arrays.append(("validation", [v.count], .int64(v))) }
  if let t = rows.test { arrays.append(("test", [t.count], .int64(t))) }
  return NumPyWriter.npz(arrays)
}

/// Writes `model.json`, `splits.npz` and, for text data, `vocabulary.txt` into a new run folder.
func writeModelFiles(_ loaded: LoadedSpec, _ prepared: PreparedTraining, to folder: RunFolder) throws {
  // Renamed into place one after the other, then one `fsync` of the folder for all.
  if let vocabulary = prepared.dataset.vocabulary {
    try AtomicFile.write(
      vocabulary.joined(separator: "\n") + "\n", to: folder.file("vocabulary.txt"), syncFolder: false)
  }
  try modelRecord(loaded, prepared).write(to: folder, syncFolder: false)
  try AtomicFile.write(splitsArchive(prepared.rows), to: folder.file(RunFolder.FileName.splits), syncFolder: false)
  folder.sync()
}
