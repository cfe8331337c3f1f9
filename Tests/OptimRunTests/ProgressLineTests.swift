import Foundation
import Testing

@testable import optim_run

/// The progress bar's layout, number formatting and the stderr writer's bar-line state, as pure
/// functions (no terminal needed).
@Suite("progress line")
struct ProgressLineTests {
  /// Logs with many metrics, some values long (`1234567.0000`), NaN and infinities among them.
  static let manyMetrics: [String: Double] = [
    "loss": 0.41234, "accuracy": 0.851, "precision": 0.8, "recall": 0.75, "auc": 0.93,
    "mean_absolute_error": 1_234_567, "top_5_accuracy": 0.99, "val_loss": .nan, "val_accuracy": 0.84,
    "val_precision": .infinity, "val_recall": -.infinity, "learning_rate": 0.001,
  ]

  static func line(step: Int = 7, total: Int = 1875, logs: [String: Double] = manyMetrics) -> ProgressLine {
    ProgressDisplay.barLine(step: step, total: total, timing: "ETA 1m12s", perStep: 0.0061, logs: logs)
  }

  @Test(arguments: [40, 60, 80, 120])
  func lineFitsTheWidth(width: Int) {
    for step in [0, 7, 938, 1875] {
      let text = Self.line(step: step).render(width: width)
      #expect(ProgressLine.displayWidth(text) < width, "\(width): \(text)")
      #expect(!text.isEmpty)
    }
  }

