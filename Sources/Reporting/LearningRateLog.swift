import Foundation
import Optimizers

/// `lr_history.csv` (`step,epoch,lr`) and, with per-parameter summaries, `lr_per_parameter.csv`
/// (`step,parameter,min,p5,p50,p95,max`).
///
/// `step` is the optimizer's iteration count when the rate was read, i.e. before that step's update
/// (Keras's `optimizer.iterations`, at which the schedule is evaluated), so the first row is step 0.
/// For a per-epoch history, record the step at which the epoch begins. Per-parameter rows summarize
/// the element-wise effective rates of one parameter (see `PercentileSummary`). Numbers are Python's
/// `repr`; lines end with `\n`.
///
/// Rows are buffered and appended on `flush()` (at every epoch end and state save).
public final class LearningRateLog {
  /// `lr_history.csv`.
  public let history: AppendLogFile
  /// `lr_per_parameter.csv`, if per-parameter summaries are kept.
  public let perParameter: AppendLogFile?
  /// Each parameter's rows, in the order they were first recorded.
  private var series: [ParameterSeries] = []
  private var seriesByName: [String: ParameterSeries] = [:]
  /// The next series expected: the parameters come round in the same order every step, so a
  /// name comparison (the same string each time) finds them without hashing the name.
  private var cursor = 0
  /// The recorded `(step, lr)` pairs, for plotting.
  public private(set) var points: [(step: Int, lr: Double)] = []
  /// The median per-parameter rate of every recorded step, by parameter, for the plot.
  public var medians: [String: [(step: Int, p50: Double)]] {
    Dictionary(uniqueKeysWithValues: series.map { ($0.name, $0.medians) })
  }
  /// Parameter names in the order they were first recorded.
  public var parameterOrder: [String] { series.map(\.name) }

  /// The header line of `lr_history.csv`.
  public static let header = "step,epoch,lr\n"
  /// The header line of `lr_per_parameter.csv`.
  public static let perParameterHeader = "step,parameter,min,p5,p50,p95,max\n"

  /// Creates the log's files in `folder` with their headers, or reopens them (`resuming`) and reads
  /// back the points and medians for the plots.
  public init(folder: RunFolder, perParameter: Bool, resuming: Bool = false) throws {
    history = try AppendLogFile(url: folder.file(RunFolder.FileName.learningRates), existing: resuming)
    self.perParameter =
      perParameter
      ? try AppendLogFile(url: folder.file(RunFolder.FileName.learningRatesPerParameter), existing: resuming) : nil
    if resuming {
      try readBack()
    } else {
      history.append(LearningRateLog.header)
      self.perParameter?.append(LearningRateLog.perParameterHeader)
      try flush()
    }
  }

  /// `url` of `lr_history.csv`.
  public var url: URL { history.url }

  /// Records the learning rate read at optimizer iteration `step` during `epoch` (0-based).
  public func record(step: Int, epoch: Int, lr: Double) {
    history.append { line in
      LearningRateLog.appendInteger(step, to: &line)
      line.append(UInt8(ascii: ","))
      LearningRateLog.appendInteger(epoch, to: &line)
      line.append(UInt8(ascii: ","))
      PythonFloat.append(lr, to: &line)
      line.append(UInt8(ascii: "\n"))
    }
    points.append((step, lr))
  }

  /// Records a summary of the element-wise rates of `parameter` at `step`.
  public func record(step: Int, parameter: String, summary s: PercentileSummary) {
    write(step: step, series: series(parameter), summary: s)
  }

  /// Summarizes and records the element-wise rates `values` of `parameter` at `step`.
  public func record(step: Int, parameter: String, values: UnsafeBufferPointer<Float>) {
    let series = series(parameter)
    write(step: step, series: series, summary: series.tracker.summary(of: values))
  }

