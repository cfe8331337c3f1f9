import Foundation
import Reporting
import Training

/// How training progress is shown on the terminal.
enum ProgressStyle: String, CaseIterable {
  /// A bar when standard error is a terminal, plain lines otherwise.
  case auto
  case bar, lines, none
}

/// Shows training progress on standard error: a Keras-like bar, or one line per epoch.
final class ProgressDisplay: Callback {
  private let style: ProgressStyle
  private let epochs: Int
  private let stepsPerEpoch: Int
  private var epochStart = Date()
  private var lastDraw = Date.distantPast
  private var stepInEpoch = 0

  init(style: ProgressStyle, epochs: Int, stepsPerEpoch: Int) {
    if style == .auto {
      self.style = isatty(STDERR_FILENO) == 1 ? .bar : .lines
    } else {
      self.style = style
    }
    self.epochs = epochs
    self.stepsPerEpoch = stepsPerEpoch
  }

  func onEpochBegin(_ epoch: Int, _ control: TrainingControl) {
    epochStart = Date()
    stepInEpoch = 0
    lastDraw = .distantPast
    if style == .bar { FileHandleStderr.write("Epoch \(epoch + 1)/\(epochs)\n") }
  }

  func onBatchEnd(step: Int, epoch: Int, logs: Logs, _ control: TrainingControl) {
    stepInEpoch += 1
    guard style == .bar else { return }
    let now = Date()
    // Redraw at most ten times a second, and always on the last step (shown while validating).
    if now.timeIntervalSince(lastDraw) < 0.1 && stepInEpoch < stepsPerEpoch { return }
    lastDraw = now
    let elapsed = now.timeIntervalSince(epochStart)
    let perStep = elapsed / Double(stepInEpoch)
    let eta = perStep * Double(max(stepsPerEpoch - stepInEpoch, 0))
    let line = ProgressDisplay.barLine(
      step: stepInEpoch, total: stepsPerEpoch, timing: "ETA \(ProgressDisplay.duration(eta))",
      perStep: perStep,
      logs: logs)
    FileHandleStderr.writeBar(line.render(width: TerminalWidth.current()), finished: false)
  }

  func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {
    let seconds = Date().timeIntervalSince(epochStart)
    switch style {
    case .bar:
      let line = ProgressDisplay.barLine(
        step: stepInEpoch, total: stepsPerEpoch, timing: ProgressDisplay.duration(seconds),
        perStep: seconds / Double(max(stepInEpoch, 1)), logs: logs)
      FileHandleStderr.writeBar(line.renderFinished(width: TerminalWidth.current()), finished: true)
    case .lines:
      FileHandleStderr.write(
        ProgressDisplay.epochLine(epoch: epoch, epochs: epochs, seconds: seconds, logs: logs))
    case .none, .auto:
      break
    }
  }

  /// The bar line's parts for `logs`, before it is fitted to a width.
  static func barLine(step: Int, total: Int, timing: String, perStep: Double, logs: Logs) -> ProgressLine {
    ProgressLine(
      step: step, total: total, timing: timing, perStep: ProgressLine.perStep(perStep),
      metrics: orderedKeys(logs).map { "\($0): \(HumanNumber.metric(logs[$0]!))" })
  }

  /// `epoch 3/10 - loss 0.4123 - accuracy 0.8510 - 1.2s`: the line `--progress lines` prints.
  static func epochLine(epoch: Int, epochs: Int, seconds: Double, logs: Logs) -> String {
    "epoch \(epoch + 1)/\(epochs)" + metrics(logs, separator: " ") + " - "
      + HumanNumber.format(seconds, "%.1f") + "s\n"
  }

  /// ` - loss 0.4123 - accuracy 0.8510 - val_loss ... - learning_rate 0.0010`.
  static func metrics(_ logs: Logs, separator: String) -> String {
    orderedKeys(logs).map { " - \($0)\(separator)\(HumanNumber.metric(logs[$0]!))" }.joined()
  }

  /// Loss first, then the other training metrics, then validation ones, then the learning rate
  /// (`learning_rate`, Keras 3's name).
  static func orderedKeys(_ logs: Logs) -> [String] {
    func rank(_ k: String) -> (Int, String) {
      if k == "loss" { return (0, k) }
      if k == "learning_rate" { return (4, k) }
      if k == "val_loss" { return (2, k) }
      return (k.hasPrefix("val_") ? 3 : 1, k)
    }
    return logs.keys.sorted { rank($0) < rank($1) }
  }

  static func duration(_ s: Double) -> String {
    if s < 1 { return "\(Int(s * 1000))ms" }
    if s < 60 { return "\(Int(s.rounded()))s" }
    return "\(Int(s) / 60)m\(Int(s) % 60)s"
  }
}
