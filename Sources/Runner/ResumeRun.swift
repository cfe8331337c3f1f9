import Foundation
import Reporting
import Spec
import Tensors
import Training
import YAML

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `optim-run resume` found to do.
public enum ResumeResult: Sendable {
  /// Training continued (or was extended) and ended as `outcome` says.
  case resumed(RunOutcome)
  /// Nothing to do: the run had already ended this way (`completed`, `early_stopped`).
  case alreadyFinished(folder: URL, status: RunStatus, message: String)
}

/// Continues the training run in `path` from its last saved state (`optim-run resume RUN_DIR`).
///
/// The spec is the folder's `spec.yaml`; `overrides` may change `train.epochs` only (to extend a
/// finished run or shorten one not yet there). The logs are cut back to where the state was saved
/// (a killed process may have written past it), temporary files of a killed process are removed,
/// and training goes on through the same path as a new run, so the finished folder is the one an
/// uninterrupted run writes. A run with no saved state (killed in its first epoch, or
/// `save_state: never`) starts over in the same folder. Refused: a run whose process is alive, a
/// diverged run, a sweep or objective folder.
public func resumeRun(at path: String, overrides: [String], options: RunOptions) throws(RunFailure) -> ResumeResult {
  let folder: RunFolder
  var manifest: RunManifest
  do {
    folder = try RunFolder.existing(URL(fileURLWithPath: path))
    manifest = try RunManifest.read(from: folder)
  } catch {
    throw .runtime("\(error)")
  }
  let (original, loaded) = try loadSavedSpec(folder, overrides: overrides)
  do {
    try checkExperiment(loaded)
  } catch {
    throw .spec(error)
  }
  guard original.spec.objective == nil, original.spec.sweep == nil else {
    throw .runtime(
      "\(folder.url.path) holds an objective run, which takes under a second: run its spec.yaml again instead")
  }
  let changed = loaded.spec.differingPaths(from: original.spec).filter { $0 != "train.epochs" }
  if !changed.isEmpty {
    throw .runtime(
      "resume can change train.epochs only; these keys differ from the run's spec.yaml: "
        + changed.joined(separator: ", "))
  }
  let epochs = loaded.spec.train.epochs
  let moreEpochs = epochs > original.spec.train.epochs

  switch manifest.status {
  case .running:
    if let alive = liveProcess(manifest) { throw .runtime("\(folder.url.path): \(alive)") }
  case .completed where !moreEpochs:
    return .alreadyFinished(
      folder: folder.url, status: .completed,
      message: "the run completed its \(original.spec.train.epochs) epochs; to train longer, resume with --set train.epochs=N")
  case .early_stopped:
    return .alreadyFinished(
      folder: folder.url, status: .early_stopped,
      message: "early stopping ended the run (\(manifest.exitReason ?? "early_stopping")); it would stop there again")
  case .diverged:
    throw .runtime(
      "\(folder.url.path): the run diverged (\(manifest.exitReason ?? "nan_loss")); resuming would diverge again. "
        + "Change the spec (a smaller learning rate, clipnorm) and start a new run")
  case .completed, .interrupted, .failed:
    break
  }

  let state: TrainingStateFile?
  do {
    state = try latestState(in: folder, specHash: manifest.specHash)
  } catch {
    throw .runtime("\(error)")
  }
  if let state, state.state.epoch > epochs || (state.state.epoch == epochs && state.state.stepInEpoch > 0) {
    throw .runtime("the run already trained \(state.state.epoch) epochs; train.epochs=\(epochs) would end before that")
  }

  let seed = UInt64(bitPattern: Int64(loaded.spec.seed))
  let prepared = try prepareTraining(loaded, seed: seed)
  _ = try makeSpecCallbacks(loaded, prepared: prepared, folder: folder.url)
  let start = Date()
  folder.removeTemporaryFiles()
  let perParameter = perParameterHistory(loaded.spec)
  let record =
    state
    ?? TrainingStateFile.start(perParameter: perParameter, specHash: manifest.specHash)
  manifest.status = .running
  manifest.pid = getpid()
  manifest.host = ProcessInfo.processInfo.hostName
  manifest.specHash = loaded.hash
  manifest.threads = options.threads.count
  manifest.threadsSource = options.threads.source
  manifest.blasCore = BLASThreads.coreName
  manifest.recordKernelRoutes()
  manifest.endTime = nil
  manifest.exitReason = nil
  manifest.resumes.append(
    ResumeRecord(
      time: start, fromEpoch: record.state.epoch, fromStep: record.state.stepInEpoch,
      fromGlobalStep: record.state.globalStep, commandLine: options.commandLine))
  options.note(
    "resuming \(folder.url.path) at epoch \(record.state.epoch + 1), step \(record.state.stepInEpoch)"
      + (state == nil ? " (no saved state: starting over)" : ""))
  let recorder: TrainingRunRecorder
  do {
    if loaded.hash != original.hash { try folder.writeSpec(loaded.resolvedYAML) }
    recorder = try TrainingRunRecorder(
      resuming: folder, manifest: manifest, state: record,
      expectedMetrics: expectedValidationMetrics(loaded.spec, prepared), perParameterLearningRates: perParameter)
  } catch {
    throw .runtime("cannot resume \(folder.url.path): \(error)")
  }
  // Wall time counts this process only; summary.json's times are not part of the run's identity.
  return .resumed(
    try train(loaded, prepared: prepared, recorder: recorder, resumingFrom: state, options: options, start: start))
}

