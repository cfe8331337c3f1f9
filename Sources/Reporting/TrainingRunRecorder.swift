import Foundation
import Optimizers
import Tensors
import Training

/// Writes a training run's folder while it runs: the trainer's single entry point to Reporting.
///
/// On creation: `spec.yaml`, `run.json` (status `running`), and `metrics.csv`, `metrics.jsonl`,
/// `lr_history.csv` (and `lr_per_parameter.csv`), so a run killed at any moment leaves a folder
/// whose files all parse. Per batch, lines are buffered; at every `endEpoch` they are appended to
/// the logs (no file is rewritten, so an epoch costs the same however many came before).
/// `saveState` keeps the training state beside them; `finish` writes `summary.json`, the SVG plots
/// (`<metric>.svg` with `val_<metric>` for every metric, `lr.svg` on a log axis) and the final
/// `run.json`. Values are plain numbers and names, so this type knows nothing of the trainer.
///
/// Every log always holds the same epochs: a write that fails cuts every log back to the last
/// point they agreed on (an epoch end or a saved state).
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
  /// Lengths of the logs, and rows of metrics.csv, at the last point where they all agree.
  private var agreedLengths: [String: Int] = [:]
  private var agreedCSVRows = 0
  private var lastDurableSave = Date.distantPast
  private lazy var pendingStates = PendingStateSlots(folder: folder)
  /// The newest state kept only in a pending slot, to make durable at the end.
  private var newestPending: [UInt8]?
  private var lastHeartbeat = Date.distantPast
  /// Seconds between saves that are `fsync`ed (every state is atomic; see `saveState`).
  public var durableInterval: TimeInterval = 1
  /// Seconds between heartbeats written within a long epoch.
  public var heartbeatInterval: TimeInterval = 30

  /// Every epoch's logs so far, epoch 0 first.
  public var history: [[String: Double]] { metricsCSV.rows.map(\.logs) }

  /// Starts recording into a new `folder`.
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
    // run.json, written last here, syncs the folder for both.
    try folder.writeSpec(resolvedSpec, syncFolder: false)
    metricsCSV = try MetricsCSVLog(
      url: folder.file(RunFolder.FileName.metricsCSV), expectedColumns: expectedMetrics)
    metricsJSONL = try MetricsJSONLog(url: folder.file(RunFolder.FileName.metricsJSONL))
    learningRates = try LearningRateLog(folder: folder, perParameter: perParameterLearningRates)
    agreedLengths = logLengths
    agreedCSVRows = metricsCSV.rows.count
    try writeManifest(heartbeat: Date())
  }

  /// Reopens the folder of a run being resumed from `state`: every log is cut back to the length it
  /// had when the state was saved (dropping what a killed process wrote after it, torn last lines
  /// included), and the history is read back from `metrics.csv`.
  public init(
    resuming folder: RunFolder, manifest: RunManifest, state: TrainingStateFile, expectedMetrics: [String] = [],
    perParameterLearningRates: Bool = false
  ) throws {
    self.folder = folder
    self.manifest = manifest
    self.manifest.status = .running
    let names = TrainingRunRecorder.logNames(perParameter: perParameterLearningRates)
    for name in names {
      let url = folder.file(name)
      guard let wanted = state.logLengths[name] else {
        throw ReportingError.io(operation: "resume", path: url.path, message: "the state does not record this log")
      }
      let file = try AppendLogFile(url: url, existing: true)
      guard file.length >= wanted else {
        throw ReportingError.io(
          operation: "resume", path: url.path,
          message: "the log holds \(file.length) bytes but the state was saved after \(wanted) "
            + "(lost in a crash of the machine?); the run cannot continue exactly")
      }
      try file.truncate(to: wanted)
    }
    metricsCSV = try MetricsCSVLog(
      resuming: folder.file(RunFolder.FileName.metricsCSV), expectedColumns: expectedMetrics)
    metricsJSONL = try MetricsJSONLog(url: folder.file(RunFolder.FileName.metricsJSONL), resuming: true)
    learningRates = try LearningRateLog(folder: folder, perParameter: perParameterLearningRates, resuming: true)
    agreedLengths = logLengths
    agreedCSVRows = metricsCSV.rows.count
    try writeManifest(heartbeat: Date())
  }

  /// The log files a run keeps.
  static func logNames(perParameter: Bool) -> [String] {
    [RunFolder.FileName.metricsCSV, RunFolder.FileName.metricsJSONL, RunFolder.FileName.learningRates]
      + (perParameter ? [RunFolder.FileName.learningRatesPerParameter] : [])
  }

  private var logFiles: [AppendLogFile] {
    [metricsCSV.file, metricsJSONL.file, learningRates.history] + (learningRates.perParameter.map { [$0] } ?? [])
  }

  /// Bytes each log holds on disk, by file name.
  public var logLengths: [String: Int] {
    Dictionary(uniqueKeysWithValues: logFiles.map { ($0.name, $0.length) })
  }

  /// Buffers a batch's values (`step` counts batches over the run from 0); refreshes the heartbeat
  /// when a long epoch has gone `heartbeatInterval` without one.
  public func recordBatch(step: Int, epoch: Int, logs: [String: Double]) {
    metricsJSONL.recordBatch(epoch: epoch, step: step, logs: logs)
    if step % 16 == 0 {
      let now = Date()
      if now.timeIntervalSince(lastHeartbeat) >= heartbeatInterval { try? writeManifest(heartbeat: now) }
    }
  }

  /// Buffers the learning rate read at optimizer iteration `step`.
  public func recordLearningRate(step: Int, epoch: Int, lr: Double) {
    learningRates.record(step: step, epoch: epoch, lr: lr)
  }

  /// Buffers a summary of the element-wise effective rates of one parameter.
  public func recordParameterLearningRates(step: Int, parameter: String, values: UnsafeBufferPointer<Float>) {
    learningRates.record(step: step, parameter: parameter, values: values)
  }

  /// Buffers a summary of one parameter's effective step sizes, described by its optimizer state.
  public func recordParameterLearningRates(step: Int, parameter: String, stepSizes: EffectiveStepSizes) {
    learningRates.record(step: step, parameter: parameter, stepSizes: stepSizes)
  }

  /// Records the epoch's final logs (including `val_*` and `lr`) and appends every log. On failure
  /// every log is cut back to where they last agreed, and the error is thrown.
  public func endEpoch(_ epoch: Int, logs: [String: Double]) throws {
    metricsJSONL.recordEpoch(epoch: epoch, logs: logs)
    do {
      try metricsCSV.append(epoch: epoch, logs: logs)
      try flushLogs()
    } catch {
      rollBack()
      throw error
    }
  }

  /// Appends every buffered line to the logs; they then agree at this point.
  public func flushLogs() throws {
    for file in logFiles { try file.flush() }
    agreedLengths = logLengths
    agreedCSVRows = metricsCSV.rows.count
  }

  /// Cuts every log back to the last point where they agreed (after a failed write).
  public func rollBack() {
    for file in logFiles {
      if let n = agreedLengths[file.name], n <= file.length { try? file.truncate(to: n) }
    }
    metricsCSV.dropRows(after: agreedCSVRows)
  }

  /// Flushes the logs and keeps `state` beside them.
  ///
  /// Every save is atomic (temporary file, rename). A `durable` save (or one at least
  /// `durableInterval` after the last durable one) also `fsync`s the logs and the state before the
  /// rename and replaces `state.safetensors`; the others go to one of two `PendingStateSlots`
  /// without `fsync`, which a killed process leaves whole (the kernel has them) and `resume` prefers
  /// when newer and valid, while after a crash of the machine `state.safetensors` is the fallback.
  /// So a fast epoch costs no disk flush, and `state.safetensors` is only ever replaced by a
  /// durable state.
  public func saveState(_ state: TrainingState, specHash: String, durable: Bool = false) throws {
    do {
      try flushLogs()
      let now = Date()
      let record = TrainingStateFile(state: state, logLengths: logLengths, specHash: specHash)
      let bytes = record.encoded()
      if durable || now.timeIntervalSince(lastDurableSave) >= durableInterval {
        // run.json, written next, syncs the folder for the state's rename too.
        try makeDurable(bytes, syncFolder: false)
        lastDurableSave = now
        try writeManifest(heartbeat: now)
      } else {
        try pendingStates.write(bytes)
        newestPending = bytes
      }
    } catch {
      rollBack()
      throw error
    }
  }

  /// Syncs the logs, then replaces `state.safetensors` with `bytes` durably; the pending slots,
  /// now older, are removed.
  private func makeDurable(_ bytes: [UInt8], syncFolder: Bool = true) throws {
    for file in logFiles { try file.sync() }
    try AtomicFile.write(bytes, to: folder.file(RunFolder.FileName.state), syncFolder: syncFolder)
    pendingStates.removeAll()
    newestPending = nil
  }

  /// Makes the newest pending state durable (at the end of a run; with `syncFolder: false` the
  /// rename is durable once the caller syncs the folder).
  func promotePendingState(syncFolder: Bool = true) throws {
    guard let bytes = newestPending else { return }
    try makeDurable(bytes, syncFolder: syncFolder)
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

  /// Rewrites `run.json` (status `running`) with a fresh heartbeat, and renders what a forced exit
  /// (a second signal) writes instead.
  public func writeManifest(heartbeat: Date) throws {
    manifest.heartbeat = heartbeat
    lastHeartbeat = heartbeat
    manifest.armForcedExitRecord(in: folder)
    ActiveRun.set(folder)
    try manifest.write(to: folder)
  }

  /// Writes `summary.json` and the plots, then `run.json` with the final status, and returns the
  /// status and reason recorded: when a file before `run.json` cannot be written, the run is
  /// `failed` with that cause (unless it had already failed: the first cause is kept). Only a
  /// failure to write `run.json` itself is thrown.
  @discardableResult
  public func finish(status: RunStatus, exitReason: String, summary: TrainingSummary?, endTime: Date) throws -> (
    status: RunStatus, reason: String
  ) {
    precondition(status != .running, "finish with a final status")
    var firstError: Error?
    func attempt(_ body: () throws -> Void) {
      do { try body() } catch { firstError = firstError ?? error }
    }
    attempt { try flushLogs() }
    if firstError != nil { rollBack() }
    attempt { for file in logFiles { try file.sync() } }
    // The state, summary and plots are renamed into place one after the other and the folder is
    // synced once, before run.json says how the run ended (one `fsync` instead of one per file).
    attempt { try promotePendingState(syncFolder: false) }
    if var summary {
      if let firstError, status != .failed { summary.stopReason = ReportingError.reason(of: firstError) }
      attempt { try summary.write(to: folder, syncFolder: false) }
    }
    attempt { try writePlots(syncFolder: false) }
    AtomicFile.syncFolder(folder.url.path)
    manifest.status = status
    manifest.exitReason = exitReason
    if let firstError, status != .failed {
      manifest.status = .failed
      manifest.exitReason = ReportingError.reason(of: firstError)
    }
    manifest.endTime = endTime
    manifest.heartbeat = endTime
    Interruption.setEmergencyRecord(nil, path: "")
    ActiveRun.set(nil)
    try manifest.write(to: folder)
    return (manifest.status, manifest.exitReason ?? exitReason)
  }

  /// Writes one chart per metric (with its `val_` twin) over epochs, and the learning rate per step;
  /// with `syncFolder: false` the renames are durable once the caller syncs the folder.
  public func writePlots(syncFolder: Bool = true) throws {
    let history = self.history
    let keys = Set(history.flatMap(\.keys))
    let epochs = history.indices.map(Double.init)
    for metric in keys.filter({ !$0.hasPrefix("val_") && $0 != "learning_rate" }).sorted() {
      var series = [LineChart.Series(name: metric, xs: epochs, ys: history.map { $0[metric] ?? .nan })]
      if keys.contains("val_" + metric) {
        series.append(
          .init(name: "val_" + metric, xs: epochs, ys: history.map { $0["val_" + metric] ?? .nan }))
      }
      let chart = LineChart(title: metric, xLabel: "epoch", yLabel: metric, series: series)
      try AtomicFile.write(
        chart.svg(), to: folder.file(TrainingRunRecorder.plotFileName(metric)), syncFolder: syncFolder)
    }
    let points = learningRates.points
    if !points.isEmpty {
      let chart = LineChart(
        title: "learning rate", xLabel: "step", yLabel: "lr",
        series: [.init(name: "lr", xs: points.map { Double($0.step) }, ys: points.map(\.lr))],
        logarithmicY: true)
      try AtomicFile.write(chart.svg(), to: folder.file("lr.svg"), syncFolder: syncFolder)
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
      try AtomicFile.write(chart.svg(), to: folder.file("lr_per_parameter.svg"), syncFolder: syncFolder)
    }
  }

  /// `<metric>.svg`, with characters other than letters, digits, `_`, `-`, `.` replaced by `_`.
  static func plotFileName(_ metric: String) -> String {
    String(metric.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) ? $0 : "_" })
      + ".svg"
  }
}
