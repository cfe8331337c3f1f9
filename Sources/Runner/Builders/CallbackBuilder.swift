import Foundation
import Optimizers
import Reporting
import Spec
import Training
import YAML

/// Maps the spec's `callbacks:` onto Training's callbacks. `lr_history` is not a callback here: the
/// run's recorder always writes `lr_history.csv`, and that entry only says how often. `runFolder`
/// is where callbacks that write files (`tensorboard`) put them; constructing a callback writes
/// nothing, so the builder doubles as the check run before the run folder exists. `logged` is every
/// name the run's logs will hold: a callback monitoring anything else would silently never act.
/// `session` makes a sweep trial's `tensorboard` callback write its HParams session.
enum CallbackBuilder {
  static func make(
    _ specs: [Component], optimizer: Optimizer, runFolder: URL, logged: Set<String>, source: Source,
    session: TensorBoardSession? = nil
  ) throws(DiagnosticList) -> [Callback] {
    var callbacks: [Callback] = []
    var problems: [Diagnostic] = []
    func problem(_ c: Component, _ key: String?, _ message: String) {
      let mark = key.flatMap { c.argumentMarks[$0] } ?? c.mark
      // Quote the line only when the mark is in the spec file (not in a --set argument).
      if let mark, mark.file == source.name {
        problems.append(source.diagnostic(at: mark, message))
      } else {
        problems.append(Diagnostic(at: mark, message))
      }
    }
    func checkLogged(_ c: Component) -> Bool {
      let name = c.string("monitor")
      if logged.contains(name) { return true }
      problem(
        c, "monitor",
        "\(c.type) monitors '\(name)', which this run does not log; it logs "
          + logged.sorted().joined(separator: ", "))
      return false
    }
    func monitor(_ c: Component) -> Monitor? {
      let mode = MonitorMode(rawValue: c.string("mode")) ?? .auto
      let minDelta = c.isGiven("min_delta") || c.type == "early_stopping" ? c.optionalDouble("min_delta") ?? 0 : 0
      do {
        return try Monitor(name: c.string("monitor"), mode: mode, minDelta: minDelta)
      } catch {
        problem(c, "monitor", "\(c.type): \(error.description)")
        return nil
      }
    }
    for c in specs {
      switch c.type {
      case "lr_history":
        // Only Adam's rule (adam, adamw) has a per-element step size lr / (sqrt(v̂) + ε) to record.
        if c.bool("per_parameter"), !optimizer.rule.hasEffectiveStepSizes {
          problem(
            c, "per_parameter",
            "lr_history: per_parameter records the Adam family's per-parameter step size lr / (sqrt(v̂) + ε); "
              + "\(optimizer.name) has none (use adam or adamw)")
        }
      case "early_stopping":
        guard checkLogged(c), let m = monitor(c) else { continue }
        callbacks.append(
          EarlyStopping(
            monitor: m, patience: c.int("patience"), baseline: c.optionalDouble("baseline"),
            restoreBestWeights: c.bool("restore_best_weights"), startFromEpoch: c.int("start_from_epoch")))
      case "model_checkpoint":
        if c.bool("save_best_only") { guard checkLogged(c) else { continue } }
        guard let m = monitor(c) else { continue }
        let filename = c.string("filename")
        if filename.contains("/") || filename.isEmpty || filename == "." || filename == ".." {
          problem(c, "filename", "model_checkpoint: filename must be a plain file name inside checkpoints/")
          continue
        }
        if filename == "final.safetensors" {
          problem(c, "filename", "model_checkpoint: final.safetensors is the checkpoint every run writes at its end; choose another name")
          continue
        }
        callbacks.append(
          ModelCheckpoint(monitor: m, saveBestOnly: c.bool("save_best_only"), every: c.int("every"), filename: filename))
      case "reduce_lr_on_plateau":
        guard optimizer.isLearningRateSettable, optimizer.runningSchedule == nil else {
          problem(c, nil, "reduce_lr_on_plateau cannot change a learning rate that the schedule sets (each reduction would be overwritten); remove the schedule or this callback")
          continue
        }
        guard checkLogged(c) else { continue }
        callbacks.append(
          ReduceLROnPlateau(
            monitor: c.string("monitor"), factor: c.double("factor"), patience: c.int("patience"),
            mode: MonitorMode(rawValue: c.string("mode")) ?? .auto, minDelta: c.double("min_delta"),
            cooldown: c.int("cooldown"), minLR: c.double("min_lr")))
      case "learning_rate_scheduler":
        guard optimizer.isLearningRateSettable, optimizer.runningSchedule == nil else {
          problem(c, nil, "learning_rate_scheduler cannot change a learning rate that a per-step schedule sets; remove one of them")
          continue
        }
        let text = c.string("value")
        let variables = Schemas.schedulerCallbackVariables
        // The spec layer already parsed it; a failure here would be a bug in that check.
        guard let formula = try? Expression.parse(text, variables: variables) else {
          problem(c, "value", "learning_rate_scheduler: cannot parse \(text)")
          continue
        }
        callbacks.append(LearningRateScheduler { epoch, lr in formula.evaluate([Double(epoch), lr]) })
      case "terminate_on_nan":
        callbacks.append(TerminateOnNaN())
      case "tensorboard":
        let frequency: TensorBoardCallback.UpdateFrequency
        switch c.value("update_freq") {
        case .string("batch"): frequency = .batches(1)
        case .int(let n): frequency = .batches(n)
        default: frequency = .epoch
        }
        guard let logDir = tensorBoardFolder(c.string("log_dir"), runFolder: runFolder) else {
          problem(c, "log_dir", "tensorboard: log_dir must name a folder")
          continue
        }
        // write_graph, write_images, profile_batch and embeddings_freq are accepted and do nothing.
        callbacks.append(
          TensorBoardCallback(
            folder: logDir, updateFrequency: frequency, histogramFrequency: c.int("histogram_freq"),
            writeStepsPerSecond: c.bool("write_steps_per_second"), session: session))
      default:
        problem(c, nil, "callback '\(c.type)' has no builder")
      }
    }
    if !problems.isEmpty { throw DiagnosticList(problems) }
    return callbacks
  }

  /// The `tensorboard` callback's `log_dir`: relative to the run folder, or absolute; nil when empty.
  static func tensorBoardFolder(_ logDir: String, runFolder: URL) -> URL? {
    let trimmed = logDir.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { return nil }
    if trimmed.hasPrefix("/") { return URL(fileURLWithPath: trimmed).standardizedFileURL }
    return runFolder.appendingPathComponent(trimmed).standardizedFileURL
  }
}
