// IDX files (MNIST's format), raw or gzip-compressed, as `data.type: mnist` reads them.
import Datasets
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let tensor = try? IDXReader.decode(fileBytes: Fuzz.bytes(data, size), path: "fuzz-idx3-ubyte") else {
    return 0
  }
  if tensor.buffer.count != (tensor.shape.checkedCount ?? -1) { Fuzz.fail("shape \(tensor.shape) but \(tensor.buffer.count) values") }
  return 0
}