/// The newest whole state in `folder` among the pending slots and `state.safetensors` (a slot torn
/// by a kill fails its checksum and is passed over); nil when there is none. A state saved for
/// another spec is refused.
func latestState(in folder: RunFolder, specHash: String) throws -> TrainingStateFile? {
  var found: [TrainingStateFile] = []
  var damaged: String?
  for name in RunFolder.FileName.pendingStates + [RunFolder.FileName.state] {
    let url = folder.file(name)
    guard let data = FileManager.default.contents(atPath: url.path) else { continue }
    do {
      found.append(try TrainingStateFile(decoding: [UInt8](data), source: url.path))
    } catch {
      // A torn pending slot is expected after a kill; a damaged durable state is worth saying.
      if name == RunFolder.FileName.state { damaged = "\(error)" }
    }
  }
  guard let newest = found.max(by: { $0.state.globalStep < $1.state.globalStep }) else {
    if let damaged { throw ReportingError.io(operation: "resume", path: folder.url.path, message: damaged) }
    return nil
  }
  guard newest.specHash == specHash else {
    throw ReportingError.io(
      operation: "resume", path: folder.url.path,
      message: "the saved state belongs to spec \(newest.specHash.prefix(8)), not to this run's \(specHash.prefix(8))")
  }
  return newest
}

/// A message when the run's process looks alive, nil when it is gone (see
/// `optimRunProcessLooksAlive`; the heartbeat is the sign of life from another host).
func liveProcess(_ manifest: RunManifest) -> String? {
  guard optimRunProcessLooksAlive(host: manifest.host, pid: manifest.pid, lastSign: manifest.heartbeat) else {
    return nil
  }
  let beat = manifest.heartbeat.map { " (last heartbeat \(UTCTime.iso8601($0)))" } ?? ""
  if manifest.host == ProcessInfo.processInfo.hostName {
    return "the run is still running as process \(manifest.pid)\(beat); stop it first (kill \(manifest.pid))"
  }
  return "the run may still be running on \(manifest.host) as process \(manifest.pid)\(beat); "
    + "resume it there, or wait until the heartbeat is ten minutes old"
}

extension TrainingStateFile {
  /// The position of a run that has not taken a step: every log at its header.
  static func start(perParameter: Bool, specHash: String) -> TrainingStateFile {
    var lengths = [
      RunFolder.FileName.metricsCSV: 0, RunFolder.FileName.metricsJSONL: 0,
      RunFolder.FileName.learningRates: LearningRateLog.header.utf8.count,
    ]
    if perParameter { lengths[RunFolder.FileName.learningRatesPerParameter] = LearningRateLog.perParameterHeader.utf8.count }
    let empty = TrainingState(
      epoch: 0, stepInEpoch: 0, globalStep: 0, pass: -1, nextBatch: 0, graphTrainingStep: 0, lossSum: 0, seen: 0,
      metricAccumulators: [], weights: [:], optimizer: .init(iterations: 0, learningRate: 0, slots: [:]), callbacks: [:])
    return TrainingStateFile(state: empty, logLengths: lengths, specHash: specHash)
  }
}
