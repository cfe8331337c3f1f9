import Foundation
import Optimizers
import Reporting
import Spec
import Training
import YAML

/// Maps the spec's `callbacks:` onto Training's callbacks. `lr_history` is not a callback here: the
/// run's recorder always writes `lr_history.csv`, and that entry only says how often. `runFolder`
/// is where callbacks that write files (`tensorboard`) put them.
enum CallbackBuilder {
  static func make(
    _ specs: [Component], optimizer: Optimizer, runFolder: URL, source: Source
  ) throws(DiagnosticList) -> [Callback] {
    var callbacks: [Callback] = []
    var problems: [Diagnostic] = []
    func problem(_ c: Component, _ key: String?, _ message: String) {
      let mark = key.flatMap { c.argumentMarks[$0] } ?? c.mark
      problems.append(
        mark.map { source.diagnostic(at: $0, message) } ?? Diagnostic(at: nil, message))
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
        break
      case "early_stopping":
        guard let m = monitor(c) else { continue }
        callbacks.append(
          EarlyStopping(
            monitor: m, patience: c.int("patience"), baseline: c.optionalDouble("baseline"),
            restoreBestWeights: c.bool("restore_best_weights"), startFromEpoch: c.int("start_from_epoch")))
      case "model_checkpoint":
        guard let m = monitor(c) else { continue }
        let filename = c.string("filename")
        if filename.contains("/") || filename.isEmpty {
          problem(c, "filename", "model_checkpoint: filename must be a plain file name inside checkpoints/")
          continue
        }
        callbacks.append(
          ModelCheckpoint(monitor: m, saveBestOnly: c.bool("save_best_only"), every: c.int("every"), filename: filename))
      case "reduce_lr_on_plateau":
        guard optimizer.isLearningRateSettable else {
          problem(c, nil, "reduce_lr_on_plateau cannot change a learning rate that a per-step schedule sets; remove the schedule or this callback")
          continue
        }
        callbacks.append(
          ReduceLROnPlateau(
            monitor: c.string("monitor"), factor: c.double("factor"), patience: c.int("patience"),
            mode: MonitorMode(rawValue: c.string("mode")) ?? .auto, minDelta: c.double("min_delta"),
            cooldown: c.int("cooldown"), minLR: c.double("min_lr")))
      case "learning_rate_scheduler":
        guard optimizer.isLearningRateSettable else {
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
        callbacks.append(
          TensorBoardCallback(folder: runFolder.appendingPathComponent("tensorboard"), updateFrequency: frequency))
      default:
        problem(c, nil, "callback '\(c.type)' has no builder")
      }
    }
    if !problems.isEmpty { throw DiagnosticList(problems) }
    return callbacks
  }
}
