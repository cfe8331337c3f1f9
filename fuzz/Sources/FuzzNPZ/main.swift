// `.npz` archives: zip central directory (zip64 included), stored and deflated members, CRC-32,
// and each member as `.npy`.
import Datasets
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPZ(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let arrays = try? NPZReader.parse(Fuzz.bytes(data, size), path: "fuzz.npz") else { return 0 }
  for (name, array) in arrays where array.tensor.buffer.count != (array.shape.checkedCount ?? -1) {
    Fuzz.fail("member \(name): shape \(array.shape) but \(array.tensor.buffer.count) values")
  }
  return 0
}
