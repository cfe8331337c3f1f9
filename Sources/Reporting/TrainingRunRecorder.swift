import Foundation
import Tensors

/// Writes a training run's folder while it runs: the trainer's single entry point to Reporting.
///
/// On creation: `spec.yaml`, `run.json` (status `running`), and empty `metrics.csv`,
/// `metrics.jsonl`, `lr_history.csv` (and `lr_per_parameter.csv`), so a run killed at any moment
/// leaves a folder whose files all parse. Per batch, lines are buffered; at every `endEpoch` all
/// logs are flushed (each file rewritten atomically). `finish` writes `summary.json`, the SVG plots
/// (`<metric>.svg` with `val_<metric>` for every metric, `lr.svg` on a log axis) and the final
/// `run.json`. Values are plain numbers and names, so this type knows nothing of the trainer.
public final class TrainingRunRecorder {
  /// The run folder.
  public let folder: RunFolder
  /// What `run.json` currently says.
  public private(set) var manifest: RunManifest
  /// `metrics.csv`.
  public let metricsCSV: MetricsCSVLog
  /// `metrics.jsonl`.
  public let metricsJSONL: MetricsJSONLog
  /// `lr_history.csv` and `lr_per_parameter.csv`.
  public let learningRates: LearningRateLog
  /// Every epoch's logs so far, epoch 0 first.
  public private(set) var history: [[String: Double]] = []

  /// Starts recording into `folder`.
  ///
  /// - Parameters:
  ///   - expectedMetrics: `val_*` names the model will report even if the first epoch lacks them
  ///     (validation every few epochs); they get `metrics.csv` columns from the start, as in Keras.
  ///   - perParameterLearningRates: also keep `lr_per_parameter.csv`.
  public init(
    folder: RunFolder, manifest: RunManifest, resolvedSpec: String, expectedMetrics: [String] = [],
    perParameterLearningRates: Bool = false
  ) throws {
    self.folder = folder
    self.manifest = manifest
    self.manifest.status = .running
    try folder.writeSpec(resolvedSpec)
    try self.manifest.write(to: folder)
    metricsCSV = try MetricsCSVLog(
      url: folder.file(RunFolder.FileName.metricsCSV), expectedColumns: expectedMetrics)
    metricsJSONL = try MetricsJSONLog(url: folder.file(RunFolder.FileName.metricsJSONL))
    learningRates = try LearningRateLog(folder: folder, perParameter: perParameterLearningRates)
  }

  /// Buffers a batch's values (`step` counts batches over the run from 0).
  public func recordBatch(step: Int, epoch: Int, logs: [String: Double]) {
    metricsJSONL.recordBatch(epoch: epoch, step: step, logs: logs)
  }

  /// Buffers the learning rate read at optimizer iteration `step`.
  public func recordLearningRate(step: Int, epoch: Int, lr: Double) {
    learningRates.record(step: step, epoch: epoch, lr: lr)
  }

  /// Buffers a summary of the element-wise effective rates of one parameter.
  public func recordParameterLearningRates(step: Int, parameter: String, values: UnsafeBufferPointer<Float>) {
    learningRates.record(step: step, parameter: parameter, values: values)
  }

  /// Records the epoch's final logs (including `val_*` and `lr`) and flushes every log to disk.
  public func endEpoch(_ epoch: Int, logs: [String: Double]) throws {
    history.append(logs)
    metricsJSONL.recordEpoch(epoch: epoch, logs: logs)
    try metricsCSV.append(epoch: epoch, logs: logs)
    try metricsJSONL.flush()
    try learningRates.flush()
  }

  /// The URL of checkpoint `filename` inside `checkpoints/`, if it is a plain file name.
  public func checkpointURL(named filename: String) throws -> URL {
    guard !filename.isEmpty, filename != ".", filename != "..", !filename.contains("/"),
      !filename.contains("\0")
    else { throw ReportingError.invalidCheckpointName(filename) }
    return folder.checkpoints.appendingPathComponent(filename)
  }

  /// Atomically writes `parameters` as the safetensors file `checkpoints/<filename>`.
  public func saveCheckpoint(
    named filename: String, parameters: [Parameter], metadata: [String: String] = [:]
  )
    throws
  {
    try SafeTensorsFile(parameters: parameters, metadata: metadata).write(to: checkpointURL(named: filename))
  }

  /// Flushes the logs, writes `summary.json` and the plots, then `run.json` with the final status.
  public func finish(status: RunStatus, exitReason: String, summary: TrainingSummary, endTime: Date) throws {
    precondition(status != .running, "finish with a final status")
    try metricsJSONL.flush()
    try learningRates.flush()
    try summary.write(to: folder)
    try writePlots()
    manifest.status = status
    manifest.exitReason = exitReason
    manifest.endTime = endTime
    try manifest.write(to: folder)
  }

  /// Writes one chart per metric (with its `val_` twin) over epochs, and the learning rate per step.
  public func writePlots() throws {
    let keys = Set(history.flatMap(\.keys))
    let epochs = history.indices.map(Double.init)
    for metric in keys.filter({ !$0.hasPrefix("val_") && $0 != "lr" && $0 != "learning_rate" }).sorted() {
      var series = [LineChart.Series(name: metric, xs: epochs, ys: history.map { $0[metric] ?? .nan })]
      if keys.contains("val_" + metric) {
        series.append(
          .init(name: "val_" + metric, xs: epochs, ys: history.map { $0["val_" + metric] ?? .nan }))
      }
      let chart = LineChart(title: metric, xLabel: "epoch", yLabel: metric, series: series)
      try AtomicFile.write(chart.svg(), to: folder.file(TrainingRunRecorder.plotFileName(metric)))
    }
    let points = learningRates.points
    if !points.isEmpty {
      let chart = LineChart(
        title: "learning rate", xLabel: "step", yLabel: "lr",
        series: [.init(name: "lr", xs: points.map { Double($0.step) }, ys: points.map(\.lr))],
        logarithmicY: true)
      try AtomicFile.write(chart.svg(), to: folder.file("lr.svg"))
    }
    let medians = learningRates.medians
    if !medians.isEmpty {
      // One line per parameter tensor: the median of its elements' effective step sizes.
      let series = learningRates.parameterOrder.map { name in
        LineChart.Series(
          name: name, xs: medians[name]!.map { Double($0.step) }, ys: medians[name]!.map(\.p50))
      }
      let chart = LineChart(
        title: "effective step size per parameter (median)", xLabel: "step", yLabel: "lr_t / (sqrt(v) + eps)",
        series: series, logarithmicY: true)
      try AtomicFile.write(chart.svg(), to: folder.file("lr_per_parameter.svg"))
    }
  }

  /// `<metric>.svg`, with characters other than letters, digits, `_`, `-`, `.` replaced by `_`.
  static func plotFileName(_ metric: String) -> String {
    String(metric.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) ? $0 : "_" })
      + ".svg"
  }
}