  @Test(arguments: [40, 60, 80, 120, 300])
  func metricsAreWholeItemsDroppedFromTheEnd(width: Int) throws {
    let full = Self.line()
    let text = full.render(width: width)
    // Whatever follows the head is a prefix of the metric items, each whole.
    let items = text.components(separatedBy: " - ").dropFirst()
    #expect(Array(items) == Array(full.metrics.prefix(items.count)), "\(text)")
    for item in items {
      let value = try #require(item.split(separator: ": ").last)
      #expect(["nan", "inf", "-inf"].contains(value) || Double(value) != nil, "cut number in \(text)")
    }
    if width == 300 { #expect(items.count == full.metrics.count) }
    if width == 80 { #expect(items.count >= 1 && items.count < full.metrics.count) }
  }

  /// The finished epoch's line keeps every metric: those the first line has no room for follow on
  /// continuation lines, each line within the width, in order, none cut.
  @Test(arguments: [40, 60, 80, 120, 300])
  func finishedLineKeepsEveryMetricOnContinuationLines(width: Int) {
    let full = Self.line(step: 1875)
    let lines = full.renderFinished(width: width).split(separator: "\n").map(String.init)
    #expect(lines.first == full.render(width: width))
    for line in lines { #expect(ProgressLine.displayWidth(line) < width, "\(width): \(line)") }
    let items = lines.flatMap { $0.components(separatedBy: " - ").dropFirst() }
    #expect(items == full.metrics, "\(lines)")
    if width >= 300 { #expect(lines.count == 1) }
    if width <= 80 { #expect(lines.count > 1) }
  }

  @Test func barIsShortenedOnlyOnceNoMetricFits() {
    let line = Self.line(logs: ["loss": 0.5])
    let wide = line.render(width: 80)
    #expect(wide.contains(String(repeating: "─", count: 19)) && wide.hasSuffix(" - loss: 0.5000"))
    // 40 columns: no room for the loss, the bar shrinks, the counter and timing stay whole.
    let narrow = line.render(width: 40)
    #expect(!narrow.contains("loss"))
    #expect(narrow.hasPrefix("   7/1875 ") && narrow.hasSuffix(" ETA 1m12s 6ms/step"))
    #expect(
      narrow.unicodeScalars.filter { $0 == "─" || $0 == "━" }.count == 39
        - "   7/1875  ETA 1m12s 6ms/step".count)
    // Too narrow for any bar: the parts that fit, whole.
    #expect(line.render(width: 25) == "   7/1875 ETA 1m12s")
    #expect(line.render(width: 12) == "   7/1875")
    #expect(line.render(width: 5) == "")
  }

  @Test func metricsFollowKerasOrderAndNumbers() {
    let line = Self.line(logs: [
      "val_loss": 0.5, "accuracy": 0.25, "loss": 1, "learning_rate": 0.001, "val_accuracy": 0,
    ])
    #expect(
      line.metrics == [
        "loss: 1.0000", "accuracy: 0.2500", "val_loss: 0.5000", "val_accuracy: 0.0000",
        "learning_rate: 0.0010",
      ])
    // `lr`, the trainer's name until the rename to Keras 3's `learning_rate`, stays last too.
    #expect(
      ProgressDisplay.orderedKeys(["learning_rate": 0.1, "loss": 1, "val_loss": 2]) == ["loss", "val_loss", "learning_rate"])
    #expect(HumanNumber.metric(1e-4) == "1.0000e-04")
    #expect(ProgressLine.perStep(0.0061) == "6ms/step")
    #expect(ProgressLine.perStep(0.00085) == "850us/step")
    #expect(ProgressLine.perStep(2.4) == "2s/step")
  }

  @Test func nonFiniteNumbersPrintAsNumpyDoes() {
    let negativeNaN = -Double.nan
    #expect(negativeNaN.sign == .minus)
    #expect(String(format: "%.4f", negativeNaN) == "-nan", "glibc's spelling, the bug this guards against")
    for spec in ["%.4f", "%.1f", "%g", "%.4e"] {
      #expect(HumanNumber.format(negativeNaN, spec) == "nan")
      #expect(HumanNumber.format(.nan, spec) == "nan")
      #expect(HumanNumber.format(.infinity, spec) == "inf")
      #expect(HumanNumber.format(-.infinity, spec) == "-inf")
    }
    #expect(HumanNumber.metric(negativeNaN) == "nan")
    let logs: [String: Double] = ["loss": negativeNaN, "val_loss": .infinity, "learning_rate": -.infinity]
    #expect(Self.line(logs: logs).metrics == ["loss: nan", "val_loss: inf", "learning_rate: -inf"])
    #expect(
      ProgressDisplay.epochLine(epoch: 0, epochs: 3, seconds: 1.25, logs: logs)
        == "epoch 1/3 - loss nan - val_loss inf - learning_rate -inf - 1.2s\n")
  }

  @Test func terminalWidthFallsBackToColumnsThen80() {
    #expect(TerminalWidth.resolve(terminalColumns: 132, environment: ["COLUMNS": "60"]) == 132)
    #expect(TerminalWidth.resolve(terminalColumns: 0, environment: ["COLUMNS": "60"]) == 60)
    #expect(TerminalWidth.resolve(terminalColumns: nil, environment: ["COLUMNS": " 72 "]) == 72)
    #expect(TerminalWidth.resolve(terminalColumns: nil, environment: ["COLUMNS": "wide"]) == 80)
    #expect(TerminalWidth.resolve(terminalColumns: nil, environment: [:]) == 80)
  }

  @Test func messageAfterAnOpenBarStartsOnANewLine() {
    var state = BarLineState()
    #expect(state.message("optim-run: note\n") == "optim-run: note\n", "no bar: written as is")
    #expect(state.bar(" 1/10 ━─", finished: false) == "\r 1/10 ━─\u{1B}[K")
    #expect(state.isOpen)
    #expect(state.bar(" 2/10 ━━", finished: false) == "\r 2/10 ━━\u{1B}[K", "a redraw is not a message")
    #expect(
      state.message("optim-run: interrupted (interrupted)\n") == "\noptim-run: interrupted (interrupted)\n")
    #expect(!state.isOpen)
    #expect(state.message("optim-run: completed\n") == "optim-run: completed\n", "only the first one")
    #expect(
      state.bar("10/10 ━━ - loss: 1.0000\n    - val_loss: 2.0000", finished: true)
        == "\r10/10 ━━ - loss: 1.0000\u{1B}[K\n    - val_loss: 2.0000\u{1B}[K\n",
      "each line of a finished bar erases what a longer redraw left")
    #expect(!state.isOpen, "a finished bar ends its line")
    #expect(state.message("warning\n") == "warning\n")
  }
}
