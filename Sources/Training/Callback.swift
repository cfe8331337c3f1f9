/// The values a training loop reports: `loss`, metric names, `val_*`, `learning_rate`.
public typealias Logs = [String: Double]

/// What a callback may read and change in the running training: Keras's `self.model` seen from a
/// callback, reduced to what Keras's own callbacks use.
public protocol TrainingControl: AnyObject {
  /// The optimizer's current base learning rate (what `optimizer.learning_rate` reads in Keras).
  var learningRate: Double { get set }
  /// Set to `true` to end training after the current epoch (Keras's `model.stop_training`).
  var stopTraining: Bool { get set }
  /// The reason the run stopped early, for `summary.json` (`early_stopping`, `nan_loss`, ...).
  var stopReason: String? { get set }
  /// A copy of every model weight (trainable and not), as `model.get_weights()`.
  func snapshotWeights() -> WeightSnapshot
  /// Puts back weights taken by `snapshotWeights()`.
  func restoreWeights(_ snapshot: WeightSnapshot)
  /// Writes the current weights as a checkpoint file named `filename` in the run's checkpoint folder.
  func saveCheckpoint(named filename: String) throws
}

/// Model weights by parameter name, copied out of the training buffers.
public struct WeightSnapshot: Sendable, Equatable {
  public var values: [String: [Float]]
  /// Creates a snapshot.
  public init(values: [String: [Float]]) { self.values = values }
}

/// A hook into training, with Keras's hook points; every hook defaults to doing nothing.
public protocol Callback: AnyObject {
  func onTrainBegin(_ control: TrainingControl)
  func onEpochBegin(_ epoch: Int, _ control: TrainingControl)
  /// After each optimizer step; `step` counts from 0 over the whole run, `logs` are running means.
  func onBatchEnd(step: Int, epoch: Int, logs: Logs, _ control: TrainingControl)
  /// After validation; callbacks may add entries to `logs` (as Keras's callbacks do).
  func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl)
  func onTrainEnd(_ control: TrainingControl)
}

extension Callback {
  public func onTrainBegin(_ control: TrainingControl) {}
  public func onEpochBegin(_ epoch: Int, _ control: TrainingControl) {}
  public func onBatchEnd(step: Int, epoch: Int, logs: Logs, _ control: TrainingControl) {}
  public func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {}
  public func onTrainEnd(_ control: TrainingControl) {}
}

/// Fans every hook out to a list of callbacks, in order.
public final class CallbackList: Callback {
  public private(set) var callbacks: [Callback]

  /// Creates a list.
  public init(_ callbacks: [Callback]) { self.callbacks = callbacks }

  public func onTrainBegin(_ c: TrainingControl) { for cb in callbacks { cb.onTrainBegin(c) } }
  public func onEpochBegin(_ e: Int, _ c: TrainingControl) { for cb in callbacks { cb.onEpochBegin(e, c) } }
  public func onBatchEnd(step: Int, epoch: Int, logs: Logs, _ c: TrainingControl) {
    for cb in callbacks { cb.onBatchEnd(step: step, epoch: epoch, logs: logs, c) }
  }
  public func onEpochEnd(_ e: Int, logs: inout Logs, _ c: TrainingControl) {
    for cb in callbacks { cb.onEpochEnd(e, logs: &logs, c) }
  }
  public func onTrainEnd(_ c: TrainingControl) { for cb in callbacks { cb.onTrainEnd(c) } }
}
