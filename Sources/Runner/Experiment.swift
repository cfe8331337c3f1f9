import Spec

/// Runs whatever the spec describes: an objective (a test function minimized) or a training run.
public func runExperiment(_ loaded: LoadedSpec, options: RunOptions) throws(RunFailure) -> RunOutcome {
  if loaded.spec.objective != nil {
    return try runObjectiveExperiment(loaded, options: options)
  }
  return try runTraining(loaded, options: options)
}
