/// Stops training as soon as a batch's loss is NaN or infinite (Keras's `TerminateOnNaN`).
public final class TerminateOnNaN: Callback {
  /// Creates the callback.
  public init() {}

  public func onBatchEnd(step: Int, epoch: Int, logs: Logs, _ control: TrainingControl) {
    if let loss = logs["loss"], !loss.isFinite {
      control.stopTraining = true
      control.stopReason = "nan_loss"
    }
  }
}
