import Spec
import YAML

/// Warnings about a spec that runs but probably does not do what its author means; printed by
/// `optim-run SPEC` and `validate`, never fatal.
///
/// With `train.validation: test`, a callback that watches a `val_` metric (early stopping,
/// best-only checkpoints, reduce-on-plateau) lets the test set choose the model, so the test score
/// is no longer a held-out estimate. A `tensorboard` callback that asks for what it accepts only
/// for Keras compatibility (`write_images: true`, `profile_batch`, `embeddings_freq`) is warned
/// that nothing of the kind is written.
public func experimentWarnings(_ loaded: LoadedSpec) -> [Diagnostic] {
  let spec = loaded.spec
  var warnings = tensorBoardNoOpWarnings(loaded)
  guard spec.train.validation == .test else { return warnings }
  for (i, c) in spec.callbacks.enumerated() {
    let choosing: Bool
    switch c.type {
    case "early_stopping", "reduce_lr_on_plateau": choosing = true
    case "model_checkpoint": choosing = c.bool("save_best_only")
    default: choosing = false
    }
    guard choosing, let monitor = c.optionalString("monitor"), monitor.hasPrefix("val_") else { continue }
    let message =
      "\(c.type) monitors \(monitor) while train.validation is `test`: the test set chooses the model, "
      + "so its score is no longer held out; validate on a fraction of the training data (train.validation: 0.2) "
      + "and keep the test split for the end"
    let mark = c.argumentMarks["monitor"] ?? c.mark
    var d = loaded.diagnostic(at: mark, message, keyPath: "callbacks.\(i).monitor")
    d.severity = .warning
    warnings.append(d)
  }
  return warnings
}

/// The `tensorboard` keys given a value that would make Keras write something optim-run does not.
private func tensorBoardNoOpWarnings(_ loaded: LoadedSpec) -> [Diagnostic] {
  var warnings: [Diagnostic] = []
  for (i, c) in loaded.spec.callbacks.enumerated() where c.type == "tensorboard" {
    let asked = [
      c.bool("write_images") ? "write_images" : nil, c.int("profile_batch") != 0 ? "profile_batch" : nil,
      c.int("embeddings_freq") != 0 ? "embeddings_freq" : nil,
    ].compactMap { $0 }
    for key in asked {
      let mark = c.argumentMarks[key] ?? c.mark
      var d = loaded.diagnostic(
        at: mark, "tensorboard: \(key) is accepted for Keras compatibility but writes nothing here",
        keyPath: "callbacks.\(i).\(key)")
      d.severity = .warning
      warnings.append(d)
    }
  }
  return warnings
}
