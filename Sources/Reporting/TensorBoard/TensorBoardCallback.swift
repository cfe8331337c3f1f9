import Foundation
import Training

/// Keras's `TensorBoard` callback: scalars, weight and gradient histograms, and a sweep trial's
/// HParams session, in event files that `tensorboard --logdir` shows next to Keras's own logs.
///
/// As Keras 3 (`keras/src/callbacks/tensorboard.py`): at each epoch end, the training logs go to
/// `train/` as `epoch_<name>` (`epoch_loss`, `epoch_accuracy`, ...) with the optimizer's current
/// rate as `epoch_learning_rate`, and the `val_*` logs go to `validation/` as `epoch_<name>`
/// without the `val_` prefix, plus `evaluation_<name>_vs_iterations` at the optimizer's iteration
/// count; the step of epoch summaries is the 0-based epoch. With `updateFrequency: .batches(n)`,
/// the running batch logs are also written to `train/` as `batch_<name>` whenever the 1-based
/// global batch number is a multiple of `n`, at that batch number. The logs' learning-rate entry
/// (`learning_rate`) is not repeated (it is `epoch_learning_rate`). Tags are written in
/// sorted order. With `writeStepsPerSecond`, `epoch_steps_per_second` (the epoch's optimizer steps
/// over the time since its start) joins the epoch scalars; Keras's `batch_steps_per_second` is not
/// written.
///
/// With `histogramFrequency` n > 0, at the end of every epoch whose 0-based number is a multiple of
/// n (Keras: `epoch % histogram_freq == 0`), `train/` gets, at step `epoch`, a histogram of every
/// parameter (trainable or not) tagged `<path>/histogram` (`dense/kernel/histogram`: Keras 3's
/// suffix on the parameter's path, where Keras uses the bare weight name, which repeats across
/// layers) and, for trainable ones, one of the gradient of the epoch's last training batch tagged
/// `<path>/gradient/histogram` (Keras writes none). Histograms are TensorBoard 2's format
/// (`TensorBoardHistogram`); a parameter or gradient holding a NaN or infinity gets none that epoch.
///
/// With a `session` (a sweep trial), the log folder itself gets the HParams dashboard's session
/// start (the trial's values) when training begins, and its end when the run calls `endSession`.
///
/// Files are appended to and `fsync`ed at every epoch end. A write failure stops training with
/// stop reason `write_failed` and is kept in `failure`.
public final class TensorBoardCallback: Callback {
  /// How often batch-level summaries are written (Keras's `update_freq`).
  public enum UpdateFrequency: Sendable, Equatable {
    /// Only epoch summaries (Keras's default, `update_freq="epoch"`).
    case epoch
    /// Also `batch_*` summaries every `n` batches.
    case batches(Int)
  }

  /// The log folder holding `train/` and `validation/` (Keras's `log_dir`).
  public let folder: URL
  /// How often batch summaries are written.
  public let updateFrequency: UpdateFrequency
  /// Epochs between histograms (Keras's `histogram_freq`); 0: none.
  public let histogramFrequency: Int
  /// Whether `epoch_steps_per_second` is written.
  public let writeStepsPerSecond: Bool
  /// The sweep trial this run is, for the HParams dashboard; nil for a plain run.
  public let session: TensorBoardSession?
  /// The first error met while writing, if any.
  public private(set) var failure: Error?
  private let clock: () -> Date
  private var train: EventFileWriter?
  private var validation: EventFileWriter?
  private var sessionFile: EventFileWriter?
  private var iterations = 0
  private var epochStart: (time: Date, iterations: Int)?

  /// Creates the callback; files are created when training begins.
  ///
  /// - Parameter clock: the wall time stamped on events and file names, and the time steps per
  ///   second are measured with (tests fix it).
  public init(
    folder: URL, updateFrequency: UpdateFrequency = .epoch, histogramFrequency: Int = 0,
    writeStepsPerSecond: Bool = false, session: TensorBoardSession? = nil,
    clock: @escaping () -> Date = Date.init
  ) {
    if case .batches(let n) = updateFrequency { precondition(n >= 1, "update frequency must be at least 1") }
    precondition(histogramFrequency >= 0, "histogram frequency must not be negative")
    self.folder = folder
    self.updateFrequency = updateFrequency
    self.histogramFrequency = histogramFrequency
    self.writeStepsPerSecond = writeStepsPerSecond
    self.session = session
    self.clock = clock
  }

  /// Creates `train/` and its event file, and with a session, the session's start in the log folder.
  public func onTrainBegin(_ control: TrainingControl) {
    attempt(control) {
      let now = clock()
      train = try EventFileWriter(folder: folder.appendingPathComponent("train"), time: now)
      guard let session else { return }
      let file = try EventFileWriter(folder: folder, time: now)
      file.add(
        TensorBoardEvent(
          wallTime: now.timeIntervalSince1970,
          tensors: [
            TensorBoardHParams.sessionStart(
              hparams: session.hparams, groupName: session.groupName, startTime: now.timeIntervalSince1970)
          ]))
      try file.flush()
      sessionFile = file
    }
  }

