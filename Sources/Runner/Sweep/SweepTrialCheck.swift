import Spec
import YAML

/// Checks every trial of a sweep before the first one runs, so a bad value in trial 9 is reported
/// at once instead of after eight runs: the ranking metric must be one the trial logs, and each
/// trial must pass `checkExperiment` (optimizer, schedule, model shapes, callbacks, objective).
enum SweepTrialCheck {
  /// Throws every problem found, each message naming the trial and its values.
  static func check(_ base: LoadedSpec, trials: [(trial: SweepTrial, loaded: LoadedSpec)])
    throws(DiagnosticList)
  {
    guard let sweep = base.spec.sweep else { return }
    var problems: [Diagnostic] = []
    var metricReported = false
    for (trial, loaded) in trials {
      var found: [Diagnostic] = []
      let logged = loggedNames(loaded.spec)
      if !metricReported, !logged.contains(sweep.metric) {
        metricReported = true
        let message =
          "sweep.metric '\(sweep.metric)' is not logged by this experiment; it logs "
          + logged.sorted().joined(separator: ", ")
        if let mark = base.root.lookup(key: "sweep")?.lookup(key: "metric")?.mark {
          problems.append(base.source.diagnostic(at: mark, message, keyPath: "sweep.metric"))
        } else {
          problems.append(Diagnostic(at: nil, message, keyPath: "sweep.metric"))
        }
      }
      do throws(DiagnosticList) {
        try checkExperiment(loaded)
      } catch {
        found += error.diagnostics
      }
      let label = trial.assignments.map { "\($0.path)=\(SweepTrialRecord.text($0.values[0]))" }
        .joined(separator: ", ")
      problems += found.map { d in
        var d = d
        d.message = "in sweep trial \(trial.index) (\(label)): " + d.message
        return d
      }
    }
    if !problems.isEmpty { throw DiagnosticList(problems) }
  }

  /// The names a run of `spec` logs and a sweep can rank by: an objective's final `loss`; for
  /// training, `loss`, each metric, their `val_` twins when there is validation data, and `learning_rate`.
  static func loggedNames(_ spec: ExperimentSpec) -> Set<String> {
    if spec.objective != nil { return ["loss"] }
    let names = ["loss"] + spec.metrics.map(\.type)
    var logged = Set(names + ["learning_rate"])
    if spec.train.validation != .none { logged.formUnion(names.map { "val_" + $0 }) }
    return logged
  }
}
