// The JSON records of a run folder that later commands read back: `run.json` (resume, runs,
// sweeps) and `model.json` (evaluate, predict, export).
//
// Input: one byte choosing the file (even: run.json, odd: model.json), then its bytes.
import FuzzSupport
import Reporting

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRunFiles(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = Fuzz.bytes(data, size)
  guard let choice = bytes.first else { return 0 }
  let file = Array(bytes.dropFirst())
  if choice & 1 == 0 {
    guard let manifest = try? RunManifest.decode(file, path: "run.json") else { return 0 }
    // A record we write must read back to itself (resume rewrites run.json from what it read).
    let written = manifest.json.pretty
    do {
      let again = try RunManifest.decode(Array(written.utf8), path: "rewritten run.json")
      if again.json.pretty != written { Fuzz.fail("run.json does not read back to itself:\n\(written)") }
    } catch {
      Fuzz.fail("a run.json we wrote does not read back: \(error)\n\(written)")
    }
  } else {
    guard let model = try? ModelFile.decode(file, path: "model.json"), let written = try? model.encoded() else {
      return 0
    }
    do {
      let again = try ModelFile.decode(Array(written.utf8), path: "rewritten model.json")
      if (try? again.encoded()) != written { Fuzz.fail("model.json does not read back to itself:\n\(written)") }
    } catch {
      Fuzz.fail("a model.json we wrote does not read back: \(error)\n\(written)")
    }
  }
  return 0
}
