/// CRC-32C (Castagnoli, reflected polynomial `0x82F63B78`), the checksum of TFRecord files, and
/// TFRecord's masking of it.
///
/// Check values: RFC 3720 appendix B.4 (32 zero bytes → `0x8A9136AA`, ...), and `"123456789"` →
/// `0xE3069283`. Table-driven, one byte at a time.
public enum CRC32C {
  /// The CRC-32C of `bytes`; with `continuing`, of the bytes that gave that CRC followed by these.
  public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
    var crc: UInt32 = ~previous
    table.withUnsafeBufferPointer { t in
      for b in bytes { crc = t[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
    }
    return ~crc
  }

  /// The CRC-32C of `bytes`.
  public static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
    if let crc = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0)) }) {
      return crc
    }
    return Array(bytes).withUnsafeBytes { checksum($0) }
  }

  /// TFRecord's masked CRC: `((crc >> 15) | (crc << 17)) + 0xa282ead8`, modulo 2^32.
  public static func masked(_ crc: UInt32) -> UInt32 {
    ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
  }

  private static let table: [UInt32] = (0..<256).map { (n: UInt32) -> UInt32 in
    var c = n
    for _ in 0..<8 { c = c & 1 == 1 ? 0x82F6_3B78 ^ (c >> 1) : c >> 1 }
    return c
  }
}
