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
  /// Calls `body` with every model parameter (trainable and not, in the model's order), read in
  /// place: no copy, so it costs nothing unless called (TensorBoard's histograms).
  func readParameters(_ body: ([ParameterReading]) -> Void)
}

extension TrainingControl {
  /// A control that only has snapshots reads copies of the weights, by name, without gradients.
  public func readParameters(_ body: ([ParameterReading]) -> Void) {
    let snapshot = snapshotWeights().values.sorted { $0.key < $1.key }
    snapshot.flatMap(\.value).withUnsafeBufferPointer { all in
      var offset = 0
      body(
        snapshot.map { name, values in
          defer { offset += values.count }
          return ParameterReading(
            name: name, values: UnsafeBufferPointer(rebasing: all[offset..<offset + values.count]), gradient: nil)
        })
    }
  }
}

/// One model parameter as a callback reads it: views into the training buffers, valid only inside
/// the `readParameters` call that gives them.
public struct ParameterReading {
  /// The Keras-style path (`dense/kernel`).
  public let name: String
  /// Its values now.
  public let values: UnsafeBufferPointer<Float>
  /// The gradient of the last training batch's loss with respect to it (regularization penalties
  /// included, before gradient clipping): nil for non-trainable parameters and before this fit's
  /// first step.
  public let gradient: UnsafeBufferPointer<Float>?

  /// Creates a reading.
  public init(name: String, values: UnsafeBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>?) {
    self.name = name
    self.values = values
    self.gradient = gradient
  }
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
