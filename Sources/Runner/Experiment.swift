import Spec
import YAML

/// Runs whatever the spec describes: a sweep of trials (when `sweep` is set; `sweepOptions` say
/// which trials and how many at once), an objective (a test function minimized) or a training run.
public func runExperiment(
  _ loaded: LoadedSpec, options: RunOptions, sweepOptions: SweepRunOptions = SweepRunOptions()
) throws(RunFailure) -> RunOutcome {
  // Everything `validate` checks is checked before a run folder exists, so a spec error never
  // leaves a half-made folder and `validate` and a run agree on what is valid.
  do throws(DiagnosticList) {
    try checkExperiment(loaded)
  } catch {
    throw .spec(error)
  }
  if loaded.spec.sweep != nil {
    return try runSweep(loaded, options: options, sweepOptions: sweepOptions)
  }
  if loaded.spec.objective != nil {
    return try runObjectiveExperiment(loaded, options: options)
  }
  return try runTraining(loaded, options: options)
}
