internal import CZlib
import Tensors

/// gzip and raw-deflate decompression and CRC-32, on zlib; no zlib type leaves this file.
enum Inflate {
  /// Decompresses a gzip file (one or more members); `path` names it in errors.
  static func gunzip(_ input: [UInt8], path: String) throws -> [UInt8] {
    guard input.count >= 2, input[0] == 0x1f, input[1] == 0x8b else {
      throw DataError(
        path: path, "expected a gzip file (magic \\x1f\\x8b), found \(DataError.quote(input.prefix(4)))")
    }
    return try input.withUnsafeBytes { try run($0, windowBits: 15 + 16, expectedSize: nil, path: path) }
  }

  /// Decompresses a raw deflate stream (as stored in zip files) of known decompressed size.
  static func inflateRaw(_ input: UnsafeRawBufferPointer, expectedSize: Int, path: String) throws -> [UInt8] {
    try run(input, windowBits: -15, expectedSize: expectedSize, path: path)
  }

  /// The CRC-32 (ISO 3309, as zip and gzip use) of `bytes`.
  static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    var crc: uLong = CZlib.crc32(0, nil, 0)
    var rest = bytes
    while !rest.isEmpty {
      let n = min(rest.count, 1 << 30)
      crc = CZlib.crc32(crc, rest.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(n))
      rest = UnsafeRawBufferPointer(rebasing: rest[n...])
    }
    return UInt32(truncatingIfNeeded: crc)
  }

  private static func run(
    _ input: UnsafeRawBufferPointer, windowBits: Int32, expectedSize: Int?, path: String
  ) throws -> [UInt8] {
    var stream = z_stream()
    guard inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw DataError(path: path, "cannot initialise zlib")
    }
    defer { inflateEnd(&stream) }
    // Compressed data is untrusted: a small file can claim (zip) or produce (gzip) gigabytes. The
    // output may not exceed the declared size, nor half of the memory the process may use.
    let available = MemoryBudget.available
    let memoryLimit = (available?.bytes ?? Int.max) / 2
    let halfOfMemory = "half of the memory available: \(available?.availability ?? "")"
    if let expectedSize, expectedSize > memoryLimit {
      throw DataError(
        path: path,
        "declares \(MemoryBudget.readable(expectedSize)) uncompressed, more than \(halfOfMemory)")
    }
    let limit = expectedSize ?? memoryLimit
    var output: [UInt8] = []
    output.reserveCapacity(min(expectedSize ?? input.count * 4, limit))
    let chunkSize = 1 << 18
    let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
    defer { chunk.deallocate() }
    guard let base = input.baseAddress, !input.isEmpty else {
      throw DataError(path: path, "compressed data is empty")
    }
    var consumed = 0  // bytes of the input before the member being read, then through its end
    stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
    stream.avail_in = uInt(min(input.count, Int(UInt32.max)))
    while true {
      stream.next_out = chunk
      stream.avail_out = uInt(chunkSize)
      let status = inflate(&stream, Z_NO_FLUSH)
      output.append(contentsOf: UnsafeBufferPointer(start: chunk, count: chunkSize - Int(stream.avail_out)))
      if output.count > limit {
        throw DataError(
          path: path,
          expectedSize != nil
            ? "decompresses to more than the \(limit) bytes it declares"
            : "decompresses to more than \(MemoryBudget.readable(limit)), \(halfOfMemory)")
      }
      if status == Z_STREAM_END {
        // total_in counts from the last reset, so from the start of this member.
        consumed += Int(stream.total_in)
        // A gzip file may hold several members; continue with the next one.
        let rest = input.count - consumed
        if windowBits > 0, rest >= 2, input[consumed] == 0x1f, input[consumed + 1] == 0x8b {
          inflateReset(&stream)
          stream.next_in = UnsafeMutablePointer(
            mutating: (base + consumed).assumingMemoryBound(to: Bytef.self))
          stream.avail_in = uInt(rest)
          continue
        }
        break
      }
      if status == Z_OK { continue }
      if status == Z_BUF_ERROR && stream.avail_in == 0 {
        throw DataError(
          path: path, "compressed data ends early (truncated file?) after \(output.count) bytes")
      }
      let detail = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
      throw DataError(path: path, "corrupt compressed data: \(detail)")
    }
    if let expectedSize, output.count != expectedSize {
      throw DataError(path: path, "decompressed to \(output.count) bytes, expected \(expectedSize)")
    }
    return output
  }
}
