import Datasets
import Foundation
import NN
import Optimizers
import Reporting
import Spec
import Tensors
import Training
import YAML

/// The version written into `run.json`.
public let toolVersion = "0.1.0"

/// How a training or objective run ended.
public struct RunOutcome: Sendable {
  /// The run folder.
  public var folder: URL
  public var status: RunStatus
  /// `epochs_completed`, `early_stopping`, `nan_loss`, `interrupted`, ...
  public var exitReason: String
  /// The last epoch's logs (training runs).
  public var finalLogs: Logs
  /// The best epoch's logs (by `val_loss`, else `loss`), empty when none.
  public var bestLogs: Logs
  /// The held-out test split's loss and metrics after training, when the data has a test split
  /// that did not serve as validation data (`summary.json`'s `test_metrics`).
  public var testMetrics: Logs?

  /// Creates an outcome.
  public init(folder: URL, status: RunStatus, exitReason: String, finalLogs: Logs, bestLogs: Logs = [:]) {
    self.folder = folder
    self.status = status
    self.exitReason = exitReason
    self.finalLogs = finalLogs
    self.bestLogs = bestLogs
  }
}

/// Runs a training spec end to end: builds everything (checking every shape first), creates the
/// run folder, trains with the spec's callbacks, and records each epoch.
public func runTraining(_ loaded: LoadedSpec, options: RunOptions) throws(RunFailure) -> RunOutcome {
  let spec = loaded.spec
  let seed = UInt64(bitPattern: Int64(spec.seed))
  // git runs in other processes while the data loads and the model is built.
  let git = GitProvenance.start(specPath: loaded.source.name)
  let prepared = try prepareTraining(loaded, seed: seed)
  // Check the callbacks before anything is written: a bad one must not leave a folder saying `running`.
  _ = try makeSpecCallbacks(loaded, prepared: prepared, folder: URL(fileURLWithPath: "/nonexistent"))

  let start = Date()
  let folder = try makeRunFolder(loaded, options: options, start: start)
  options.note("run folder: \(folder.url.path)")
  var manifest = RunManifest(
    name: spec.name, specHash: loaded.hash, seed: seed, toolVersion: toolVersion,
    commandLine: options.commandLine, overrides: options.overrides, startTime: start, threads: options.threads.count,
    blasCore: BLASThreads.coreName,
    datasets: DataFileChecksum.records(prepared.dataset.files.map { ($0.path, $0.bytes) }))
  manifest.threadsSource = options.threads.source
  manifest.recordKernelRoutes()
  manifest.git = git.record()
  let recorder: TrainingRunRecorder
  do {
    recorder = try TrainingRunRecorder(
      folder: folder, manifest: manifest, resolvedSpec: loaded.resolvedYAML,
      expectedMetrics: expectedValidationMetrics(spec, prepared), perParameterLearningRates: perParameterHistory(spec))
    try writeModelFiles(loaded, prepared, to: folder)
  } catch {
    throw .runtime("cannot write the run folder \(folder.url.path): \(error)")
  }
  return try train(loaded, prepared: prepared, recorder: recorder, resumingFrom: nil, options: options, start: start)
}

/// `val_*` names a run with validation reports, for `metrics.csv`'s columns.
func expectedValidationMetrics(_ spec: ExperimentSpec, _ prepared: PreparedTraining) -> [String] {
  prepared.validation == nil ? [] : (["loss"] + spec.metrics.map(\.type)).map { "val_" + $0 }
}

/// Whether the spec's `lr_history` asks for per-parameter step sizes.
func perParameterHistory(_ spec: ExperimentSpec) -> Bool {
  spec.callbacks.first { $0.type == "lr_history" }?.bool("per_parameter") ?? false
}

