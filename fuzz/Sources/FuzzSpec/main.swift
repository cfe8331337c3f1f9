// The whole spec path of `optim-run validate`: YAML bytes → tree → `--set` overrides → decoding →
// `checkExperiment` (optimizer, schedule, model shapes, callbacks, sweep trials) → warnings and
// rendered diagnostics. A valid spec's resolved form must load again to the same spec.
//
// Input: the spec file; lines after a line `#--set` (a YAML comment) are `--set` arguments.
import FuzzSupport
import Runner
import Spec
import YAML

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpec(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = Fuzz.bytes(data, size)
  let (file, overrides) = split(bytes)
  let loaded: LoadedSpec
  do {
    let document = try YAMLLoader.load(bytes: file, name: "fuzz.yaml")
    loaded = try SpecLoader.load(document, overrides: overrides)
    try checkExperiment(loaded)
  } catch {
    _ = error.rendered
    return 0
  }
  for warning in experimentWarnings(loaded) { _ = warning.rendered }
  // What a run saves as spec.yaml, and what `resume` and `optim-run RUN/spec.yaml` read back.
  do {
    let again = try loadSpec(text: loaded.resolvedYAML, name: "resolved.yaml")
    if again.hash != loaded.hash {
      Fuzz.fail("the resolved form loads to another spec:\n\(loaded.resolvedYAML)\n---\n\(again.resolvedYAML)")
    }
  } catch {
    Fuzz.fail("the resolved form does not load: \(error.rendered)\n\(loaded.resolvedYAML)")
  }
  return 0
}

/// The spec's bytes and the `--set` arguments after the marker line.
func split(_ bytes: [UInt8]) -> ([UInt8], [String]) {
  let marker = Array("\n#--set\n".utf8)
  guard bytes.count >= marker.count,
    let at = (0...(bytes.count - marker.count)).first(where: { bytes[$0..<($0 + marker.count)].elementsEqual(marker) })
  else { return (bytes, []) }
  let rest = String(decoding: bytes[(at + marker.count)...], as: UTF8.self)
  return (Array(bytes[...at]), rest.split(separator: "\n", omittingEmptySubsequences: true).map(String.init))
}
