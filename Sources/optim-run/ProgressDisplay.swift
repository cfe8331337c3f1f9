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
    // Redraw at most ten times a second, and always on the last step.
    if now.timeIntervalSince(lastDraw) < 0.1 && stepInEpoch < stepsPerEpoch { return }
    lastDraw = now
    let elapsed = now.timeIntervalSince(epochStart)
    let perStep = elapsed / Double(stepInEpoch)
    let eta = perStep * Double(max(stepsPerEpoch - stepInEpoch, 0))
    let width = 20
    let filled = stepsPerEpoch > 0 ? min(width, width * stepInEpoch / stepsPerEpoch) : width
    let bar = String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
    let timing =
      stepInEpoch < stepsPerEpoch
      ? "ETA \(ProgressDisplay.duration(eta))" : "\(ProgressDisplay.duration(elapsed))"
    let line = "\r\(stepInEpoch)/\(stepsPerEpoch) \(bar) \(timing) \(Int(perStep * 1000))ms/step"
      + ProgressDisplay.metrics(logs, separator: ": ")
    FileHandleStderr.write(line + "\u{1B}[K")
  }

  func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {
    let seconds = Date().timeIntervalSince(epochStart)
    switch style {
    case .bar:
      FileHandleStderr.write(
        "\r\(stepInEpoch)/\(stepsPerEpoch) \(String(repeating: "━", count: 20)) "
          + ProgressDisplay.duration(seconds) + ProgressDisplay.metrics(logs, separator: ": ")
          + "\u{1B}[K\n")
    case .lines:
      FileHandleStderr.write(
        "epoch \(epoch + 1)/\(epochs)" + ProgressDisplay.metrics(logs, separator: " ")
          + String(format: " - %.1fs", seconds) + "\n")
    case .none, .auto:
      break
    }
  }

  /// ` - loss 0.4123 - accuracy 0.8510 - val_loss ... - lr 0.001`: loss first, then the other
  /// training metrics, then validation ones, then the learning rate (Keras's order).
  static func metrics(_ logs: Logs, separator: String) -> String {
    func rank(_ k: String) -> (Int, String) {
      if k == "loss" { return (0, k) }
      if k == "lr" { return (4, k) }
      if k == "val_loss" { return (2, k) }
      return (k.hasPrefix("val_") ? 3 : 1, k)
    }
    return logs.keys.sorted { rank($0) < rank($1) }.map { k in
      " - \(k)\(separator)\(format(logs[k]!, learningRate: k == "lr"))"
    }.joined()
  }

  static func format(_ v: Double, learningRate: Bool) -> String {
    if !v.isFinite { return "\(v)" }
    if learningRate { return String(format: "%g", v) }
    return String(format: "%.4f", v)
  }

  static func duration(_ s: Double) -> String {
    if s < 1 { return "\(Int(s * 1000))ms" }
    if s < 60 { return "\(Int(s.rounded()))s" }
    return "\(Int(s) / 60)m\(Int(s) % 60)s"
  }
}
