import Datasets
import Foundation
import NN
import Reporting
import Spec
import Tensors
import Training

/// Which examples `optim-run evaluate` scores.
public enum EvaluationSplit: String, Sendable, CaseIterable {
  /// The held-out test split (`test_split`, or the source's test files).
  case test
  /// The validation examples the run logged `val_` metrics on.
  case validation
  /// The training examples (without the validation part).
  case train
  /// Every example the data source gives, ignoring `test_split` and `train.validation`.
  case all
}

/// What `optim-run evaluate` measured.
public struct EvaluationReport: Sendable {
  /// The run folder.
  public var folder: URL
  /// The weights evaluated.
  public var checkpoint: URL
  public var split: EvaluationSplit
  /// Examples scored.
  public var examples: Int
  /// The batch size used (the run's, so `val_` values are reproduced exactly).
  public var batchSize: Int
  /// `loss` and the spec's metrics.
  public var metrics: Logs
}

/// Keras's `model.evaluate` on a run folder (`optim-run evaluate RUN_DIR`): loads the data as the
/// run did (same seed, same splits, the preprocessing fitted by the run), the chosen weights, and
/// scores one split in inference mode with the run's batch size. `overrides` (`data.*` keys) point
/// at other data, which is then preprocessed with the run's fitted values.
///
/// Without `split`: `all` when the data was overridden (the whole of the new data), else `test`
/// if the run has a test split, else `validation`, else `train`.
public func evaluateRun(
  at path: String, checkpoint: CheckpointChoice = .final, split requested: EvaluationSplit? = nil,
  overrides: [String] = []
) throws(RunFailure) -> EvaluationReport {
  let model = try TrainedModel.open(path: path, checkpoint: checkpoint, overrides: overrides, operation: "evaluate")
  var split = requested ?? (overrides.isEmpty ? nil : .all)
  var loaded = model.loaded
  if split == .all {
    do {
      loaded = try loadSpec(
        path: model.folder.file(RunFolder.FileName.spec).path,
        overrides: overrides + ["data.test_split=null", "train.validation=null"])
    } catch {
      throw .spec(error)
    }
  }
  let seed = UInt64(bitPattern: Int64(loaded.spec.seed))
  let prepared = try prepareTraining(loaded, seed: seed, fitted: model.fitted)
  if split == nil {
    split = prepared.dataset.test != nil ? .test : prepared.validation != nil ? .validation : .train
  }
  let data: Split
  switch split! {
  case .test:
    guard let test = prepared.dataset.test else {
      throw .data("the run's data has no test split (set data.test_split when training, or choose --split)")
    }
    data = test
  case .validation:
    guard let validation = prepared.validation else {
      throw .data("the run had no validation data (train.validation was not set); choose another --split")
    }
    data = validation
  case .train, .all:
    data = prepared.train
  }
  // The trainer's batch size, so every batch holds the same examples as during training.
  let batchSize = TrainingConfiguration.effectiveBatchSize(
    loaded.spec.train.batchSize, trainCount: prepared.train.count, validationCount: prepared.validation?.count ?? 0)
  try model.buildForInference(prepared.graph, maxBatchSize: batchSize)
  let logs = Evaluation.run(
    graph: prepared.graph, loss: prepared.loss, metrics: prepared.metrics.map { $0() }, data: data, batchSize: batchSize)
  if let problem = prepared.graph.inputProblem { throw .data(problem) }
  return EvaluationReport(
    folder: model.folder.url, checkpoint: model.checkpoint, split: split!, examples: data.count, batchSize: batchSize,
    metrics: logs)
}
