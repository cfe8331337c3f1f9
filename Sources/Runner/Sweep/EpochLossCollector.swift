import Training

/// A callback that keeps each epoch's training `loss`, for the sweep's `loss.svg`.
final class EpochLossCollector: Callback {
  /// The loss of each finished epoch, in order (NaN when an epoch logged none).
  private(set) var losses: [Double] = []

  func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {
    losses.append(logs["loss"] ?? .nan)
  }
}
