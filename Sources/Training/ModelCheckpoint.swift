/// Saves the model's weights at the end of epochs (Keras's `ModelCheckpoint` with
/// `save_weights_only=True`): every `every` epochs, or only when the monitored quantity improves.
public final class ModelCheckpoint: Callback {
  public let monitor: Monitor
  public let saveBestOnly: Bool
  public let every: Int
  /// File name template; `{epoch}` is the 1-based epoch (as Keras formats it), `{epoch:03d}` padded.
  public let filename: String
  public private(set) var best: Double
  public private(set) var saved: [String] = []
  /// The error of a save that failed; training stops and the run fails with it.
  public private(set) var failure: Error?

  /// Creates the callback.
  public init(monitor: Monitor, saveBestOnly: Bool, every: Int = 1, filename: String) {
    precondition(every >= 1)
    self.monitor = monitor
    self.saveBestOnly = saveBestOnly
    self.every = every
    self.filename = filename
    best = monitor.worst
  }

  public func onTrainBegin(_ control: TrainingControl) { best = monitor.worst }

  public func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {
    guard (epoch + 1) % every == 0 else { return }
    if saveBestOnly {
      guard let current = logs[monitor.name], monitor.isImprovement(current, over: best) else { return }
      best = current
    }
    let name = ModelCheckpoint.expand(filename, epoch: epoch + 1)
    do {
      try control.saveCheckpoint(named: name)
      saved.append(name)
    } catch {
      failure = error
      control.stopTraining = true
      control.stopReason = "checkpoint_failed: \(error)"
    }
  }

  /// Replaces `{epoch}` and `{epoch:0Nd}` in `template`.
  static func expand(_ template: String, epoch: Int) -> String {
    var out = ""
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      out += rest[..<open]
      let field = rest[rest.index(after: open)..<close]
      if field == "epoch" {
        out += String(epoch)
      } else if field.hasPrefix("epoch:0"), field.hasSuffix("d"),
        let width = Int(field.dropFirst(7).dropLast())
      {
        let digits = String(epoch)
        out += String(repeating: "0", count: max(0, width - digits.count)) + digits
      } else {
        out += rest[open...close]
      }
      rest = rest[rest.index(after: close)...]
    }
    return out + rest
  }
}

extension ModelCheckpoint: StatefulCallback {
  public var stateKey: String { "model_checkpoint" }

  public func saveState() -> CallbackState {
    CallbackState(numbers: ["best": best], names: ["saved": saved])
  }

  public func restoreState(_ state: CallbackState) throws(TrainingStateError) {
    best = try state.number("best", of: stateKey)
    saved = state.names["saved"] ?? []
  }
}
