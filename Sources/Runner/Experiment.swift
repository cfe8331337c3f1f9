import Spec

/// Runs whatever the spec describes: a sweep of trials (when `sweep` is set), an objective (a test
/// function minimized) or a training run.
public func runExperiment(_ loaded: LoadedSpec, options: RunOptions) throws(RunFailure) -> RunOutcome {
  if loaded.spec.sweep != nil {
    return try runSweep(loaded, options: options)
  }
  if loaded.spec.objective != nil {
    return try runObjectiveExperiment(loaded, options: options)
  }
  return try runTraining(loaded, options: options)
}
