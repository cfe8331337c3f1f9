// safetensors files (checkpoints that `evaluate`, `predict` and `export` load): the header's JSON,
// dtypes, shapes and offsets, then loading into a model, which must match by name and shape.
import FuzzSupport
import NN
import Reporting

/// A small model whose parameters a checkpoint must match: dense/kernel [4, 3], dense/bias [3],
/// dense_1/kernel [3, 2], dense_1/bias [2]. libFuzzer calls the target from one thread.
nonisolated(unsafe) let model = try! Graph(
  inputShape: [4],
  nodes: [GraphNode(.dense(DenseConfig(units: 3, activation: .relu))), GraphNode(.dense(DenseConfig(units: 2)))],
  seed: 1)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let file = try? SafeTensorsFile(decoding: Fuzz.bytes(data, size), source: "fuzz.safetensors") else {
    return 0
  }
  // What we write from what we read must read back to the same bytes.
  let encoded = file.encoded()
  do {
    let again = try SafeTensorsFile(decoding: encoded, source: "re-encoded.safetensors")
    if again.encoded() != encoded { Fuzz.fail("re-encoding is not stable") }
  } catch {
    Fuzz.fail("a file we wrote does not read back: \(error)")
  }
  _ = try? file.load(into: model.parameters, source: "fuzz.safetensors")
  return 0
}
