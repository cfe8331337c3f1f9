/// Multiplies the learning rate by `factor` when a monitored quantity stops improving
/// (Keras 3's `ReduceLROnPlateau`: its own mode rule — "acc" in the name means max — its
/// `min_delta` comparison, patience, cooldown and `min_lr`).
public final class ReduceLROnPlateau: Callback {
  public let monitorName: String
  public let factor: Double
  public let patience: Int
  public let minDelta: Double
  public let cooldown: Int
  public let minLR: Double
  private let maximize: Bool

  public private(set) var wait = 0
  public private(set) var cooldownCounter = 0
  public private(set) var best: Double

  /// Creates the callback; `factor` must be < 1 (the builder validates it).
  public init(
    monitor: String = "val_loss", factor: Double = 0.1, patience: Int = 10, mode: MonitorMode = .auto,
    minDelta: Double = 1e-4, cooldown: Int = 0, minLR: Double = 0
  ) {
    precondition(factor < 1, "reduce_lr_on_plateau factor must be < 1")
    monitorName = monitor
    self.factor = factor
    self.patience = patience
    self.minDelta = minDelta
    self.cooldown = cooldown
    self.minLR = minLR
    maximize = mode == .max || (mode == .auto && monitor.contains("acc"))
    best = maximize ? -.infinity : .infinity
  }

  private func improved(_ a: Double, _ b: Double) -> Bool {
    maximize ? a > b + minDelta : a < b - minDelta
  }

  public func onTrainBegin(_ control: TrainingControl) {
    best = maximize ? -.infinity : .infinity
    cooldownCounter = 0
    wait = 0
  }

  public func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {
    guard let current = logs[monitorName] else { return }
    if cooldownCounter > 0 {
      cooldownCounter -= 1
      wait = 0
    }
    if improved(current, best) {
      best = current
      wait = 0
    } else if cooldownCounter == 0 {
      wait += 1
      if wait >= patience {
        let old = control.learningRate
        if old > Double(Float(minLR)) {
          control.learningRate = max(old * factor, minLR)
          cooldownCounter = cooldown
          wait = 0
        }
      }
    }
  }
}

extension ReduceLROnPlateau: StatefulCallback {
  public var stateKey: String { "reduce_lr_on_plateau" }

  public func saveState() -> CallbackState {
    CallbackState(numbers: ["wait": Double(wait), "cooldown_counter": Double(cooldownCounter), "best": best])
  }

  public func restoreState(_ state: CallbackState) throws(TrainingStateError) {
    wait = try state.count("wait", of: stateKey)
    cooldownCounter = try state.count("cooldown_counter", of: stateKey)
    best = try state.number("best", of: stateKey)
  }
}