  /// Notes when the epoch starts, for steps per second.
  public func onEpochBegin(_ epoch: Int, _ control: TrainingControl) {
    if writeStepsPerSecond { epochStart = (clock(), iterations) }
  }

  /// Counts the batch and, every `n` batches, buffers its `batch_*` scalars.
  public func onBatchEnd(step: Int, epoch: Int, logs: Logs, _ control: TrainingControl) {
    iterations = step + 1
    guard case .batches(let n) = updateFrequency, iterations % n == 0, let train else { return }
    train.add(scalars: Self.scalars(logs, prefix: "batch_"), step: iterations, time: clock())
  }

  /// Writes the epoch's `epoch_*` scalars to `train/` and `validation/` and flushes both files.
  public func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {
    guard let train, failure == nil else { return }
    let now = clock()
    var trainLogs = logs.filter { !$0.key.hasPrefix("val_") && $0.key != "learning_rate" }
    trainLogs["learning_rate"] = control.learningRate
    if writeStepsPerSecond, let epochStart {
      let seconds = now.timeIntervalSince(epochStart.time)
      if seconds > 0 { trainLogs["steps_per_second"] = Double(iterations - epochStart.iterations) / seconds }
    }
    train.add(scalars: Self.scalars(trainLogs, prefix: "epoch_"), step: epoch, time: now)
    if histogramFrequency > 0, epoch % histogramFrequency == 0 {
      let histograms = Self.histograms(control)
      if !histograms.isEmpty {
        train.add(
          TensorBoardEvent(wallTime: now.timeIntervalSince1970, step: Int64(epoch), tensors: histograms))
      }
    }
    let validationLogs = Dictionary(
      uniqueKeysWithValues: logs.filter { $0.key.hasPrefix("val_") }.map {
        (String($0.key.dropFirst(4)), $0.value)
      })
    attempt(control) {
      try train.flush()
      guard !validationLogs.isEmpty else { return }
      if validation == nil {
        validation = try EventFileWriter(folder: folder.appendingPathComponent("validation"), time: now)
      }
      validation?.add(scalars: Self.scalars(validationLogs, prefix: "epoch_"), step: epoch, time: now)
      let vsIterations = validationLogs.sorted { $0.key < $1.key }.map {
        TensorBoardScalar(tag: "evaluation_\($0.key)_vs_iterations", value: Float($0.value))
      }
      validation?.add(scalars: vsIterations, step: iterations, time: now)
      try validation?.flush()
    }
  }

  /// Flushes and closes the files.
  public func onTrainEnd(_ control: TrainingControl) {
    attempt(control) {
      try train?.flush()
      try validation?.flush()
    }
    train?.close()
    validation?.close()
  }

  /// Writes the session's end (a sweep trial's status once its run knows it) and closes the
  /// session's file; does nothing without a session or after a failed start.
  public func endSession(status: TensorBoardHParams.Status) throws {
    guard let sessionFile else { return }
    let now = clock()
    sessionFile.add(
      TensorBoardEvent(
        wallTime: now.timeIntervalSince1970,
        tensors: [TensorBoardHParams.sessionEnd(status: status, endTime: now.timeIntervalSince1970)]))
    defer {
      sessionFile.close()
      self.sessionFile = nil
    }
    try sessionFile.flush()
  }

  /// Every parameter's histogram and every gradient's, in the model's order.
  private static func histograms(_ control: TrainingControl) -> [TensorBoardTensorSummary] {
    var result: [TensorBoardTensorSummary] = []
    control.readParameters { parameters in
      for p in parameters {
        if let h = TensorBoardHistogram.summary(tag: p.name + "/histogram", p.values) { result.append(h) }
        if let g = p.gradient, let h = TensorBoardHistogram.summary(tag: p.name + "/gradient/histogram", g) {
          result.append(h)
        }
      }
    }
    return result
  }

  private func attempt(_ control: TrainingControl, _ body: () throws -> Void) {
    do {
      try body()
    } catch {
      guard failure == nil else { return }
      failure = error
      control.stopTraining = true
      control.stopReason = "write_failed"
    }
  }

  private static func scalars(_ logs: Logs, prefix: String) -> [TensorBoardScalar] {
    logs.sorted { $0.key < $1.key }.map { TensorBoardScalar(tag: prefix + $0.key, value: Float($0.value)) }
  }
}

/// A sweep trial as TensorBoard's HParams dashboard sees it: its swept values and its group
/// (trials of one group are one row, their metrics aggregated).
public struct TensorBoardSession: Sendable {
  /// The swept values by name, in the sweep's order.
  public var hparams: [(name: String, value: TensorBoardHParams.Value)]
  /// The session group's name.
  public var groupName: String

  /// Creates a session.
  public init(hparams: [(name: String, value: TensorBoardHParams.Value)], groupName: String) {
    self.hparams = hparams
    self.groupName = groupName
  }
}

extension TensorBoardCallback: StatefulCallback {
  public var stateKey: String { "tensorboard" }

  public func saveState() -> CallbackState { CallbackState(numbers: ["iterations": Double(iterations)]) }

  /// A resumed run writes new event files beside the old ones; TensorBoard reads them all.
  public func restoreState(_ state: CallbackState) throws(TrainingStateError) {
    iterations = try state.count("iterations", of: stateKey)
  }
}
