import Spec

extension LoadedSpec {
  /// The experiment of one sweep trial, ready to run as a single run: the trial's spec, resolved
  /// YAML and hash, with this file's source (so diagnostics quote the file the user wrote).
  ///
  /// `root` stays the base document's tree; a trial's spec has no `sweep`, so it is not expanded
  /// again.
  func forTrial(_ trial: SweepTrial) -> LoadedSpec {
    var loaded = self
    loaded.spec = trial.spec
    loaded.resolvedYAML = trial.resolvedYAML
    loaded.hash = trial.hash
    return loaded
  }
}
