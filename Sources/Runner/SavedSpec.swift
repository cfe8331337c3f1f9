import Reporting
import Spec

/// The spec.yaml a run folder saved, as saved (`original`) and with `overrides` applied (`loaded`,
/// the same value when there are none), for the commands that continue or use a finished run and
/// check which keys the overrides changed.
func loadSavedSpec(_ folder: RunFolder, overrides: [String]) throws(RunFailure)
  -> (original: LoadedSpec, loaded: LoadedSpec)
{
  let path = folder.file(RunFolder.FileName.spec).path
  do {
    let original = try loadSpec(path: path)
    return (original, overrides.isEmpty ? original : try loadSpec(path: path, overrides: overrides))
  } catch {
    throw .spec(error)
  }
}