  /// Summarizes and records the effective step sizes `stepSizes` of `parameter` at `step` (found
  /// from the second moments, with no array of step sizes: see `PercentileTracker`).
  public func record(step: Int, parameter: String, stepSizes: EffectiveStepSizes) {
    let series = series(parameter)
    write(step: step, series: series, summary: series.tracker.summary(of: stepSizes))
  }

  /// The series of `parameter`, made on first use.
  private func series(_ parameter: String) -> ParameterSeries {
    let found: ParameterSeries
    if cursor < series.count, series[cursor].name == parameter {
      found = series[cursor]
    } else if let known = seriesByName[parameter] {
      found = known
    } else {
      found = ParameterSeries(name: parameter, index: series.count)
      series.append(found)
      seriesByName[parameter] = found
    }
    cursor = found.index + 1 == series.count ? 0 : found.index + 1
    return found
  }

  private func write(step: Int, series: ParameterSeries, summary s: PercentileSummary) {
    guard let perParameter else { preconditionFailure("per-parameter rates recorded but not enabled") }
    let field = series.field
    perParameter.append { line in
      LearningRateLog.appendInteger(step, to: &line)
      line.append(UInt8(ascii: ","))
      line.append(contentsOf: field)
      // Five calls, not a loop over an array of five made for every row.
      func number(_ x: Double) {
        line.append(UInt8(ascii: ","))
        PythonFloat.append(x, to: &line)
      }
      number(s.min)
      number(s.p5)
      number(s.p50)
      number(s.p95)
      number(s.max)
      line.append(UInt8(ascii: "\n"))
    }
    series.medians.append((step, s.p50))
  }

  /// Appends the decimal digits of `n` (as `String(n)` spells it) without making a `String`.
  static func appendInteger(_ n: Int, to out: inout [UInt8]) {
    if n < 0 { out.append(UInt8(ascii: "-")) }
    var magnitude = n.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes ≥ the 20 digits of a UInt64
    withUnsafeMutableBytes(of: &digits) { raw in
      var i = raw.count
      repeat {
        i -= 1
        raw[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i...]))
    }
  }

  /// Appends what was recorded since the last flush.
  public func flush() throws {
    try history.flush()
    try perParameter?.flush()
  }

  /// The points and medians of files written by an earlier process.
  private func readBack() throws {
    for cells in try LearningRateLog.rows(of: history.url, header: LearningRateLog.header) {
      guard cells.count == 3, let step = Int(cells[0]), let lr = PythonFloat.parse(cells[2]) else {
        throw ReportingError.io(operation: "read", path: history.url.path, message: "malformed row \(cells)")
      }
      points.append((step, lr))
    }
    guard let perParameter else { return }
    for cells in try LearningRateLog.rows(of: perParameter.url, header: LearningRateLog.perParameterHeader) {
      // A parameter name never holds a comma (Keras names), so the row splits plainly.
      guard cells.count == 7, let step = Int(cells[0]), let p50 = PythonFloat.parse(cells[4]) else {
        throw ReportingError.io(operation: "read", path: perParameter.url.path, message: "malformed row \(cells)")
      }
      series(cells[1]).medians.append((step, p50))
    }
  }

  private static func rows(of url: URL, header: String) throws -> [[String]] {
    let text = String(decoding: try AppendLogFile.contents(of: url), as: UTF8.self)
    guard text.hasPrefix(header) else {
      throw ReportingError.io(operation: "read", path: url.path, message: "the header is not '\(header.dropLast())'")
    }
    return text.dropFirst(header.count).split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }
}

/// One parameter's rows in `lr_per_parameter.csv`: its name as a CSV field (encoded once), the
/// tracker of its summaries, and its medians for the plot.
final class ParameterSeries {
  let name: String
  /// Its place among the parameters, in the order first recorded.
  let index: Int
  let field: [UInt8]
  let tracker = PercentileTracker()
  var medians: [(step: Int, p50: Double)] = []

  init(name: String, index: Int) {
    self.name = name
    self.index = index
    field = Array(MetricsCSVLog.field(name).utf8)
  }
}
