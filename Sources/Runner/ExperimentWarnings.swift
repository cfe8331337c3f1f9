import Spec
import YAML

/// Warnings about a spec that runs but probably does not do what its author means; printed by
/// `optim-run SPEC` and `validate`, never fatal.
///
/// Today one: with `train.validation: test`, a callback that watches a `val_` metric (early
/// stopping, best-only checkpoints, reduce-on-plateau) lets the test set choose the model, so the
/// test score is no longer a held-out estimate.
public func experimentWarnings(_ loaded: LoadedSpec) -> [Diagnostic] {
  let spec = loaded.spec
  guard spec.train.validation == .test else { return [] }
  var warnings: [Diagnostic] = []
  for (i, c) in spec.callbacks.enumerated() {
    let choosing: Bool
    switch c.type {
    case "early_stopping", "reduce_lr_on_plateau": choosing = true
    case "model_checkpoint": choosing = c.bool("save_best_only")
    default: choosing = false
    }
    // Only the choosing callbacks have a `monitor` argument (lr_history, csv_logger, ... do not).
    guard choosing else { continue }
    let monitor = c.optionalString("monitor") ?? ""
    guard monitor.hasPrefix("val_") else { continue }
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
