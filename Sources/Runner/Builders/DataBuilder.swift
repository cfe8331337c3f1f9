import Datasets
import Spec
import Tensors
import YAML

/// Maps the spec's `data:` component onto a `DataConfiguration` (its paths are absolute by now:
/// the spec loader resolves them against the spec file's folder or `--data-root`).
public enum DataBuilder {
  /// The configuration for `data`, with the experiment `seed` for synthetic data and splits.
  public static func configuration(_ data: Component, seed: UInt64) -> DataConfiguration {
    let source: DataConfiguration.Source
    switch data.type {
    case "cifar10":
      source = .cifar10(CIFAR10Source(directory: data.string("path"), download: data.bool("download")))
    case "mnist", "fashion_mnist":
      source = .idx(IDXSource(name: data.type, directory: data.string("path")))
    case "npy":
      source = .npy(x: data.string("x"), y: data.string("y"))
    case "npz":
      source = .npz(path: data.string("path"), xKey: data.string("x_key"), yKey: data.string("y_key"))
    case "csv":
      source = .csv(
        CSVReader.Options(path: data.string("path"), target: data.string("target"), features: data.strings("features")))
    case "synthetic_regression":
      source = .syntheticRegression(
        samples: data.int("samples"), features: data.int("features"), targets: data.int("targets"))
    case "synthetic_classification":
      source = .syntheticClassification(
        samples: data.int("samples"), shape: Shape(data.ints("shape") ?? []), classes: data.int("classes"))
    case "synthetic_segmentation":
      source = .syntheticSegmentation(samples: data.int("samples"), shape: Shape(data.ints("shape") ?? []))
    case "text":
      let mode = TextVectorizer.Mode(rawValue: data.string("vectorizer")) ?? .count
      let origin: TextSource.Origin =
        data.optionalString("path").map { .tsv(path: $0) }
        ?? .inline(texts: data.strings("texts") ?? [], labels: (data.ints("labels") ?? []).map(Float.init))
      source = .text(
        TextSource(
          origin: origin, vectorizer: mode, maxTokens: data.optionalInt("max_tokens"),
          sequenceLength: mode == .sequence ? data.optionalInt("output_sequence_length") : nil))
    default:
      // The schema admits only the types above; a new one needs a line here.
      preconditionFailure("data type '\(data.type)' has no builder")
    }
    return DataConfiguration(
      source: source, rescale: data.optionalDouble("rescale").map(Float.init), standardize: data.bool("standardize"),
      oneHot: data.bool("one_hot"), testSplit: data.optionalDouble("test_split"), seed: seed)
  }
}
