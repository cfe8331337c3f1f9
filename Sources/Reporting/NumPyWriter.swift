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

/// A minimal zip writer: stored members (no compression), no zip64 (members and archive < 4 GiB).
struct ZipWriter {
  private var bytes: [UInt8] = []
  private var central: [UInt8] = []
  private var count = 0

  mutating func add(name: String, contents: [UInt8]) {
    precondition(contents.count < Int(UInt32.max) && bytes.count < Int(UInt32.max), "zip64 is not written")
    let crc = CRC32.checksum(contents)
    let nameBytes = Array(name.utf8)
    let offset = UInt32(bytes.count)
    // Local file header: signature, version 2.0, no flags, stored, time/date 0 (1980-01-01).
    append32(0x0403_4B50, to: &bytes)
    append16(20, to: &bytes)
    append16(0, to: &bytes)
    append16(0, to: &bytes)
    append16(0, to: &bytes)
    append16(0x21, to: &bytes)
    append32(crc, to: &bytes)
    append32(UInt32(contents.count), to: &bytes)
    append32(UInt32(contents.count), to: &bytes)
    append16(UInt16(nameBytes.count), to: &bytes)
    append16(0, to: &bytes)
    bytes += nameBytes
    bytes += contents
    // Central directory entry for the same member.
    append32(0x0201_4B50, to: &central)
    append16(20, to: &central)
    append16(20, to: &central)
    append16(0, to: &central)
    append16(0, to: &central)
    append16(0, to: &central)
    append16(0x21, to: &central)
    append32(crc, to: &central)
    append32(UInt32(contents.count), to: &central)
    append32(UInt32(contents.count), to: &central)
    append16(UInt16(nameBytes.count), to: &central)
    append16(0, to: &central)
    append16(0, to: &central)
    append16(0, to: &central)
    append16(0, to: &central)
    append32(0, to: &central)
    append32(offset, to: &central)
    central += nameBytes
    count += 1
  }

  mutating func finish() -> [UInt8] {
    let start = UInt32(bytes.count)
    var out = bytes + central
    append32(0x0605_4B50, to: &out)
    append16(0, to: &out)
    append16(0, to: &out)
    append16(UInt16(count), to: &out)
    append16(UInt16(count), to: &out)
    append32(UInt32(central.count), to: &out)
    append32(start, to: &out)
    append16(0, to: &out)
    return out
  }

  private func append16(_ v: UInt16, to out: inout [UInt8]) {
    out += [UInt8(v & 0xFF), UInt8(v >> 8)]
  }

  private func append32(_ v: UInt32, to out: inout [UInt8]) {
    for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
  }
}

/// CRC-32 (IEEE 802.3, the zip checksum), table-driven.
enum CRC32 {
  private static let table: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  static func checksum(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }
}
