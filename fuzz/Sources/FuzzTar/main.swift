// Tar archives (ustar and GNU long names), as the CIFAR-10 download is unpacked.
import Datasets
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTar(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = Fuzz.bytes(data, size)
  guard let members = try? TarArchive.members(bytes, path: "fuzz.tar") else { return 0 }
  for member in members where member.range.lowerBound < 0 || member.range.upperBound > bytes.count {
    Fuzz.fail("member \(member.name) at \(member.range) outside the \(bytes.count) bytes")
  }
  return 0
}