/// The spec's callbacks, built against the run folder `folder`; `session`: a sweep trial's HParams
/// session for its `tensorboard` callback.
func makeSpecCallbacks(
  _ loaded: LoadedSpec, prepared: PreparedTraining, folder: URL, session: TensorBoardSession? = nil
) throws(RunFailure) -> [Callback] {
  do {
    return try CallbackBuilder.make(
      loaded.spec.callbacks, optimizer: prepared.optimizer, runFolder: folder,
      logged: SweepTrialCheck.loggedNames(loaded.spec), source: loaded.source, session: session)
  } catch {
    throw .spec(error)
  }
}

/// Trains in an open run folder, from the start or from a saved state, and records how it ended.
///
/// The one training path for new and resumed runs: a resume builds the same objects from the same
/// spec and hands the trainer the saved state.
func train(
  _ loaded: LoadedSpec, prepared: PreparedTraining, recorder: TrainingRunRecorder, resumingFrom resume: TrainingStateFile?,
  options: RunOptions, start: Date
) throws(RunFailure) -> RunOutcome {
  let spec = loaded.spec
  let folder = recorder.folder
  let seed = UInt64(bitPattern: Int64(spec.seed))
  let everyStep = spec.callbacks.first { $0.type == "lr_history" }.map { $0.string("every") == "step" } ?? false
  let configuration = TrainingConfiguration(
    epochs: spec.train.epochs, batchSize: spec.train.batchSize, shuffle: spec.train.shuffle,
    stepsPerEpoch: spec.train.stepsPerEpoch, classWeight: spec.train.classWeight.map { $0.mapValues(Float.init) },
    seed: seed)
  let trainer = Trainer(
    graph: prepared.graph, loss: prepared.loss, metrics: prepared.metrics, optimizer: prepared.optimizer,
    train: prepared.train, validation: prepared.validation, configuration: configuration,
    checkpointWriter: { name, parameters in
      try recorder.saveCheckpoint(named: name, parameters: parameters, metadata: ["spec_hash": loaded.hash])
    })
  if LayerTimesFile.isRequested { LayerTimesFile.start(trainer, graph: prepared.graph) }
  let recording = RecordingCallback(
    recorder: recorder, optimizer: prepared.optimizer, parameters: prepared.graph.trainableParameters,
    learningRateEveryStep: everyStep, perParameter: perParameterHistory(spec))
  let specCallbacks = try makeSpecCallbacks(
    loaded, prepared: prepared, folder: folder.url, session: options.tensorBoardSession)
  let events = EventCallback(emit: options.events, trial: options.trial)
  let callbacks =
    specCallbacks + [recording, events] + options.extraCallbacks(configuration.epochs, trainer.stepsPerEpoch)

  var stateFailure: Error?
  switch spec.train.saveState {
  case .never: break
  case .epoch, .steps:
    if case .steps(let n) = spec.train.saveState { trainer.stateEverySteps = n }
    trainer.stateWriter = { state, point in
      do {
        try recorder.saveState(state, specHash: loaded.hash, durable: point == .interruption)
        return true
      } catch {
        stateFailure = stateFailure ?? error
        return false
      }
    }
  }

  options.events(
    .runStarted(
      folder: folder.url, specHash: loaded.hash, trial: options.trial,
      resumedFrom: resume.map { ($0.state.epoch, $0.state.stepInEpoch) }))
  let result: TrainingResult
  do {
    result = try trainer.fit(callbacks: callbacks, resumingFrom: resume?.state)
  } catch {
    let reason = "cannot resume: \(error.description)"
    _ = try? recorder.finish(status: .failed, exitReason: reason, summary: nil, endTime: Date())
    throw .runtime("\(folder.url.path): \(reason)")
  }

  if let error = LayerTimesFile.write(trainer, graph: prepared.graph, into: folder.url) {
    options.note("\(LayerTimesFile.fileName) not written: \(error)")
  }
  var status: RunStatus
  var reason = result.stopReason
  switch result.outcome {
  case .completed: status = reason == "early_stopping" ? .early_stopped : .completed
  case .diverged: status = .diverged
  case .interrupted:
    status = .interrupted
    reason = "interrupted by \(Interruption.requested.map(Interruption.name(of:)) ?? "a signal")"
  }
  let callbackFailure = specCallbacks.lazy.compactMap {
    ($0 as? TensorBoardCallback)?.failure ?? ($0 as? ModelCheckpoint)?.failure
  }.first
  if let failure = recording.failure ?? stateFailure ?? callbackFailure {
    status = .failed
    reason = ReportingError.reason(of: failure)
  }
  if let failure = trainer.failure {
    status = .failed
    reason = failure
  }
  let weightsAreFinite = prepared.graph.parameters.allSatisfy { $0.value.buffer.allSatisfy(\.isFinite) }
  if status != .failed {
    if weightsAreFinite {
      do {
        try recorder.saveCheckpoint(
          named: "final.safetensors", parameters: prepared.graph.parameters, metadata: ["spec_hash": loaded.hash])
      } catch {
        status = .failed
        reason = ReportingError.reason(of: error)
      }
    } else {
      options.note(
        "final.safetensors not written: the weights are not finite; state.safetensors keeps the last finite ones")
    }
  }
  let monitor = prepared.validation == nil ? "loss" : "val_loss"
  let history = recorder.history
  var summary = TrainingSummary(
    history: history, monitor: monitor, rule: .min, stopReason: reason,
    wallTimeSeconds: Date().timeIntervalSince(start), steps: trainer.globalStep)
  // The test split is scored once, with the weights the run keeps (restored best or final), and
  // only when it played no part in training or in choosing the model.
  if let test = prepared.dataset.test, spec.train.validation != .test, status == .completed || status == .early_stopped,
    weightsAreFinite
  {
    summary.testMetrics = trainer.evaluate(test)
    summary.testSamples = test.count
    if let problem = prepared.graph.inputProblem {
      status = .failed
      reason = "test split: \(problem)"
      summary.stopReason = reason
      summary.testMetrics = nil
      summary.testSamples = nil
    }
  }
  let ended: (status: RunStatus, reason: String)
  do {
    ended = try recorder.finish(status: status, exitReason: reason, summary: summary, endTime: Date())
  } catch {
    throw .runtime("cannot finish the run folder \(folder.url.path): \(error)")
  }
  endTensorBoardSessions(specCallbacks, status: ended.status, options: options)
  var outcome = RunOutcome(
    folder: folder.url, status: ended.status, exitReason: ended.reason, finalLogs: history.last ?? [:],
    bestLogs: summary.bestMetrics)
  outcome.testMetrics = summary.testMetrics
  options.events(.runFinished(outcome, bestMetrics: summary.bestMetrics, trial: options.trial))
  return outcome
}

