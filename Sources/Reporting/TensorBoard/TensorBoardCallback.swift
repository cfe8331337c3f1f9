import Foundation
import Training

/// Keras's `TensorBoard` callback, scalars only: writes event files under a `tensorboard/` folder
/// that `tensorboard --logdir` shows next to Keras's own logs.
///
/// As Keras 3 (`keras/src/callbacks/tensorboard.py`): at each epoch end, the training logs go to
/// `train/` as `epoch_<name>` (`epoch_loss`, `epoch_accuracy`, ...) with the optimizer's current
/// rate as `epoch_learning_rate`, and the `val_*` logs go to `validation/` as `epoch_<name>`
/// without the `val_` prefix, plus `evaluation_<name>_vs_iterations` at the optimizer's iteration
/// count; the step of epoch summaries is the 0-based epoch. With `updateFrequency: .batches(n)`,
/// the running batch logs are also written to `train/` as `batch_<name>` whenever the 1-based
/// global batch number is a multiple of `n`, at that batch number. The logs' `lr` entry is not
/// repeated (it is `epoch_learning_rate`). Tags are written in sorted order.
///
/// Files are appended to and `fsync`ed at every epoch end. A write failure stops training with
/// stop reason `write_failed` and is kept in `failure`.
public final class TensorBoardCallback: Callback {
  /// How often batch-level summaries are written (Keras's `update_freq`).
  public enum UpdateFrequency: Sendable, Equatable {
    /// Only epoch summaries (Keras's default, `update_freq="epoch"`).
    case epoch
    /// Also `batch_*` summaries every `n` batches.
    case batches(Int)
  }

  /// The `tensorboard/` folder holding `train/` and `validation/`.
  public let folder: URL
  /// How often batch summaries are written.
  public let updateFrequency: UpdateFrequency
  /// The first error met while writing, if any.
  public private(set) var failure: Error?
  private let clock: () -> Date
  private var train: EventFileWriter?
  private var validation: EventFileWriter?
  private var iterations = 0

  /// Creates the callback; files are created when training begins.
  ///
  /// - Parameter clock: the wall time stamped on events and file names (tests fix it).
  public init(folder: URL, updateFrequency: UpdateFrequency = .epoch, clock: @escaping () -> Date = Date.init)
  {
    if case .batches(let n) = updateFrequency { precondition(n >= 1, "update frequency must be at least 1") }
    self.folder = folder
    self.updateFrequency = updateFrequency
    self.clock = clock
  }

  /// Creates `train/` and its event file.
  public func onTrainBegin(_ control: TrainingControl) {
    attempt(control) {
      train = try EventFileWriter(folder: folder.appendingPathComponent("train"), time: clock())
    }
  }

  /// Counts the batch and, every `n` batches, buffers its `batch_*` scalars.
  public func onBatchEnd(step: Int, epoch: Int, logs: Logs, _ control: TrainingControl) {
    iterations = step + 1
    guard case .batches(let n) = updateFrequency, iterations % n == 0, let train else { return }
    train.add(scalars: Self.scalars(logs, prefix: "batch_"), step: iterations, time: clock())
  }

  /// Writes the epoch's `epoch_*` scalars to `train/` and `validation/` and flushes both files.
  public func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {
    guard let train, failure == nil else { return }
    let now = clock()
    var trainLogs = logs.filter { !$0.key.hasPrefix("val_") && $0.key != "lr" }
    trainLogs["learning_rate"] = control.learningRate
    train.add(scalars: Self.scalars(trainLogs, prefix: "epoch_"), step: epoch, time: now)
    let validationLogs = Dictionary(
      uniqueKeysWithValues: logs.filter { $0.key.hasPrefix("val_") }.map {
        (String($0.key.dropFirst(4)), $0.value)
      })
    attempt(control) {
      try train.flush()
      guard !validationLogs.isEmpty else { return }
      if validation == nil {
        validation = try EventFileWriter(folder: folder.appendingPathComponent("validation"), time: now)
      }
      validation?.add(scalars: Self.scalars(validationLogs, prefix: "epoch_"), step: epoch, time: now)
      let vsIterations = validationLogs.sorted { $0.key < $1.key }.map {
        TensorBoardScalar(tag: "evaluation_\($0.key)_vs_iterations", value: Float($0.value))
      }
      validation?.add(scalars: vsIterations, step: iterations, time: now)
      try validation?.flush()
    }
  }

  /// Flushes and closes the files.
  public func onTrainEnd(_ control: TrainingControl) {
    attempt(control) {
      try train?.flush()
      try validation?.flush()
    }
    train?.close()
    validation?.close()
  }

  private func attempt(_ control: TrainingControl, _ body: () throws -> Void) {
    do {
      try body()
    } catch {
      guard failure == nil else { return }
      failure = error
      control.stopTraining = true
      control.stopReason = "write_failed"
    }
  }

  private static func scalars(_ logs: Logs, prefix: String) -> [TensorBoardScalar] {
    logs.sorted { $0.key < $1.key }.map { TensorBoardScalar(tag: prefix + $0.key, value: Float($0.value)) }
  }
}

extension TensorBoardCallback: StatefulCallback {
  public var stateKey: String { "tensorboard" }

  public func saveState() -> CallbackState { CallbackState(numbers: ["iterations": Double(iterations)]) }

  /// A resumed run writes new event files beside the old ones; TensorBoard reads them all.
  public func restoreState(_ state: CallbackState) throws(TrainingStateError) {
    iterations = Int(try state.number("iterations", of: stateKey))
  }
}
