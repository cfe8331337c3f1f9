/// Sets the learning rate at the start of every epoch from a function of the epoch and the current
/// rate (Keras's `LearningRateScheduler`); the rate passes through float32, as Keras's optimizer
/// variable does, so repeated multiplications round exactly as they would there.
public final class LearningRateScheduler: Callback {
  private let schedule: @Sendable (_ epoch: Int, _ lr: Double) -> Double

  /// Creates the callback from `(epoch, lr) -> new lr`.
  public init(_ schedule: @escaping @Sendable (_ epoch: Int, _ lr: Double) -> Double) {
    self.schedule = schedule
  }

  public func onEpochBegin(_ epoch: Int, _ control: TrainingControl) {
    let lr = Double(Float(control.learningRate))
    control.learningRate = Double(Float(schedule(epoch, lr)))
  }

  public func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {
    logs["learning_rate"] = Double(Float(control.learningRate))
  }
}
