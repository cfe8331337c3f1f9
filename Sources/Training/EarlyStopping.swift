/// Stops training when a monitored quantity stops improving (Keras 3's `EarlyStopping`, same
/// counters and order of checks, including `baseline`, `start_from_epoch` and
/// `restore_best_weights`).
public final class EarlyStopping: Callback {
  public let monitor: Monitor
  public let patience: Int
  public let baseline: Double?
  public let restoreBestWeights: Bool
  public let startFromEpoch: Int

  public private(set) var wait = 0
  public private(set) var stoppedEpoch = 0
  public private(set) var best: Double
  public private(set) var bestEpoch = 0
  private var bestWeights: WeightSnapshot?

  /// Creates the callback; `monitor` carries name, mode and min_delta.
  public init(
    monitor: Monitor, patience: Int = 0, baseline: Double? = nil, restoreBestWeights: Bool = false,
    startFromEpoch: Int = 0
  ) {
    self.monitor = monitor
    self.patience = patience
    self.baseline = baseline
    self.restoreBestWeights = restoreBestWeights
    self.startFromEpoch = startFromEpoch
    best = monitor.worst
  }

  public func onTrainBegin(_ control: TrainingControl) {
    wait = 0
    stoppedEpoch = 0
    bestWeights = nil
    bestEpoch = 0
    best = monitor.worst
  }

  public func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {
    guard let current = logs[monitor.name], epoch >= startFromEpoch else { return }
    if restoreBestWeights && bestWeights == nil {
      bestWeights = control.snapshotWeights()
      bestEpoch = epoch
    }
    wait += 1
    if monitor.isImprovement(current, over: best) {
      best = current
      bestEpoch = epoch
      if restoreBestWeights { bestWeights = control.snapshotWeights() }
      // Only restart the wait when both the baseline and the previous best are beaten.
      if baseline == nil || monitor.isImprovement(current, over: baseline!) { wait = 0 }
      return
    }
    if wait >= patience && epoch > 0 {
      stoppedEpoch = epoch
      control.stopTraining = true
      control.stopReason = "early_stopping"
    }
  }

  public func onTrainEnd(_ control: TrainingControl) {
    if restoreBestWeights, let w = bestWeights { control.restoreWeights(w) }
  }
}

extension EarlyStopping: StatefulCallback {
  public var stateKey: String { "early_stopping" }

  public func saveState() -> CallbackState {
    CallbackState(
      numbers: [
        "wait": Double(wait), "stopped_epoch": Double(stoppedEpoch), "best": best, "best_epoch": Double(bestEpoch),
      ],
      weights: bestWeights?.values)
  }

  public func restoreState(_ state: CallbackState) throws(TrainingStateError) {
    wait = try state.count("wait", of: stateKey)
    stoppedEpoch = try state.count("stopped_epoch", of: stateKey)
    best = try state.number("best", of: stateKey)
    bestEpoch = try state.count("best_epoch", of: stateKey)
    bestWeights = state.weights.map(WeightSnapshot.init(values:))
  }
}