/// Writes a sweep trial's HParams session end once the run's status is known: success when it
/// completed or stopped early, failure when it diverged or failed; an interrupted run writes none
/// (its resumption will). A write failure is only noted: the run's own records are complete.
private func endTensorBoardSessions(_ callbacks: [Callback], status: RunStatus, options: RunOptions) {
  let sessionStatus: TensorBoardHParams.Status
  switch status {
  case .completed, .early_stopped: sessionStatus = .success
  case .diverged, .failed: sessionStatus = .failure
  default: return
  }
  for case let tensorBoard as TensorBoardCallback in callbacks {
    do {
      try tensorBoard.endSession(status: sessionStatus)
    } catch {
      options.note("cannot write the TensorBoard session's end in \(tensorBoard.folder.path): \(error)")
    }
  }
}

/// Emits an `epoch` event at every epoch end, with the epoch's duration.
final class EventCallback: Callback {
  private let emit: (RunEvent) -> Void
  private let trial: Int?
  private var epochStart = Date()

  init(emit: @escaping (RunEvent) -> Void, trial: Int?) {
    self.emit = emit
    self.trial = trial
  }

  func onEpochBegin(_ epoch: Int, _ control: TrainingControl) { epochStart = Date() }

  func onEpochEnd(_ epoch: Int, logs: inout Logs, _ control: TrainingControl) {
    emit(.epoch(epoch: epoch, logs: logs, seconds: Date().timeIntervalSince(epochStart), trial: trial))
  }
}
