import Datasets
import Foundation
import NN
import Reporting
import Spec
import Tensors

/// Which weights of a run to use (`--checkpoint`).
public enum CheckpointChoice: Sendable, Equatable {
  /// `checkpoints/final.safetensors`, written when training ends (restored best weights, if early
  /// stopping restored them).
  case final
  /// The file of the spec's `model_checkpoint` with `save_best_only`.
  case best
  /// A safetensors file: a path, or a name inside the run's `checkpoints/`.
  case file(String)

  /// `final`, `best` or a file.
  public init(_ text: String) {
    switch text {
    case "final": self = .final
    case "best": self = .best
    default: self = .file(text)
    }
  }
}

/// A finished run folder opened as a model: its spec, `model.json`, the fitted preprocessing and
/// the checkpoint chosen (`optim-run evaluate`, `predict`, `export`).
struct TrainedModel {
  let folder: RunFolder
  /// The run's `spec.yaml`, with the command's overrides applied.
  let loaded: LoadedSpec
  let record: ModelFile
  let fitted: FittedPreprocessing
  let checkpoint: URL

  /// Opens the run folder at `path`; `overrides` may change `data.*` keys only.
  static func open(path: String, checkpoint choice: CheckpointChoice, overrides: [String] = [], operation: String)
    throws(RunFailure) -> TrainedModel
  {
    let folder: RunFolder
    let record: ModelFile
    do {
      folder = try RunFolder.existing(URL(fileURLWithPath: path), for: operation)
      record = try ModelFile.read(from: folder)
    } catch {
      throw .runtime("\(error)")
    }
    let (original, loaded) = try loadSavedSpec(folder, overrides: overrides)
    let changed = loaded.spec.differingPaths(from: original.spec).filter { !$0.hasPrefix("data.") && $0 != "data" }
    if !changed.isEmpty {
      throw .runtime(
        "\(operation) can change the data only (data.* keys); these keys differ from the run's spec.yaml: "
          + changed.joined(separator: ", "))
    }
    let fitted = try fittedPreprocessing(record, folder: folder)
    let checkpoint = try resolveCheckpoint(choice, folder: folder, spec: original.spec)
    return TrainedModel(folder: folder, loaded: loaded, record: record, fitted: fitted, checkpoint: checkpoint)
  }

  /// The run's model, built for the forward pass only at `maxBatchSize`, with the checkpoint's weights.
  func makeGraph(maxBatchSize: Int) throws(RunFailure) -> Graph {
    guard let model = loaded.spec.model else { throw .runtime("\(folder.url.path): the spec has no model") }
    let seed = UInt64(bitPattern: Int64(loaded.spec.seed))
    let graph: Graph
    do {
      graph = try ModelBuilder.makeGraph(
        model, inputShape: Shape(record.input.shape), seed: seed, source: loaded.source)
    } catch {
      throw .spec(error)
    }
    try buildForInference(graph, maxBatchSize: maxBatchSize)
    return graph
  }

  /// Builds `graph` (the run's model, unbuilt) for the forward pass only, after checking its memory,
  /// and copies the checkpoint's tensors into its parameters (names and shapes must match).
  func buildForInference(_ graph: Graph, maxBatchSize: Int) throws(RunFailure) {
    try checkInferenceMemory(graph, batchSize: maxBatchSize)
    graph.build(maxBatchSize: maxBatchSize, forInference: true)
    do {
      try SafeTensorsFile.read(from: checkpoint).load(into: graph.parameters, source: checkpoint.path)
    } catch {
      throw .runtime("\(error)")
    }
  }

  /// The preprocessing recorded in `model.json` (and `vocabulary.txt` for text).
  private static func fittedPreprocessing(_ record: ModelFile, folder: RunFolder) throws(RunFailure)
    -> FittedPreprocessing
  {
    var fitted = FittedPreprocessing(
      rescale: record.preprocessing.rescale.map(Float.init),
      statistics: record.preprocessing.standardize.map {
        Preprocessing.Statistics(mean: $0.mean.map(Float.init), std: $0.std.map(Float.init))
      },
      oneHot: record.preprocessing.oneHot, classes: record.classes, featureNames: record.csv?.features,
      targetName: record.csv?.target)
    if let text = record.text {
      let url = folder.file(text.vocabularyFile)
      guard let data = FileManager.default.contents(atPath: url.path) else {
        throw .runtime("\(url.path): the run's vocabulary is missing (model.json names it)")
      }
      let words = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .dropLast().map(String.init)
      guard words.count == text.words else {
        throw .runtime("\(url.path): \(words.count) words, but model.json records \(text.words)")
      }
      fitted.vocabulary = words
      fitted.vectorizer = TextVectorizer.Mode(rawValue: text.vectorizer) ?? .count
    }
    return fitted
  }

  private static func resolveCheckpoint(_ choice: CheckpointChoice, folder: RunFolder, spec: ExperimentSpec)
    throws(RunFailure) -> URL
  {
    let url: URL
    switch choice {
    case .final:
      url = folder.checkpoints.appendingPathComponent("final.safetensors")
      guard FileManager.default.fileExists(atPath: url.path) else {
        let status = (try? RunManifest.read(from: folder)).map { " (the run's status is \($0.status.rawValue))" } ?? ""
        throw .runtime(
          "\(url.path): no final checkpoint\(status); a run writes it when training ends. "
            + "Resume the run, or choose --checkpoint best or a file in checkpoints/")
      }
    case .best:
      guard
        let callback = spec.callbacks.first(where: { $0.type == "model_checkpoint" && $0.bool("save_best_only") })
      else {
        throw .runtime(
          "\(folder.url.path): the run has no best checkpoint: its spec has no model_checkpoint with save_best_only: true")
      }
      url = folder.checkpoints.appendingPathComponent(callback.string("filename"))
      guard FileManager.default.fileExists(atPath: url.path) else {
        throw .runtime("\(url.path): the best checkpoint was never written (no epoch improved its monitor)")
      }
    case .file(let name):
      let inside = folder.checkpoints.appendingPathComponent(name)
      if FileManager.default.fileExists(atPath: name) {
        url = URL(fileURLWithPath: name)
      } else if !name.contains("/"), FileManager.default.fileExists(atPath: inside.path) {
        url = inside
      } else {
        throw .runtime("\(name): no such checkpoint (a path, or a file in \(folder.checkpoints.path))")
      }
    }
    return url
  }
}

/// Refuses a forward-only model whose buffers at this batch size cannot fit in memory.
func checkInferenceMemory(_ graph: Graph, batchSize: Int) throws(RunFailure) {
  let summary = ModelSummary(graph: graph)
  let total = saturatingSum(summary.activationBytes(batchSize: batchSize), summary.parameterBytes)
  guard let shortfall = MemoryBudget.shortfall(total, lowerBound: true) else { return }
  throw .runtime(
    "running this model at batch size \(batchSize) (its layer outputs and parameters) \(shortfall); "
      + "lower --batch-size")
}
