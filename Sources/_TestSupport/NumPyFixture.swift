/// The bytes of a `.npy` v1 file of little-endian float32 values with the given shape text
/// (`"(2, 3)"`, `"(5,)"`), its header padded to a multiple of 64 bytes as the format requires.
/// The shape is written as given, so tests can also build files whose header lies.
public func npyFloat32Bytes(shape: String, values: [Float]) -> [UInt8] {
  var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
  while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
  header += "\n"
  let n = header.utf8.count
  var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(n & 0xFF), UInt8(n >> 8)] + Array(header.utf8)
  for v in values { bytes += withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
  return bytes
}
