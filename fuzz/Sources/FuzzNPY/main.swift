// `.npy` arrays (`data.type: npy` files and npz members): header dictionary, dtype, shape, values.
import Datasets
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let array = try? NPYReader.parse(Fuzz.bytes(data, size), path: "fuzz.npy") else { return 0 }
  if array.tensor.buffer.count != (array.shape.checkedCount ?? -1) {
    Fuzz.fail("shape \(array.shape) but \(array.tensor.buffer.count) values")
  }
  return 0
}
