/// Converts packed numbers of a file's element type into float32, in one pass over raw bytes.
enum ByteConversion {
  /// Converts `into.count` elements of `dtype` from `source` (which must hold enough bytes).
  static func convert(
    _ source: UnsafeRawBufferPointer, dtype: NumPyDType, bigEndian: Bool,
    into out: UnsafeMutableBufferPointer<Float>
  ) {
    precondition(source.count >= out.count * dtype.size)
    switch dtype {
    case .uint8:
      for i in out.indices { out[i] = Float(source[i]) }
    case .int32:
      for i in out.indices {
        let v = source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
        out[i] = Float(Int32(bitPattern: bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v)))
      }
    case .int64:
      for i in out.indices {
        let v = source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)
        out[i] = Float(Int64(bitPattern: bigEndian ? UInt64(bigEndian: v) : UInt64(littleEndian: v)))
      }
    case .float32:
      for i in out.indices {
        let v = source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
        out[i] = Float(bitPattern: bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v))
      }
    case .float64:
      for i in out.indices {
        let v = source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)
        out[i] = Float(Double(bitPattern: bigEndian ? UInt64(bigEndian: v) : UInt64(littleEndian: v)))
      }
    }
  }
}
