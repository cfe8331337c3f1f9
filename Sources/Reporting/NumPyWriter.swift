import Datasets
import Foundation
import Tensors

/// Writes NumPy `.npy` (format 1.0, C order, little-endian) and `.npz` (stored, as `np.savez`) files,
/// for arrays a user reads back with `np.load`: predictions and a run's split indices.
public enum NumPyWriter {
  /// The values of one array.
  public enum Values: Sendable {
    case float32([Float])
    case int64([Int])

    var descriptor: String {
      switch self {
      case .float32: "<f4"
      case .int64: "<i8"
      }
    }

    var count: Int {
      switch self {
      case .float32(let v): v.count
      case .int64(let v): v.count
      }
    }
  }

  /// The bytes of a `.npy` file holding `values` in `shape` (whose product must be the count).
  public static func npy(shape: [Int], values: Values) -> [UInt8] {
    precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
    let dims = shape.map(String.init).joined(separator: ", ")
    var header = "{'descr': '\(values.descriptor)', 'fortran_order': False, 'shape': (\(dims)\(shape.count == 1 ? "," : "")), }"
    // The header is padded with spaces to a multiple of 64 bytes, ending in a newline.
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    let length = header.utf8.count
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
    bytes += Array(header.utf8)
    switch values {
    case .float32(let v):
      bytes.reserveCapacity(bytes.count + 4 * v.count)
      v.withUnsafeBufferPointer { p in
        for x in p { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 } }
      }
    case .int64(let v):
      bytes.reserveCapacity(bytes.count + 8 * v.count)
      for x in v { withUnsafeBytes(of: Int64(x).littleEndian) { bytes += $0 } }
    }
    return bytes
  }

  /// The bytes of a `.npy` file holding `tensor` (float32, its own shape).
  public static func npy(_ tensor: Tensor) -> [UInt8] {
    npy(shape: tensor.shape.dims, values: .float32(Array(tensor.buffer)))
  }

  /// The bytes of an `.npz` archive (zip, stored) with one `<name>.npy` member per array, in order.
  public static func npz(_ arrays: [(name: String, shape: [Int], values: Values)]) -> [UInt8] {
    var archive = ZipWriter()
    for a in arrays { archive.add(name: a.name + ".npy", contents: npy(shape: a.shape, values: a.values)) }
    return archive.finish()
  }
}
