/// TFRecord framing, the container of TensorBoard event files.
///
/// Each record is, little-endian: `uint64 length`, `uint32 masked_crc32c(length bytes)`,
/// `length` bytes of data, `uint32 masked_crc32c(data)` (see `CRC32C.masked`).
public enum TFRecord {
  /// Appends one record holding `data` to `output`.
  public static func append(_ data: [UInt8], to output: inout [UInt8]) {
    var length = UInt64(data.count).littleEndian
    let header = withUnsafeBytes(of: &length) { Array($0) }
    output += header
    appendLittleEndian(CRC32C.masked(CRC32C.checksum(header)), to: &output)
    output += data
    appendLittleEndian(CRC32C.masked(CRC32C.checksum(data)), to: &output)
  }

  /// The records in `bytes`, each as its byte offset in the file and its data; checks every
  /// length and checksum. `path` names the file in errors.
  public static func records(in bytes: [UInt8], path: String) throws(TensorBoardError) -> [(
    offset: Int, data: ArraySlice<UInt8>
  )] {
    var result: [(offset: Int, data: ArraySlice<UInt8>)] = []
    var offset = 0
    while offset < bytes.count {
      guard bytes.count - offset >= 12 else { throw .truncatedRecord(path: path, offset: offset) }
      let header = bytes[offset..<offset + 8]
      guard CRC32C.masked(CRC32C.checksum(header)) == littleEndian32(bytes, at: offset + 8) else {
        throw .badChecksum(path: path, offset: offset, part: "length")
      }
      let length = header.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
      let start = offset + 12
      guard length <= UInt64(bytes.count - start), bytes.count - start - Int(length) >= 4 else {
        throw .truncatedRecord(path: path, offset: offset)
      }
      let data = bytes[start..<start + Int(length)]
      guard CRC32C.masked(CRC32C.checksum(data)) == littleEndian32(bytes, at: start + Int(length)) else {
        throw .badChecksum(path: path, offset: offset, part: "data")
      }
      result.append((offset, data))
      offset = start + Int(length) + 4
    }
    return result
  }

  private static func appendLittleEndian(_ value: UInt32, to output: inout [UInt8]) {
    for shift in stride(from: 0, to: 32, by: 8) {
      output.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
    }
  }

  private static func littleEndian32(_ bytes: [UInt8], at i: Int) -> UInt32 {
    UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
  }
}
