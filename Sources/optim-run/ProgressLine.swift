import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One line of the progress bar, laid out to fit a terminal width: `12/100 ━━━━─── ETA 3s
/// 6ms/step - loss: 0.4123 - accuracy: 0.8510`. Pure, so tests can check the layout.
struct ProgressLine {
  /// The bar's width when there is room (Keras's default).
  static let fullBar = 20
  /// A bar narrower than this is left out rather than drawn.
  static let narrowestBar = 5

  var step: Int
  var total: Int
  /// `ETA 3s` while the epoch runs; the elapsed time (`12s`) once it is done.
  var timing: String
  /// The time one step takes (`6ms/step`).
  var perStep: String
  /// `name: value` items in display order; whole items are dropped from the end when short of room.
  var metrics: [String]

  /// The line for a terminal `width` columns wide: at most `width - 1` columns (the last column is
  /// left free, where some terminals wrap at once). When the full line is too long, metrics are
  /// dropped from the end, then the bar is shortened (or left out when it would be narrower than
  /// `narrowestBar`), then the step time, the timing and the counter; a number is never cut.
  func render(width: Int) -> String {
    let budget = width - 1
    for kept in stride(from: metrics.count, through: 0, by: -1) {
      let line = compose(bar: Self.fullBar, metrics: kept, perStep: true, timing: true)
      if Self.displayWidth(line) <= budget { return line }
    }
    let withoutBar = compose(bar: 0, metrics: 0, perStep: true, timing: true)
    let room = budget - Self.displayWidth(withoutBar) - 1
    if room >= Self.narrowestBar { return compose(bar: room, metrics: 0, perStep: true, timing: true) }
    for (perStep, timing) in [(true, true), (false, true), (false, false)] {
      let line = compose(bar: 0, metrics: 0, perStep: perStep, timing: timing)
      if Self.displayWidth(line) <= budget { return line }
    }
    return ""
  }

  /// The finished epoch's line, which is not redrawn: as `render(width:)`, but the metrics that do
  /// not fit go on continuation lines (`    - val_loss: 0.0830 - val_accuracy: 0.9667`), whole
  /// items each, so the epoch's validation metrics are never lost to a narrow terminal.
  func renderFinished(width: Int) -> String {
    let budget = width - 1
    let first = render(width: width)
    let shown = metrics.prefix { first.contains(" - " + $0) }.count
    var lines = [first]
    var current = "   "
    for item in metrics.dropFirst(shown) {
      let piece = " - " + item
      if current != "   ", Self.displayWidth(current + piece) > budget {
        lines.append(current)
        current = "   "
      }
      current += piece
    }
    if current != "   " { lines.append(current) }
    return lines.joined(separator: "\n")
  }

  /// The parts joined by single spaces, with the first `metrics` items after ` - `.
  private func compose(bar: Int, metrics kept: Int, perStep: Bool, timing: Bool) -> String {
    var parts = [counter]
    if bar > 0 { parts.append(Self.bar(width: bar, step: step, total: total)) }
    if timing { parts.append(self.timing) }
    if perStep { parts.append(self.perStep) }
    return parts.joined(separator: " ") + metrics.prefix(kept).map { " - " + $0 }.joined()
  }

  /// `  7/100`: the step right-aligned to the total's digits, so the line does not shift.
  private var counter: String {
    let digits = String(total).count
    let s = String(step)
    return String(repeating: " ", count: max(digits - s.count, 0)) + s + "/" + String(total)
  }

  /// `━━━━━━────────`: the done fraction of `width` heavy, the rest light.
  static func bar(width: Int, step: Int, total: Int) -> String {
    let filled = total > 0 ? min(width, width * step / total) : width
    return String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
  }

  /// Columns `s` takes on a terminal: one per Unicode scalar (the bar's box-drawing characters
  /// and the ASCII of names and numbers are all one column wide).
  static func displayWidth(_ s: String) -> Int { s.unicodeScalars.count }

  /// The time one step takes as Keras shows it: `2s/step`, `6ms/step` or `850us/step`.
  static func perStep(_ seconds: Double) -> String {
    if seconds >= 1 || seconds == 0 { return HumanNumber.format(seconds, "%.0f") + "s/step" }
    if seconds >= 1e-3 { return HumanNumber.format(seconds * 1e3, "%.0f") + "ms/step" }
    return HumanNumber.format(seconds * 1e6, "%.0f") + "us/step"
  }
}

/// The width of the terminal standard error is on.
enum TerminalWidth {
  /// The columns of standard error's terminal (`TIOCGWINSZ`); else `COLUMNS`; else 80.
  static func current() -> Int {
    var size = winsize()
    let asked = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 ? Int(size.ws_col) : nil
    return resolve(terminalColumns: asked, environment: ProcessInfo.processInfo.environment)
  }

  /// The width from what the terminal said (nil or 0: not a terminal) and the environment.
  static func resolve(terminalColumns: Int?, environment: [String: String]) -> Int {
    if let columns = terminalColumns, columns > 0 { return columns }
    if let text = environment["COLUMNS"], let columns = Int(text.trimmingCharacters(in: .whitespaces)),
      columns > 0
    {
      return columns
    }
    return 80
  }
}
