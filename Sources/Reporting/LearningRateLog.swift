import Foundation

/// `lr_history.csv` (`step,epoch,lr`) and, with per-parameter summaries, `lr_per_parameter.csv`
/// (`step,parameter,min,p5,p50,p95,max`).
///
/// `step` is the optimizer's iteration count when the rate was read, i.e. before that step's update
/// (Keras's `optimizer.iterations`, at which the schedule is evaluated), so the first row is step 0.
/// For a per-epoch history, record the step at which the epoch begins. Per-parameter rows summarize
/// the element-wise effective rates of one parameter (see `PercentileSummary`). Numbers are Python's
/// `repr`; lines end with `\n`.
///
/// Rows are buffered and reach the disk on `flush()` (at every epoch end), which rewrites each file
/// atomically.
public final class LearningRateLog {
  /// `lr_history.csv`.
  public let url: URL
  /// `lr_per_parameter.csv`, if per-parameter summaries are kept.
  public let perParameterURL: URL?
  private var history: [UInt8]
  private var perParameter: [UInt8]
  private var dirty = false
  private var scratch: [Float] = []
  /// The recorded `(step, lr)` pairs, for plotting.
  public private(set) var points: [(step: Int, lr: Double)] = []
  /// The median per-parameter rate of every recorded step, by parameter, for the plot.
  public private(set) var medians: [String: [(step: Int, p50: Double)]] = [:]
  /// Parameter names in the order they were first recorded.
  public private(set) var parameterOrder: [String] = []

  /// The header line of `lr_history.csv`.
  public static let header = "step,epoch,lr\n"
  /// The header line of `lr_per_parameter.csv`.
  public static let perParameterHeader = "step,parameter,min,p5,p50,p95,max\n"

  /// Creates the log's files in `folder` with their headers.
  public init(folder: RunFolder, perParameter: Bool) throws {
    url = folder.file(RunFolder.FileName.learningRates)
    perParameterURL = perParameter ? folder.file(RunFolder.FileName.learningRatesPerParameter) : nil
    history = Array(LearningRateLog.header.utf8)
    self.perParameter = Array(LearningRateLog.perParameterHeader.utf8)
    dirty = true
    try flush()
  }

  /// Records the learning rate read at optimizer iteration `step` during `epoch` (0-based).
  public func record(step: Int, epoch: Int, lr: Double) {
    history += Array("\(step),\(epoch),\(PythonFloat.repr(lr))\n".utf8)
    points.append((step, lr))
    dirty = true
  }

  /// Records a summary of the element-wise rates of `parameter` at `step`.
  public func record(step: Int, parameter: String, summary s: PercentileSummary) {
    precondition(perParameterURL != nil, "per-parameter rates recorded but not enabled")
    let numbers = [s.min, s.p5, s.p50, s.p95, s.max].map(PythonFloat.repr).joined(separator: ",")
    perParameter += Array("\(step),\(MetricsCSVLog.field(parameter)),\(numbers)\n".utf8)
    if medians[parameter] == nil { parameterOrder.append(parameter) }
    medians[parameter, default: []].append((step, s.p50))
    dirty = true
  }

  /// Summarizes and records the element-wise rates `values` of `parameter` at `step`.
  public func record(step: Int, parameter: String, values: UnsafeBufferPointer<Float>) {
    record(step: step, parameter: parameter, summary: PercentileSummary(values: values, scratch: &scratch))
  }

  /// Rewrites the files atomically if anything was recorded since the last flush.
  public func flush() throws {
    guard dirty else { return }
    try AtomicFile.write(history, to: url)
    if let perParameterURL { try AtomicFile.write(perParameter, to: perParameterURL) }
    dirty = false
  }
}
